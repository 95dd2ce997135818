"""decode_text: every encoding Chinese offices use, and every wrong guess refused."""

import codecs

import pytest

from govkg.extract.encoding import decode_text
from govkg.extract.plausibility import improbable_share
from govkg.graph.errors import DocumentError

SIMPLIFIED = "附件\n遵义市创建国家环境保护模范城市工作任务分解表\n序号\t工作任务\t牵头单位\n1\t治理扬尘，落实六个百分百\t市住建局\n"
TRADITIONAL = "附件\n臺北市環境保護局工作任務分解表\n序號\t工作任務\t責任單位\n1\t整治河川污染，完成時限：2016年底\t環保局\n"


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8", SIMPLIFIED),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig", SIMPLIFIED),
        (codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"), "utf-16", SIMPLIFIED),
        (codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), "utf-16", SIMPLIFIED),
        (SIMPLIFIED.encode("utf-16-le"), "utf-16-le", SIMPLIFIED),
        (SIMPLIFIED.encode("utf-16-be"), "utf-16-be", SIMPLIFIED),
        ("遵义市环境保护局".encode("utf-16-le"), "utf-16-le", "遵义市环境保护局"),  # no ASCII, so no NUL byte
        (SIMPLIFIED.encode("gb18030"), "gb18030", SIMPLIFIED),
        ("朱镕基同志主持召开全市环境保护工作会议，部署大气污染治理任务\n".encode("gbk"), "gb18030", "朱镕基同志主持召开全市环境保护工作会议，部署大气污染治理任务\n"),
        (TRADITIONAL.encode("big5"), "big5", TRADITIONAL),
        (codecs.BOM_UTF32_LE + SIMPLIFIED.encode("utf-32-le"), "utf-32", SIMPLIFIED),
        ("plain ASCII notes\n".encode("ascii"), "utf-8", "plain ASCII notes\n"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be", "utf-16-le-cjk-only", "gb18030", "gbk", "big5", "utf-32-bom", "ascii"],
)
def test_encoding_decodes_each_encoding(data, encoding, text):
    assert decode_text(data, "plan.txt") == (text, encoding, [])


def test_encoding_truncated_utf8_stays_utf8():
    text = "市住建局牵头，各区政府配合"
    data = text.encode("utf-8")[:-1]
    assert data.decode("gb18030")  # the trap: the cut bytes are valid GB18030 mojibake
    assert decode_text(data, "cut.txt") == (text[:-1], "utf-8", ["dropped an incomplete UTF-8 character at the end of the file (bytes e5 90)"])


def test_encoding_truncated_utf8_with_bom():
    data = codecs.BOM_UTF8 + "责任单位".encode("utf-8")[:-2]
    assert decode_text(data, "cut.txt") == ("责任单", "utf-8-sig", ["dropped an incomplete UTF-8 character at the end of the file (bytes e4)"])


def test_encoding_truncated_utf16_drops_odd_byte():
    data = "序号\t工作任务".encode("utf-16-le") + b"\x4e"
    text, encoding, warnings = decode_text(data, "cut.txt")
    assert (text, encoding) == ("序号\t工作任务", "utf-16-le")
    assert warnings == ["dropped a trailing odd byte (4e) that does not make a whole UTF-16 character"]


def test_encoding_utf8_corrupted_inside_is_refused_not_read_as_gb18030():
    good = "市住建局牵头，各区政府配合".encode("utf-8")
    data = good[:11] + good[12:]  # one byte lost in the middle: no longer UTF-8, still GB18030
    assert data.decode("gb18030")
    with pytest.raises(DocumentError) as exc:
        decode_text(data, "broken.txt")
    assert exc.value.message == "expected valid UTF-8 text; found UTF-8 with 1 invalid byte sequence(s), the first at offset 9 (byte e5)"
    assert (exc.value.path, exc.value.line) == ("broken.txt", 1)


def test_encoding_wrong_guess_is_refused_as_improbable():
    data = TRADITIONAL.encode("big5") + b"\x81\x30\x81\x30"  # a GB18030 four-byte code: no longer Big5
    assert data.decode("gb18030")
    with pytest.raises(DocumentError) as exc:
        decode_text(data, "guess.txt")
    message = exc.value.message
    assert message.startswith("expected text in UTF-8, UTF-16, GB18030/GBK or Big5; found text that is ")
    assert "improbable characters when decoded as gb18030 (private-use, control, replacement, rare or mixed-script characters such as " in message
    assert message.endswith("the encoding is something else, or this is not a Chinese document")


