"""Dates that keep their precision: ``1949`` is a year, ``2018-07`` a month, ``2023-04-04`` a day.

Sources give dates at different precisions, and a month-precise fact must not be shown as if
it were known to the day. :class:`PartialDate` keeps the precision for display and compares by
the first day of the period it names, which is the rule every interval in the Atlas uses.
The standard library's :class:`datetime.date` does the calendar arithmetic and validation.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import Literal

from natoatlas.messages import msg

__all__ = [
    "DateStyle",
    "PartialDate",
    "Precision",
    "as_of",
    "format_date",
    "format_dot",
    "format_en",
    "format_ja",
    "parse_day",
    "span",
]

#: ASCII digits only, the whole text: no full-width or other scripts' digits, no spaces, no newline.
_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class Precision(IntEnum):
    """How much of a date a source gives."""

    YEAR = 1
    MONTH = 2
    DAY = 3


@dataclass(frozen=True, order=False, slots=True)
class PartialDate:
    """A calendar date known to a year, a month or a day.

    >>> PartialDate.parse("2018-07")
    PartialDate('2018-07')
    >>> PartialDate.parse("2018-07").first_day
    datetime.date(2018, 7, 1)
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # datetime.date validates the calendar (month 13, 30 February, …).
        dt.date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ``ValueError`` naming the problem."""
        match = _PATTERN.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        try:
            return cls(year, month, day)
        except ValueError as err:
            raise ValueError(f"{text!r} is not a calendar date ({err})") from None

    @classmethod
    def of(cls, day: dt.date) -> PartialDate:
        """The day-precise date of a :class:`datetime.date`."""
        return cls(day.year, day.month, day.day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    @property
    def first_day(self) -> dt.date:
        """The first day of the period: the point used to order and to test intervals."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def following(self) -> PartialDate:
        """The period right after this one, at the same precision: the exclusive end of an
        interval whose inclusive last day (month, year) this is.

        >>> PartialDate.parse("1957-12-19").following(), PartialDate.parse("2018-12").following()
        (PartialDate('1957-12-20'), PartialDate('2019-01'))
        """
        if self.day is not None:
            return PartialDate.of(self.first_day + dt.timedelta(days=1))
        if self.month is not None:
            return PartialDate(self.year + self.month // 12, self.month % 12 + 1)
        return PartialDate(self.year + 1)

    def isoformat(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    __str__ = isoformat

    def __repr__(self) -> str:
        return f"PartialDate({self.isoformat()!r})"

    def __lt__(self, other: PartialDate) -> bool:
        return self._key() < other._key()

    def __le__(self, other: PartialDate) -> bool:
        return self._key() <= other._key()

    def _key(self) -> tuple[dt.date, int]:
        return (self.first_day, int(self.precision))


def parse_day(text: str) -> dt.date:
    """Read a day-precise ISO date (``YYYY-MM-DD``) as given on the command line or in a URL."""
    value = PartialDate.parse(text)
    if value.precision is not Precision.DAY:
        raise ValueError(f"{text!r} is not a full date: give YYYY-MM-DD")
    return value.first_day


# 令和 began on 2019-05-01, 平成 on 1989-01-08, 昭和 on 1926-12-25 (元号法 and the Cabinet's
# orders that named each era); the briefing writes its date as 「令和7年5月」.
_ERAS: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
)


def format_ja(value: PartialDate, style: Literal["western", "era"] = "western") -> str:
    """Write a date as Japanese text at its own precision: ``2018年7月`` or ``令和7年5月``."""
    year_text = f"{value.year}年"
    if style == "era":
        for start, name in _ERAS:
            if value.first_day >= start:
                n = value.year - start.year + 1
                year_text = f"{name}{'元' if n == 1 else n}年"
                break
    text = year_text
    if value.month is not None:
        text += f"{value.month}月"
    if value.day is not None:
        text += f"{value.day}日"
    return text


def format_en(value: PartialDate) -> str:
    """Write a date as English text at its own precision: ``July 2018``, ``4 April 1949``."""
    if value.month is None:
        return str(value.year)
    month = _MONTHS_EN[value.month - 1]
    if value.day is None:
        return f"{month} {value.year}"
    return f"{value.day} {month} {value.year}"


def format_dot(value: PartialDate) -> str:
    """The briefing's compact Japanese dates, to the month: ``1999.6``, ``2016.11``."""
    return f"{value.year}.{value.month}" if value.month else str(value.year)


def _to_month(value: PartialDate) -> PartialDate:
    return PartialDate(value.year, value.month) if value.month else value


#: How a date is written in a text, by style: ``long`` everywhere (2018年7月, July 2018);
#: ``era`` for the briefing's date line (令和7年5月); ``compact`` for its operations' spans
#: (1999.6); ``cited`` for the date of a cited source (to the month in Japanese, as the
#: reference dates its sources).
#: ``cutoff``: the data cut-off line (ISO text in English, where readers compare it with dates
#: they type; in words in Japanese, as the reference dates things).
DateStyle = Literal["long", "era", "compact", "cited", "cutoff"]

#: The writing of a date is data of each language (not a message: it is code, by precision);
#: a language not listed is written as English.
_FORMATS: dict[str, dict[DateStyle, Callable[[PartialDate], str]]] = {
    "en": {
        "long": format_en,
        "era": format_en,
        "compact": format_en,
        "cited": format_en,
        "cutoff": PartialDate.isoformat,
    },
    "ja": {
        "long": format_ja,
        "era": lambda value: format_ja(value, style="era"),
        "compact": format_dot,
        "cited": lambda value: format_ja(_to_month(value)),
        "cutoff": format_ja,
    },
}


def format_date(value: PartialDate | None, lang: str, style: DateStyle = "long") -> str:
    """A date as text in ``ja`` or ``en`` at its own precision, in ``style``; empty for no date."""
    if value is None:
        return ""
    return _FORMATS.get(lang, _FORMATS["en"])[style](value)


def as_of(day: dt.date, lang: str) -> str:
    """The line that dates a view: ``2025年5月1日現在`` or ``as of 1 May 2025``."""
    return msg("date.as-of", lang, date=format_date(PartialDate.of(day), lang))


#: What a query's ``on=`` accepts: a day, an ISO ``YYYY-MM-DD`` string, or None for today.
DateLike = dt.date | str | None


def as_day(on: DateLike) -> dt.date:
    """The day a query is about: ``None`` is today; a string must be ``YYYY-MM-DD``."""
    if on is None:
        return dt.date.today()
    if isinstance(on, dt.datetime):
        return on.date()
    if isinstance(on, dt.date):
        return on
    return parse_day(on)


def span(start: PartialDate, last: PartialDate | None, lang: str, style: DateStyle = "long") -> str:
    """A period from ``start`` to its ``last`` day (month, year; None: still running), written as
    NATO writes it in English and the reference in Japanese: what the two ends share is written once.

    >>> d = PartialDate.parse
    >>> span(d("2014-09-04"), d("2014-09-05"), "en"), span(d("1999-06-12"), None, "en")
    ('4–5 September 2014', '12 June 1999 –')
    >>> span(d("2011-03-23"), d("2011-10-31"), "en"), span(d("2015-01-01"), d("2021-09"), "en")
    ('23 March – 31 October 2011', '1 January 2015 – September 2021')
    >>> span(d("2024-07-09"), d("2024-07-11"), "ja"), span(d("2011-03"), d("2011-10"), "ja", "compact")
    ('2024年7月9日～11日', '2011.3~10')
    """
    if lang == "ja":
        return _span_ja(start, last, style)
    first = format_date(start, lang, style)
    if last is None:
        return f"{first} –"
    if last == start:
        return first
    same_year = last.year == start.year and start.precision == last.precision
    if same_year and start.precision is Precision.YEAR:
        return first
    if same_year and start.day is not None and start.month == last.month:
        return f"{start.day}–{format_date(last, lang, style)}"  # 4–5 September 2014
    if same_year and start.day is None and start.month is not None:
        return f"{_MONTHS_EN[start.month - 1]}–{format_date(last, lang, style)}"  # March–October 2011
    if same_year:
        return f"{start.day} {_MONTHS_EN[(start.month or 1) - 1]} – {format_date(last, lang, style)}"
    if start.precision is Precision.YEAR and last.precision is Precision.YEAR:
        return f"{start.year}–{last.year}"
    return f"{first} – {format_date(last, lang, style)}"


def _span_ja(start: PartialDate, last: PartialDate | None, style: DateStyle) -> str:
    """The Japanese span: 「2024年7月9日～11日」, compact 「2011.3~10」 (the reference's operations)."""
    compact = style == "compact"
    wave = "~" if compact else "～"
    first = format_date(start, "ja", style)
    if last is None:
        return first + wave
    if last == start:
        return first
    end = format_date(last, "ja", style)
    if compact:
        # In the compact form an end in the start's year drops its year: 2016.7~12.
        if last.year == start.year and "." in end:
            end = end.split(".", 1)[1]
        return f"{first}{wave}{end}"
    if last.year == start.year and last.precision == start.precision and start.precision > Precision.YEAR:
        end = end.removeprefix(f"{last.year}年")
        if last.month == start.month and last.day is not None:
            end = end.removeprefix(f"{last.month}月")
    return f"{first}{wave}{end}"
