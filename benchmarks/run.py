"""Performance figures for govkg: medians over repeated runs, on this machine.

A benchmark, not a test: it asserts nothing and prints plain-text tables (progress on stderr).

1. corpus build: the whole ``govkg build`` process on the bundled corpus (wall, peak memory)
2. extraction: throughput in non-whitespace characters per second on one core
3. scale: whole-process builds of synthetic corpora at 1x, 10x and 100x (``benchmarks/synth.py``)
   with peak memory, and the ratio to 1x; optionally one very large single file
4. queries: every named query in process on the corpus store and on a store of about 1M quads
   (Oxigraph), with rdflib on the same SPARQL in the same run as the peer, and on the 100x store
5. ``govkg query``: the whole process of one named query on the corpus store

Usage::

    python benchmarks/run.py                      # everything but the single large file
    python benchmarks/run.py --quick              # 1x and 10x only, fewer repeats, no rdflib at 1M
    python benchmarks/run.py --single-mb 200      # also one 200 MB text file
    python benchmarks/run.py --json figures.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT / "examples" / "corpus"
sys.path.insert(0, str(HERE))

import synth  # noqa: E402


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def table(title: str, headers: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = lambda vals: "  ".join(v.rjust(w) if i else v.ljust(w) for i, (v, w) in enumerate(zip(vals, widths))).rstrip()  # noqa: E731
    return "\n".join([title, "=" * len(title), line(headers), "-" * len(line(headers)), *map(line, cells), ""])


def run_process(args: list[str], *, timeout: float | None = None) -> tuple[float, int, int]:
    """Wall seconds, peak RSS (KiB) and exit code of one command."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except BaseException:
        proc.kill()
        raise
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss, proc.returncode


def govkg(*args: str) -> list[str]:
    return [sys.executable, "-m", "govkg.graph", *args]


def bench_corpus_build(work: Path, repeat: int) -> dict:
    samples = []
    for n in range(repeat):
        store = work / f"corpus-{n}"
        log(f"corpus build {n + 1}/{repeat} ...")
        samples.append(run_process(govkg("build", str(CORPUS), "--store", str(store))))
        if n < repeat - 1:
            shutil.rmtree(store)
    walls, peaks = [s[0] for s in samples], [s[1] for s in samples]
    fig = {"median_s": statistics.median(walls), "peak_mib": max(peaks) / 1024, "samples_s": walls}
    print(table("1. Corpus build (whole `govkg build` process, 5 documents)", ["measure", "value"],
                [["median wall", f"{fig['median_s']:.2f} s"], ["peak memory", f"{fig['peak_mib']:.0f} MiB"],
                 ["runs", repeat]]))
    return fig


def bench_extraction(repeat: int) -> dict:
    from govkg.extract.pipeline import extract_document
    from govkg.extract.topic import TopicTagger

    t0 = time.perf_counter()
    tagger = TopicTagger.from_ontology()
    tagger_s = time.perf_counter() - t0
    files = sorted(CORPUS.glob("*.txt"))
    chars = sum(len("".join(p.read_text(encoding="utf-8").split())) for p in files)
    for p in files:
        extract_document(p, tagger=tagger)
    samples = []
    for _ in range(repeat):
        tagger.clear_cache()  # each run cuts the corpus's phrases afresh, as a build does
        t0 = time.perf_counter()
        for p in files:
            extract_document(p, tagger=tagger)
        samples.append(time.perf_counter() - t0)
    median = statistics.median(samples)
    fig = {"median_s": median, "chars": chars, "chars_per_s": chars / median, "tagger_s": tagger_s}
    print(table("2. Extraction with topic tagging (one core, serial, whole corpus)", ["measure", "value"],
                [["non-whitespace characters", f"{chars:,}"], ["median", f"{median:.3f} s"],
                 ["throughput", f"{chars / median:,.0f} chars/s/core"], ["jieba tokenizer built once", f"{tagger_s:.2f} s"]]))
    return fig


