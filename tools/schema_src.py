"""The data package's descriptor, written here once: data/datapackage.json is generated from it.

Edit the schema, the version or the date here, never in the JSON, then run this file (and
tools/data_readme.py for the column dictionary). tests/test_load.py runs `--check`, which exits 1
when datapackage.json differs from what this file writes, so the two cannot drift apart.

Usage: python tools/schema_src.py [--check] [PATH]   (PATH defaults to data/datapackage.json)
"""

import json
import sys
from pathlib import Path

ID = {"pattern": "^[a-z0-9_]+$"}
EVENT_ID = {"pattern": "^[A-Z][0-9]{2}[a-z]?$"}


def f(name, type_, desc, required=False, **constraints):
    field = {"name": name, "type": type_, "description": desc}
    c = dict(constraints)
    if required:
        c["required"] = True
    if c:
        field["constraints"] = c
    return field


def res(name, desc, fields, pk, fks=()):
    schema = {"fields": fields, "primaryKey": pk, "missingValues": [""]}
    if fks:
        schema["foreignKeys"] = [{"fields": a, "reference": {"resource": r, "fields": b}} for a, r, b in fks]
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "title": name.replace("_", " ").capitalize(),
        "description": desc,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


RECORD_TABLES = ["events", "actors", "quantities"]

