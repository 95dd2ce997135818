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
