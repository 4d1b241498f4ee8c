"""Dates as text at their precision: the one formatter for charts, tables and the explorer.

A date in the data is a window with a precision (events: date_start, date_end, date_precision;
figures: as_of, as_of_precision), and it is written as precisely as it is known, never more:
- day "17 Apr 2018"; month "Nov 2017"; year "2004";
- range: both days, "21 Feb 2017 – 26 Feb 2017";
- approximate: "c. " and the window in its most compact exact form ("c. 2 Apr 2016",
  "c. Sep – Nov 2017", "c. 2007 – 2012"): never narrowed to a single guessed month;
- no known end: "22 Feb 2017 – end unknown" ("c. 1 Mar 2019 – end unknown").
`iso=True` writes days as "2018-04-17" (tables whose dates must read unambiguously and sort).
Month names are English abbreviations whatever the machine's locale (strftime's %b is not).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

DateLike = pd.Timestamp | dt.date | str
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
END_UNKNOWN = "end unknown"


def day_text(day: DateLike, iso: bool = False) -> str:
    """'17 Apr 2018', or '2018-04-17' with iso."""
    day = pd.Timestamp(day)
    return f"{day:%Y-%m-%d}" if iso else f"{day.day} {month_text(day)}"


def month_text(day: DateLike, with_year: bool = True) -> str:
    """'Apr 2018' (or 'Apr') for any day of that month."""
    day = pd.Timestamp(day)
    return f"{MONTHS[day.month - 1]} {day.year}" if with_year else MONTHS[day.month - 1]


def _whole_months(start: pd.Timestamp, end: pd.Timestamp) -> bool:
    return start.day == 1 and end == end + pd.offsets.MonthEnd(0)


def span_text(start: DateLike, end: DateLike, iso: bool = False) -> str:
    """A closed span of days in its most compact exact form: whole years, whole months, or days."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if start == end:
        return day_text(start, iso)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year} – {end.year}"
    if _whole_months(start, end):
        if (start.year, start.month) == (end.year, end.month):
            return month_text(start)
        if start.year == end.year:
            return f"{month_text(start, False)} – {month_text(end)}"
        return f"{month_text(start)} – {month_text(end)}"
    return days_text(start, end, iso)


def days_text(start: pd.Timestamp, end: pd.Timestamp, iso: bool = False) -> str:
    """Two days, what they share said once: '17–22 Apr 2018', '28 Feb – 3 Mar 2018'."""
    if not iso and (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{day_text(end)}"
    if not iso and start.year == end.year:
        return f"{start.day} {month_text(start, False)} – {day_text(end)}"
    return f"{day_text(start, iso)} – {day_text(end, iso)}"


def date_label(start: DateLike, end: DateLike | None, precision: str, iso: bool = False) -> str:
    """An event's dates as text at their precision (see the module docstring).

    end: None or NaT when the end is unknown. precision: day, month, year, range or approximate;
    month and year are read from start (the validator ties end to them).
    """
    start = pd.Timestamp(start)
    precision = str(precision)
    prefix = "c. " if precision == "approximate" else ""
    if pd.isna(end):
        return f"{prefix}{day_text(start, iso)} – {END_UNKNOWN}"
    if precision == "day":
        return day_text(start, iso)
    if precision == "month":
        return month_text(start)
    if precision == "year":
        return str(start.year)
    if precision == "range":
        return days_text(start, pd.Timestamp(end), iso)
    return prefix + span_text(start, end, iso)


def as_of_label(date: DateLike | None, precision: str | None, iso: bool = False) -> str:
    """When a figure applies: '17 Apr 2018', 'Apr 2018', '2018', or 'c. Feb 2018' ('' if unknown).

    A figure's as_of is one date, so an approximate one is said to its month: the day is a guess.
    iso: a day as '2018-04-17' (as in date_label).
    """
    if pd.isna(date):
        return ""
    if str(precision) in ("day", "month", "year"):
        return date_label(date, date, str(precision), iso)
    return f"c. {month_text(date)}"
