"""Format readers: Word, PDF, web pages, spreadsheets and text files, each made in code."""

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from govkg.graph.errors import DocumentError
from govkg.extract.formats import FORMATS, format_of, read_rendition
from govkg.extract.pdf import NO_TEXT_LAYER, read_pdf
from govkg.extract.sheet import read_xlsx
from govkg.extract.web import read_html
from govkg.extract.word import read_doc, read_docx

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("reportlab")

from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TASKS = [
    ["序号", "工作任务", "牵头单位", "完成时限"],
    ["一、大气污染防治", None, None, None],  # merged across the four columns
    ["1", "治理建筑工地扬尘", "市环保局", "2016年底"],  # 市环保局 merged down three rows
    ["2", "整治餐饮油烟", None, "2017年6月"],
    ["3", "淘汰黄标车", None, "2017年底"],
    ["4", "推广新能源公交车", "市交通局", "长期"],
]
TASK_LINES = (
    "序号\t工作任务\t牵头单位\t完成时限",
    "一、大气污染防治\t一、大气污染防治\t一、大气污染防治\t一、大气污染防治",
    "1\t治理建筑工地扬尘\t市环保局\t2016年底",
    "2\t整治餐饮油烟\t市环保局\t2017年6月",
    "3\t淘汰黄标车\t市环保局\t2017年底",
    "4\t推广新能源公交车\t市交通局\t长期",
)


def _cells(rendition, grid=0):
    return [[c.text if c else None for c in row] for row in rendition.grids[grid].cells]


def _assert_cells_point_into_lines(rendition):
    for grid in rendition.grids:
        for row in grid.cells:
            for cell in row:
                if cell is not None:
                    line, col = cell.where(0)
                    assert rendition.lines[line - 1][col : col + len(cell.text)] == cell.text


# ---------------------------------------------------------------- .docx


def _task_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("遵义市创建国家环境保护模范城市工作任务分解表")
    table = document.add_table(rows=len(TASKS), cols=4)
    for r, row in enumerate(TASKS):
        for c, text in enumerate(row):
            if text is not None:
                table.cell(r, c).text = text
    table.cell(1, 0).merge(table.cell(1, 3))
    table.cell(2, 2).merge(table.cell(4, 2))
    document.add_paragraph("以上任务由各责任单位按期完成。")
    document.save(path)
    return path


def test_word_table_merged_cells_repeat(tmp_path):
    r = read_docx(_task_docx(tmp_path / "tasks.docx"))
    assert r.lines == ("遵义市创建国家环境保护模范城市工作任务分解表", *TASK_LINES, "以上任务由各责任单位按期完成。")
    assert r.format == "docx" and r.encoding is None
    assert [row[2] for row in _cells(r)] == ["牵头单位", "一、大气污染防治", "市环保局", "市环保局", "市环保局", "市交通局"]
    assert _cells(r)[3] == ["2", "整治餐饮油烟", "市环保局", "2017年6月"]
    assert r.locators[0] == "paragraph 1" and r.locators[4] == "table 1, row 4" and r.locators[-1] == "paragraph 2"
    assert r.grids[0].first_line == 2
    _assert_cells_point_into_lines(r)


def _chinese_outline(document) -> None:
    """Adds lists 90 (一、 / （一） / 1.) and 91 (the same definition, restarted at 三)."""
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>'
            '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
            '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%4"/><w:suff w:val="nothing"/></w:lvl>'
            "</w:abstractNum>"
        ),
    )
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>'
        )
    )


def _numbered(document, text: str, num_id: int, ilvl: int) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def test_word_paragraphs_carry_list_numbers(tmp_path):
    document = docx.Document()
    _chinese_outline(document)
    document.add_paragraph("工作方案")
    for text, num_id, ilvl in [
        ("总体要求", 90, 0), ("加强组织领导", 90, 1), ("落实工作责任", 90, 1), ("制定年度计划", 90, 2),
        ("按月调度", 90, 3), ("按季通报", 90, 3), ("主要任务", 90, 0), ("治理扬尘", 90, 1), ("保障措施", 91, 0),
    ]:  # fmt: skip
        _numbered(document, text, num_id, ilvl)
    document.add_paragraph("推广新能源汽车", style="List Number")
    document.add_paragraph("整治餐饮油烟", style="List Number")
    path = tmp_path / "outline.docx"
    document.save(path)
    assert read_docx(path).lines == (
        "工作方案",
        "一、总体要求",
        "（一）加强组织领导",
        "（二）落实工作责任",
        "1. 制定年度计划",
        "①按月调度",
        "②按季通报",
        "二、主要任务",
        "（一）治理扬尘",
        "三、保障措施",
        "1. 推广新能源汽车",
        "2. 整治餐饮油烟",
    )


