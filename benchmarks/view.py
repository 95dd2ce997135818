"""How long a focused view of the example corpus takes to write: medians over repeated runs.

A benchmark, not a test: it asserts nothing. For each view it prints the median, min and max
of :func:`govkg.graph.view.write_view` writing HTML in this process (after one untimed
warm-up), its node and edge counts and page size, and the wall time of a fresh Python process
that imports govkg and writes the same view (what a user of ``govkg view`` waits for, less the
command line's own start-up).

Usage::

    python benchmarks/view.py                 # 5 timed runs per view
    python benchmarks/view.py --repeat 9
    python benchmarks/view.py --store /tmp/kgv   # an existing store (else the corpus is built)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "examples" / "corpus"

#: (name, write_view options): every kind of focus, at the default depth unless named.
VIEWS = (
    ("overview (whole store)", {}),
    ("unit 市环保局 (every city)", {"unit": "市环保局"}),
    ("unit 市环境保护局 in 六盘水市", {"unit": "市环境保护局", "jurisdiction": "六盘水市"}),
    ("topic 危险废物", {"topic": "危险废物"}),
    ("topic 危险废物, depth 0", {"topic": "危险废物", "depth": 0}),
    ("topic 危险废物, depth 2", {"topic": "危险废物", "depth": 2}),
    ("regulation GB 18597—2001", {"regulation": "GB 18597—2001"}),
    ("regulation HJ/T 433", {"regulation": "HJ/T 433"}),
    ("query tasks-of-unit", {"query": "tasks-of-unit"}),
    ("query units-touching-topic", {"query": "units-touching-topic"}),
    ("query regulations-cited", {"query": "regulations-cited"}),
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(title: str, headers: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(width(h), *(width(r[i]) for r in cells)) if cells else width(h) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        pads = [" " * (w - width(v)) for v, w in zip(values, widths)]
        return "  ".join(p + v if i else v + p for i, (v, p) in enumerate(zip(values, pads))).rstrip()

    return "\n".join([title, "=" * width(title), line(headers), "-" * width(line(headers)), *map(line, cells), ""])


def process_seconds(store: Path, out: Path, options: dict) -> float:
    """Wall time of a fresh interpreter importing govkg and writing one view."""
    code = ("import sys; from govkg.graph.view import write_view; "
            f"write_view(sys.argv[1], sys.argv[2], **{options!r})")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(store), str(out)], check=True)
    return time.perf_counter() - started


def bench_views(store: Path, repeat: int = 5) -> list[dict]:
    """Time every view of :data:`VIEWS` on ``store``; one dict of figures per view."""
    from govkg.graph.view import write_view

    figures = []
    with tempfile.TemporaryDirectory(prefix="govkg-view-bench-") as tmp:
        out = Path(tmp) / "view.html"
        for name, options in VIEWS:
            log(f"{name} ...")
            summary = write_view(store, out, **options)  # warm-up
            samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                write_view(store, out, **options)
                samples.append(time.perf_counter() - started)
            fresh = statistics.median(process_seconds(store, out, options) for _ in range(max(1, repeat // 2)))
            figures.append({"view": name, "median_s": statistics.median(samples), "min_s": min(samples),
                            "max_s": max(samples), "process_s": fresh, "nodes": summary.nodes,
                            "edges": summary.edges, "page_mb": out.stat().st_size / 1e6})
    return figures


def print_views(store: Path, repeat: int = 5) -> None:
    """Print the medians of every focused view on ``store`` (see :func:`bench_views`)."""
    figures = bench_views(store, repeat)
    rows = [[f["view"], f"{f['median_s']:.2f}", f"{f['min_s']:.2f}", f"{f['max_s']:.2f}", f"{f['process_s']:.2f}",
             f["nodes"], f["edges"], f"{f['page_mb']:.2f}"] for f in figures]
    print(table(f"write_view(store, out.html, …) on {store} (median of {repeat}, after one warm-up)",
                ["view", "median s", "min s", "max s", "new process s", "nodes", "edges", "page MB"], rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per view (default 5)")
    parser.add_argument("--store", type=Path, help="an existing store (default: build examples/corpus)")
    args = parser.parse_args(argv)
    if args.store:
        print_views(args.store, args.repeat)
        return 0
    from govkg.graph.build import build_store

    with tempfile.TemporaryDirectory(prefix="govkg-view-store-") as tmp:
        store = Path(tmp) / "kg"
        log(f"building {CORPUS} ...")
        build_store([CORPUS], store, progress=None)
        print_views(store, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
