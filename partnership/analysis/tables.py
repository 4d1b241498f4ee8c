"""Derived tables the charts and notebooks share: one function per question, all deterministic.

Every function takes an `EvidencePackage` and returns a new DataFrame sorted by a stable key,
so the same package always gives the same rows in the same order. Nothing here knows about a
particular partnership: labels come from the data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from partnership.analysis.evidence import (
    GRADE_DTYPE,
    GRADES,
    SIDES,
    claims,
    record_evidence,
    side_label,
    source_origins,
)
from partnership.data.load import EvidencePackage
from partnership.i18n.numbers import format_quantity

UNIT_LABEL = {"m2": "m²", "km2": "km²", "percent": "%", "count": "", "year": "years", "money": ""}
ORIGIN_BUCKETS = ["1", "2", "3", "4+"]


def categories(frame: pd.DataFrame, column: str) -> list:
    """The allowed values of an enum column in schema order (or the values present, sorted)."""
    col = frame[column]
    if isinstance(col.dtype, pd.CategoricalDtype):
        return list(col.cat.categories)
    return sorted(col.dropna().unique())


def _text(series: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna(), None)


# --- events -----------------------------------------------------------------------------------


def events_table(pkg: EvidencePackage) -> pd.DataFrame:
    """Events with their evidence (grade, origins) and an `open_end` flag, sorted by date then id."""
    ev = pkg["events"].copy()
    evidence = record_evidence(pkg, "events")
    ev = ev.join(evidence[["n_sources", "n_origins", "both_sides", "grade"]], on="event_id")
    ev["grade"] = ev["grade"].astype(GRADE_DTYPE)
    ev["open_end"] = ev["date_end"].isna()
    ev["point"] = (ev["date_precision"].astype(object) == "day") & ~ev["open_end"]
    return ev.sort_values(["date_start", "event_id"], kind="stable").reset_index(drop=True)


def events_inside(events: pd.DataFrame, start: object, end: object) -> pd.DataFrame:
    """Events whose whole span, start and end, lies inside [start, end]."""
    inside = (events["date_start"] >= pd.Timestamp(start)) & (events["date_end"] <= pd.Timestamp(end))
    return events[inside].copy()


def events_in_window(events: pd.DataFrame, start: object = None, end: object = None) -> pd.DataFrame:
    """Events whose possible dates overlap [start, end]; an open end counts as 'still running'."""
    if events.empty:
        return events.copy()
    start = pd.Timestamp(start) if start is not None else events["date_start"].min()
    end = pd.Timestamp(end) if end is not None else events["date_end"].fillna(events["date_start"]).max()
    still_running = events["date_end"].isna() | (events["date_end"] >= start)
    return events[(events["date_start"] <= end) & still_running].copy()


# --- sectors ----------------------------------------------------------------------------------


def sector_phase_matrix(pkg: EvidencePackage, weight: str | None = None) -> pd.DataFrame:
    """Sectors (rows, every sector of the package) by event phase (columns, every phase).

    weight=None counts events; weight="origins" adds up each event's independent origins, so a
    sector seen through one reprinted press note counts for less than one confirmed many times.
    """
    if weight not in (None, "origins"):
        raise ValueError(f"weight must be None or 'origins', not {weight!r}")
    phases = categories(pkg["events"], "phase")
    ev = events_table(pkg)[["event_id", "phase", "n_origins"]]
    links = pkg["event_sectors"].merge(ev, on="event_id", how="inner")
    links["w"] = 1 if weight is None else links["n_origins"]
    counts = links.pivot_table(index="sector_id", columns="phase", values="w", aggfunc="sum", observed=False)
    counts = counts.reindex(index=pkg["sectors"]["sector_id"], columns=phases).fillna(0).astype(int)
    counts.index.name, counts.columns.name = "sector_id", "phase"
    return counts


def sector_summary(pkg: EvidencePackage, weight: str | None = None) -> pd.DataFrame:
    """One row per sector: label, seed-article flag, events per phase and in total; busiest first."""
    matrix = sector_phase_matrix(pkg, weight)
    sectors = pkg["sectors"].set_index("sector_id")
    out = pd.DataFrame(
        {
            "label": sectors["label_en"].astype(str),
            "in_seed_article": sectors["in_seed_article"].fillna(False).astype(bool),
        }
    ).join(matrix)
    out["total"] = matrix.sum(axis=1)
    out = out.reset_index()
    return out.sort_values(["total", "sector_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


# --- actors -----------------------------------------------------------------------------------


def actor_links(pkg: EvidencePackage) -> pd.DataFrame:
    """Pairs of actors that take part in the same events: actor_a < actor_b, n_events, event_ids."""
    ea = pkg["event_actors"][["event_id", "actor_id"]].drop_duplicates()
    pairs = ea.merge(ea, on="event_id")
    pairs = pairs[pairs["actor_id_x"] < pairs["actor_id_y"]]
    if pairs.empty:
        return pd.DataFrame(
            {
                "actor_a": pd.Series(dtype=object),
                "actor_b": pd.Series(dtype=object),
                "n_events": pd.Series(dtype=int),
                "event_ids": pd.Series(dtype=object),
            }
        )
    out = pairs.groupby(["actor_id_x", "actor_id_y"]).agg(
        n_events=("event_id", "nunique"), event_ids=("event_id", lambda s: " ".join(sorted(set(s))))
    )
    out = out.reset_index().rename(columns={"actor_id_x": "actor_a", "actor_id_y": "actor_b"})
    out = out.sort_values(["n_events", "actor_a", "actor_b"], ascending=[False, True, True], kind="stable")
    return out.reset_index(drop=True)


def actor_summary(pkg: EvidencePackage) -> pd.DataFrame:
    """One row per actor: name, type, events taken part in, and distinct co-actors; busiest first."""
    actors = pkg["actors"][["actor_id", "name_en", "type", "country"]].copy()
    n_events = pkg["event_actors"].groupby("actor_id")["event_id"].nunique()
    links = actor_links(pkg)
    partners = pd.concat(
        [
            links[["actor_a", "actor_b"]].set_axis(["a", "b"], axis=1),
            links[["actor_b", "actor_a"]].set_axis(["a", "b"], axis=1),
        ]
    )
    n_partners = partners.groupby("a")["b"].nunique()
    actors["n_events"] = actors["actor_id"].map(n_events).fillna(0).astype(int)
    actors["n_partners"] = actors["actor_id"].map(n_partners).fillna(0).astype(int)
    return actors.sort_values(
        ["n_partners", "n_events", "actor_id"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def record_label(pkg: EvidencePackage, record_table: str, record_id: str) -> str:
    """A readable name for a record: an actor's English name, an event's title, else the id."""
    if record_table == "actors" and "actors" in pkg.tables:
        hit = pkg["actors"].loc[pkg["actors"]["actor_id"] == record_id, "name_en"]
    elif record_table == "events" and "events" in pkg.tables:
        hit = pkg["events"].loc[pkg["events"]["event_id"] == record_id, "title"]
    else:
        hit = pd.Series(dtype=object)
    return str(hit.iloc[0]) if len(hit) else str(record_id)


# --- figures (quantities) ---------------------------------------------------------------------


def supporting_sources(pkg: EvidencePackage, record_table: str) -> pd.Series:
    """record_id -> the ids of the sources that support it, sorted and space-separated."""
    cit = pkg["citations"]
    sup = cit[(cit["record_table"].astype(object) == record_table) & (cit["stance"].astype(object) == "supports")]
    return sup.groupby("record_id")["source_id"].agg(lambda s: " ".join(sorted(set(s))))


def quantity_table(pkg: EvidencePackage) -> pd.DataFrame:
    """Every reported figure with its text form, its supporting sources and its grade."""
    q = pkg["quantities"].copy()
    q["text"] = [
        format_quantity(v, h, c, u, cur)
        for v, h, c, u, cur in zip(
            q["value"], q["value_high"], _text(q["comparator"]), _text(q["unit"]), _text(q["currency"])
        )
    ]
    q["sources"] = q["quantity_id"].map(supporting_sources(pkg, "quantities")).fillna("")
    ev = record_evidence(pkg, "quantities")
    q = q.join(ev[["n_origins", "grade"]], on="quantity_id")
    q["grade"] = q["grade"].astype(GRADE_DTYPE)
    return q.sort_values(["topic", "value", "quantity_id"], kind="stable").reset_index(drop=True)


APPROXIMATELY = 0.10  # "about 17,000" is read as 17,000 ± 10% when comparing figures


def value_interval(value: float, value_high: float | None = None, comparator: str = "exact") -> tuple[float, float]:
    """The values a reported figure allows: exact 8 -> (8, 8); more than 16,000 -> (16,000, inf);
    up to 50 -> (-inf, 50); 5-6 -> (5, 6); about 17,000 -> (15,300, 18,700) (± APPROXIMATELY)."""
    low = float(value)
    high = low if value_high is None or pd.isna(value_high) else float(value_high)
    comparator = str(comparator)
    if comparator in ("more_than", "at_least"):
        return low, math.inf
    if comparator == "up_to":
        return -math.inf, high
    if comparator == "approximately":
        return low - abs(low) * APPROXIMATELY, high + abs(high) * APPROXIMATELY
    return low, high


def as_of_window(date: pd.Timestamp | None, precision: str | None) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The days a figure's as_of may mean: (first, last) for day, month or year; None when unknown
    or approximate (then it may be any date)."""
    precision = None if pd.isna(precision) else str(precision)
    if pd.isna(date) or precision not in ("day", "month", "year"):
        return None
    if precision == "day":
        return date, date
    if precision == "month":
        return date, date + pd.offsets.MonthEnd(0)
    return date, pd.Timestamp(year=date.year, month=12, day=31)