def test_word_reads_content_controls_and_skips_deleted_text(tmp_path):
    document = docx.Document()
    body = document.element.body
    body.insert(
        0,
        parse_xml(
            f'<w:p {nsdecls("w")}><w:r><w:t>牵头单位：</w:t></w:r>'
            '<w:sdt><w:sdtContent><w:r><w:t>市住建局</w:t></w:r></w:sdtContent></w:sdt>'
            '<w:del w:id="1" w:author="a"><w:r><w:delText>市环保局</w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="a"><w:r><w:t>、市城管局</w:t></w:r></w:ins>'
            '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏批注</w:t></w:r></w:p>'
        ),
    )
    path = tmp_path / "controls.docx"
    document.save(path)
    assert read_docx(path).lines == ("牵头单位：市住建局、市城管局",)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just text, not a zip", "expected a Word .docx file (a zip container); found other data (starting b'just tex')"),
        (b"", "expected a Word .docx file (a zip container); found an empty file"),
        (b"PK\x03\x04 truncated", "expected a Word .docx file (a zip container); found a damaged or truncated zip container"),
    ],
    ids=["text", "empty", "truncated-zip"],
)
def test_word_fake_docx_is_refused(tmp_path, content, message):
    path = tmp_path / "fake.docx"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as exc:
        read_rendition(path)
    assert exc.value.message == message and exc.value.path == str(path)


def test_word_zip_without_document_is_refused(tmp_path):
    path = tmp_path / "fake.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "not word")
    with pytest.raises(DocumentError) as exc:
        read_rendition(path)
    assert exc.value.message == "expected a Word .docx file (a zip holding word/document.xml); found a zip of 1 file(s) without it (readme.txt)"


def test_word_damaged_document_xml_is_refused(tmp_path):
    source = _task_docx(tmp_path / "tasks.docx")
    path = tmp_path / "damaged.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            new.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    with pytest.raises(DocumentError, match=r"expected a Word \.docx file; found a damaged one \(XMLSyntaxError: "):
        read_docx(path)


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(20) + b"\xfe\xff\x09\x00" + bytes(480)


def test_word_doc_without_soffice_names_the_package(tmp_path, monkeypatch):
    path = tmp_path / "old.doc"
    path.write_bytes(OLE_HEADER)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(DocumentError) as exc:
        read_rendition(path)
    assert exc.value.message == "expected soffice on PATH to convert a Word 97-2003 .doc file; found none: install the Debian package libreoffice-writer"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"meeting notes", "expected a Word 97-2003 .doc file (an OLE container) or RTF; found other data (starting b'meeting ')"),
        (OLE_HEADER[:100], "expected a Word 97-2003 .doc file; found a damaged OLE container (its 512-byte header is invalid)"),
    ],
    ids=["text", "short-ole"],
)
def test_word_doc_that_is_not_word_is_refused(tmp_path, content, message):
    path = tmp_path / "notes.doc"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as exc:
        read_doc(path)
    assert exc.value.message == message


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("GOVKG_REQUIRE_SOFFICE"), reason="LibreOffice (Debian package libreoffice-writer or libreoffice-writer-nogui) is not installed")
def test_word_doc_converted_with_libreoffice(tmp_path):
    source = _task_docx(tmp_path / "tasks.docx")

    def convert(path: Path, to: str) -> Path:
        profile = (tmp_path / "profile").as_uri()
        done = subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation={profile}", "--convert-to", to, "--outdir", str(tmp_path), str(path)],
            capture_output=True, timeout=180, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return path.with_suffix(f".{to}")

    doc = convert(convert(source, "odt"), "doc")  # LibreOffice 7.4 drops python-docx tables on docx -> doc
    assert doc.read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    r = read_rendition(doc)
    assert r.format == "doc"
    assert r.lines[:7] == ("遵义市创建国家环境保护模范城市工作任务分解表", *TASK_LINES)
    assert [row[2] for row in _cells(r)][2:5] == ["市环保局", "市环保局", "市环保局"]


# ---------------------------------------------------------------- .pdf


