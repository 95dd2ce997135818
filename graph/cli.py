"""The ``govkg`` command: a thin layer over keyword-only functions.

    govkg build [PATH ...] [--store DIR] [--strict] [--force] [--jobs N]
    govkg add PATH ... [--store DIR]
    govkg remove DOC ... [--store DIR]
    govkg list [--store DIR] [--format table|json]
    govkg show DOC [--line N] [--store DIR]
    govkg explain FILE
    govkg query NAME|FILE.rq|-e SPARQL [--store DIR | --endpoint URL] [--param name=value ...] [--format table|csv|json]
    govkg queries
    govkg units [--match TEXT] [--jurisdiction PLACE]   govkg topics   govkg documents
    govkg view --store DIR --out FILE [--unit U [--jurisdiction J] | --topic T | --regulation R | --query NAME [--param k=v]] [--depth N] [--format html|png]
    govkg serve --store DIR [--host H] [--port P] [--timeout S] [--cors ORIGIN]
    govkg push --store DIR --endpoint URL [--user U --password P] [--prune]
    govkg export --store DIR --format trig|ttl|nt|nq|jsonld|graphml|gexf [--out FILE]
    govkg validate --store DIR
    govkg eval --store DIR --gold DIR|FILE

Exit codes: 0 success; 1 data problems (a build with unreadable files, validation violations);
2 usage or input errors (unknown query or name, no store, bad file, a refused query); 130 Ctrl-C.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path

from .errors import GovkgError
from govkg.queries import list_queries, load_query, parse_query_text

from .rows import Rows, format_rows
from .store import DEFAULT_STORE

__all__ = ["main", "run", "example_corpus", "run_query", "format_rows"]


def example_corpus() -> Path:
    """The bundled example documents: ``examples/corpus`` of the checkout."""
    for base in (Path.cwd(), Path(__file__).resolve().parents[1]):
        candidate = base / "examples" / "corpus"
        if candidate.is_dir():
            return candidate
    raise GovkgError("no PATH given and no examples/corpus folder found; give the documents to read")


def run_query(store: str | Path, *, name: str | None = None, sparql: str | None = None,
              params: dict[str, str] | None = None, timeout: float | None = None):
    """Run a named query (names as users type them), a query file (``*.rq``) or SPARQL
    written by the user (checked, and run where it can be stopped) against the store."""
    from .knowledge import USER_QUERY_TIMEOUT, KnowledgeGraph

    with KnowledgeGraph.open(store, timeout=timeout or USER_QUERY_TIMEOUT) as kg:
        if sparql is not None:
            if params:
                raise GovkgError("--param goes with named queries; write the values into the -e SPARQL")
            return kg.sparql(sparql)
        if not name:
            raise GovkgError("give a query NAME, a FILE.rq or -e SPARQL; `govkg queries` lists the names")
        return kg.query(name, **(params or {}))


def _remote_query(args, params: dict[str, str]):
    from .remote import remote_select
    from .sparql import check_read_only

    if args.e is not None:
        text = args.e
    elif args.name and args.name.endswith(".rq"):
        path = Path(args.name)
        if not path.is_file():
            raise GovkgError(f"{args.name}: no such query file")
        text = parse_query_text(path.read_text(encoding="utf-8"), path.stem).bound(params)
    else:
        text = load_query(args.name or "").bound(params)
    check_read_only(text)
    return remote_select(args.endpoint, text, user=args.user, password=args.password,
                         timeout=args.timeout or 60, auth=args.auth)


def _params(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        if "=" not in item:
            raise GovkgError(f"--param {item!r}: expected name=value")
        k, v = item.split("=", 1)
        out[k.strip()] = v
    return out


def _summary(report, store) -> int:
    c = report.counts
    print(f"store: {store}  ({report.seconds:.1f} s)" + ("" if report.published else "  (unchanged)"))
    for key in ("documents", "tasks", "units", "assignments", "citations", "topics", "actors", "warnings"):
        print(f"  {key:<12} {c.get(key, 0)}")
    for p in report.problems[:20]:
        print(f"  {p.severity}: {p.document}{f':{p.line}' if p.line else ''}: {p.message}", file=sys.stderr)
    if len(report.problems) > 20:
        print(f"  … {len(report.problems) - 20} more: `govkg list --store {store} --format json`", file=sys.stderr)
    if report.message:
        print(f"govkg: {report.message}", file=sys.stderr)
    return 0


def _cmd_build(args) -> int:
    from .build import build_store

    paths = args.paths or [example_corpus()]
    report = build_store(paths, args.store, force=args.force, wait=args.wait, jobs=args.jobs)
    _summary(report, args.store)
    if report.errors or not report.published:
        return 1
    return 1 if args.strict and report.problems else 0


def _cmd_add(args) -> int:
    from .build import add_documents

    report = add_documents(args.paths, args.store, wait=args.wait, jobs=args.jobs)
    _summary(report, args.store)
    return 1 if report.errors else 0


def _cmd_remove(args) -> int:
    from .build import remove_documents

    report = remove_documents(args.docs, args.store, wait=args.wait)
    _summary(report, args.store)
    return 1 if report.errors else 0


def _cmd_list(args) -> int:
    from .store import store_manifest

    manifest = store_manifest(args.store)
    docs = manifest.get("documents", [])
    if args.format == "json":
        print(json.dumps(manifest, ensure_ascii=False, indent=2))
        return 0
    rows = Rows(["file", "sha256", "format", "encoding", "tasks", "assignments", "warnings", "added"],
                [[d["file"], d["sha256"][:12], d.get("format", "text"), d.get("encoding") or "", d["tasks"], d["assignments"],
                  len(d.get("warnings", [])), d.get("added", "")] for d in docs])
    print(format_rows(rows, "table"))
    return 0


def _cmd_show(args) -> int:
    from govkg.extract.document import read_document

    from .store import store_manifest

    path = Path(args.doc)
    if not path.is_file():
        docs = store_manifest(args.store).get("documents", [])
        hits = [d for d in docs if args.doc in (d["file"], d["path"]) or d["sha256"].startswith(args.doc)]
        if not hits:
            raise GovkgError(f"{args.doc}: no such file, and no such document in {args.store} (see `govkg list`)")
        path = Path(hits[0]["path"])
    doc = read_document(path)
    first, last = 1, len(doc.lines)
    if args.line:
        first, last = max(1, args.line - args.context), min(len(doc.lines), args.line + args.context)
    for n in range(first, last + 1):
        where = doc.locator(n)
        mark = ">" if n == args.line else " "
        print(f"{mark}{n:>6}  {doc.line(n)}" + (f"    [{where}]" if where else ""))
    return 0


def _cmd_explain(args) -> int:
    from govkg.extract.explain import explain
    from govkg.extract.pipeline import extract_document
    from govkg.extract.topic import TopicTagger

    print(explain(extract_document(args.file, tagger=TopicTagger.from_ontology())))
    return 0


def _cmd_query(args) -> int:
    params = _params(args.param)
    if args.endpoint:
        result = _remote_query(args, params)
    else:
        if not args.name and args.e is None:
            raise GovkgError("give a query NAME, a FILE.rq or -e SPARQL; `govkg queries` lists the names")
        result = run_query(args.store, name=args.name, sparql=args.e, params=params, timeout=args.timeout)
    if isinstance(result, Rows):
        print(format_rows(result, args.format))
    else:  # CONSTRUCT or DESCRIBE: an rdflib graph, printed as Turtle with the usual prefixes
        from govkg.ontology.vocabulary import PREFIXES

        for prefix, iri in PREFIXES.items():
            result.bind(prefix, iri, override=True)
        sys.stdout.write(result.serialize(format="turtle"))
    return 0


def _cmd_units(args) -> int:
    from .catalogue import units

    print(format_rows(units(args.store, match=args.match, jurisdiction=args.jurisdiction), args.format))
    return 0


def _cmd_topics(args) -> int:
    from .catalogue import topics

    print(format_rows(topics(args.store), args.format))
    return 0


def _cmd_documents(args) -> int:
    from .catalogue import documents

    print(format_rows(documents(args.store), args.format))
    return 0


def _cmd_serve(args) -> int:
    from .server import serve

    serve(args.store, host=args.host, port=args.port, timeout=args.timeout, max_rows=args.max_rows,
          cors=args.cors, workers=args.workers)
    return 0


def _cmd_push(args) -> int:
    from .push import push

    password = args.password if args.password is not None else os.environ.get("GOVKG_PASSWORD")
    report = push(args.store, args.endpoint, user=args.user, password=password, timeout=args.timeout,
                  auth=args.auth, prune=args.prune, query_endpoint=args.query_endpoint,
                  progress=lambda line: print(line, file=sys.stderr))
    c = report.counts
    print(f"pushed {c['graphs']} graphs ({c['triples']} triples) to {report.endpoint} in {report.seconds:.1f} s"
          + (f"; removed {c['removed']} stale graphs" if c["removed"] else ""))
    return 0


def _cmd_export(args) -> int:
    from .export import export_store

    summary = export_store(args.store, args.out, format=args.format)
    if args.out:
        print(summary, file=sys.stderr)
    return 0


def _cmd_queries(args) -> int:
    for q in list_queries():
        params = ", ".join(f"{k}={v}" for k, v in q.params.items())
        print(f"{q.name:<28} {q.description}" + (f"  [{params}]" if params else ""))
    return 0


def _cmd_view(args) -> int:
    from .view import write_view

    if args.jurisdiction and not args.unit:
        raise GovkgError("--jurisdiction narrows --unit; give --unit too")
    if args.param and not args.query:
        raise GovkgError("--param goes with --query NAME")
    summary = write_view(args.store, args.out, format=args.format, unit=args.unit, jurisdiction=args.jurisdiction,
                         topic=args.topic, regulation=args.regulation, query=args.query,
                         params=_params(args.param), depth=args.depth)
    print(summary)
    return 0


def _cmd_validate(args) -> int:
    from .validation import validate_store

    conforms, report = validate_store(args.store)
    print(report)
    return 0 if conforms else 1


def _cmd_eval(args) -> int:
    from .evaluation import evaluate_store

    print(evaluate_store(args.store, args.gold))
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="govkg", description="Knowledge graph of units, tasks and regulations from government task documents.")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="make the store exactly these documents")
    b.add_argument("paths", nargs="*", help="files or folders (default: the bundled examples/corpus)")
    b.add_argument("--store", default=str(DEFAULT_STORE), help="store directory (default: %(default)s)")
    b.add_argument("--strict", action="store_true", help="exit 1 when any document has a warning (e.g. role text that was not read)")
    b.add_argument("--force", action="store_true", help="replace the store even when files failed and it would shrink")
    b.add_argument("--jobs", type=int, default=None, help="processes reading documents (default: by input size)")
    b.add_argument("--wait", type=float, default=60.0, help="seconds to wait for another writer (default: %(default)s)")
    b.set_defaults(func=_cmd_build)
    a = sub.add_parser("add", help="add or replace documents; unchanged files are skipped, the others stay")
    a.add_argument("paths", nargs="+")
    a.add_argument("--store", default=str(DEFAULT_STORE))
    a.add_argument("--jobs", type=int, default=None)
    a.add_argument("--wait", type=float, default=60.0)
    a.set_defaults(func=_cmd_add)
    rm = sub.add_parser("remove", help="drop documents (by path, file name or SHA-256 prefix)")
    rm.add_argument("docs", nargs="+")
    rm.add_argument("--store", default=str(DEFAULT_STORE))
    rm.add_argument("--wait", type=float, default=60.0)
    rm.set_defaults(func=_cmd_remove)
    li = sub.add_parser("list", help="the documents of the store: hash, format, encoding, counts, warnings, when added")
    li.add_argument("--store", default=str(DEFAULT_STORE))
    li.add_argument("--format", choices=("table", "json"), default="table")
    li.set_defaults(func=_cmd_list)
    sh = sub.add_parser("show", help="print a document's text rendition (the lines every file:line refers to)")
    sh.add_argument("doc", help="a file, or a document of the store (file name, path or SHA-256 prefix)")
    sh.add_argument("--line", type=int, default=0, help="show this line with --context lines around it")
    sh.add_argument("--context", type=int, default=3)
    sh.add_argument("--store", default=str(DEFAULT_STORE))
    sh.set_defaults(func=_cmd_show)
    x = sub.add_parser("explain", help="print what one document is read as: blocks, layouts, tasks, units, evidence")
    x.add_argument("file")
    x.set_defaults(func=_cmd_explain)
    q = sub.add_parser("query", help="run a named query, a .rq file or SPARQL (read-only; see `govkg queries`)")
    q.add_argument("name", nargs="?", help="named query (see `govkg queries`) or FILE.rq")
    q.add_argument("-e", metavar="SPARQL", help="literal SPARQL (gk:, skos:, dcterms:, prov:, rdfs: … are declared)")
    q.add_argument("--store", default=str(DEFAULT_STORE))
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="a parameter of the named query; unit= takes names as users type them, jurisdiction= narrows a unit down")
    q.add_argument("--format", choices=("table", "csv", "json"), default="table")
    q.add_argument("--timeout", type=float, default=None, help="seconds before a -e or .rq query is stopped (default 60)")
    q.add_argument("--endpoint", metavar="URL", help="run it on a SPARQL 1.1 server instead (e.g. Virtuoso's http://HOST:8890/sparql)")
    q.add_argument("--user")
    q.add_argument("--password", help="for --endpoint (or set GOVKG_PASSWORD)")
    q.add_argument("--auth", choices=("auto", "basic", "digest"), default="auto")
    q.set_defaults(func=_cmd_query)
    un = sub.add_parser("units", help="the units of the store, with their tasks per role and other names")
    un.add_argument("--match", help="only units with a label containing this (環保, 环保局 …)")
    un.add_argument("--jurisdiction", help="only the units of this place")
    tp = sub.add_parser("topics", help="the topics tasks are about, with task and unit counts")
    dc = sub.add_parser("documents", help="the documents of the store, with counts")
    for listing, func in ((un, _cmd_units), (tp, _cmd_topics), (dc, _cmd_documents)):
        listing.add_argument("--store", default=str(DEFAULT_STORE))
        listing.add_argument("--format", choices=("table", "csv", "json"), default="table")
        listing.set_defaults(func=func)
    se = sub.add_parser("serve", help="a read-only SPARQL endpoint, the explorer and a query page")
    se.add_argument("--store", default=str(DEFAULT_STORE))
    se.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    se.add_argument("--port", type=int, default=7878)
    se.add_argument("--timeout", type=float, default=10.0, help="seconds before a query is stopped (default: %(default)s)")
    se.add_argument("--max-rows", type=int, default=10_000, help="rows per answer at most (default: %(default)s)")
    se.add_argument("--cors", metavar="ORIGIN", help="allow this origin (or *) to query from a browser page")
    se.add_argument("--workers", type=int, default=2, help="query worker processes (default: %(default)s)")
    se.set_defaults(func=_cmd_serve)
    pu = sub.add_parser("push", help="load every graph into a SPARQL 1.1 Graph Store (Virtuoso, Fuseki …)")
    pu.add_argument("--store", default=str(DEFAULT_STORE))
    pu.add_argument("--endpoint", required=True, metavar="URL", help="Graph Store endpoint, e.g. http://HOST:8890/sparql-graph-crud-auth")
    pu.add_argument("--user")
    pu.add_argument("--password", help="(or set GOVKG_PASSWORD)")
    pu.add_argument("--auth", choices=("auto", "basic", "digest"), default="auto")
    pu.add_argument("--prune", action="store_true", help="also remove the server's govkg graphs the store no longer has")
    pu.add_argument("--query-endpoint", metavar="URL", help="the server's SPARQL endpoint, for --prune (derived for Virtuoso)")
    pu.add_argument("--timeout", type=float, default=60.0)
    pu.set_defaults(func=_cmd_push)
    ex = sub.add_parser("export", help="write the store as TriG, Turtle, N-Triples, N-Quads, JSON-LD, GraphML or GEXF")
    ex.add_argument("--store", default=str(DEFAULT_STORE))
    ex.add_argument("--format", required=True, choices=("trig", "ttl", "nt", "nq", "jsonld", "graphml", "gexf"))
    ex.add_argument("--out", help="file to write (default: standard output)")
    ex.set_defaults(func=_cmd_export)
    ls = sub.add_parser("queries", help="list the named queries")
    ls.set_defaults(func=_cmd_queries)
    v = sub.add_parser("view", help="write the explorer page (offline HTML) or a PNG of it: the whole store or a focused view")
    v.add_argument("--store", default=str(DEFAULT_STORE))
    v.add_argument("--out", required=True, help="file to write (.html, or .png for a picture)")
    v.add_argument("--format", choices=("html", "png"), help="default: from --out's suffix, else html")
    grp = v.add_mutually_exclusive_group()
    grp.add_argument("--unit", help="a unit as users type it (市环保局 is every city's 市环境保护局)")
    grp.add_argument("--topic", help="a topic, with its narrower topics")
    grp.add_argument("--regulation", help="a regulation code or title (GB18597-2001)")
    grp.add_argument("--query", metavar="NAME", help="the nodes behind a named query's rows")
    v.add_argument("--jurisdiction", help="with --unit: only that place's units (六盘水市)")
    v.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="a --query parameter (repeatable)")
    v.add_argument("--depth", type=int, default=1, help="hops around the focus (default: %(default)s)")
    v.set_defaults(func=_cmd_view)
    val = sub.add_parser("validate", help="SHACL-validate the store")
    val.add_argument("--store", default=str(DEFAULT_STORE))
    val.set_defaults(func=_cmd_validate)
    ev = sub.add_parser("eval", help="score the store against reference annotations")
    ev.add_argument("--store", default=str(DEFAULT_STORE))
    ev.add_argument("--gold", required=True, help="gold folder (assignments/units/regulations.jsonl) or an assignments .jsonl file")
    ev.set_defaults(func=_cmd_eval)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except (GovkgError, FileNotFoundError, ValueError) as exc:
        print(f"govkg {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"govkg {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def run() -> None:
    """The ``govkg`` command: :func:`main`, then exit without tearing down the interpreter's
    objects one by one (after a large build that takes seconds and does nothing useful)."""
    code = main()
    try:
        if "govkg.graph.build" in sys.modules:
            sys.modules["govkg.graph.build"].close_tagging()  # the tagging process ends with us
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


if __name__ == "__main__":
    run()
