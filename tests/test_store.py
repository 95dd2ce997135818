"""The store (issue #7): versions and an atomic pointer, incremental add/remove, one writer,
readers that never see a write in progress, bad input that loses nothing."""

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from govkg.graph.errors import DocumentError, StoreError
from govkg.graph.build import add_documents, build_store, collect_files, remove_documents
from govkg.graph.store import current_version, open_store, select, store_manifest, writer_lock

PLAN = "遵义市大气污染防治任务分解表\n序号\t工作任务\t牵头单位\t配合单位\t完成时限\n1\t规范处置危险废物\t市环保局\t市公安局\t2016年底\n"
TASKS = "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a gk:Task }"
DOCS = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a gk:Document }"


def _plan(city: str, task: str = "规范处置危险废物") -> str:
    return PLAN.replace("遵义市", city).replace("规范处置危险废物", task)


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "plan.txt").write_text(PLAN, encoding="utf-8")
    return folder


def _count(store, query=TASKS) -> int:
    return select(store, query).rows[0][0]


def test_store_build_counts_and_manifest(docs, tmp_path):
    report = build_store([docs], tmp_path / "kg", progress=None)
    assert report.counts["documents"] == 1 and report.counts["assignments"] == 2
    manifest = store_manifest(tmp_path / "kg")
    assert manifest["counts"]["tasks"] == 1
    [doc] = manifest["documents"]
    assert doc["file"] == "plan.txt" and doc["format"] == "text" and len(doc["sha256"]) == 64


def test_store_one_named_graph_per_document(docs, tmp_path):
    (docs / "second.txt").write_text(_plan("株洲市"), encoding="utf-8")
    build_store([docs], tmp_path / "kg", progress=None)
    rows = select(tmp_path / "kg", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a gk:Document } }")
    assert len(rows.rows) == 2


def test_store_same_name_two_cities_two_units(docs, tmp_path):
    (docs / "second.txt").write_text(_plan("株洲市"), encoding="utf-8")
    build_store([docs], tmp_path / "kg", progress=None)
    rows = select(tmp_path / "kg", 'SELECT DISTINCT ?l WHERE { ?u a gk:Unit ; skos:altLabel "市环境保护局" ; skos:prefLabel ?l } ORDER BY ?l')
    assert [r[0] for r in rows.rows] == ["株洲市环境保护局", "遵义市环境保护局"]


def test_store_add_keeps_others_and_skips_unchanged(docs, tmp_path):
    store = tmp_path / "kg"
    build_store([docs], store, progress=None)
    other = tmp_path / "other.txt"
    other.write_text(_plan("株洲市", "整治餐饮油烟"), encoding="utf-8")
    report = add_documents([other], store, progress=None)
    assert report.published and _count(store, DOCS) == 2 and _count(store) == 2
    version = current_version(store)
    again = add_documents([other, docs / "plan.txt"], store, progress=None)
    assert not again.published and "unchanged" in again.message
    assert current_version(store) == version  # nothing written
    # the counts are the whole store's (units and topics too), not only the added files'
    both = build_store([docs, other], tmp_path / "both", progress=None).counts
    assert report.counts == again.counts == both, (report.counts, both)


def test_store_add_replaces_a_changed_document(docs, tmp_path):
    store = tmp_path / "kg"
    build_store([docs], store, progress=None)
    (docs / "plan.txt").write_text(_plan("遵义市", "整治建筑工地扬尘"), encoding="utf-8")
    add_documents([docs / "plan.txt"], store, progress=None)
    texts = [r[0] for r in select(store, "SELECT ?x WHERE { ?t a gk:Task ; gk:text ?x }").rows]
    assert texts == ["整治建筑工地扬尘"]
    assert _count(store, DOCS) == 1


def test_store_remove_drops_a_document(docs, tmp_path):
    store = tmp_path / "kg"
    (docs / "second.txt").write_text(_plan("株洲市"), encoding="utf-8")
    build_store([docs], store, progress=None)
    report = remove_documents(["second.txt"], store)
    assert report.counts["documents"] == 1 and _count(store, DOCS) == 1
    assert [d["file"] for d in store_manifest(store)["documents"]] == ["plan.txt"]
    assert remove_documents(["nope.txt"], store).errors