def _draw_table(c, rows, x0, top, widths, height=24, merged=()):
    """Ruled table; ``merged`` holds (row, column) slots whose top rule is left out."""
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top - i * height for i in range(len(rows) + 1)]
    c.line(xs[0], ys[0], xs[-1], ys[0])
    c.line(xs[0], ys[-1], xs[-1], ys[-1])
    for r in range(1, len(rows)):
        for col in range(len(widths)):
            if (r, col) not in merged:
                c.line(xs[col], ys[r], xs[col + 1], ys[r])
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    for r, row in enumerate(rows):
        for col, text in enumerate(row):
            if text:
                c.drawString(xs[col] + 3, ys[r] - 16, text)
    return ys[-1]


def _task_pdf(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    c.setFont(FONT, 12)
    for n, line in enumerate(["遵义市创建国家环境保护模范城市工作方案", "一、总体要求", "（一）加强组织领导，落实工作责任。"]):
        c.drawString(72, height - 72 - 20 * n, line)
    c.showPage()
    c.setFont(FONT, 11)
    c.drawString(72, height - 72, "附件：任务分解表")
    rows = [["序号", "工作任务", "牵头单位"], ["1", "治理建筑工地扬尘", "市环保局"], ["2", "整治餐饮油烟", ""], ["3", "推广新能源公交车", "市交通局"]]
    bottom = _draw_table(c, rows, 72, height - 90, [40, 200, 100], merged={(2, 2)})
    c.drawString(72, bottom - 30, "以上任务于2016年底前完成。")
    c.showPage()
    c.save()
    return path


def test_pdf_prose_and_ruled_table(tmp_path):
    r = read_pdf(_task_pdf(tmp_path / "plan.pdf"))
    assert r.lines == (
        "遵义市创建国家环境保护模范城市工作方案",
        "一、总体要求",
        "（一）加强组织领导，落实工作责任。",
        "附件：任务分解表",
        "序号\t工作任务\t牵头单位",
        "1\t治理建筑工地扬尘\t市环保局",
        "2\t整治餐饮油烟\t市环保局",  # the lead unit cell spans rows 2 and 3 of the ruling
        "3\t推广新能源公交车\t市交通局",
        "以上任务于2016年底前完成。",
    )
    assert r.locators == ("page 1",) * 3 + ("page 2", *(f"page 2, table 1, row {n}" for n in range(1, 5)), "page 2")
    assert sum("治理建筑工地扬尘" in line for line in r.lines) == 1  # the table's text is not repeated as prose
    assert _cells(r)[2] == ["2", "整治餐饮油烟", "市环保局"]
    _assert_cells_point_into_lines(r)


def _scan_pdf(path: Path) -> Path:
    from PIL import Image

    image = Image.new("RGB", (8, 8), "white")
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(image), 72, 600, width=200, height=200)
    c.showPage()
    c.save()
    return path


def test_pdf_scan_without_text_layer_is_refused(tmp_path):
    path = _scan_pdf(tmp_path / "scan.pdf")
    with pytest.raises(DocumentError) as exc:
        read_rendition(path)
    assert exc.value.message == f"expected a PDF with a text layer; found 1 page(s) of images only: {NO_TEXT_LAYER}"
    assert str(exc.value).endswith("no text layer: run OCR first")


def test_pdf_page_without_text_is_a_warning(tmp_path):
    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 12)
    c.drawString(72, 700, "第一页正文")
    c.showPage()
    c.rect(72, 600, 100, 100, fill=1)
    c.showPage()
    c.save()
    warnings = []
    assert read_pdf(path, warnings=warnings).lines == ("第一页正文",)
    assert warnings == ["page 2 has no text layer (an image only?): run OCR first to read it"]


def test_pdf_encrypted_is_refused(tmp_path):
    path = tmp_path / "secret.pdf"
    c = canvas.Canvas(str(path), encrypt="secret")
    c.setFont(FONT, 12)
    c.drawString(72, 700, "机密")
    c.showPage()
    c.save()
    with pytest.raises(DocumentError) as exc:
        read_pdf(path)
    assert exc.value.message == "expected a PDF that opens without a password; found an encrypted one (PDFPasswordIncorrect): remove the password first"


