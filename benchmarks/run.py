"""Performance figures for govkg on the bundled example corpus: medians over repeated runs.

This is a benchmark, not a test: it asserts nothing and prints four plain-text tables and a
summary (tables on stdout, progress on stderr).

1. extraction: :class:`TopicTagger` construction (jieba init), then ms per document and lines/s
2. build: :func:`build_store` of the whole corpus into a fresh directory
3. queries: every named query on Oxigraph (``select``) and on rdflib (``Dataset.query`` over
   ``graph.trig``), median ms, the ratio rdflib/oxigraph and its geometric mean
4. html: :func:`store_network` plus :func:`render_html`

Usage::

    python benchmarks/run.py                # 5 repeats
    python benchmarks/run.py --quick        # 2 repeats
    python benchmarks/run.py --repeat 9 --json figures.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
_NUMBER = re.compile(r"^(-|>?[\d,]+(\.\d+)?x?)$")
PACKAGES = ("govkg", "pyoxigraph", "rdflib", "jieba", "networkx", "pyvis")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timed(fn: Callable[[], object], repeat: int) -> tuple[list[float], object]:
    """Run ``fn`` ``repeat`` times; the seconds of each run and the last result."""
    samples, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - started)
    return samples, result


def table(headers: list[str], rows: list[list], title: str) -> str:
    """A plain-text table; numbers right-aligned, text left-aligned."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    numeric = [bool(cells) and all(_NUMBER.match(r[i]) for r in cells) for i in range(len(headers))]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()

    rule = "-" * len(line(headers))
    return "\n".join([title, "=" * len(title), line(headers), rule, *map(line, cells), ""])


