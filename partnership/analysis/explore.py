"""The explorer's filter: which events pass the filters, what they rest on, the selection as CSV.

Everything here is a pure function of the package and the filter values, usable without
widgets; the JupyterLab explorer (partnership.explorer, notebooks/06_explore.ipynb) builds its
controls and views on these calls, and the tests can check every rule without a browser.

Filter rules (`filter_events`)
------------------------------
- A filter left as None (or an empty list) does not restrict anything.
- Within one filter the values are alternatives (sectors=["design", "robotics"]: an event in
  either sector); different filters must all hold (sector AND actor AND phase ...).
- sectors / actors: the event is linked to one of them in event_sectors / event_actors
  (exactly that actor: picking a university does not pull in its units).
- phases: the event's phase.
- min_grade: the event's confidence grade is this grade or better (A is best; see
  METHODOLOGY.md). "D" therefore keeps everything; None or "" means no grade filter.
- languages / sides: at least one source that *supports* the event (stance "supports") is in
  one of these languages and, when both filters are given, the *same* source is also from one
  of these sides. The item's own language and side count, not those of the item it reprints.
- start / end (a date range; either end may be open): an event is kept when its uncertainty
  span [date_start, date_end] overlaps the range. A missing date_end means the end is unknown
  and the span runs on without limit (same rule as `tables.events_in_window`). Each kept event
  is marked in the `in_range` column: "inside" when the whole span lies in the range, "partly
  inside" when only part of it does (a month-precision event cut by the range, a year, an open
  end), and "" when no date range was given.

Unknown values (a sector or actor id that does not exist, a grade outside A-D, a language,
side or phase outside the schema's lists, an unreadable date, start after end) raise
`ValueError` naming the bad value and the allowed ones.

The result (`RESULT_COLUMNS`) has one row per matching event, sorted by date_start, date_end
(unknown ends last) and event_id, with the dates as text at their precision
(`partnership.analysis.dates.date_label`, days written YYYY-MM-DD), the actors' and sectors'
names, the grade, the independent origins and the citations (all cited sources: supporting
ones first, then contradicting, then mentioning), whose ids, URLs and stances are kept in
three aligned space-separated columns.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from partnership.analysis import tables
from partnership.analysis.dates import DateLike, date_label
from partnership.analysis.evidence import GRADES, record_evidence
from partnership.data.load import EvidencePackage

RESULT_COLUMNS = [
    "event_id",
    "when",
    "date_start",
    "date_end",
    "date_precision",
    "in_range",
    "title",
    "phase",
    "kind",
    "actors",
    "sectors",
    "grade",
    "n_origins",
    "origins",
    "source_ids",
    "source_urls",
    "citation_stances",
]
STANCE_ORDER = {"supports": 0, "contradicts": 1, "mentions": 2}
INSIDE, PARTLY = "inside", "partly inside"
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Choice = str | Iterable[str] | None  # one value, several, or None / [] for no filter


# --- values -----------------------------------------------------------------------------------


def is_missing(value: object) -> bool:
    """None, NaN or NaT (a scalar that stands for 'no value'); lists and strings are values."""
    return value is None or (pd.api.types.is_scalar(value) and not isinstance(value, str) and bool(pd.isna(value)))


def as_day(value: DateLike | None, name: str) -> pd.Timestamp | None:
    """A filter date: None, a date/datetime/Timestamp, or a 'YYYY-MM-DD' string."""
    if is_missing(value):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            if not _ISO_DAY.match(text):
                raise ValueError
            return pd.Timestamp(dt.date.fromisoformat(text))
        except ValueError:
            raise ValueError(f"{name}: {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2018-04-17") from None
    if isinstance(value, (dt.date, pd.Timestamp)):
        return pd.Timestamp(value).normalize()
    raise ValueError(f"{name}: {value!r} is not a date; give a datetime.date or a YYYY-MM-DD string")


def _chosen(values: Choice, name: str, allowed: Iterable[str]) -> set[str] | None:
    """The set of chosen values, or None for 'no filter'; unknown values raise ValueError."""
    if is_missing(values):
        return None
    if isinstance(values, str) or not isinstance(values, Iterable):
        values = [values]
    chosen = {str(v) for v in values}
    if not chosen:
        return None
    allowed = list(allowed)
    unknown = sorted(chosen - set(allowed))
    if unknown:
        shown = ", ".join(repr(u) for u in unknown)
        raise ValueError(f"unknown {name} {shown}; allowed: {', '.join(allowed) or '(none)'}")
    return chosen


def allowed_values(frame: pd.DataFrame, column: str) -> list[str]:
    """The values an enum column allows, as text, in the schema's order."""
    return [str(c) for c in tables.categories(frame, column)]


