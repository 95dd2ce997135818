"""The govkg command end to end on a small document set (real store, real files)."""

import csv
import io
import json
import re

import pytest

from govkg.graph.cli import main

PLAN = (
    "遵义市危险废物规范化管理任务分解表\n序号\t工作任务\t牵头单位\t配合单位\t完成时限\n"
    "1\t规范处置医疗废物，执行《危险废物贮存污染控制标准》（GB18597-2001）\t市卫健委\t市环保局\t2016年底\n"
    "2\t整治建筑工地扬尘\t市住建局\t\t2017年6月底前\n"
)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    (root / "plan.txt").write_text(PLAN, encoding="utf-8")
    assert main(["build", str(root / "plan.txt"), "--store", str(root / "kg")]) == 0
    return root / "kg"


def test_cli_build_prints_summary(tmp_path, capsys):
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    assert main(["build", str(tmp_path), "--store", str(tmp_path / "kg")]) == 0
    out = capsys.readouterr().out
    for word in ("documents", "tasks", "units", "assignments", "citations", "topics", "warnings"):
        assert word in out


def test_cli_query_named_csv(store, capsys):
    assert main(["query", "units-touching-topic", "--store", str(store), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    units = {r["unit"] for r in rows}
    assert "遵义市卫生健康委员会" in units and "遵义市环境保护局" in units
    assert "遵义市住房和城乡建设局" not in units


def test_cli_query_param_and_json(store, capsys):
    assert main(["query", "tasks-of-unit", "--store", str(store), "--param", "unit=市住建局", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 1 and "扬尘" in json.dumps(data, ensure_ascii=False)


def test_cli_query_literal_sparql(store, capsys):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/govkg/ontology#Task> }"
    assert main(["query", "-e", q, "--store", str(store), "--format", "csv"]) == 0
    assert capsys.readouterr().out.split() == ["n", "2"]


def test_cli_query_file(store, tmp_path, capsys):
    f = tmp_path / "codes.rq"
    f.write_text("# description: codes\nSELECT ?c WHERE { ?r <https://w3id.org/govkg/ontology#code> ?c }\n", encoding="utf-8")
    assert main(["query", str(f), "--store", str(store), "--format", "csv"]) == 0
    assert "GB18597-2001" in capsys.readouterr().out


def test_cli_unknown_query_lists_names(store, capsys):
    assert main(["query", "no-such-query", "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert "units-touching-topic" in err


def test_cli_syntax_error_is_clear(store, capsys):
    assert main(["query", "-e", "SELEC ?x", "--store", str(store)]) == 2
    assert "error" in capsys.readouterr().err.lower()


def test_cli_queries_lists_descriptions(capsys):
    assert main(["queries"]) == 0
    out = capsys.readouterr().out
    for name in ("units-touching-topic", "tasks-of-unit", "regulations-cited", "units-sharing-tasks",
                 "tasks-due-before", "tasks-without-responsible", "workload-by-unit"):
        assert name in out


def test_cli_validate_passes(store, capsys):
    assert main(["validate", "--store", str(store)]) == 0
    assert "Conforms: True" in capsys.readouterr().out


def test_cli_view_writes_offline_utf8(store, tmp_path, capsys):
    out = tmp_path / "v.html"
    assert main(["view", "--store", str(store), "--out", str(out), "--topic", "危险废物"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "医疗废物" in html
    links = re.findall(r"""<(?:script|link|img)[^>]*(?:src|href)\s*=\s*["']([^"']+)""", html)
    assert all(link.startswith("data:") for link in links), links


def test_cli_view_unknown_topic_errors(store, tmp_path, capsys):
    assert main(["view", "--store", str(store), "--out", str(tmp_path / "x.html"), "--topic", "不存在的主题"]) == 2


def test_cli_view_focus_flags_print_what_was_drawn(store, tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["view", "--store", str(store), "--out", str(out), "--regulation", "GB 18597—2001", "--depth", "0"]) == 0
    line = capsys.readouterr().out
    assert line.startswith(f"wrote {out} (regulation GB 18597—2001 → 危险废物贮存污染控制标准, depth 0:"), line
    assert "危险废物贮存污染控制标准" in out.read_text(encoding="utf-8")
    assert main(["view", "--store", str(store), "--out", str(out), "--unit", "市环保局", "--jurisdiction", "遵义市"]) == 0
    assert "unit 市环保局 in 遵义市 → 遵义市环境保护局," in capsys.readouterr().out
    assert main(["view", "--store", str(store), "--out", str(out), "--query", "tasks-of-unit",
                 "--param", "unit=市环保局"]) == 0
    assert "query tasks-of-unit unit=市环保局 → 1 row naming" in capsys.readouterr().out


def test_cli_view_refuses_flags_that_do_not_go_together(store, tmp_path, capsys):
    out = tmp_path / "x.html"
    assert main(["view", "--store", str(store), "--out", str(out), "--jurisdiction", "六盘水市"]) == 2
    assert "--jurisdiction narrows --unit" in capsys.readouterr().err
    assert main(["view", "--store", str(store), "--out", str(out), "--param", "unit=x"]) == 2
    assert "--param goes with --query" in capsys.readouterr().err
    assert main(["view", "--store", str(store), "--out", str(out), "--depth", "-1"]) == 2
    assert not out.exists()


def test_cli_missing_store(tmp_path, capsys):
    assert main(["query", "workload-by-unit", "--store", str(tmp_path / "none")]) == 2
    assert "govkg build" in capsys.readouterr().err