def test_store_build_never_shrinks_because_files_failed(docs, tmp_path):
    store = tmp_path / "kg"
    for n in range(3):
        (docs / f"p{n}.txt").write_text(_plan(f"城{n}市"), encoding="utf-8")
    build_store([docs], store, progress=None)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.txt").write_bytes(b"\x00\x01\x02binary\x00")
    report = build_store([bad], store, progress=None)
    assert not report.published and "--force" in report.message
    assert _count(store, DOCS) == 4
    forced = build_store([bad, docs / "plan.txt"], store, progress=None, force=True)
    assert forced.published and _count(store, DOCS) == 1


def test_store_bad_file_is_reported_and_others_kept(docs, tmp_path):
    (docs / "broken.txt").write_bytes(b"\xff\xfe\x00\x00binary\x00")
    report = build_store([docs], tmp_path / "kg", progress=None)
    assert report.counts["documents"] == 1
    assert [p.document.endswith("broken.txt") for p in report.errors] == [True]


def test_store_non_regular_paths_are_reported_not_fatal(docs, tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    problems = []
    files = collect_files([docs, tmp_path / "pipe.txt", tmp_path / "dangling.txt", tmp_path / "loop.txt"], problems)
    assert [f.name for f in files] == ["plan.txt"]
    messages = {os.path.basename(p.document): p.message for p in problems}
    assert "named pipe" in messages["pipe.txt"] and "dangling" in messages["dangling.txt"] and "loop" in messages["loop.txt"]


def test_store_unreadable_folder_is_reported(docs, tmp_path, monkeypatch):
    locked = docs / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text(PLAN, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):  # as for a folder without read permission (root reads every folder)
        if os.fspath(path) == os.fspath(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    problems = []
    files = collect_files([docs], problems)
    assert [f.name for f in files] == ["plan.txt"]
    assert [(p.document, p.message) for p in problems] == [(str(locked), "cannot read folder: Permission denied")]


def test_store_missing_path_names_it(tmp_path):
    with pytest.raises(DocumentError, match="nope.txt: no such file"):
        collect_files([tmp_path / "nope.txt"])


def test_store_open_without_build_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="govkg build"):
        open_store(tmp_path / "empty")


def test_store_refuses_to_overwrite_a_foreign_folder(docs, tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(StoreError, match="not a govkg store"):
        build_store([docs], foreign, progress=None)
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_store_provenance_span_points_at_source(docs, tmp_path):
    build_store([docs], tmp_path / "kg", progress=None)
    rows = select(tmp_path / "kg", """SELECT ?line ?start ?quote WHERE { ?t gk:qualifiedAssignment ?a .
        ?a gk:role gk:leadUnit ; prov:wasDerivedFrom ?s . ?s gk:sourceLine ?line ; gk:startOffset ?start ; gk:quote ?quote }""")
    line, start, quote = rows.rows[0]
    assert PLAN.split("\n")[line - 1][start : start + len(quote)] == quote == "市环保局"


def test_store_second_writer_waits_then_fails_naming_the_holder(docs, tmp_path):
    store = tmp_path / "kg"
    build_store([docs], store, progress=None)
    with writer_lock(store):
        started = time.monotonic()
        with pytest.raises(StoreError, match=r"another govkg process is writing this store \(pid \d+\)"):
            build_store([docs], store, progress=None, wait=0.5)
        assert time.monotonic() - started >= 0.5
    assert build_store([docs], store, progress=None).published


def test_store_two_writers_at_once_both_succeed_one_after_the_other(docs, tmp_path):
    store = tmp_path / "kg"
    (docs / "b.txt").write_text(_plan("株洲市"), encoding="utf-8")
    errors = []

    def write(path):
        try:
            add_documents([path], store, progress=None, wait=60)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(docs / name,)) for name in ("plan.txt", "b.txt")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and _count(store, DOCS) == 2


def test_store_old_versions_are_removed_once_no_reader_holds_them(docs, tmp_path):
    store = tmp_path / "kg"
    build_store([docs], store, progress=None)
    first = current_version(store)
    reader = open_store(store)
    build_store([docs], store, progress=None)
    assert first.exists()  # a reader still has it
    assert select(reader, TASKS).rows == [[1]]
    reader.close()
    build_store([docs], store, progress=None)
    assert not first.exists()
    assert len(list((store / "versions").iterdir())) == 1


KILL_SCRIPT = textwrap.dedent("""
    import sys
    from govkg.graph.build import add_documents, build_store
    mode, store, *paths = sys.argv[1:]
    (build_store if mode == "build" else add_documents)(paths, store, progress=None)
""")


def _kill_cases():
    rng = random.Random(7)
    return [(mode, rng.uniform(0.05, 1.6)) for mode in ("build", "add") for _ in range(12)]


@pytest.mark.slow
def test_store_survives_sigkill_at_any_moment(tmp_path):
    """30 writes killed at random moments: the store opens, validates and holds the old or
    the new state of each document; leftovers are cleaned on the next write."""
    from govkg.graph.validation import validate_store

    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(12):
        (folder / f"p{n:02d}.txt").write_text(_plan(f"城{n}市", f"整治扬尘第{n}项") * 40, encoding="utf-8")
    extra = tmp_path / "extra.txt"
    extra.write_text(_plan("新城市", "新增任务"), encoding="utf-8")
    store = tmp_path / "kg"
    build_store([folder], store, progress=None)
    script = tmp_path / "w.py"
    script.write_text(KILL_SCRIPT, encoding="utf-8")
    old_docs, new_docs = 12, 13
    cases = _kill_cases() + [("add", 0.0), ("build", 0.02)] + [("add", t) for t in (0.3, 0.6, 0.9, 1.2)]
    for n, (mode, delay) in enumerate(cases):
        args = [sys.executable, str(script), mode, str(store), *( [str(folder), str(extra)] if mode == "build" else [str(extra)])]
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        docs_now = _count(store, DOCS)
        assert docs_now in (old_docs, new_docs), (n, mode, delay, docs_now)
        if docs_now == new_docs:  # put the old state back for the next round
            remove_documents([str(extra)], store)
    assert len(cases) >= 30
    conforms, report = validate_store(store)
    assert conforms, report[:500]
    build_store([folder], store, progress=None)
    assert len(list((store / "versions").iterdir())) == 1
    assert not list(store.glob(".spool-*")) and not list(store.glob(".CURRENT.*"))


@pytest.mark.slow
def test_store_readers_never_see_a_write_in_progress(tmp_path):
    """200+ queries in another process while the store is rebuilt: 0 errors, and every answer
    is the old or the new state."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(6):
        (folder / f"p{n}.txt").write_text(_plan(f"城{n}市", f"整治第{n}项") * 30, encoding="utf-8")
    store = tmp_path / "kg"
    build_store([folder], store, progress=None)
    reader = tmp_path / "r.py"
    reader.write_text(textwrap.dedent(f"""
        import json, sys
        from govkg.graph.store import select
        counts, errors = [], []
        for _ in range(260):
            try:
                counts.append(select({str(store)!r}, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d a gk:Document }}").rows[0][0])
            except Exception as exc:
                errors.append(repr(exc))
        print(json.dumps({{"counts": counts, "errors": errors}}))
    """), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(reader)], stdout=subprocess.PIPE, text=True)
    extra = tmp_path / "extra.txt"
    extra.write_text(_plan("新城市"), encoding="utf-8")
    while proc.poll() is None:
        add_documents([extra], store, progress=None)
        remove_documents([str(extra)], store)
    result = json.loads(proc.communicate()[0])
    assert result["errors"] == []
    assert len(result["counts"]) == 260 and set(result["counts"]) <= {6, 7}
