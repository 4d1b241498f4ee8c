"""Dates as text at their precision, in a language: the one formatter for charts, tables and the explorer.

A date in the data is a window with a precision (events: date_start, date_end, date_precision;
figures: as_of, as_of_precision), and it is written as precisely as it is known, never more:
- day "17 Apr 2018"; month "Nov 2017"; year "2004";
- range: both days, "21 Feb 2017 – 26 Feb 2017";
- approximate: "c. " and the window in its most compact exact form ("c. 2 Apr 2016",
  "c. Sep – Nov 2017", "c. 2007 – 2012"): never narrowed to a single guessed month;
- no known end: "22 Feb 2017 – end unknown" ("c. 1 Mar 2019 – end unknown").
`iso=True` writes days as "2018-04-17" (tables whose dates must read unambiguously and sort).
`lang` gives month names from CLDR (Babel) and the words from the catalog (partnership.i18n):
Italian "17 apr 2018", "nov 2017", "circa gen 2017", "22 feb 2017 – fine ignota". Month names
never depend on the machine's locale (strftime's %b and %B do).
"""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd

from partnership.i18n import check_language, words

DateLike = pd.Timestamp | dt.date | str


@functools.cache
def month_names(lang: str = "en", wide: bool = False) -> tuple[str, ...]:
    """The twelve month names, January first: abbreviated ('Jan', 'gen') or wide ('January', 'gennaio')."""
    from babel.dates import get_month_names

    names = get_month_names("wide" if wide else "abbreviated", context="format", locale=check_language(lang))
    return tuple(names[m] for m in range(1, 13))


def day_text(day: DateLike, iso: bool = False, lang: str = "en") -> str:
    """'17 Apr 2018' ('17 apr 2018'), or '2018-04-17' with iso."""
    day = pd.Timestamp(day)
    return f"{day:%Y-%m-%d}" if iso else f"{day.day} {month_text(day, lang=lang)}"


def month_text(day: DateLike, with_year: bool = True, lang: str = "en", wide: bool = False) -> str:
    """'Apr 2018' (or 'Apr'; 'April 2018' wide) for any day of that month."""
    day = pd.Timestamp(day)
    name = month_names(lang, wide)[day.month - 1]
    return f"{name} {day.year}" if with_year else name


def _whole_months(start: pd.Timestamp, end: pd.Timestamp) -> bool:
    return start.day == 1 and end == end + pd.offsets.MonthEnd(0)


def span_text(start: DateLike, end: DateLike, iso: bool = False, lang: str = "en") -> str:
    """A closed span of days in its most compact exact form: whole years, whole months, or days."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if start == end:
        return day_text(start, iso, lang)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year} – {end.year}"
    if _whole_months(start, end):
        if (start.year, start.month) == (end.year, end.month):
            return month_text(start, lang=lang)
        if start.year == end.year:
            return f"{month_text(start, False, lang)} – {month_text(end, lang=lang)}"
        return f"{month_text(start, lang=lang)} – {month_text(end, lang=lang)}"
    return days_text(start, end, iso, lang)


def days_text(start: pd.Timestamp, end: pd.Timestamp, iso: bool = False, lang: str = "en") -> str:
    """Two days, what they share said once: '17–22 Apr 2018', '28 Feb – 3 Mar 2018'."""
    if not iso and (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{day_text(end, lang=lang)}"
    if not iso and start.year == end.year:
        return f"{start.day} {month_text(start, False, lang)} – {day_text(end, lang=lang)}"
    return f"{day_text(start, iso, lang)} – {day_text(end, iso, lang)}"


def approximately(text: str, lang: str = "en") -> str:
    """'c. Feb 2018' ('circa feb 2018'): a date known only roughly."""
    # Translators: an approximate date, e.g. "c. Feb 2018"
    return words(lang).gettext("c. {date}", date=text)


def date_label(start: DateLike, end: DateLike | None, precision: str, iso: bool = False, lang: str = "en") -> str:
    """An event's dates as text at their precision (see the module docstring).

    end: None or NaT when the end is unknown. precision: day, month, year, range or approximate;
    month and year are read from start (the validator ties end to them).
    """
    start = pd.Timestamp(start)
    precision = str(precision)
    if pd.isna(end):
        # Translators: an event that started on {start} and has no known end
        text = words(lang).gettext("{start} – end unknown", start=day_text(start, iso, lang))
    elif precision == "day":
        return day_text(start, iso, lang)
    elif precision == "month":
        return month_text(start, lang=lang)
    elif precision == "year":
        return str(start.year)
    elif precision == "range":
        return days_text(start, pd.Timestamp(end), iso, lang)
    else:
        text = span_text(start, end, iso, lang)
    return approximately(text, lang) if precision == "approximate" else text


def as_of_label(date: DateLike | None, precision: str | None, iso: bool = False, lang: str = "en") -> str:
    """When a figure applies: '17 Apr 2018', 'Apr 2018', '2018', or 'c. Feb 2018' ('' if unknown).

    A figure's as_of is one date, so an approximate one is said to its month: the day is a guess.
    iso: a day as '2018-04-17' (as in date_label).
    """
    if pd.isna(date):
        return ""
    if str(precision) in ("day", "month", "year"):
        return date_label(date, date, str(precision), iso, lang)
    return approximately(month_text(date, lang=lang), lang)
