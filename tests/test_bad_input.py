"""Issue #7 acceptance: a folder of bad input gives no crash, names every bad file, takes in
every good file (text in GB18030, UTF-16 and Big5 included), exits 1, and leaves the documents
already in the store intact."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PLAN = "{city}大气污染防治任务分解表\n序号\t工作任务\t牵头单位\t配合单位\n1\t{task}\t市环保局\t市公安局\n"


def _govkg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govkg.graph", *args], capture_output=True, text=True, timeout=900)


def zipfile_bytes() -> bytes:
    """A zip that is no Word file (a .docx without word/document.xml)."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("readme.txt", "not a document")
    return buffer.getvalue()


def _scanned_pdf(path: Path) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("RGB", (40, 20), "white")
    c = canvas.Canvas(str(path))
    c.drawImage(ImageReader(image), 50, 700, width=200, height=100)
    c.showPage()
    c.save()


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory) -> tuple[Path, set[str], int]:
    root = tmp_path_factory.mktemp("bad")
    folder = root / "in"
    folder.mkdir()
    good = 0
    for n in range(990):
        (folder / f"plan{n:04d}.txt").write_text(PLAN.format(city=f"第{n}市", task=f"整治扬尘第{n}项"), encoding="utf-8")
        good += 1
    (folder / "gb18030.txt").write_bytes(PLAN.format(city="遵义市", task="规范处置危险废物").encode("gb18030"))
    (folder / "utf16.txt").write_bytes(PLAN.format(city="株洲市", task="整治餐饮油烟").encode("utf-16"))
    big5 = "臺中市大氣污染防治任務分解表\n序號\t工作任務\t牽頭單位\t配合單位\n1\t推動資源回收\t市環保局\t市警察局\n"
    (folder / "big5.txt").write_bytes(big5.encode("big5"))
    good += 3
    bad = {
        "binary.txt": b"\x00\x01\x02\x03\xff\xfe binary \x00\x00\x10",
        "empty.txt": b"",
        "notes.docx": zipfile_bytes(),
        "fake.docx": b"this is not a zip file at all",
        "mojibake.txt": bytes(range(0x80, 0xff)) * 40,
        "blank.txt": b"   \n\n\t\n",
        "fake.pdf": b"%PDF-1.4 garbage that ends here",
    }
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    # cut inside its last character: read as UTF-8 with a warning (never as GB18030 mojibake)
    (folder / "truncated.txt").write_bytes(PLAN.format(city="宜昌市", task="整治黑臭水体").encode("utf-8") + "责".encode("utf-8")[:2])
    good += 1
    _scanned_pdf(folder / "scanned.pdf")
    os.mkfifo(folder / "fifo.txt")
    (folder / "dangling.txt").symlink_to(root / "nowhere.txt")
    names = set(bad) | {"scanned.pdf", "fifo.txt", "dangling.txt"}
    return folder, names, good


def test_bad_input_folder_loses_nothing(bad_folder, tmp_path):
    folder, bad_names, good = bad_folder
    store = tmp_path / "kg"
    seed = tmp_path / "seed.txt"
    seed.write_text(PLAN.format(city="六盘水市", task="已有的任务"), encoding="utf-8")
    assert _govkg("build", str(seed), "--store", str(store)).returncode == 0
    run = _govkg("add", str(folder), "--store", str(store))
    assert run.returncode == 1, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    problems = [line for line in run.stderr.splitlines() if line.strip().startswith("error:")]
    for name in bad_names:
        assert any(name in line for line in problems), f"{name} is not named: {problems}"
    assert len(bad_names) >= 10
    warned = [line for line in run.stderr.splitlines() if "truncated.txt" in line and "warning" in line]
    assert warned and "incomplete UTF-8 character" in warned[0]
    listed = json.loads(_govkg("list", "--store", str(store), "--format", "json").stdout)
    files = {d["file"] for d in listed["documents"]}
    assert "seed.txt" in files  # what was there stays
    assert len(files) == good + 1
    encodings = {d["file"]: d["encoding"] for d in listed["documents"]}
    assert (encodings["gb18030.txt"], encodings["big5.txt"]) == ("gb18030", "big5") and encodings["utf16.txt"].startswith("utf-16")
    q = _govkg("query", "-e", 'SELECT ?t WHERE { ?t a gk:Task ; gk:text "推動資源回收" }', "--store", str(store), "--format", "csv")
    assert q.returncode == 0 and len(q.stdout.strip().splitlines()) == 2


def test_bad_input_build_that_would_shrink_the_store_is_refused(bad_folder, tmp_path):
    folder, bad_names, _good = bad_folder
    store = tmp_path / "kg"
    assert _govkg("build", str(folder), "--store", str(store)).returncode == 1  # bad files: exit 1, good ones in
    before = json.loads(_govkg("list", "--store", str(store), "--format", "json").stdout)["counts"]["documents"]
    only_bad = tmp_path / "only-bad"
    only_bad.mkdir()
    for name in ("binary.txt", "fake.docx", "empty.txt"):
        (only_bad / name).write_bytes((folder / name).read_bytes())
    run = _govkg("build", str(only_bad), "--store", str(store))
    assert run.returncode == 1 and "--force" in run.stderr
    after = json.loads(_govkg("list", "--store", str(store), "--format", "json").stdout)["counts"]["documents"]
    assert after == before