def revision() -> str:
    """The checkout's commit, marked ``+dirty`` when the working tree differs; ``unknown`` outside git."""
    repo = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        return head + ("+dirty" if git("status", "--porcelain", "--untracked-files=no") else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = None
    return {"platform": platform.platform(), "cpu": cpu, "cores": os.cpu_count(),
            "python": platform.python_version(), "packages": versions}


def bench_extraction(files: list[Path], repeat: int) -> tuple[dict, object]:
    from govkg.extract.pipeline import extract_document
    from govkg.extract.topic import TopicTagger

    log("tagger construction ...")
    tagger_samples, tagger = timed(TopicTagger.from_ontology, repeat)
    docs = []
    for path in files:
        log(f"extracting {path.name} x{repeat} ...")
        extract_document(path, tagger=tagger)  # warm-up: file cache, regex compilation
        samples, ex = timed(lambda: extract_document(path, tagger=tagger), repeat)
        median = statistics.median(samples)
        lines = len(ex.document.lines)
        docs.append({"file": path.name, "lines": lines, "tasks": len(ex.tasks), "problems": len(ex.problems),
                     "median_ms": median * 1000, "lines_per_s": lines / median, "samples_s": samples})
    total_lines = sum(d["lines"] for d in docs)
    total_s = sum(d["median_ms"] for d in docs) / 1000
    figures = {
        "tagger": {"first_s": tagger_samples[0], "median_s": statistics.median(tagger_samples), "samples_s": tagger_samples},
        "documents": docs,
        "total": {"lines": total_lines, "tasks": sum(d["tasks"] for d in docs), "median_s": total_s,
                  "lines_per_s": total_lines / total_s if total_s else 0.0},
    }
    rows = [[d["file"], d["lines"], d["tasks"], f"{d['median_ms']:.1f}", f"{d['lines_per_s']:,.0f}"] for d in docs]
    rows.append(["all (sum of medians)", total_lines, figures["total"]["tasks"], f"{total_s * 1000:.1f}",
                 f"{figures['total']['lines_per_s']:,.0f}"])
    print(table(["document", "lines", "tasks", "median ms", "lines/s"], rows,
                f"1. Extraction (median of {repeat}; one TopicTagger shared)"))
    t = figures["tagger"]
    print(f"TopicTagger.from_ontology() (jieba init): first {t['first_s'] * 1000:.0f} ms, "
          f"median {t['median_s'] * 1000:.0f} ms over {repeat}\n")
    return figures, tagger


def bench_build(corpus: Path, work: Path, repeat: int) -> tuple[dict, Path]:
    from govkg.graph.store import build_store

    samples, store, report = [], None, None
    for n in range(repeat):
        log(f"build {n + 1}/{repeat} ...")
        run = Path(tempfile.mkdtemp(prefix="build-", dir=work))
        started = time.perf_counter()
        report = build_store([corpus], run / "kg", progress=None)
        samples.append(time.perf_counter() - started)
        if store is not None:
            shutil.rmtree(store.parent, ignore_errors=True)
        store = run / "kg"
    trig = store / "graph.trig"
    figures = {"median_s": statistics.median(samples), "samples_s": samples, "counts": report.counts,
               "errors": len(report.errors), "trig_bytes": trig.stat().st_size}
    counts = ", ".join(f"{k} {v}" for k, v in report.counts.items())
    print(table(["what", "median s", "min s", "max s"],
                [["build_store(corpus)", f"{figures['median_s']:.2f}", f"{min(samples):.2f}", f"{max(samples):.2f}"]],
                f"2. Full build (median of {repeat})"))
    print(f"store: {counts}; graph.trig {figures['trig_bytes'] / 1e6:.1f} MB\n")
    return figures, store


class QueryTimeout(BaseException):
    """A run took longer than allowed (a BaseException, so rdflib's ``except Exception`` lets it by)."""


def within(seconds: float, fn: Callable[[], object]) -> object:
    """``fn()``, interrupted with :class:`QueryTimeout` after ``seconds`` (SIGALRM; no limit where
    there is none, or when ``seconds`` is 0)."""
    if not seconds or not hasattr(signal, "setitimer"):
        return fn()

    def alarm(_signum, _frame):
        raise QueryTimeout

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def bench_queries(store: Path, repeat: int, timeout: float) -> dict:
    import rdflib

    from govkg.graph.store import open_store, select
    from govkg.queries import list_queries

    opened = open_store(store)
    log("loading graph.trig into rdflib ...")
    started = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(store / "graph.trig", format="trig")
    load_s = time.perf_counter() - started
    results = []
    for q in list_queries():
        text = q.bound({})
        log(f"query {q.name}: oxigraph x{repeat + 1} ...")
        ox_rows = len(select(opened, text).rows)  # warm-up, and the row count
        ox_samples, _ = timed(lambda: select(opened, text), repeat)
        entry = {"query": q.name, "oxigraph_rows": ox_rows, "oxigraph_ms": statistics.median(ox_samples) * 1000,
                 "oxigraph_samples_s": ox_samples}
        log(f"query {q.name}: rdflib (at most {timeout:g} s a run) ...")
        try:
            rdf_rows = len(within(timeout, lambda: list(ds.query(text))))  # warm-up, and the row count
            rdf_samples, _ = timed(lambda: within(timeout, lambda: list(ds.query(text))), repeat)
        except QueryTimeout:  # rdflib has no timeout of its own; some queries run for hours
            entry.update(rdflib_rows=None, rdflib_ms=None, ratio=None, status="timeout",
                         ratio_at_least=timeout * 1000 / entry["oxigraph_ms"],
                         warning=f"rdflib timeout: a run took over {timeout:g} s")
        except Exception as exc:  # rdflib fails on some valid SPARQL; that is a finding, not a crash
            entry.update(rdflib_rows=None, rdflib_ms=None, ratio=None, status="error",
                         warning=f"rdflib error: {type(exc).__name__}: {exc}"[:120])
        else:
            entry.update(rdflib_rows=rdf_rows, rdflib_ms=statistics.median(rdf_samples) * 1000,
                         rdflib_samples_s=rdf_samples)
            entry["ratio"] = entry["rdflib_ms"] / entry["oxigraph_ms"]
            same = rdf_rows == ox_rows
            entry["status"] = "ok" if same else "rows differ"
            entry["warning"] = "" if same else f"ROWS DIFFER: oxigraph {ox_rows}, rdflib {rdf_rows}"
        results.append(entry)
    comparable = [r["ratio"] for r in results if r["status"] == "ok"]
    geomean = statistics.geometric_mean(comparable) if comparable else None
    rows = [[r["query"], r["oxigraph_rows"], f"{r['oxigraph_ms']:.1f}",
             "-" if r["rdflib_rows"] is None else r["rdflib_rows"],
             "-" if r["rdflib_ms"] is None else f"{r['rdflib_ms']:.1f}",
             f"{r['ratio']:.1f}x" if r["ratio"] is not None
             else f">{r['ratio_at_least']:.0f}x" if r["status"] == "timeout" else "-", r["warning"]] for r in results]
    print(table(["query", "ox rows", "oxigraph ms", "rdf rows", "rdflib ms", "rdflib/ox", "warning"], rows,
                f"3. Query latency (median of {repeat}, after one warm-up run; all rows materialised)"))
    print(f"rdflib: graph.trig loaded into Dataset(default_union=True) once in {load_s:.2f} s ({len(ds)} quads)")
    if geomean is not None:
        print(f"geometric-mean ratio rdflib/oxigraph: {geomean:.1f}x over {len(comparable)} of {len(results)} queries "
              "(those both engines answered with the same row count)\n")
    else:
        print("geometric-mean ratio rdflib/oxigraph: n/a (no query answered alike by both engines)\n")
    return {"rdflib_load_s": load_s, "rdflib_quads": len(ds), "queries": results,
            "geomean_ratio": geomean, "geomean_over": len(comparable)}


def bench_html(store: Path, repeat: int) -> dict:
    from govkg.graph.network import store_network
    from govkg.viz import render_html

    log(f"html x{repeat} ...")
    net_samples, html_samples, graph, page = [], [], None, ""
    for _ in range(repeat):
        started = time.perf_counter()
        graph = store_network(store)
        middle = time.perf_counter()
        page = render_html(graph)
        net_samples.append(middle - started)
        html_samples.append(time.perf_counter() - middle)
    totals = [a + b for a, b in zip(net_samples, html_samples)]
    figures = {"store_network_s": statistics.median(net_samples), "render_html_s": statistics.median(html_samples),
               "total_s": statistics.median(totals), "nodes": graph.number_of_nodes(),
               "edges": graph.number_of_edges(), "html_bytes": len(page.encode("utf-8")),
               "samples_s": {"store_network": net_samples, "render_html": html_samples}}
    print(table(["step", "median s"],
                [["store_network(store)", f"{figures['store_network_s']:.2f}"],
                 ["render_html(graph)", f"{figures['render_html_s']:.2f}"],
                 ["both", f"{figures['total_s']:.2f}"]],
                f"4. HTML view of the whole store (median of {repeat})"))
    print(f"graph: {figures['nodes']} nodes, {figures['edges']} edges; page {figures['html_bytes'] / 1e6:.1f} MB\n")
    return figures


def summary(fig: dict) -> str:
    ex, q = fig["extraction"], fig["queries"]
    lines = [
        f"tagger construction (jieba init)  {ex['tagger']['median_s'] * 1000:.0f} ms",
        f"extraction, whole corpus          {ex['total']['median_s']:.2f} s  ({ex['total']['lines_per_s']:,.0f} lines/s)",
        f"full build                        {fig['build']['median_s']:.2f} s",
        f"named queries, oxigraph (sum)     {sum(r['oxigraph_ms'] for r in q['queries']) / 1000:.2f} s",
        f"rdflib load of graph.trig         {q['rdflib_load_s']:.2f} s",
        "rdflib/oxigraph geometric mean    " + (f"{q['geomean_ratio']:.1f}x over {q['geomean_over']} queries"
                                                if q["geomean_ratio"] is not None else "n/a"),
        "rdflib errors/timeouts/mismatches " + " / ".join(
            str(sum(r["status"] == status for r in q["queries"])) for status in ("error", "timeout", "rows differ")),
        f"html view                         {fig['html']['total_s']:.2f} s  ({fig['html']['nodes']} nodes, {fig['html']['edges']} edges)",
    ]
    m = fig["machine"]
    title = f"Summary (medians of {fig['repeat']}; {m['cpu']}, {m['cores']} cores, Python {m['python']})"
    return "\n".join([title, "=" * len(title), *lines])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of documents (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=5, metavar="N", help="timed runs per figure (default: 5)")
    parser.add_argument("--quick", action="store_true", help="2 timed runs per figure")
    parser.add_argument("--rdflib-timeout", type=float, default=300.0, metavar="S",
                        help="give up an rdflib query after S seconds a run, 0 for never (default: %(default)g)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every figure and sample to FILE")
    args = parser.parse_args(argv)
    repeat = 2 if args.quick else args.repeat
    if repeat < 1:
        parser.error(f"--repeat expects a positive number of runs, got {repeat}")
    if args.rdflib_timeout < 0:
        parser.error(f"--rdflib-timeout expects seconds (0 for no limit), got {args.rdflib_timeout:g}")

    from govkg.extract.document import SUFFIXES
    from govkg.graph.store import collect_files

    corpus = args.corpus
    if not corpus.is_dir():
        print(f"error: corpus {corpus} is not a folder; expected the bundled examples/corpus/ "
              f"or a folder given with --corpus", file=sys.stderr)
        return 2
    files = collect_files([corpus])
    if not files:
        print(f"error: corpus {corpus} holds no documents; expected files ending in {', '.join(SUFFIXES)}",
              file=sys.stderr)
        return 2

    fig = {"machine": machine(), "revision": revision(), "repeat": repeat, "corpus": str(corpus), "files": len(files)}
    print(f"govkg benchmarks at {fig['revision']}: {len(files)} documents in {corpus}, {repeat} timed runs per figure\n")
    work = Path(tempfile.mkdtemp(prefix="govkg-bench-"))
    try:
        fig["extraction"], _ = bench_extraction(files, repeat)
        fig["build"], store = bench_build(corpus, work, repeat)
        fig["queries"] = bench_queries(store, repeat, args.rdflib_timeout)
        fig["html"] = bench_html(store, repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(summary(fig))
    if args.json:
        args.json.write_text(json.dumps(fig, ensure_ascii=False, indent=2), encoding="utf-8")
        log(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