def test_pdf_truncated_is_refused(tmp_path):
    data = _task_pdf(tmp_path / "plan.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(DocumentError) as exc:
        read_rendition(path)
    assert exc.value.message.startswith(("expected a readable PDF; found a damaged one", "expected a PDF with a text layer"))


def test_pdf_without_header_is_refused(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"\x00\x01binary junk")
    with pytest.raises(DocumentError) as exc:
        read_pdf(path)
    assert exc.value.message == "expected a PDF (a file starting with %PDF-); found b'\\x00\\x01binary'"


# ---------------------------------------------------------------- .html

PAGE = """<!DOCTYPE html>
<html><head><meta charset="gbk"><title>遵义市人民政府</title>
<style>td { color: red }</style><script>var tasks = "不是正文";</script></head>
<body>
<header><a href="/">首页</a> | 政务公开</header>
<nav><ul><li>导航一</li><li>导航二</li></ul></nav>
<form action="/search"><input name="q"><button>搜索</button>站内搜索</form>
<h1>遵义市创建国家环境保护模范城市工作任务分解表</h1>
<p>各县（区）人民政府：<br>现将任务分解如下。</p>
<table border="1">
<tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>完成时限</th></tr>
<tr><td colspan="4">一、大气污染防治</td></tr>
<tr><td>1</td><td>治理建筑工地扬尘</td><td rowspan="3">市环保局</td><td>2016年底</td></tr>
<tr><td>2</td><td>整治餐饮油烟</td><td>2017年6月</td></tr>
<tr><td>3</td><td>淘汰黄标车</td><td>2017年底</td></tr>
<tr><td>4</td><td>推广新能源公交车</td><td>市交通局</td><td>长期</td></tr>
</table>
<noscript>请启用脚本</noscript><iframe src="ad.html">广告</iframe>
<footer>版权所有 遵义市人民政府</footer>
</body></html>"""


def test_web_gbk_page_with_spans(tmp_path):
    path = tmp_path / "plan.html"
    path.write_bytes(PAGE.encode("gbk"))
    r = read_html(path)
    assert r.lines == ("遵义市创建国家环境保护模范城市工作任务分解表", "各县（区）人民政府：", "现将任务分解如下。", *TASK_LINES)
    assert (r.format, r.encoding) == ("html", "gb18030")
    assert r.locators[:3] == ("paragraph 1", "paragraph 2", "paragraph 3") and r.locators[3] == "table 1, row 1"
    assert [row[2] for row in _cells(r)] == ["牵头单位", "一、大气污染防治", "市环保局", "市环保局", "市环保局", "市交通局"]
    _assert_cells_point_into_lines(r)


def test_web_http_equiv_charset_and_layout_table(tmp_path):
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
        "<table><tr><td><table><tr><td>工作任务</td><td>牵头单位</td></tr><tr><td>治理扬尘</td><td>市住建局</td></tr></table>"
        "<p>正文段落</p></td></tr></table></body></html>"
    )
    path = tmp_path / "layout.htm"
    path.write_bytes(page.encode("gb2312"))
    r = read_rendition(path)
    assert r.lines == ("工作任务\t牵头单位", "治理扬尘\t市住建局", "正文段落")
    assert len(r.grids) == 1


def test_web_wrong_declared_charset_is_overruled(tmp_path):
    path = tmp_path / "wrong.html"
    path.write_bytes('<html><head><meta charset="gbk"></head><body><p>遵义市环境保护局负责</p></body></html>'.encode("utf-8"))
    warnings = []
    r = read_html(path, warnings=warnings)
    assert (r.lines, r.encoding) == (("遵义市环境保护局负责",), "utf-8")
    assert warnings == ["the page declares charset gb18030 but reads as mojibake in it; read as utf-8"]


