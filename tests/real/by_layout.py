"""Score a store against a real-document gold file, per layout, with the rules of score.py.

    python tests/real/by_layout.py --store S --gold G.jsonl --layouts sources.jsonl|layouts.json

Runs ``../shared/tools/score.py heldout`` (the rules the project is judged by), reads its
per-file counts and sums them by each file's layout tag. Prints one line per layout and the
total, role-agnostic; exit code 0.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

SCORE = Path(__file__).resolve().parents[2].parent / "shared" / "tools" / "score.py"


def layouts(path: Path) -> dict[str, str]:
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out[rec["file"]] = rec["layout_tag"]
    return out


def per_file(store: str, gold: str, govkg: str) -> tuple[str, dict[str, tuple[int, int, int]]]:
    """score.py's summary line and its per-file (tp, fp, fn), role-agnostic."""
    run = subprocess.run([sys.executable, str(SCORE), "heldout", "--govkg", govkg, "--store", store, "--gold", gold],
                         capture_output=True, text=True, check=False)
    counts = {}
    for m in re.finditer(r"^\s+(\S+\.txt): F1=[0-9.]+ \((\d+), (\d+), (\d+)\)$", run.stdout, re.M):
        counts[m.group(1)] = (int(m.group(2)), int(m.group(3)), int(m.group(4)))
    return run.stdout.splitlines()[0] if run.stdout else run.stderr, counts


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True)
    ap.add_argument("--gold", required=True)
    ap.add_argument("--layouts", required=True)
    ap.add_argument("--govkg", default=shutil.which("govkg") or "govkg")
    a = ap.parse_args()
    summary, counts = per_file(a.store, a.gold, a.govkg)
    tags = layouts(Path(a.layouts))
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for file, (tp, fp, fn) in counts.items():
        s = sums[tags.get(file, "other")]
        s[0] += tp; s[1] += fp; s[2] += fn; s[3] += 1
    print(summary)
    print(f"{'layout':<16} {'docs':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'F1':>6}")
    for tag in sorted(sums, key=lambda t: -sums[t][3]):
        tp, fp, fn, n = sums[tag]
        print(f"{tag:<16} {n:>4} {tp:>4} {fp:>4} {fn:>4} {f1(tp, fp, fn):6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