def bench_scale(work: Path, scales: list[int], repeat: int, single_mb: int | None) -> dict:
    rows, fig = [], {}
    for scale in scales:
        folder = work / f"synth-{scale}x"
        if not folder.exists():
            log(f"generating {scale}x ...")
            synth.write_corpus(folder, scale)
        size = sum(p.stat().st_size for p in folder.glob("*.txt"))
        runs = []
        for n in range(repeat if scale < 100 else 1):
            store = work / f"kg-{scale}x-{n}"
            log(f"build {scale}x ({size / 1e6:.1f} MB) {n + 1} ...")
            runs.append(run_process(govkg("build", str(folder), "--store", str(store))))
            if not (scale == max(scales) and n == 0):
                shutil.rmtree(store, ignore_errors=True)
        wall = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs) / 1024
        fig[f"{scale}x"] = {"files": len(list(folder.glob('*.txt'))), "mb": size / 1e6, "median_s": wall, "peak_mib": peak}
    base = fig[f"{scales[0]}x"]["median_s"]
    for scale in scales:
        f = fig[f"{scale}x"]
        rows.append([f"{scale}x", f["files"], f"{f['mb']:.1f}", f"{f['median_s']:.1f}", f"{f['median_s'] / base:.1f}x", f"{f['peak_mib']:.0f}"])
    if single_mb:
        log(f"generating one {single_mb} MB file ...")
        path = synth.write_single(work / "single", single_mb)
        wall, peak, code = run_process(govkg("build", str(path), "--store", str(work / "kg-single")))
        fig["single"] = {"mb": path.stat().st_size / 1e6, "s": wall, "peak_mib": peak / 1024, "exit": code}
        rows.append([f"one file", 1, f"{fig['single']['mb']:.0f}", f"{wall:.0f}", "-", f"{peak / 1024:.0f}"])
        shutil.rmtree(work / "kg-single", ignore_errors=True)
    print(table("3. Builds at scale (whole process; synthetic copies of the corpus and the real documents)",
                ["input", "files", "MB", "wall s", "vs 1x", "peak MiB"], rows))
    return fig


def _quads(store: Path) -> int:
    from govkg.graph.store import open_store

    with open_store(store) as st:
        return len(st.store)


def _time_queries(store: Path, repeat: int) -> dict[str, float]:
    from govkg.graph.store import open_store, select
    from govkg.queries import list_queries

    out = {}
    with open_store(store) as st:
        for q in list_queries():
            text = q.bound()
            select(st, text)  # warm-up
            samples = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                select(st, text)
                samples.append(time.perf_counter() - t0)
            out[q.name] = statistics.median(samples) * 1000
    return out


_RDFLIB = r"""
import json, sys, time
from rdflib import Dataset
from govkg.ontology.vocabulary import PREFIXES
from govkg.queries import load_query
ds = Dataset(default_union=True)
t0 = time.perf_counter(); ds.parse(sys.argv[1], format="nquads"); load = time.perf_counter() - t0
print(json.dumps({"load_s": load}), flush=True)
for name in sys.argv[2:]:
    text = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items()) + load_query(name).bound()
    t0 = time.perf_counter()
    try:
        list(ds.query(text)); ms = (time.perf_counter() - t0) * 1000; err = None
    except Exception as exc:
        ms, err = None, f"{type(exc).__name__}: {exc}"[:80]
    print(json.dumps({"name": name, "ms": ms, "error": err}), flush=True)
"""