resources = [
    res(
        "sources",
        "Every published item that supports or contradicts a record, one row per URL.",
        [
            f(
                "source_id",
                "string",
                "Stable identifier: outlet short name plus date or topic.",
                True,
                unique=True,
                **ID,
            ),
            f(
                "url",
                "string",
                "Address where the item was read (http or https only).",
                True,
                pattern="^https?://[^\\s]+$",
            ),
            f("publisher", "string", "Outlet or institution that published the item.", True),
            f("published", "date", "Publication date as printed; empty when the page shows none."),
            f("language", "string", "ISO 639-1 language of the item.", True, enum=["it", "en", "zh", "de"]),
            f("title", "string", "Title of the item as published (a short name, kept verbatim).", True),
            f(
                "kind",
                "string",
                "official: a university, ministry or government page; press_release: a distributed release; news: an edited outlet; aggregator: a repost, digest or mirror; blog: a personal or content-farm page.",
                True,
                enum=["official", "press_release", "news", "aggregator", "blog"],
            ),
            f(
                "side",
                "string",
                "Which side of the partnership the publisher speaks from: italian, chinese, or international (neither).",
                True,
                enum=["italian", "chinese", "international"],
            ),
            f(
                "reliability",
                "string",
                "Curator's grade of the item as evidence: high (official or primary), medium (edited news or a faithful repost), low (content farm, anonymous repost, garbled text).",
                True,
                enum=["high", "medium", "low"],
            ),
            f(
                "syndicated_from",
                "string",
                "source_id of the item this one reprints or rewrites; empty for an original. Followed to its end, it gives the item's independent origin.",
            ),
            f("notes", "string", "Curator's notes: what the item is, quirks, why the grades."),
        ],
        ["source_id"],
        [(["syndicated_from"], "sources", ["source_id"])],
    ),
    res(
        "actors",
        "Organisations, people, places and programmes that take part in events.",
        [
            f("actor_id", "string", "Stable identifier.", True, unique=True, **ID),
            f("name_en", "string", "Name in English.", True),
            f("name_it", "string", "Name in Italian; empty where no source gives one."),
            f("name_zh", "string", "Name in Chinese characters; empty where no source gives one."),
            f("aliases", "string", "Other spellings seen in the sources, separated by ' | '."),
            f(
                "type",
                "string",
                "What kind of actor.",
                True,
                enum=[
                    "university",
                    "university_unit",
                    "company",
                    "foundation",
                    "government_body",
                    "organisation",
                    "person",
                    "site",
                    "programme",
                ],
            ),
            f(
                "country",
                "string",
                "ISO 3166-1 alpha-2 code of the country the actor belongs to; empty if none or unknown.",
                pattern="^[A-Z]{2}$",
            ),
            f(
                "parent_id",
                "string",
                "actor_id of the organisation this one belongs to, or is controlled by, where sources say so.",
            ),
            f(
                "description",
                "string",
                "Who or what this is and its role in the partnership, paraphrased from the cited sources.",
                True,
            ),
        ],
        ["actor_id"],
        [(["parent_id"], "actors", ["actor_id"])],
    ),
    res(
        "sectors",
        "Fields of activity that events are tagged with.",
        [
            f("sector_id", "string", "Stable identifier.", True, unique=True, **ID),
            f("label_en", "string", "Label in English.", True),
            f("label_it", "string", "Label in Italian."),
            f("label_zh", "string", "Label in Chinese."),
            f(
                "in_seed_article",
                "boolean",
                "True for the four sectors the April 2018 seed article names (design, industry 4.0, robotics, automotive).",
                True,
            ),
            f("description", "string", "What the sector covers in this data.", True),
        ],
        ["sector_id"],
    ),
    res(
        "events",
        "Dated happenings: agreements, visits, launches, purchases, defaults, policy moves.",
        [
            f(
                "event_id",
                "string",
                "Identifier: the research-note fact id (T01..T75), with a letter suffix when one note gives several events; E01.. for events from other notes.",
                True,
                unique=True,
                **EVENT_ID,
            ),
            f(
                "date_start",
                "date",
                "First day the event may have happened on (the first day of the month or year when only that is known).",
                True,
            ),
            f(
                "date_end",
                "date",
                "Last day the event may have happened on; equal to date_start for a one-day event; empty when the end is unknown.",
            ),
            f(
                "date_precision",
                "string",
                "How exactly the date is known: day, month, year, range (several known days), approximate (a guess around the dates given).",
                True,
                enum=["day", "month", "year", "range", "approximate"],
            ),
            f(
                "phase",
                "string",
                "background: before the February 2017 agreements; founding: February 2017 to the April 2018 opening; operation: what the platform did afterwards; aftermath: changes around it (owner, debts, politics).",
                True,
                enum=["background", "founding", "operation", "aftermath"],
            ),
            f(
                "kind",
                "string",
                "What sort of event.",
                True,
                enum=[
                    "agreement",
                    "visit",
                    "meeting",
                    "launch",
                    "inauguration",
                    "acquisition",
                    "company_formation",
                    "appointment",
                    "founding",
                    "programme",
                    "exhibition",
                    "conference",
                    "report",
                    "ownership_change",
                    "default",
                    "restructuring",
                    "policy",
                    "construction",
                ],
            ),
            f("title", "string", "Short title in our own words.", True),
            f("summary", "string", "What happened, paraphrased from the cited sources.", True),
            f("place", "string", "City (and venue where known); empty if not stated."),
            f(
                "certainty",
                "string",
                "reported: stated by the cited sources; uncertain: the sources disagree or are vague on it; unverified: rests on the compiler's memory, not on a source seen.",
                True,
                enum=["reported", "uncertain", "unverified"],
            ),
            f("notes", "string", "Curator's notes: caveats, why the dates were set as they are."),
        ],
        ["event_id"],
    ),
    res(
        "event_actors",
        "Who took part in each event, and how.",
        [
            f("event_id", "string", "The event.", True),
            f("actor_id", "string", "The actor.", True),
            f(
                "role",
                "string",
                "How the actor took part.",
                True,
                enum=[
                    "signatory",
                    "witness",
                    "host",
                    "organiser",
                    "participant",
                    "subject",
                    "buyer",
                    "seller",
                    "speaker",
                    "partner",
                    "investor",
                    "appointee",
                ],
            ),
        ],
        ["event_id", "actor_id", "role"],
        [(["event_id"], "events", ["event_id"]), (["actor_id"], "actors", ["actor_id"])],
    ),
    res(
        "event_sectors",
        "Which sectors each event concerns.",
        [
            f("event_id", "string", "The event.", True),
            f("sector_id", "string", "The sector.", True),
        ],
        ["event_id", "sector_id"],
        [(["event_id"], "events", ["event_id"]), (["sector_id"], "sectors", ["sector_id"])],
    ),
    res(
        "quantities",
        "Reported figures (money, areas, shares, counts). Competing values of one thing share a topic and sit side by side; none is picked silently.",
        [
            f(
                "quantity_id",
                "string",
                "Identifier: the research-note id the figure comes from plus a running number.",
                True,
                unique=True,
                pattern="^[A-Z][0-9]{2}_[0-9]{1,2}$",
            ),
            f("record_table", "string", "Table of the record the figure describes.", True, enum=["events", "actors"]),
            f("record_id", "string", "Id of the record the figure describes (in record_table).", True),
            f(
                "topic",
                "string",
                "What is measured, as a key: rows with the same topic are alternative reports of the same thing.",
                True,
                **ID,
            ),
            f("measure", "string", "What is measured, in words.", True),
            f(
                "kind",
                "string",
                "Sort of figure.",
                True,
                enum=[
                    "price",
                    "investment",
                    "area",
                    "share",
                    "count",
                    "revenue",
                    "profit",
                    "assets",
                    "debt",
                    "interest_rate",
                    "trade",
                    "duration",
                ],
            ),
            f(
                "value",
                "number",
                "The figure, in full units (5 billion is 5000000000); the lower bound of a range.",
                True,
            ),
            f("value_high", "number", "Upper bound when the source gives a range; otherwise empty."),
            f(
                "comparator",
                "string",
                "How the source qualifies the figure.",
                True,
                enum=["exact", "approximately", "at_least", "more_than", "up_to"],
            ),
            f(
                "unit",
                "string",
                "Unit of value: money (then currency is set), m2, km2, percent, count, year.",
                True,
                enum=["money", "m2", "km2", "percent", "count", "year"],
            ),
            f("currency", "string", "ISO 4217 currency code; set if and only if unit is money.", pattern="^[A-Z]{3}$"),
            f(
                "as_of",
                "date",
                "Date the figure refers to (first day of the period when only a month or year is known); empty if not stated.",
            ),
            f("as_of_precision", "string", "How exactly as_of is known.", enum=["day", "month", "year", "approximate"]),
            f("discrepancy_id", "string", "The discrepancy-log entry this figure belongs to, if any."),
            f("notes", "string", "Curator's notes."),
        ],
        ["quantity_id"],
        [(["discrepancy_id"], "discrepancies", ["discrepancy_id"])],
    ),
    res(
        "citations",
        "Which source supports, contradicts or merely mentions which record.",
        [
            f("record_table", "string", "Table of the cited record.", True, enum=RECORD_TABLES),
            f("record_id", "string", "Id of the cited record.", True),
            f("source_id", "string", "The source.", True),
            f(
                "stance",
                "string",
                "supports: the source states the record; contradicts: it states something incompatible; mentions: it refers to it without stating it.",
                True,
                enum=["supports", "contradicts", "mentions"],
            ),
            f("note", "string", "Where in the source, or what exactly it says, paraphrased."),
        ],
        ["record_table", "record_id", "source_id"],
        [(["source_id"], "sources", ["source_id"])],
    ),
    res(
        "discrepancies",
        "Points on which the sources disagree, each kept with all its variants.",
        [
            f(
                "discrepancy_id",
                "string",
                "Identifier from the research notes (D01..D30).",
                True,
                unique=True,
                pattern="^D[0-9]{2}$",
            ),
            f("topic", "string", "What the disagreement is about, in a few words.", True),
            f("summary", "string", "The disagreement, paraphrased.", True),
            f(
                "status",
                "string",
                "open: unresolved; explained: a likely reason for the difference is known but not confirmed; resolved: one variant is shown to be right.",
                True,
                enum=["open", "explained", "resolved"],
            ),
            f("resolution_note", "string", "How the data handles it and why.", True),
        ],
        ["discrepancy_id"],
    ),
    res(
        "discrepancy_variants",
        "The competing versions of each discrepancy, one row per version and source.",
        [
            f("discrepancy_id", "string", "The discrepancy.", True),
            f("variant", "integer", "Number of the version within its discrepancy (1, 2, ...).", True, minimum=1),
            f("claim", "string", "The version, paraphrased.", True),
            f("source_id", "string", "A source giving this version.", True),
        ],
        ["discrepancy_id", "variant", "source_id"],
        [(["discrepancy_id"], "discrepancies", ["discrepancy_id"]), (["source_id"], "sources", ["source_id"])],
    ),
    res(
        "discrepancy_records",
        "Records that each discrepancy concerns.",
        [
            f("discrepancy_id", "string", "The discrepancy.", True),
            f("record_table", "string", "Table of the record.", True, enum=["events", "actors", "quantities"]),
            f("record_id", "string", "Id of the record.", True),
        ],
        ["discrepancy_id", "record_table", "record_id"],
        [(["discrepancy_id"], "discrepancies", ["discrepancy_id"])],
    ),
    res(
        "open_questions",
        "What the sources seen do not answer: the data's known gaps.",
        [
            f(
                "question_id",
                "string",
                "Identifier from the research notes (Q01..).",
                True,
                unique=True,
                pattern="^Q[0-9]{2}$",
            ),
            f("topic", "string", "Short topic.", True),
            f("question", "string", "The open question, paraphrased.", True),
            f("notes", "string", "What was searched and what was found nearby."),
        ],
        ["question_id"],
    ),
]

package = {
    "profile": "tabular-data-package",
    "name": "polimi-tsinghua-joint-platform",
    "title": "Politecnico di Milano - Tsinghua University Joint Platform: evidence base",
    "description": "Curated, source-by-source evidence on the partnership between Politecnico di Milano and Tsinghua University around the Joint Platform opened at Bovisa Tech, Milan, in April 2018: events, actors, sectors, figures, citations and the disagreements between sources.",
    "version": "1.1.0",
    "last_updated": "2026-12-03",
    "licenses": [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0",
        }
    ],
    "sources": [{"title": "Research notes compiled from public web pages, 2026 (see sources.csv for every item)"}],
    "keywords": [
        "Politecnico di Milano",
        "Tsinghua University",
        "university partnerships",
        "China",
        "Italy",
        "provenance",
    ],
    "resources": resources,
}

if __name__ == "__main__":
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(paths[0]) if paths else Path(__file__).resolve().parents[1] / "data" / "datapackage.json"
    text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    if "--check" in sys.argv[1:]:
        if not out.is_file() or out.read_text(encoding="utf-8") != text:
            sys.exit(f"{out.name} differs from tools/schema_src.py: run python tools/schema_src.py")
        print(f"{out.name} matches tools/schema_src.py")
    else:
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}")
