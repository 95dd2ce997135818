"""Property tests for decode_text and every format reader: arbitrary and damaged input gives a
DocumentError or a rendition, never another exception, and every table cell of a rendition
is the text of its line at its columns."""

import codecs
import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("reportlab")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from govkg.extract.encoding import ENCODINGS, decode_text  # noqa: E402
from govkg.graph.errors import DocumentError  # noqa: E402
from govkg.extract.formats import read_rendition  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

#: Frequent hanzi (GB2312 level 1, simplified and common to Big5 alike) and ASCII.
HANZI = "".join(bytes((lead, trail)).decode("gb2312") for lead in range(0xB0, 0xB8) for trail in range(0xA1, 0xFF))
WORDS = st.text(alphabet=HANZI + "市局县区办委，、（）：0123456789ABCdef", min_size=1, max_size=12)
LOOSE = st.text(alphabet=HANZI[:40] + "ab1 \t\n\u3000", max_size=10)
FAST = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SUFFIXES = (".txt", ".md", ".docx", ".doc", ".pdf", ".html", ".xlsx")


def _check(rendition) -> None:
    assert len(rendition.lines) == len(rendition.locators)
    for grid in rendition.grids:
        assert len({len(row) for row in grid.cells}) == 1  # a rectangle
        for row in grid.cells:
            for cell in row:
                if cell is None:
                    continue
                line, col = cell.where(0)
                assert rendition.lines[line - 1][col : col + len(cell.text)] == cell.text
                assert cell.text == cell.text.strip() and "\t" not in cell.text and "\n" not in cell.text


