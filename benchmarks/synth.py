"""Realistic synthetic corpora at a chosen scale, for the benchmarks.

Each copy of a seed document (the bundled corpus and the real documents under ``tests/real``)
gets new place names (a city, its counties and districts), years shifted by a few, and new
numbers in its standards and document numbers, so the copies make different units, tasks,
deadlines and regulations in the graph while keeping the layouts of the seeds.

    python benchmarks/synth.py --scale 10 --out /tmp/corpus10     # 10 copies of every seed
    python benchmarks/synth.py --single-mb 200 --out /tmp/big     # one file of about 200 MB

>>> text = "六盘水市创建国家环境保护模范城市（2016年底前完成，执行GB18597-2001）"
>>> out = vary(text, 3, places=["六盘水市"])
>>> "六盘水" in out, "2019年" in out, "GB18597-2001" in out
(False, True, False)
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [*sorted((ROOT / "examples" / "corpus").glob("*.txt")), *sorted((ROOT / "tests" / "real" / "docs").glob("*.txt"))]

_SYLLABLES = "安宁和平嘉兴永丰长青丰泽鹿鸣云溪临川瑞金华亭凤台金沙玉屏白云青山绿水枫林桂阳梧州柳江清源东岭西湖南屏北川"
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:市|县|区|旗|州)(?=[\u4e00-\u9fff（(])")
_YEAR = re.compile(r"(?<![0-9])(20[0-2][0-9])(?=\s*年)")
_CODE = re.compile(r"(?P<prefix>GB(?:/T)?|HJ(?:/T)?|CJJ|DB\d\d(?:/T)?)\s*(?P<number>\d{2,5})(?P<rest>\s*[-—－]\s*\d{4})")
_DOCNO = re.compile(r"(〔20\d\d〕)(\d{1,3})(号)")


def _name(rng: random.Random, suffix: str) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(2)) + suffix


def places_of(text: str) -> list[str]:
    """Place names the text uses most (its city, counties, districts)."""
    counts: dict[str, int] = {}
    for m in _PLACE.finditer(text[:200_000]):
        counts[m.group()] = counts.get(m.group(), 0) + 1
    return [p for p, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n >= 2][:12]


def vary(text: str, copy: int, *, places: list[str] | None = None) -> str:
    """Copy number ``copy`` of a seed text: new places, years + copy % 7, new codes."""
    rng = random.Random(copy * 7919 + len(text))
    for place in places if places is not None else places_of(text):
        text = text.replace(place[:-1], _name(rng, "")[:len(place) - 1] if len(place) > 2 else place[:-1])
    shift = copy % 7
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
    text = _CODE.sub(lambda m: f"{m.group('prefix')}{int(m.group('number')) + copy}{m.group('rest')}", text)
    return _DOCNO.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + copy}{m.group(3)}", text)


def write_corpus(out: Path, scale: int) -> list[Path]:
    """``scale`` varied copies of every seed document under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        places = places_of(text)
        for copy in range(scale):
            path = out / f"{seed.stem}-{copy:03d}.txt"
            body = text if copy == 0 else vary(text, copy, places=places)
            if copy and body == text:  # a seed without places or years to vary: mark the copy
                body = f"{text.rstrip()}\n（第{copy}份）\n"
            path.write_text(body, encoding="utf-8")
            written.append(path)
    return written


def write_single(out: Path, megabytes: int) -> Path:
    """One text file of about ``megabytes`` MB: varied copies of the seeds one after another."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"single-{megabytes}mb.txt"
    target = megabytes * 1_000_000
    size = 0
    copy = 0
    with open(path, "w", encoding="utf-8") as f:
        while size < target:
            for seed in SEEDS[:5]:
                chunk = vary(seed.read_text(encoding="utf-8"), copy) + "\n\n"
                f.write(chunk)
                size += len(chunk.encode("utf-8"))
            copy += 1
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, type=Path)
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--scale", type=int)
    group.add_argument("--single-mb", type=int)
    a = ap.parse_args()
    if a.scale:
        files = write_corpus(a.out, a.scale)
        print(f"{len(files)} files, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB in {a.out}", file=sys.stderr)
    else:
        path = write_single(a.out, a.single_mb)
        print(f"{path} ({path.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