def _overlap(a: tuple | None, b: tuple | None) -> bool:
    return a is None or b is None or (a[0] <= b[1] and b[0] <= a[1])


def figure_variants(pkg: EvidencePackage, topics: list[str] | None = None, min_reports: int = 2) -> pd.DataFrame:
    """The figures of each topic reported more than once (or of the topics given), side by side.

    Adds `n_reports` (rows in the topic), `n_units` (distinct unit-and-currency pairs: figures in
    different currencies are not compared) and `n_values` (the most distinct values, as reported
    with comparator and range, within one unit and currency): n_values > 1 means the reports
    differ. `conflict` is True when two figures in one unit and currency cannot both be right:
    the values they allow do not overlap (see value_interval: ">20" and "21" agree) and they may
    refer to the same date (their as_of periods overlap, or one is unknown or approximate).
    """
    q = quantity_table(pkg)
    if topics is not None:
        q = q[q["topic"].isin(list(topics))]
    unit_key = pd.Series([f"{u}|{c}" for u, c in zip(_text(q["unit"]), _text(q["currency"]))], index=q.index)
    key = pd.Series(
        [repr(row) for row in zip(q["value"], q["value_high"].fillna(-1), _text(q["comparator"]))], index=q.index
    )
    q["n_reports"] = q.groupby("topic")["quantity_id"].transform("size")
    q["n_units"] = unit_key.groupby(q["topic"]).transform("nunique")
    per_unit = key.groupby([q["topic"], unit_key]).transform("nunique")
    q["n_values"] = per_unit.groupby(q["topic"]).transform("max")
    conflicting = set()
    every = list(
        zip(  # (values allowed, as_of window) of every row, computed once (not per group)
            [value_interval(v, h, c) for v, h, c in zip(q["value"], q["value_high"], _text(q["comparator"]))],
            [as_of_window(d, p) for d, p in zip(q["as_of"], q["as_of_precision"])],
        )
    )
    for (topic, _unit), positions in q.groupby([q["topic"], unit_key], sort=False).indices.items():
        rows = [every[i] for i in sorted(positions)]
        if any(
            not _overlap(v1, v2) and _overlap(w1, w2) for i, (v1, w1) in enumerate(rows) for v2, w2 in rows[i + 1 :]
        ):
            conflicting.add(topic)
    q["conflict"] = q["topic"].isin(conflicting)
    if topics is None:
        q = q[q["n_reports"] >= min_reports]
    else:
        order = {t: i for i, t in enumerate(topics)}
        q = q.assign(_order=q["topic"].map(order)).sort_values(["_order", "value", "quantity_id"], kind="stable")
        q = q.drop(columns="_order")
    return q.reset_index(drop=True)


