"""examples/analyst.ipynb runs headless (nbclient, a real IPython kernel) on the example corpus
and answers its three questions: the answers are checked, not only that the cells ran."""

from pathlib import Path

import nbclient
import nbformat
import pytest

HERE = Path(__file__).resolve().parent
NOTEBOOK = HERE.parent / "examples" / "analyst.ipynb"

pytestmark = pytest.mark.slow


def _text(cell) -> str:
    out = []
    for o in cell.get("outputs", []):
        out.append(o.get("text", "") or o.get("data", {}).get("text/plain", ""))
    return "\n".join(out)


def test_notebook_answers_the_three_questions(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVKG_STORE", str(tmp_path / "kg"))
    monkeypatch.setenv("GOVKG_CORPUS", str(HERE.parent / "examples" / "corpus"))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o.get("output_type") == "error"]
    assert not errors, errors[0]
    texts = [_text(c) for c in code]
    # 1. hazardous waste: units of each of the three cities, typed columns
    assert "'tasks': Int64Dtype()" in texts[1]
    assert all(city in texts[1] for city in ("六盘水市", "阳江市", "朔州市"))
    assert "六盘水市环境保护局" in texts[2]
    # the explorer inline: a sealed iframe holding the topic view, with its search box
    html = code[3].outputs[0]["data"]["text/html"]
    assert html.startswith("<iframe srcdoc=") and "input id=&quot;search&quot;" in html
    assert "govkg view: topic 危险废物 → 危险废物" in texts[3]
    # 2. 市环保局 of 阳江市 only, with its partners counted
    assert "阳江市环境保护局" in texts[4] and "六盘水市环境保护局" not in texts[4]
    assert "阳江市城管局" in texts[4]
    # 3. a lead unit that changed between the 2015 and 2016 tables
    assert "2015年任务表" in texts[5] and "2016年任务表" in texts[5]
    # the %%sparql cell filled {word} and stored its DataFrame
    assert "危险废物" in texts[8]
    assert "市环境保护局" in texts[9] or "环境保护局" in texts[9]
