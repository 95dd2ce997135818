from datetime import date

import pytest

from govkg.extract.deadline import parse_deadline


@pytest.mark.parametrize(
    "text, kind, end",
    [
        ("2016年底", "date", date(2016, 12, 31)),
        ("2019年9月底前", "date", date(2019, 9, 30)),
        ("2014年5月8日", "date", date(2014, 5, 8)),
        ("2015年9月—2017年4月", "interval", date(2017, 4, 30)),
        ("2013年7月至2014年10月", "interval", date(2014, 10, 31)),
        ("每年12月20日前", "annual", None),
        ("长期", "open", None),
        ("持续推进", "open", None),
    ],
)
def test_deadline_parse(text, kind, end):
    d = parse_deadline(text)
    assert d is not None and d.kind == kind and d.end == end and d.text == text


def test_deadline_not_a_deadline():
    assert parse_deadline("加强监管") is None


@pytest.mark.parametrize(("text", "end"), [("2021.12", date(2021, 12, 31)), ("2021.8", date(2021, 8, 31)),
                                           ("2021.8.30前", date(2021, 8, 30))])
def test_deadline_dotted_dates(text, end):
    assert parse_deadline(text).end == end


@pytest.mark.parametrize("text", ["2021.13", "2021.2.30", "2021.5亿元"])
def test_deadline_dotted_numbers_that_are_no_dates(text):
    assert parse_deadline(text) is None
