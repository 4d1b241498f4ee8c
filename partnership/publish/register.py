"""The register of figures: every reported figure, grouped by what it measures.

Pure row dicts for templates/register.html.j2. Competing reports of one thing (one topic) sit
side by side, with whether they conflict (tables.figure_variants); none is picked.
"""

from __future__ import annotations

from partnership.analysis import tables
from partnership.analysis.dates import as_of_label
from partnership.data.load import EvidencePackage
from partnership.i18n import SOURCE, words
from partnership.i18n.numbers import format_quantity
from partnership.i18n.vocabulary import word
from partnership.publish.entries import entry_anchor
from partnership.publish.records import citing_sources, discrepancies_of, evidence_words


def _unit(unit: str, currency: object) -> str:
    return f"{unit} ({currency})" if isinstance(currency, str) else tables.UNIT_LABEL.get(unit) or unit


def register(pkg: EvidencePackage, lang: str = "en") -> list[dict]:
    """Topics in order of their first figure's measure, each with its figures by value (written in `lang`)."""
    topics = sorted(set(pkg["quantities"]["topic"]))
    q = tables.figure_variants(pkg, topics=topics)
    evidence, cited, disc = evidence_words(pkg, "quantities"), citing_sources(pkg, "quantities"), discrepancies_of(pkg)
    groups: dict[str, dict] = {}
    for f in q.itertuples():
        group = groups.setdefault(
            f.topic,
            {
                "topic": f.topic,
                "measure": str(f.measure),
                "conflict": bool(f.conflict),
                "differ": int(f.n_values) > 1 or int(f.n_units) > 1,
                "figures": [],
            },
        )
        group["figures"].append(
            {
                "id": f.quantity_id,
                "measure": str(f.measure),
                "value": f.text
                if lang == SOURCE
                else format_quantity(f.value, f.value_high, f.comparator, f.unit, f.currency, lang),
                "unit": _unit(str(f.unit), f.currency),
                "kind": word("figure kind", f.kind, lang),
                "comparator": str(f.comparator),
                "as_of": as_of_label(f.as_of, f.as_of_precision, lang=lang) or words(lang).gettext("not stated"),
                "record": {
                    "id": f.record_id,
                    "label": tables.record_label(pkg, str(f.record_table), f.record_id),
                    "anchor": entry_anchor(str(f.record_table), f.record_id),
                },
                "discrepancies": disc.get(("quantities", f.quantity_id), []),
                **evidence[f.quantity_id],
                "supports": cited.get(f.quantity_id, {}).get("supports", ()),
                "contradicts": cited.get(f.quantity_id, {}).get("contradicts", ()),
            }
        )
    return sorted(groups.values(), key=lambda g: (g["measure"].casefold(), g["topic"]))
