"""The chronology: every event in date order, grouped by phase, with what it rests on.

Pure row dicts for templates/chronology.html.j2; the citations they carry are numbered by the
report's reading pass (report.count_citations), in this order.
"""

from __future__ import annotations

from collections import defaultdict

from partnership.analysis import tables
from partnership.analysis.dates import date_label
from partnership.data.load import EvidencePackage
from partnership.publish.entries import actor_anchor
from partnership.publish.records import citing_sources, discrepancies_of, evidence_words


def _actors(pkg: EvidencePackage) -> dict[str, list[dict]]:
    """event id -> its actors by English name, each with its roles in that event."""
    names = dict(zip(pkg["actors"]["actor_id"], pkg["actors"]["name_en"].astype(str)))
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    links = pkg["event_actors"].sort_values(["event_id", "actor_id", "role"], kind="stable")
    for eid, aid, role in zip(links["event_id"], links["actor_id"], links["role"].astype(str)):
        roles[eid][aid].append(role)
    return {
        eid: [
            {"name": names[aid], "anchor": actor_anchor(aid), "roles": list(r)}
            for aid, r in sorted(by.items(), key=lambda kv: names[kv[0]].casefold())
        ]
        for eid, by in roles.items()
    }


def _sectors(pkg: EvidencePackage) -> dict[str, list[str]]:
    labels = dict(zip(pkg["sectors"]["sector_id"], pkg["sectors"]["label_en"].astype(str)))
    out: dict[str, list[str]] = defaultdict(list)
    for eid, sid in zip(pkg["event_sectors"]["event_id"], pkg["event_sectors"]["sector_id"]):
        out[eid].append(labels[sid])
    return {eid: sorted(v, key=str.casefold) for eid, v in out.items()}


def _figures(pkg: EvidencePackage) -> dict[str, list[str]]:
    """event id -> the ids of the figures that describe it."""
    q = pkg["quantities"].sort_values("quantity_id", kind="stable")
    out: dict[str, list[str]] = defaultdict(list)
    for qid, table, rid in zip(q["quantity_id"], q["record_table"].astype(object), q["record_id"]):
        if table == "events":
            out[rid].append(qid)
    return out


def chronology(pkg: EvidencePackage, lang: str = "en") -> list[dict]:
    """Phases in the schema's order (empty ones left out), each with its events by date (written in `lang`)."""
    events = tables.events_table(pkg)
    words, cited, disc = evidence_words(pkg, "events"), citing_sources(pkg, "events"), discrepancies_of(pkg)
    actors, sectors, figures = _actors(pkg), _sectors(pkg), _figures(pkg)
    no_sources = {"supports": (), "contradicts": (), "mentions": ()}
    groups = []
    for phase in tables.categories(pkg["events"], "phase"):
        rows = [
            {
                "id": ev.event_id,
                "date": date_label(ev.date_start, ev.date_end, ev.date_precision, lang=lang),
                "precision": str(ev.date_precision),
                "title": str(ev.title),
                "summary": str(ev.summary),
                "place": ev.place if isinstance(ev.place, str) else "",
                "kind": str(ev.kind),
                "certainty": str(ev.certainty),
                "actors": actors.get(ev.event_id, []),
                "sectors": sectors.get(ev.event_id, []),
                "figures": figures.get(ev.event_id, []),
                "discrepancies": disc.get(("events", ev.event_id), []),
                **words[ev.event_id],
                **cited.get(ev.event_id, no_sources),
            }
            for ev in events[events["phase"].astype(object) == phase].itertuples()
        ]
        if rows:
            groups.append({"phase": str(phase), "anchor": f"chronology-{phase}", "events": rows})
    return groups
