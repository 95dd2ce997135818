"""Page noise: lines a web page, a PDF or a document-sharing site adds around the document.

Site banners and breadcrumbs (``首页 > 专题专栏 >``), publication lines (``发布日期：… 浏览次数：``),
font and share widgets, editor bylines, page numbers (``— 3 —``, ``第 2 页 共 5 页``),
document-sharing boilerplate (``《….docx》由会员分享，可在线阅读``) and the spam titles of
hijacked mirrors are recognised line by line, so readers can skip them without losing the
line numbers of everything else.

>>> is_noise("首页>专题专栏>热点专栏>无废城市 > 无废城市巡礼"), is_noise("日期: 2021-11-02")
(True, True)
>>> is_noise("大发体育开户,手机赌博官网"), is_noise("— 3 —"), is_noise("编辑: 梦三石 | 2019-07-05 |")
(True, True, True)
>>> is_noise("1、完善生活垃圾回收利用体系"), is_noise("责任单位:区环保局")
(False, False)
"""

from __future__ import annotations

import re

from .text import fold

__all__ = ["is_noise", "is_page_number", "noise_lines", "is_share_site"]

_PAGE_NUMBER = re.compile(
    r"""^(?:
        [—\-－–_]+\s*[0-9]+\s*[—\-－–_]+          # — 3 —, -3-
      | 第\s*[0-9]+\s*页(?:\s*[,，/]?\s*共\s*[0-9]+\s*页)?   # 第 2 页 共 5 页
      | [0-9]+\s*/\s*[0-9]+                     # 2/5
      | (?:page|Page|PAGE)\s*[0-9]+(?:\s*of\s*[0-9]+)?
    )$""",
    re.VERBOSE,
)

_NOISE = re.compile(
    r"""^(?:
        (?:当前位置|您的位置|你的位置|所在位置)\s*[：:]?.*     # breadcrumbs with a label
      | (?:首页|网站首页|主页)\s*(?:[>＞»›/]|&gt;).*            # 首页 > 专题 > …
      | (?:发布|发表|更新|印发|成文)?(?:日期|时间)\s*[：:]\s*[0-9]{4}[-/年.][0-9]{1,2}.*   # 日期: 2021-11-02
      | (?:来源|信息来源|文章来源|作者|编辑|责任编辑|撰稿|审核|供稿|发布机构|发布者)\s*[：:].{0,60}
      | .*(?:浏览次数|阅读次数|访问次数|点击数|浏览量|阅读量|访问量)\s*[：:]?.*
      | (?:字体|字号)\s*[：:]?\s*(?:[大中小]\s*){0,3}(?:\s*[【\[(（]?.{0,12})?
      | [【\[(（]?\s*字体\s*[：:].{0,20}
      | (?:分享到[：:]?|分享至[：:]?|打印本页|打印|关闭窗口|关闭|返回顶部|扫一扫.{0,16}|收藏|纠错|上一篇|下一篇|相关文章|相关链接|
         图片|视频|关怀版|无障碍|繁体|简体|English|登录|注册|搜索|微信|微博|QQ空间|\s)+
      | 法搜网.*|.*信息搜索网$|.*法律法规数据库$
      | .*(?:由会员分享|可在线阅读|珍藏版|请在.{1,12}上搜索|下载文档|文档格式|本文档|VIP|免费下载|原创力文档|人人文库|道客巴巴|豆丁).*
      | .*(?:体育开户|赌博|博彩|彩票|娱乐城|棋牌|真人娱乐|百家乐|老虎机|娱乐平台|下注|投注|赌场|官网下载|APP下载).*
      | [|｜│┃\s]+                                                        # bars alone
      | [^\u4e00-\u9fff]*\.(?:docx?|pdf|xlsx?|wps|html?)\s*$                 # a bare file name
      | [\u4e00-\u9fff\w（）()\-]{2,60}\.(?:docx?|pdf|xlsx?|wps)\s*$
    )$""",
    re.VERBOSE,
)

#: Two or more breadcrumb arrows in a short line: 专题专栏 > 热点专栏 > 无废城市
_BREADCRUMB = re.compile(r"(?:[^>＞»›]{1,16}[>＞»›]){2,}")

_SHARE_SITE = re.compile(r"由会员分享|可在线阅读|珍藏版|请在.{1,12}上搜索|原创力文档|人人文库|道客巴巴|豆丁网")


#: A pinyin reading a web mirror printed after a character: 責(zé)任單位, 實(shí)事. A syllable of
#: latin letters with at least one tone mark, in round brackets, right after a Chinese character.
PINYIN_NOTE = re.compile(r"""
    (?<=[\u4e00-\u9fff])
    [(（]
    (?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ])   # a tone mark somewhere in the syllable
    [a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,6}
    [)）]
    """, re.VERBOSE)
#: Readings in at least this many places make a document a pinyin-annotated copy.
_PINYIN_NOTES = 3


def is_pinyin_annotated(lines: tuple[str, ...] | list[str]) -> bool:
    """Whether a document carries pinyin readings after its characters (a mirror site's copy).

    >>> is_pinyin_annotated(["責(zé)任單位:市教育局", "實(shí)事", "主管領(lǐng)導(dǎo):劉東"])
    True
    >>> is_pinyin_annotated(["整治(一)", "市区(含开发区)"])
    False
    """
    count = 0
    for line in lines:
        count += len(PINYIN_NOTE.findall(line))
        if count >= _PINYIN_NOTES:
            return True
    return False


def is_page_number(text: str, *, bare: bool = False) -> bool:
    """A page number line: ``— 3 —``, ``第 2 页 共 5 页``, ``2/5``; with ``bare``, also ``3``.

    A bare number is a table's sequence cell as often as a page number, so only readers that
    know they are inside running text ask for it.

    >>> is_page_number("  — 3 —"), is_page_number("第 2 页 共 5 页"), is_page_number("3. 整治")
    (True, True, False)
    >>> is_page_number("12"), is_page_number("12", bare=True)
    (False, True)
    """
    t = text.strip()
    return bool(_PAGE_NUMBER.match(t)) or (bare and t.isdigit() and len(t) <= 4)


def is_noise(text: str) -> bool:
    """Whether one line is page noise rather than document text."""
    t = fold(text).strip()
    if not t:
        return False
    if is_page_number(t):
        return True
    if len(t) > 200:
        return False
    return bool(_NOISE.match(t)) or (len(t) <= 80 and bool(_BREADCRUMB.match(t)))


def is_share_site(lines: tuple[str, ...] | list[str]) -> bool:
    """Whether the text is a document-sharing site's preview (its pages start with ``N、``)."""
    return any(_SHARE_SITE.search(line) for line in lines[:12])


def noise_lines(lines: tuple[str, ...] | list[str]) -> frozenset[int]:
    """The 1-based numbers of the lines that are page noise."""
    return frozenset(n for n, line in enumerate(lines, 1) if line.strip() and is_noise(line))