def _read(data: bytes, suffix: str):
    """The rendition of ``data`` saved with ``suffix``, or ``None`` for a DocumentError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            rendition = read_rendition(path)
        except DocumentError as exc:
            assert exc.path == str(path) and exc.message
            return None
    _check(rendition)
    return rendition


# ---------------------------------------------------------------- decode_text


@FAST
@given(st.binary(max_size=600))
def test_properties_decode_text_arbitrary_bytes(data):
    try:
        text, encoding, warnings = decode_text(data, "any.txt")
    except DocumentError as exc:
        assert str(exc).startswith("any.txt")
        return
    assert text.strip() and encoding in ENCODINGS and all(isinstance(w, str) for w in warnings)


@FAST
@given(st.text(max_size=200), st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "gb18030", "big5"]))
def test_properties_decode_text_arbitrary_text(text, codec):
    data = text.encode(codec, errors="ignore")
    try:
        decode_text(data, "any.txt")
    except DocumentError:
        pass


@FAST
@given(st.lists(WORDS, min_size=1, max_size=6), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
def test_properties_decode_text_round_trips(words, codec):
    text = "\n".join(words) + "\n"
    decoded, encoding, warnings = decode_text(text.encode(codec), "plan.txt")
    expected = "utf-8" if codec == "gb18030" and text.isascii() else codec  # ASCII is the same bytes in both
    assert (decoded, encoding, warnings) == (text, expected, [])


@FAST
@given(st.lists(WORDS, min_size=1, max_size=6))
def test_properties_truncated_utf8_keeps_its_encoding(words):
    text = "，".join(words) + "局"
    data = text.encode("utf-8")[: -1 - len(text) % 2]
    decoded, encoding, warnings = decode_text(data, "cut.txt")
    assert (decoded, encoding) == (text[:-1], "utf-8")
    assert warnings[0].startswith("dropped an incomplete UTF-8 character at the end of the file (bytes e5")


@FAST
@given(st.lists(WORDS, min_size=1, max_size=6))
def test_properties_utf16_without_bom(words):
    text = "\t".join(words) + "\n"  # a line end, so NUL bytes show the UTF-16 (two ASCII bytes may be ASCII)
    for codec in ("utf-16-le", "utf-16-be"):
        assert decode_text(text.encode(codec), "word.txt")[:2] == (text, codec)


# ---------------------------------------------------------------- every reader, arbitrary bytes


@FAST
@given(st.binary(max_size=400), st.sampled_from(SUFFIXES))
def test_properties_readers_arbitrary_bytes(data, suffix):
    _read(data, suffix)


@FAST
@given(st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body>", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]), st.binary(max_size=300), st.sampled_from(SUFFIXES))
def test_properties_readers_arbitrary_bytes_behind_a_signature(head, tail, suffix):
    _read(head + tail, suffix)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("GOVKG_REQUIRE_SOFFICE"), reason="LibreOffice (Debian package libreoffice-writer) is not installed")
@settings(max_examples=3, deadline=None, database=None)
@given(st.binary(max_size=200))
def test_properties_doc_conversion_of_junk(tail):
    """RTF and OLE files with junk inside go through LibreOffice and still end in a rendition
    or a DocumentError."""
    _read(b"{\\rtf1 " + tail, ".doc")
    _read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(20) + b"\xfe\xff\x09\x00" + bytes(480) + tail, ".doc")


# ---------------------------------------------------------------- damaged real files


def _docx_bytes(rows, paragraphs=("遵义市任务分解表",)) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _pdf_bytes(rows, prose=("遵义市任务分解表",)) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont(FONT, 10)
    y = 800
    for text in prose:
        c.drawString(40, y, text)
        y -= 16
    width = max(len(r) for r in rows)
    top, height, cell = y - 10, 18, 500 / width
    for r in range(len(rows) + 1):
        c.line(40, top - r * height, 40 + width * cell, top - r * height)
    for col in range(width + 1):
        c.line(40 + col * cell, top, 40 + col * cell, top - len(rows) * height)
    for r, row in enumerate(rows):
        for col, text in enumerate(row):
            if text:
                c.drawString(42 + col * cell, top - r * height - 13, text)
    c.showPage()
    c.save()
    return out.getvalue()


def _html_bytes(rows) -> bytes:
    body = "".join("<tr>" + "".join(f"<td>{t or ''}</td>" for t in row) + "</tr>" for row in rows)
    return f'<html><head><meta charset="utf-8"></head><body><p>任务</p><table>{body}</table></body></html>'.encode()


SAMPLE = [["序号", "工作任务", "牵头单位"], ["1", "治理扬尘", "市住建局"], ["2", "整治油烟", None]]


@pytest.fixture(scope="module")
def samples():
    return {".docx": _docx_bytes(SAMPLE), ".xlsx": _xlsx_bytes(SAMPLE), ".pdf": _pdf_bytes(SAMPLE), ".html": _html_bytes(SAMPLE)}


@SLOW
@given(st.sampled_from([".docx", ".xlsx", ".pdf", ".html"]), st.data())
def test_properties_damaged_files(samples, suffix, data):
    original = samples[suffix]
    cut = data.draw(st.integers(0, len(original)), label="cut")
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(original) - 1), st.integers(0, 255)), max_size=8), label="flips")
    damaged = bytearray(original[:cut] if data.draw(st.booleans(), label="truncate") else original)
    for at, value in flips:
        if at < len(damaged):
            damaged[at] = value
    _read(bytes(damaged), suffix)


@SLOW
@given(st.sampled_from([".docx", ".xlsx"]), st.data())
def test_properties_damaged_zip_members(samples, suffix, data):
    """A container whose XML parts are cut short or replaced by junk."""
    with zipfile.ZipFile(io.BytesIO(samples[suffix])) as source:
        items = [(item, source.read(item)) for item in source.infolist()]
    victim = data.draw(st.sampled_from([item.filename for item, _ in items if item.filename.endswith(".xml")]), label="part")
    junk = data.draw(st.binary(max_size=60), label="junk")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item, payload in items:
            target.writestr(item, payload[: len(payload) // 2] + junk if item.filename == victim else payload)
    _read(out.getvalue(), suffix)


# ---------------------------------------------------------------- generated tables


TABLES = st.lists(st.lists(st.one_of(st.none(), WORDS), min_size=1, max_size=4), min_size=1, max_size=5).map(
    lambda rows: [row + [None] * (max(map(len, rows)) - len(row)) for row in rows]
)


def _expected(rows):
    kept = [row for row in rows if any(row)]
    columns = [c for c in range(len(rows[0])) if any(row[c] for row in rows)]
    return [[row[c] for c in columns] for row in kept]


def _cells(rendition):
    return [[c.text if c else None for c in row] for grid in rendition.grids for row in grid.cells]


@SLOW
@given(TABLES)
def test_properties_docx_tables_round_trip(rows):
    rendition = _read(_docx_bytes(rows), ".docx")
    assert rendition is not None and _cells(rendition) == rows


@SLOW
@given(TABLES)
def test_properties_xlsx_tables_round_trip(rows):
    if not any(any(row) for row in rows):
        assert _read(_xlsx_bytes(rows), ".xlsx") is None  # a workbook without data is refused
        return
    rendition = _read(_xlsx_bytes(rows), ".xlsx")
    assert rendition is not None and _cells(rendition) == _expected(rows)


@FAST
@given(TABLES)
def test_properties_html_tables_round_trip(rows):
    rendition = _read(_html_bytes(rows), ".html")
    assert rendition is not None
    if len(rows) * len(rows[0]) > 1:  # a one-cell table lays out the page
        assert _cells(rendition) == rows


@SLOW
@given(TABLES)
def test_properties_pdf_tables(rows):
    rendition = _read(_pdf_bytes(rows), ".pdf")
    assert rendition is not None and rendition.lines[0] == "遵义市任务分解表"


SPAN = st.one_of(st.integers(-2, 5).map(str), st.sampled_from(["", "x", "99999999", "2.5", " 3 "]))


@FAST
@given(st.lists(st.lists(st.tuples(LOOSE, SPAN, SPAN), min_size=1, max_size=4), min_size=1, max_size=5))
def test_properties_html_spans(rows):
    body = "".join("<tr>" + "".join(f'<td rowspan="{rs}" colspan="{cs}">{t}</td>' for t, rs, cs in row) + "</tr>" for row in rows)
    _read(f"<table>{body}</table><p>尾</p>".encode(), ".html")


@FAST
@given(st.lists(st.sampled_from(["<p>", "</p>", "<br>", "<table>", "</table>", "<tr>", "<td>", "</td>", "<script>", "</script>",
                                 "<pre>", "</pre>", "<ol start='x'>", "<li>", "<nav>", "<form>", "<!--", "-->", "<meta charset='big5'>",
                                 "治理扬尘", "市住建局", " ", "\n", "&nbsp;", "&#0;", "<?xml version='1.0' encoding='gbk'?>"]), max_size=40))
def test_properties_html_markup_soup(parts):
    _read("".join(parts).encode("utf-8"), ".html")


@FAST
@given(st.text(max_size=80), st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b""]))
def test_properties_text_files(text, bom):
    codec = {codecs.BOM_UTF16_LE: "utf-16-le"}.get(bom, "utf-8")
    rendition = _read(bom + text.encode(codec, errors="ignore"), ".txt")
    if rendition is not None:
        assert all("\n" not in line for line in rendition.lines)