def shares_of(pkg: EvidencePackage, record_id: str) -> pd.DataFrame:
    """Every reported share (kind 'share') that describes record_id, e.g. who owns a company."""
    q = quantity_table(pkg)
    q = q[(q["kind"].astype(object) == "share") & (q["record_id"] == record_id)]
    q = q.sort_values(["value", "topic", "quantity_id"], ascending=[False, True, True], kind="stable")
    return q.reset_index(drop=True)


# --- sources and evidence ---------------------------------------------------------------------


def source_profile(pkg: EvidencePackage) -> pd.DataFrame:
    """Sources counted by language, kind, reliability and side, split into originals and reprints.

    Long format: dimension, value, n_sources, n_originals, n_reprints; every allowed value of
    each enum is listed, with zeros where no source has it.
    """
    src = pkg["sources"]
    reprint = src["syndicated_from"].notna()
    rows = []
    for dim in ("language", "kind", "reliability", "side"):
        for value in categories(src, dim):
            mask = src[dim].astype(object) == value
            rows.append(
                {
                    "dimension": dim,
                    "value": value,
                    "n_sources": int(mask.sum()),
                    "n_originals": int((mask & ~reprint).sum()),
                    "n_reprints": int((mask & reprint).sum()),
                }
            )
    return pd.DataFrame(rows, columns=["dimension", "value", "n_sources", "n_originals", "n_reprints"])