def event_citations(pkg: EvidencePackage) -> pd.DataFrame:
    """Event citations with their source's URL, language and side, in display order."""
    cit = pkg["citations"]
    cit = cit[cit["record_table"].astype(object) == "events"][["record_id", "source_id", "stance"]].copy()
    src = pkg["sources"].set_index("source_id")
    cit["stance"] = cit["stance"].astype(object)
    cit["url"] = cit["source_id"].map(src["url"].astype(object))
    cit["language"] = cit["source_id"].map(src["language"].astype(object))
    cit["side"] = cit["source_id"].map(src["side"].astype(object))
    cit["order"] = cit["stance"].map(STANCE_ORDER)
    return cit.sort_values(["record_id", "order", "source_id"], kind="stable")


# --- filter -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The filter values checked against the package: None means 'no filter'."""

    sectors: set[str] | None
    actors: set[str] | None
    phases: set[str] | None
    languages: set[str] | None
    sides: set[str] | None
    min_grade: str | None
    lo: pd.Timestamp | None
    hi: pd.Timestamp | None


def check_filters(
    pkg: EvidencePackage,
    sectors: Choice = None,
    actors: Choice = None,
    phases: Choice = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    min_grade: str | None = None,
    languages: Choice = None,
    sides: Choice = None,
) -> Filters:
    """The filter values as sets and days; raises ValueError for an unknown value (module docstring)."""
    chosen = {
        "sectors": _chosen(sectors, "sector", sorted(pkg["sectors"]["sector_id"])),
        "actors": _chosen(actors, "actor", sorted(pkg["actors"]["actor_id"])),
        "phases": _chosen(phases, "phase", allowed_values(pkg["events"], "phase")),
        "languages": _chosen(languages, "language", allowed_values(pkg["sources"], "language")),
        "sides": _chosen(sides, "side", allowed_values(pkg["sources"], "side")),
    }
    if min_grade == "" or is_missing(min_grade):
        min_grade = None
    if min_grade is not None and min_grade not in GRADES:
        raise ValueError(f"unknown grade {min_grade!r}; allowed: {', '.join(GRADES)} (A is best)")
    lo, hi = as_day(start, "start"), as_day(end, "end")
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"start {lo:%Y-%m-%d} is after end {hi:%Y-%m-%d}")
    return Filters(**chosen, min_grade=min_grade, lo=lo, hi=hi)


def _kept(pkg: EvidencePackage, f: Filters, grades: pd.Series, cit: pd.DataFrame) -> pd.Series:
    """Which events pass every filter (a boolean mask over pkg["events"])."""
    events, ev_sectors, ev_actors = pkg["events"], pkg["event_sectors"], pkg["event_actors"]
    keep = pd.Series(True, index=events.index)
    if f.sectors is not None:
        keep &= events["event_id"].isin(ev_sectors.loc[ev_sectors["sector_id"].isin(f.sectors), "event_id"])
    if f.actors is not None:
        keep &= events["event_id"].isin(ev_actors.loc[ev_actors["actor_id"].isin(f.actors), "event_id"])
    if f.phases is not None:
        keep &= events["phase"].astype(object).isin(f.phases)
    if f.min_grade is not None:
        keep &= events["event_id"].map(grades).map(GRADES.index) <= GRADES.index(f.min_grade)
    if f.languages is not None or f.sides is not None:
        ok = cit["stance"] == "supports"
        if f.languages is not None:
            ok &= cit["language"].isin(f.languages)
        if f.sides is not None:
            ok &= cit["side"].isin(f.sides)
        keep &= events["event_id"].isin(cit.loc[ok, "record_id"])
    if f.lo is not None:
        keep &= events["date_end"].isna() | (events["date_end"] >= f.lo)
    if f.hi is not None:
        keep &= events["date_start"] <= f.hi
    return keep


