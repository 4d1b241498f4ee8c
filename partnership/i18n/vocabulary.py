"""The schema's values in words, for the charts and the report: phases, kinds of events, actor
types, source languages, kinds, sides and reliability, discrepancy statuses, certainty, roles,
kinds of figures and comparators; and the package's "data as of" line.

The data writes these as codes (`press_release`); a chart or a page writes them in words, in its
language (`word("source kind", "press_release", "it")` -> "comunicato stampa"). Each word is a
catalog message with its field as context, so that a language can tell apart words that
English spells alike. A value the table does not know (a schema that grew) is written as its
code with spaces: never dropped, and tests/test_i18n.py lists the schema's values it lacks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from partnership.i18n import NP_, words

if TYPE_CHECKING:  # the package's type only; importing it would load pandas
    from partnership.data.load import EvidencePackage

VOCABULARY: dict[str, dict[str, tuple[str, str]]] = {
    "phase": {
        "background": NP_("phase", "background"),
        "founding": NP_("phase", "founding"),
        "operation": NP_("phase", "operation"),
        "aftermath": NP_("phase", "aftermath"),
    },
    "event kind": {
        "agreement": NP_("event kind", "agreement"),
        "visit": NP_("event kind", "visit"),
        "meeting": NP_("event kind", "meeting"),
        "launch": NP_("event kind", "launch"),
        "inauguration": NP_("event kind", "inauguration"),
        "acquisition": NP_("event kind", "acquisition"),
        "company_formation": NP_("event kind", "company formation"),
        "appointment": NP_("event kind", "appointment"),
        "founding": NP_("event kind", "founding"),
        "programme": NP_("event kind", "programme"),
        "exhibition": NP_("event kind", "exhibition"),
        "conference": NP_("event kind", "conference"),
        "report": NP_("event kind", "report"),
        "ownership_change": NP_("event kind", "ownership change"),
        "default": NP_("event kind", "default"),
        "restructuring": NP_("event kind", "restructuring"),
        "policy": NP_("event kind", "policy"),
        "construction": NP_("event kind", "construction"),
    },
    "actor type": {
        "university": NP_("actor type", "university"),
        "university_unit": NP_("actor type", "university unit"),
        "company": NP_("actor type", "company"),
        "foundation": NP_("actor type", "foundation"),
        "government_body": NP_("actor type", "government body"),
        "organisation": NP_("actor type", "organisation"),
        "person": NP_("actor type", "person"),
        "site": NP_("actor type", "site"),
        "programme": NP_("actor type", "programme"),
    },
    "language": {
        "it": NP_("language", "Italian"),
        "en": NP_("language", "English"),
        "zh": NP_("language", "Chinese"),
        "de": NP_("language", "German"),
        "fr": NP_("language", "French"),
        "es": NP_("language", "Spanish"),
        "ja": NP_("language", "Japanese"),
        "ru": NP_("language", "Russian"),
        "ko": NP_("language", "Korean"),
        "pt": NP_("language", "Portuguese"),
    },
    "source kind": {
        "official": NP_("source kind", "official"),
        "press_release": NP_("source kind", "press release"),
        "news": NP_("source kind", "news"),
        "aggregator": NP_("source kind", "aggregator"),
        "blog": NP_("source kind", "blog"),
    },
    "side": {
        "italian": NP_("side", "italian"),
        "chinese": NP_("side", "chinese"),
        "international": NP_("side", "international"),
    },
    "reliability": {
        "high": NP_("reliability", "high"),
        "medium": NP_("reliability", "medium"),
        "low": NP_("reliability", "low"),
    },
    # what the discrepancies with a status are (bars, counts: "23 are open")
    "discrepancy status": {
        "open": NP_("discrepancy status", "open"),
        "explained": NP_("discrepancy status", "explained"),
        "resolved": NP_("discrepancy status", "resolved"),
    },
    # what one discrepancy is ("discrepancy D01 open")
    "status of one discrepancy": {
        "open": NP_("status of one discrepancy", "open"),
        "explained": NP_("status of one discrepancy", "explained"),
        "resolved": NP_("status of one discrepancy", "resolved"),
    },
    # how sure the sources are that an event happened as told (the report's chronology)
    "certainty": {
        "reported": NP_("certainty", "reported"),
        "uncertain": NP_("certainty", "uncertain"),
        "unverified": NP_("certainty", "unverified"),
    },
    # an actor's part in an event
    "role": {
        "signatory": NP_("role", "signatory"),
        "witness": NP_("role", "witness"),
        "host": NP_("role", "host"),
        "organiser": NP_("role", "organiser"),
        "participant": NP_("role", "participant"),
        "subject": NP_("role", "subject"),
        "buyer": NP_("role", "buyer"),
        "seller": NP_("role", "seller"),
        "speaker": NP_("role", "speaker"),
        "partner": NP_("role", "partner"),
        "investor": NP_("role", "investor"),
        "appointee": NP_("role", "appointee"),
    },
    # what a reported figure measures, and how exactly (the register of figures)
    "figure kind": {
        "price": NP_("figure kind", "price"),
        "investment": NP_("figure kind", "investment"),
        "area": NP_("figure kind", "area"),
        "share": NP_("figure kind", "share"),
        "count": NP_("figure kind", "count"),
        "revenue": NP_("figure kind", "revenue"),
        "profit": NP_("figure kind", "profit"),
        "assets": NP_("figure kind", "assets"),
        "debt": NP_("figure kind", "debt"),
        "interest_rate": NP_("figure kind", "interest rate"),
        "trade": NP_("figure kind", "trade"),
        "duration": NP_("figure kind", "duration"),
    },
    "comparator": {
        "exact": NP_("comparator", "exact"),
        "approximately": NP_("comparator", "approximately"),
        "at_least": NP_("comparator", "at least"),
        "more_than": NP_("comparator", "more than"),
        "up_to": NP_("comparator", "up to"),
    },
    # the dimensions the sources are counted by ("By language")
    "source dimension": {
        "language": NP_("source dimension", "language"),
        "kind": NP_("source dimension", "kind"),
        "reliability": NP_("source dimension", "reliability"),
        "side": NP_("source dimension", "side"),
    },
}


def word(field: str, value: object, lang: str = "en") -> str:
    """A schema value in words, in the language (its code with spaces when the table lacks it)."""
    marked = VOCABULARY[field].get(str(value))
    return words(lang).word(marked) if marked else str(value).replace("_", " ")


def as_of_line(pkg: EvidencePackage, lang: str = "en") -> str:
    """The package's "data as of" line in the language (in English, pkg.as_of itself)."""
    return words(lang).gettext("data package v{version}, updated {date}", version=pkg.version, date=pkg.last_updated)