def reprint_clusters(pkg: EvidencePackage) -> pd.DataFrame:
    """Each origin that is reprinted in the list, with its reprints (followed to the end of chains)."""
    src = pkg["sources"].set_index("source_id")
    origins = source_origins(pkg["sources"])
    reprints = origins[origins.index != origins.values]
    cols = ["origin_id", "publisher", "published", "n_reprints", "reprints", "reprint_publishers"]
    if reprints.empty:
        return pd.DataFrame(columns=cols)
    grouped = reprints.groupby(reprints.values)
    out = pd.DataFrame(
        {
            "origin_id": list(grouped.groups),
            "n_reprints": [len(g) for _, g in grouped],
            "reprints": [" ".join(sorted(g.index)) for _, g in grouped],
        }
    )
    out["publisher"] = out["origin_id"].map(src["publisher"])
    out["published"] = out["origin_id"].map(src["published"])
    out["reprint_publishers"] = [
        "; ".join(src.loc[sorted(r.split()), "publisher"].astype(str)) for r in out["reprints"]
    ]
    out = out[cols].sort_values(["n_reprints", "origin_id"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def claims_table(pkg: EvidencePackage) -> pd.DataFrame:
    """Every claim (event or figure) with a label, its origins and grade (see evidence.claims)."""
    table = claims(pkg)
    labels = {}
    if "events" in pkg.tables:
        labels.update(dict(zip(pkg["events"]["event_id"], pkg["events"]["title"])))
    if "quantities" in pkg.tables:
        q = quantity_table(pkg)
        labels.update({qid: f"{m}: {t}" for qid, m, t in zip(q["quantity_id"], q["measure"], q["text"])})
    table.insert(2, "label", table["record_id"].map(labels))
    return table


def origin_bucket(n: pd.Series) -> pd.Series:
    """1, 2, 3 or 4+ independent origins, as an ordered categorical."""
    labels = n.clip(upper=4).astype(int).astype(str).replace({"4": "4+"})
    return pd.Series(pd.Categorical(labels, categories=ORIGIN_BUCKETS, ordered=True), index=n.index)


def support_counts(pkg: EvidencePackage) -> pd.DataFrame:
    """Claims by record table (rows) and number of independent origins (columns 1, 2, 3, 4+)."""
    table = claims(pkg)
    table = table[table["n_origins"] > 0]
    table = table.assign(bucket=origin_bucket(table["n_origins"]))
    out = table.pivot_table(index="record_table", columns="bucket", values="record_id", aggfunc="count", observed=False)
    return out.reindex(index=["events", "quantities"], columns=ORIGIN_BUCKETS).fillna(0).astype(int)


def single_origin_claims(
    pkg: EvidencePackage, record_table: str | None = None, phase: str | None = None
) -> pd.DataFrame:
    """Claims that rest on one independent origin, with that origin and how many URLs repeat it.

    record_table: "events" or "quantities" only; phase: only events of that phase.
    """
    table = claims_table(pkg)
    table = table[table["n_origins"] == 1]
    if record_table is not None:
        table = table[table["record_table"] == record_table]
    if phase is not None:
        in_phase = set(pkg["events"].loc[pkg["events"]["phase"].astype(object) == phase, "event_id"])
        table = table[(table["record_table"] == "events") & table["record_id"].isin(in_phase)]
    return (
        table[["record_table", "record_id", "label", "origins", "n_sources", "grade"]]
        .rename(columns={"origins": "origin_id"})
        .reset_index(drop=True)
    )


def grade_counts(pkg: EvidencePackage) -> pd.DataFrame:
    """Claims by record table (rows: events, quantities) and grade (columns A..D)."""
    table = claims(pkg)
    out = table.pivot_table(index="record_table", columns="grade", values="record_id", aggfunc="count", observed=False)
    return out.reindex(index=["events", "quantities"], columns=GRADES).fillna(0).astype(int)


def variant_sources(pkg: EvidencePackage) -> pd.DataFrame:
    """Each discrepancy's variants in order: its claim and its sources (a sorted tuple, each once)."""
    var = pkg["discrepancy_variants"].sort_values(["discrepancy_id", "variant", "source_id"], kind="stable")
    out = var.groupby(["discrepancy_id", "variant"], sort=True, observed=True).agg(
        claim=("claim", "first"), sources=("source_id", lambda s: tuple(sorted(set(s))))
    )
    return out.reset_index()


def discrepancy_log(pkg: EvidencePackage) -> pd.DataFrame:
    """The discrepancy log as a readable table: each entry with its variants and their sources."""
    disc = pkg["discrepancies"]
    var = pkg["discrepancy_variants"]
    per_variant = variant_sources(pkg).assign(sources=lambda v: v["sources"].map(", ".join))
    variants = per_variant.groupby("discrepancy_id").apply(
        lambda g: " | ".join(f"({v}) {c} [{s}]" for v, c, s in zip(g["variant"], g["claim"], g["sources"])),
        include_groups=False,
    )
    recs = pkg.tables.get("discrepancy_records", pd.DataFrame(columns=["discrepancy_id", "record_id"]))
    records = recs.groupby("discrepancy_id")["record_id"].agg(lambda s: " ".join(sorted(set(s))))
    n_sources = var.groupby("discrepancy_id")["source_id"].nunique()
    out = pd.DataFrame(
        {
            "discrepancy_id": disc["discrepancy_id"].astype(str),
            "topic": disc["topic"].astype(str),
            "status": disc["status"].astype(object),
        }
    )
    n_variants = var.groupby("discrepancy_id")["variant"].nunique()
    out["n_variants"] = out["discrepancy_id"].map(n_variants).fillna(0).astype(int)
    out["n_sources"] = out["discrepancy_id"].map(n_sources).fillna(0).astype(int)
    out["variants"] = out["discrepancy_id"].map(variants).fillna("")
    out["records"] = out["discrepancy_id"].map(records).fillna("")
    out["resolution_note"] = disc["resolution_note"].astype(str).to_numpy()
    return out.sort_values("discrepancy_id", kind="stable").reset_index(drop=True)


def status_counts(pkg: EvidencePackage) -> pd.Series:
    """Discrepancies per status (every allowed status, zeros included)."""
    disc = pkg["discrepancies"]
    counts = disc["status"].astype(object).value_counts()
    return counts.reindex(categories(disc, "status"), fill_value=0).astype(int).rename("n_discrepancies")


def open_questions(pkg: EvidencePackage) -> pd.DataFrame:
    """The open-questions table, sorted by id."""
    return pkg["open_questions"].sort_values("question_id", kind="stable").reset_index(drop=True)


# --- subsets ----------------------------------------------------------------------------------


def restrict_events(pkg: EvidencePackage, event_ids: Iterable[str]) -> EvidencePackage:
    """A copy of the package keeping only the given events and their actor and sector links.

    For filtered views (e.g. the explorer, or a chart of grade A events only); citations and
    sources are kept whole, so the grades of the kept events do not change.
    """
    keep = set(event_ids)
    tables = dict(pkg.tables)
    tables["events"] = pkg["events"][pkg["events"]["event_id"].isin(keep)].reset_index(drop=True)
    for name in ("event_actors", "event_sectors"):
        if name in tables:
            tables[name] = tables[name][tables[name]["event_id"].isin(keep)].reset_index(drop=True)
    return EvidencePackage(
        tables=tables, title=pkg.title, version=pkg.version, last_updated=pkg.last_updated, licence=pkg.licence
    )


# --- summaries for the notebooks --------------------------------------------------------------


def package_summary(pkg: EvidencePackage) -> pd.DataFrame:
    """Rows per table of the package, in the package's order."""
    return pd.DataFrame({"table": list(pkg.tables), "rows": [len(t) for t in pkg.tables.values()]})


def side_confirmation(pkg: EvidencePackage) -> pd.DataFrame:
    """Claims by record table and by which sides their independent origins come from."""
    table = claims(pkg)
    side = [side_label(i, c) for i, c in zip(table["italian_side"], table["chinese_side"])]
    order = list(SIDES)
    out = pd.crosstab(table["record_table"], pd.Categorical(side, categories=order), dropna=False)
    out = out.reindex(index=["events", "quantities"], columns=order).fillna(0).astype(int)
    out.columns.name, out.index.name = "supported by", "record_table"
    return out


def precision_counts(pkg: EvidencePackage) -> pd.DataFrame:
    """Events by phase (rows) and date precision (columns), with open-ended events counted apart."""
    ev = pkg["events"]
    out = pd.crosstab(ev["phase"], ev["date_precision"], dropna=False)
    out = out.reindex(index=categories(ev, "phase"), columns=categories(ev, "date_precision")).fillna(0).astype(int)
    out["no known end"] = (
        ev.groupby(ev["phase"].astype(object))["date_end"]
        .apply(lambda s: int(s.isna().sum()))
        .reindex(out.index)
        .fillna(0)
        .astype(int)
    )
    return out


def event_details(pkg: EvidencePackage, event_ids: Iterable[str]) -> pd.DataFrame:
    """The given events (in the order given) with dates, grade and supporting sources."""
    ev = events_table(pkg).set_index("event_id")
    ids = [e for e in event_ids if e in ev.index]
    out = ev.loc[ids, ["date_start", "date_end", "date_precision", "phase", "kind", "title", "n_origins", "grade"]]
    out["sources"] = out.index.map(supporting_sources(pkg, "events")).fillna("")
    return out.reset_index()