def _joined(frame: pd.DataFrame, key: str, value: str) -> dict[str, str]:
    return {k: "; ".join(sorted(set(g[value].astype(str)), key=str.casefold)) for k, g in frame.groupby(key)}


def _in_range(ev, f: Filters) -> str:
    """'' without a date range, else whether the event's whole span lies in it."""
    if f.lo is None and f.hi is None:
        return ""
    open_ended = is_missing(ev.date_end)
    inside = (f.lo is None or ev.date_start >= f.lo) and (f.hi is None or (not open_ended and ev.date_end <= f.hi))
    return INSIDE if inside else PARTLY


def filter_events(
    pkg: EvidencePackage,
    sectors: Choice = None,
    actors: Choice = None,
    phases: Choice = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    min_grade: str | None = None,
    languages: Choice = None,
    sides: Choice = None,
) -> pd.DataFrame:
    """The events that pass every filter, one row each (columns RESULT_COLUMNS).

    The filter rules are in this module's docstring. Raises ValueError for an unknown value.
    """
    f = check_filters(pkg, sectors, actors, phases, start, end, min_grade, languages, sides)
    evidence = record_evidence(pkg, "events")
    cit = event_citations(pkg)
    events = pkg["events"][_kept(pkg, f, evidence["grade"].astype(object), cit)]
    chosen = events.sort_values(["date_start", "date_end", "event_id"], na_position="last", kind="stable")
    actor_names = pkg["event_actors"].merge(pkg["actors"][["actor_id", "name_en"]], on="actor_id")
    sector_labels = pkg["event_sectors"].merge(pkg["sectors"][["sector_id", "label_en"]], on="sector_id")
    names, labels = _joined(actor_names, "event_id", "name_en"), _joined(sector_labels, "event_id", "label_en")
    cited = {k: g for k, g in cit.groupby("record_id")}
    rows = []
    for ev in chosen.itertuples(index=False):
        c = cited.get(ev.event_id, cit.iloc[:0])
        rows.append(
            {
                "event_id": ev.event_id,
                "when": date_label(ev.date_start, ev.date_end, ev.date_precision, iso=True),
                "date_start": f"{ev.date_start:%Y-%m-%d}",
                "date_end": "" if is_missing(ev.date_end) else f"{ev.date_end:%Y-%m-%d}",
                "date_precision": str(ev.date_precision),
                "in_range": _in_range(ev, f),
                "title": str(ev.title),
                "phase": str(ev.phase),
                "kind": str(ev.kind),
                "actors": names.get(ev.event_id, ""),
                "sectors": labels.get(ev.event_id, ""),
                "grade": str(evidence.at[ev.event_id, "grade"]),
                "n_origins": int(evidence.at[ev.event_id, "n_origins"]),
                "origins": str(evidence.at[ev.event_id, "origins"]),
                "source_ids": " ".join(c["source_id"].astype(str)),
                "source_urls": " ".join(c["url"].astype(str)),
                "citation_stances": " ".join(c["stance"].astype(str)),
            }
        )
    out = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    out["n_origins"] = out["n_origins"].astype(int)
    return out.reset_index(drop=True)


# --- describing and exporting the selection ---------------------------------------------------


def origins_of(result: pd.DataFrame) -> list[str]:
    """The distinct independent origins the selected events rest on, sorted."""
    return sorted({o for cell in result["origins"] for o in str(cell).split()})


def summary(result: pd.DataFrame) -> str:
    """'N events match, resting on M independent origins.' (M: distinct origins over all rows)."""
    n, m = len(result), len(origins_of(result))
    line = (
        f"{n} {'event matches' if n == 1 else 'events match'}, resting on "
        f"{m} independent {'origin' if m == 1 else 'origins'}."
    )
    partly = int((result["in_range"] == PARTLY).sum())
    if partly:
        line += f" {partly} of them {'is' if partly == 1 else 'are'} only partly inside the date range."
    return line


def to_csv(result: pd.DataFrame) -> bytes:
    """The selection as CSV: UTF-8, '\\n' line ends, columns RESULT_COLUMNS; same rows, same bytes."""
    buf = io.StringIO()
    result[RESULT_COLUMNS].to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")