def _rdflib_queries(store: Path, work: Path, timeout: float) -> dict:
    """rdflib on the same SPARQL, in a child process (it has no timeout of its own)."""
    from govkg.graph.store import open_store
    from govkg.queries import list_queries

    dump = work / f"{store.name}.nq"
    with open_store(store) as st:
        st.store.dump(str(dump), format=__import__("pyoxigraph").RdfFormat.N_QUADS)
    out: dict = {"queries": {}}
    names = [q.name for q in list_queries()]
    proc = subprocess.Popen([sys.executable, "-c", _RDFLIB, str(dump), *names], stdout=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()

    def pump() -> None:  # the child's lines, then None at its end
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    try:
        while True:  # each step (the load, then each query) gets `timeout` seconds
            try:
                line = lines.get(timeout=timeout)
            except queue.Empty:
                break
            if line is None:
                break
            rec = json.loads(line)
            if "load_s" in rec:
                out["load_s"] = rec["load_s"]
            else:
                out["queries"][rec["name"]] = rec
    finally:
        proc.kill()
        proc.wait()
        dump.unlink(missing_ok=True)
    return out


#: Copies of the seed corpus that make a store of about one million quads.
MILLION_SCALE = 11


def million_store(work: Path) -> Path:
    """A store of about 1M quads (synthetic corpus at :data:`MILLION_SCALE`), built once."""
    store = work / "kg-1M"
    if not store.exists():
        folder = work / f"synth-{MILLION_SCALE}x"
        if not folder.exists():
            log(f"generating {MILLION_SCALE}x for the 1M-quad store ...")
            synth.write_corpus(folder, MILLION_SCALE)
        log("building the 1M-quad store ...")
        run_process(govkg("build", str(folder), "--store", str(store)))
    return store


def bench_queries(corpus_store: Path, million: Path, big_store: Path | None, work: Path, repeat: int,
                  rdflib_million: bool) -> dict:
    fig = {"corpus": {"quads": _quads(corpus_store), "oxigraph_ms": _time_queries(corpus_store, repeat)}}
    log("rdflib on the corpus ...")
    fig["corpus"]["rdflib"] = _rdflib_queries(corpus_store, work, timeout=300)
    fig["1M"] = {"quads": _quads(million), "oxigraph_ms": _time_queries(million, repeat)}
    if rdflib_million:
        log("rdflib at 1M quads (slow) ...")
        fig["1M"]["rdflib"] = _rdflib_queries(million, work, timeout=300)
    if big_store is not None:
        fig["big"] = {"quads": _quads(big_store), "oxigraph_ms": _time_queries(big_store, max(3, repeat // 2))}
    rows = []
    for name, ms in fig["corpus"]["oxigraph_ms"].items():
        r = fig["corpus"]["rdflib"]["queries"].get(name, {})
        m = fig["1M"]["oxigraph_ms"][name]
        rm = fig["1M"].get("rdflib", {}).get("queries", {}).get(name, {}) if rdflib_million else None
        big = fig.get("big", {}).get("oxigraph_ms", {}).get(name)
        rows.append([name, f"{ms:.1f}", _peer(r, ms), f"{m:.0f}", "-" if rm is None else _peer(rm, m),
                     "-" if big is None else f"{big:.0f}"])
    big_q = fig.get("big", {}).get("quads")
    print(table(f"4. Named queries in process, median ms (corpus {fig['corpus']['quads']:,} quads; "
                f"1M: {fig['1M']['quads']:,} quads" + (f"; 100x: {big_q:,} quads)" if big_q else ")"),
                ["query", "corpus", "rdflib (x)", "1M", "rdflib 1M (x)", "100x"], rows))
    return fig


def _peer(rec: dict, ms: float | None) -> str:
    if not rec:
        return "timeout"
    if rec.get("error"):
        return "error"
    return f"{rec['ms']:.0f} ({rec['ms'] / ms:.0f}x)" if ms else f"{rec['ms']:.0f}"


def bench_query_process(store: Path, repeat: int) -> dict:
    samples = [run_process(govkg("query", "tasks-of-unit", "--store", str(store), "--format", "csv"))[0] for _ in range(repeat)]
    fig = {"median_s": statistics.median(samples)}
    print(table("5. A whole `govkg query` process on the corpus store", ["measure", "value"],
                [["median wall (tasks-of-unit)", f"{fig['median_s']:.2f} s"]]))
    return fig


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="1x and 10x only, 2 repeats, no rdflib at 1M triples")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--single-mb", type=int, default=0, help="also build one text file of this many MB")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    ap.add_argument("--queries-only", action="store_true", help="only the query figures (4 and 5), reusing --work's stores")
    a = ap.parse_args()
    repeat = 2 if a.quick else a.repeat
    work = a.work or Path(tempfile.mkdtemp(prefix="govkg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"govkg benchmarks on {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}\n")
    scales = [1, 10] if a.quick else [1, 10, 100]
    if a.queries_only:
        figures = {}
        if not (work / f"corpus-{repeat - 1}").exists():
            run_process(govkg("build", str(CORPUS), "--store", str(work / f"corpus-{repeat - 1}")))
    else:
        figures = {"corpus_build": bench_corpus_build(work, repeat), "extraction": bench_extraction(repeat)}
        figures["scale"] = bench_scale(work, scales, max(1, repeat // 2), a.single_mb or None)
    big = work / f"kg-{max(scales)}x-0"
    figures["queries"] = bench_queries(work / f"corpus-{repeat - 1}", million_store(work), big if big.exists() else None,
                                       work, repeat, rdflib_million=not a.quick)
    figures["query_process"] = bench_query_process(work / f"corpus-{repeat - 1}", repeat)
    if a.json:
        a.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
