"""A very large text file is read in segments (bounded memory) with progress lines, and gives
the same counts as when it is read whole."""

from govkg.extract import segments
from govkg.graph.build import build_store

ROWS = 400
PLAN = "遵义市大气污染防治任务分解表\n序号\t工作任务\t牵头单位\t配合单位\n" + "".join(
    f"{n}\t第{n}项：整治建筑工地扬尘，落实《危险废物贮存污染控制标准》（GB18597-2001）\t市环保局\t市住建局\n\n"
    for n in range(1, ROWS + 1))


def test_large_file_is_read_in_segments_with_progress(tmp_path, monkeypatch):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    whole = build_store([path], tmp_path / "whole", progress=None)
    monkeypatch.setattr(segments, "LARGE_BYTES", 1000)
    lines: list[str] = []
    parts = build_store([path], tmp_path / "parts", progress=lines.append)
    assert parts.counts["tasks"] == whole.counts["tasks"] == ROWS
    assert parts.counts["assignments"] == whole.counts["assignments"] == 2 * ROWS
    notes = [line for line in lines if " MB, line " in line]
    assert notes and notes[-1].startswith("[1/1] plan.txt: ") and f"{ROWS:,} tasks, {2 * ROWS:,} assignments so far" in notes[-1], lines


def test_tagging_process_gives_the_same_topics_and_ends_with_the_command(tmp_path):
    """A small build tags topics in a process of its own (jieba loads while documents are
    read); the command's output pipe closes when it ends, so no process outlives it."""
    import subprocess
    import sys

    from govkg.graph import build
    from govkg.graph.store import select

    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "govkg.graph", "build", str(path), "--store", str(tmp_path / "aside")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    build._tagger()  # this process has a tagger: the next build tags here
    build_store([path], tmp_path / "here", progress=None)
    topics = "SELECT ?t ?c WHERE { ?t gk:aboutTopic ?c } ORDER BY ?t ?c"
    aside, here = select(tmp_path / "aside", topics).rows, select(tmp_path / "here", topics).rows
    assert aside == here and len(aside) >= ROWS