def test_encoding_double_encoded_utf8_is_refused():
    data = "遵义市任务分解表".encode("utf-8").decode("latin-1").encode("utf-8")
    with pytest.raises(DocumentError, match=r"found UTF-8 that was read as Latin-1 and saved again"):
        decode_text(data, "twice.txt")


def test_encoding_private_use_text_is_refused():
    data = ("\ue000\ue001\ue002\ue003" * 20).encode("utf-8")
    with pytest.raises(DocumentError) as exc:
        decode_text(data, "glyphs.txt")
    assert "100% improbable characters when decoded as utf-8" in exc.value.message
    assert "'\\ue000'" in exc.value.message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "expected text; found an empty file (0 bytes)"),
        (b" \r\n\t\n", "expected text; found only whitespace (5 characters of utf-8)"),
        (codecs.BOM_UTF8, "expected text; found no character (utf-8-sig: only a byte order mark or an incomplete character)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89",
         "expected a text file; found binary data (NUL bytes, the first at offset 8, and the bytes are not UTF-16 text either)"),
        (bytes(range(1, 32)) * 4 + b"abc", "expected a text file; found binary data (79% control bytes)"),
    ],
    ids=["empty", "whitespace", "bom-only", "png", "control-bytes"],
)
def test_encoding_refuses_non_text(data, message):
    with pytest.raises(DocumentError) as exc:
        decode_text(data, "bad.txt")
    assert exc.value.message == message
    assert str(exc.value) == f"bad.txt: {message}"


def test_encoding_damaged_utf8_names_the_line():
    data = SIMPLIFIED.encode("utf-8").replace("治理".encode("utf-8"), b"\xff\xfe")
    with pytest.raises(DocumentError) as exc:
        decode_text(data, "bad.txt")
    assert exc.value.line == 4
    offset = data.index(b"\xff")
    assert exc.value.message == f"expected valid UTF-8 text; found UTF-8 with 2 invalid byte sequence(s), the first at offset {offset} (byte ff)"


def test_encoding_undecodable_bytes_are_refused():
    data = b"\x81\x20\xff\x30\xfe\x0a" * 3
    with pytest.raises(DocumentError) as exc:
        decode_text(data, "bad.txt")
    assert exc.value.message.startswith("expected text in UTF-8, UTF-16, GB18030/GBK or Big5; found ")


def test_encoding_replacement_characters_are_a_warning():
    text, encoding, warnings = decode_text("遵义市\ufffd任务分解表".encode("utf-8"), "lossy.txt")
    assert (text, encoding) == ("遵义市\ufffd任务分解表", "utf-8")
    assert warnings == ["the text holds 1 replacement character(s) U+FFFD: some characters were lost before the file was saved"]


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("遵义市环境保护局：落实 GB 3095-2012 标准 ≥ 85%，①②③", 0.0, 0.0),
        (TRADITIONAL, 0.0, 0.02),
        ("閬典箟甯傜幆澧冧繚鎶ゅ眬", 0.4, 0.7),  # 遵义市环境保护局, UTF-8 read as GB18030
        ("\ue000\x07\x1b", 1.0, 1.0),
        ("", 0.0, 0.0),
    ],
)
def test_encoding_improbable_share(text, lo, hi):
    assert lo <= improbable_share(text) <= hi


def test_encoding_big5_read_as_gb18030_is_improbable():
    mojibake = TRADITIONAL.encode("big5").decode("gb18030")
    assert improbable_share(mojibake, ascii=False) > 0.3
    assert improbable_share(TRADITIONAL, ascii=False) < 0.05


@pytest.mark.parametrize(
    ("text", "codec", "tail"),
    [("遵义市任务分解表，治理扬尘", "gb18030", "b3"), (TRADITIONAL.strip(), "big5", "a7")],
)
def test_encoding_truncated_legacy_text_drops_the_tail(text, codec, tail):
    decoded, encoding, warnings = decode_text(text.encode(codec)[:-1], "cut.txt")
    assert (decoded, encoding) == (text[:-1], codec)
    assert warnings == [f"dropped an incomplete {codec.upper()} character at the end of the file (bytes {tail})"]
