"""Very large text files, read in segments so memory stays bounded by a segment.

A text file of hundreds of megabytes is decoded incrementally and cut into segments of about
:data:`SEGMENT_CHARS` characters at a blank line (a table or a paragraph is never cut, unless
one runs on for twice the segment size). Each segment is read as a document of its own; the
records are then moved to the file's line numbers and task keys (:func:`shift`), so the
graph is one document, as for a small file.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "big.txt"
>>> _ = p.write_text("第一段\\n\\n第二段\\n第二段续\\n\\n第三段\\n", encoding="utf-8")
>>> [(first, lines) for first, lines in text_segments(p, segment_chars=4)]
[(1, ('第一段', '')), (3, ('第二段', '第二段续')), (5, ('', '第三段'))]
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from .records import Evidence, Extraction

__all__ = ["SEGMENT_CHARS", "LARGE_BYTES", "text_segments", "file_sha256", "sample_encoding", "shift"]

#: Characters per segment.
SEGMENT_CHARS = 600_000
#: Text files above this many bytes are read in segments.
LARGE_BYTES = 3_000_000


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file, read in blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sample_encoding(path: str | Path) -> str:
    """The encoding of a text file, told from its first megabyte (see :mod:`.encoding`)."""
    from .encoding import decode_text

    with open(path, "rb") as f:
        sample = f.read(1 << 20)
    # cut the sample at a line break so that a character is never split
    cut = sample.rfind(b"\n")
    _text, encoding, _warnings = decode_text(sample[: cut + 1] if cut > 0 else sample, str(path))
    return encoding


def text_segments(path: str | Path, *, encoding: str = "utf-8", segment_chars: int = SEGMENT_CHARS) -> Iterator[tuple[int, tuple[str, ...]]]:
    """``(first line number, lines)`` of each segment of the file, in order."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    lines: list[str] = []
    size = 0
    first = 1
    pending = ""
    with open(path, "rb") as f:
        while True:
            block = f.read(1 << 20)
            text = pending + decoder.decode(block, final=not block)
            parts = text.split("\n")
            pending = parts.pop()  # the line the block cut, or "" after the file's last line break
            for line in parts:
                line = line.rstrip("\r")
                lines.append(line)
                size += len(line) + 1
                if (size >= segment_chars and not line.strip()) or size >= 2 * segment_chars:
                    yield first, tuple(lines)
                    first += len(lines)
                    lines, size = [], 0
            if not block:
                if pending:
                    lines.append(pending)
                break
    if lines:
        yield first, tuple(lines)


def _ev(ev: Evidence, offset: int) -> Evidence:
    return replace(ev, line=ev.line + offset, end_line=ev.end_line + offset if ev.end_line else None)


def shift(ex: Extraction, *, offset: int, prefix: str) -> Extraction:
    """The extraction of a segment moved to the file: lines by ``offset``, task keys and
    parent keys under ``prefix`` (unique across segments)."""
    tasks = tuple(
        replace(
            t, key=f"{prefix}{t.key}", parent=f"{prefix}{t.parent}" if t.parent else None, evidence=_ev(t.evidence, offset),
            assignments=tuple(replace(a, evidence=_ev(a.evidence, offset)) for a in t.assignments),
            citations=tuple(replace(c, evidence=_ev(c.evidence, offset)) for c in t.citations),
        )
        for t in ex.tasks
    )
    return replace(
        ex, tasks=tasks,
        actors=tuple(replace(a, evidence=_ev(a.evidence, offset)) for a in ex.actors),
        citations=tuple(replace(c, evidence=_ev(c.evidence, offset)) for c in ex.citations),
        problems=tuple(replace(p, line=p.line + offset if p.line else p.line) for p in ex.problems),
        blocks=tuple(replace(b, line=b.line + offset, last_line=b.last_line + offset) for b in ex.blocks),
    )