def test_web_page_without_text_is_refused(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>x()</script></head><body><nav>首页</nav></body></html>", encoding="utf-8")
    with pytest.raises(DocumentError) as exc:
        read_html(path)
    assert exc.value.message == "expected a web page with text; found none outside scripts, navigation and forms"


# ---------------------------------------------------------------- .xlsx


def test_sheet_merged_ranges_repeat_and_empty_lines_drop(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "任务分解"
    for r, row in enumerate(TASKS, 1):
        for c, text in enumerate(row, 1):
            if text is not None:
                sheet.cell(row=r if r < 3 else r + 1, column=c + 1, value=text)  # row 3 and column A stay empty
    sheet.merge_cells("B2:E2")
    sheet.merge_cells("D4:D6")
    other = workbook.create_sheet("说明")
    other["B2"] = "本表由市环保局汇总"
    workbook.create_sheet("空表")
    path = tmp_path / "tasks.xlsx"
    workbook.save(path)
    warnings = []
    r = read_xlsx(path, warnings=warnings)
    assert r.lines == (*TASK_LINES, "本表由市环保局汇总")
    assert r.locators[0] == "sheet 任务分解, row 1" and r.locators[-1] == "sheet 说明, row 1"
    assert [g.locator for g in r.grids] == ["sheet 任务分解", "sheet 说明"]
    assert warnings == ["sheet 空表 is empty"]
    _assert_cells_point_into_lines(r)


def test_sheet_fake_xlsx_is_refused(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(DocumentError) as exc:
        read_xlsx(path)
    assert exc.value.message == "expected an Excel .xlsx file (a zip container); found a Word 97-2003 or Excel 97-2003 file (an OLE container): save it as .xlsx"


# ---------------------------------------------------------------- text and dispatch


def test_formats_text_lines_and_encoding(tmp_path):
    path = tmp_path / "plan.md"
    path.write_bytes("# 工作方案\r\n\r\n治理扬尘\r\n".encode("utf-16"))
    r = read_rendition(path)
    assert (r.lines, r.locators, r.format, r.encoding) == (("# 工作方案", "", "治理扬尘"), ("line 1", "line 2", "line 3"), "text", "utf-16")


def test_formats_classic_mac_line_ends(tmp_path):
    path = tmp_path / "mac.txt"
    path.write_bytes("第一行\r第二行\r".encode("gb18030"))
    assert read_rendition(path).lines == ("第一行", "第二行")


def test_formats_truncated_utf8_warns(tmp_path):
    path = tmp_path / "cut.txt"
    path.write_bytes("市住建局牵头，各区政府配合".encode("utf-8")[:-1])
    warnings = []
    r = read_rendition(path, warnings=warnings)
    assert (r.lines, r.encoding) == (("市住建局牵头，各区政府配",), "utf-8")
    assert warnings == ["dropped an incomplete UTF-8 character at the end of the file (bytes e5 90)"]


def test_formats_content_wins_over_suffix(tmp_path):
    word = _task_docx(tmp_path / "tasks.docx")
    disguised = tmp_path / "tasks.txt"
    disguised.write_bytes(word.read_bytes())
    page = tmp_path / "page.doc"
    page.write_text("<html><body><p>治理扬尘</p></body></html>", encoding="utf-8")
    pdf = tmp_path / "plan.dat"
    pdf.write_bytes(_task_pdf(tmp_path / "plan.pdf").read_bytes())
    assert [format_of(p) for p in (disguised, page, pdf)] == ["docx", "html", "pdf"]
    assert read_rendition(disguised).lines[1:7] == TASK_LINES


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: os.mkfifo(p), "expected a regular file; found a FIFO"),
        (lambda p: os.symlink(p.parent / "missing", p), "cannot read file: No such file or directory"),
        (lambda p: os.mkdir(p), "expected a regular file; found a folder"),
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)), None),
    ],
    ids=["fifo", "dangling-link", "folder", "xls"],
)
def test_formats_refuse_what_no_reader_takes(tmp_path, make, message):
    path = tmp_path / ("book.xls" if message is None else "thing.txt")
    make(path)
    with pytest.raises(DocumentError) as exc:
        read_rendition(path)
    expected = message or f"expected one of {', '.join(FORMATS)}; found an Excel 97-2003 .xls workbook: save it as .xlsx"
    assert exc.value.message == expected


def test_formats_zip_that_is_neither_word_nor_excel(tmp_path):
    path = tmp_path / "archive.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a.txt", "甲")
    with pytest.raises(DocumentError) as exc:
        read_rendition(path)
    assert exc.value.message == "expected a Word .docx or Excel .xlsx file; found a zip container holding neither word/document.xml nor xl/workbook.xml (a.txt)"


def test_formats_missing_library_names_the_extra(tmp_path, monkeypatch):
    path = _task_docx(tmp_path / "tasks.docx")
    monkeypatch.setitem(sys.modules, "docx", None)  # makes `import docx` fail
    with pytest.raises(DocumentError) as exc:
        read_rendition(path)
    assert exc.value.message == "expected the library docx to read Word .docx files; found it missing: pip install 'govkg[formats]'"


def test_formats_lists_every_reader_suffix():
    assert FORMATS == (".txt", ".md", ".text", ".docx", ".doc", ".pdf", ".html", ".htm", ".xlsx")


def test_formats_readers_take_in_memory_made_files(tmp_path):
    """Every reader gives the same task rows for the same table, whatever the format."""
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    for row in TASKS:
        workbook.active.append(row)
    workbook.active.merge_cells("A2:D2")
    workbook.active.merge_cells("C3:C5")
    workbook.save(buffer)
    (tmp_path / "t.xlsx").write_bytes(buffer.getvalue())
    page = tmp_path / "t.html"
    page.write_bytes(PAGE.encode("gbk"))
    word = _task_docx(tmp_path / "t.docx")
    tables = [_cells(read_rendition(p)) for p in (tmp_path / "t.xlsx", page, word)]
    assert tables[0] == tables[1] == tables[2]
    assert tables[0][4] == ["3", "淘汰黄标车", "市环保局", "2017年底"]
