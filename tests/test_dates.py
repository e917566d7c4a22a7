"""Dates keep their precision; bad dates are refused with the reason."""

from __future__ import annotations

import datetime as dt

import pytest

from natoatlas.dates import DateStyle, PartialDate, Precision, format_en, format_ja, parse_day, span


@pytest.mark.parametrize(
    ("text", "precision", "first"),
    [
        ("1949", Precision.YEAR, dt.date(1949, 1, 1)),
        ("2018-07", Precision.MONTH, dt.date(2018, 7, 1)),
        ("2023-04-04", Precision.DAY, dt.date(2023, 4, 4)),
    ],
)
def test_parse_keeps_precision(text: str, precision: Precision, first: dt.date) -> None:
    value = PartialDate.parse(text)
    assert value.precision is precision
    assert value.first_day == first
    assert value.isoformat() == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025-13-01", "not a calendar date"),
        ("2023-02-29", "not a calendar date"),
        ("2018-7", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("yesterday-ish", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_parse_refuses_bad_dates(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        PartialDate.parse(text)


def test_parse_day_needs_a_full_date() -> None:
    assert parse_day("1999-03-12") == dt.date(1999, 3, 12)
    with pytest.raises(ValueError, match="not a full date"):
        parse_day("1999-03")


def test_month_is_not_a_day() -> None:
    assert PartialDate.parse("2018-07") != PartialDate.parse("2018-07-01")
    assert PartialDate.parse("2018-07") < PartialDate.parse("2018-07-01")


def test_japanese_and_english_text() -> None:
    assert format_ja(PartialDate.parse("2025-05"), style="era") == "令和7年5月"
    assert format_ja(PartialDate.parse("2019-05-01"), style="era") == "令和元年5月1日"
    assert format_ja(PartialDate.parse("2018-07")) == "2018年7月"
    assert format_en(PartialDate.parse("2025-05")) == "May 2025"
    assert format_en(PartialDate.parse("1949-04-04")) == "4 April 1949"


@pytest.mark.parametrize(
    "text",
    [
        "２０２５-０１-０１",
        "٢٠٢٥-٠١-٠١",
        "2025-01-01\n",
        " 2025-01-01 ",
        "2025-01-01 ",
        "\t2025",
        "2025-1-01",
    ],
)
def test_dates_are_strict_ascii(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date of the form"):
        PartialDate.parse(text)
    with pytest.raises(ValueError, match="is not a date of the form"):
        parse_day(text)


@pytest.mark.parametrize(
    ("start", "last", "lang", "style", "text"),
    [
        ("1999-06-12", None, "en", "long", "12 June 1999 –"),
        ("2014-09-04", "2014-09-05", "en", "long", "4–5 September 2014"),
        ("2011-03-23", "2011-10-31", "en", "long", "23 March – 31 October 2011"),
        ("2011-03", "2011-10", "en", "long", "March–October 2011"),
        ("2015-01-01", "2021-09", "en", "long", "1 January 2015 – September 2021"),
        ("2003", "2014", "en", "long", "2003–2014"),
        ("2022-06-29", "2022-06-29", "en", "long", "29 June 2022"),
        ("2024-07-09", "2024-07-11", "ja", "long", "2024年7月9日～11日"),
        ("2011-03-23", "2011-10-31", "ja", "long", "2011年3月23日～10月31日"),
        ("2015-01-01", "2021-09", "ja", "long", "2015年1月1日～2021年9月"),
        ("1999-06-12", None, "ja", "long", "1999年6月12日～"),
        ("1999-06-12", None, "ja", "compact", "1999.6~"),
        ("2011-03-23", "2011-10-31", "ja", "compact", "2011.3~10"),
        ("2009-11-21", "2014", "ja", "compact", "2009.11~2014"),
    ],
)
def test_span_writes_what_the_ends_share_once(
    start: str, last: str | None, lang: str, style: DateStyle, text: str
) -> None:
    end = PartialDate.parse(last) if last else None
    assert span(PartialDate.parse(start), end, lang, style) == text
