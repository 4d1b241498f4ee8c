"""The catalog: every message of the code is translated into Italian, nothing is left over, and
dates and numbers come out in each language's own format.

The messages are extracted here the way `make messages` extracts them (partnership.i18n.messages,
babel.cfg), so a word added to the code without its Italian translation fails this test.
"""

from __future__ import annotations

import ast
import math
import re
import string

import pandas as pd
import pytest
from babel.messages.pofile import read_po
from conftest import ROOT

from partnership.analysis.dates import as_of_label, date_label, day_text, month_text
from partnership.i18n import LANGUAGES, SOURCE, catalog_path, translations, words
from partnership.i18n.messages import KEYWORDS, TEMPLATE, extract, po_text
from partnership.i18n.numbers import digits, format_number, format_quantity

OTHER = [lang for lang in LANGUAGES if lang != SOURCE]


@pytest.fixture(scope="module")
def template():
    return extract()


def _key(message) -> tuple:
    return (message.context, message.id if isinstance(message.id, str) else message.id[0])


def _forms(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


@pytest.mark.parametrize("lang", OTHER)
def test_every_message_of_the_code_is_translated_and_nothing_is_left_over(template, lang):
    with catalog_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang)
    wanted = {_key(m) for m in template if m.id}
    have = {_key(m): m for m in catalog if m.id}
    missing = sorted(wanted - set(have), key=str)
    untranslated = sorted((k for k, m in have.items() if not all(f.strip() for f in _forms(m))), key=str)
    fuzzy = sorted((k for k, m in have.items() if m.fuzzy), key=str)
    obsolete = sorted(set(have) - wanted, key=str) + sorted(catalog.obsolete, key=str)
    assert not missing, f"messages of the code missing from {lang}.po (run make messages): {missing}"
    assert not untranslated, f"untranslated in {lang}.po: {untranslated}"
    assert not fuzzy, f"fuzzy (to check) in {lang}.po: {fuzzy}"
    assert not obsolete, f"entries of {lang}.po no longer in the code (run make messages): {obsolete}"
    assert catalog.num_plurals == 2 and catalog.plural_expr == "(n != 1)", "Italian: one, and many"
    plurals = [k for k, m in have.items() if isinstance(m.id, tuple)]
    assert plurals and all(len(_forms(have[k])) == catalog.num_plurals for k in plurals)


# where a call's context and message are: (context index or None, message index)
CALLS = {"gettext": (None, 0), "ngettext": (None, 0), "N_": (None, 0), "pgettext": (0, 1), "npgettext": (0, 1)}
CALLS["NP_"] = CALLS["pgettext"]


def _literal_messages() -> set[tuple]:
    """(context, message) of every gettext call or marker in partnership/ whose words are literal."""
    found = set()
    for path in (ROOT / "partnership").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = isinstance(node, ast.Call) and (getattr(node.func, "attr", None) or getattr(node.func, "id", None))
            if name not in CALLS:
                continue
            context, message = CALLS[name]
            args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            if len(args) > message and args[message] is not None and (context is None or args[context] is not None):
                found.add((None if context is None else args[context], args[message]))
    return found


def test_every_message_written_in_the_code_is_extracted(template):
    # Babel's extractor passes over some calls (nested in another call's arguments, or inside an
    # f-string): their words would silently stay English. Read the code itself to catch them.
    assert {"N_", "NP_", "gettext", "ngettext", "pgettext"} <= set(KEYWORDS)
    extracted = {_key(m) for m in template if m.id}
    literal = _literal_messages()
    assert (None, "{items} and {last}") in literal and (None, "c. {date}") in literal
    assert not sorted(literal - extracted, key=str), "messages the extractor does not see: restructure the call"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", OTHER)
def test_a_translation_fills_only_the_fields_the_code_gives(lang):
    # a field the code does not pass would raise KeyError when the chart is drawn; the code's fields
    # are those of the English, and any the translators' comment names ({currency_name})
    with catalog_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang)
    wrong = []
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        given = set().union(*map(_fields, ids)) | set(re.findall(r"\{(\w+)\}", " ".join(m.auto_comments)))
        if isinstance(m.id, tuple):
            given.add("n")
        if any(_fields(form) - given for form in _forms(m)):
            wrong.append((m.id, m.string))
    assert not wrong


def test_the_committed_template_is_what_the_code_gives(template):
    assert TEMPLATE.read_text(encoding="utf-8") == po_text(template), "run make messages"
    assert "POT-Creation-Date" not in TEMPLATE.read_text(encoding="utf-8"), "no clock in the catalog"


def test_templates_are_extracted_with_the_jinja2_i18n_extension(tmp_path):
    folder = tmp_path / "partnership" / "publish" / "templates"
    folder.mkdir(parents=True)
    (folder / "page.html.j2").write_text(
        "<h2>{{ _('Sources') }}</h2>\n{% trans n=count %}{{ n }} source{% pluralize %}{{ n }} sources{% endtrans %}\n"
    )
    found = {_key(m) for m in extract(root=tmp_path) if m.id}
    assert found == {(None, "Sources"), (None, "%(n)s source")}


def test_english_is_the_identity_and_italian_reads_the_catalog():
    assert translations("en").gettext("c. {date}") == "c. {date}"
    assert translations("it").gettext("c. {date}") == "circa {date}"
    assert translations("it").gettext("a message the catalog lacks") == "a message the catalog lacks"
    it = words("it")
    assert it.ngettext("{number} year", "{number} years", 1, number=1) == "1 anno"
    assert it.ngettext("{number} year", "{number} years", 0, number=0) == "0 anni"
    assert it.ngettext("{number} year", "{number} years", 12, number=12) == "12 anni"
    fields = {"currency": "EUR", "currency_name": "euro", "amount": "50 milioni"}
    assert it.pgettext("money", "{currency} {amount}", **fields) == "50 milioni euro", "the context tells them apart"
    assert it.pgettext("money, amount in millions or billions", "{currency} {amount}", **fields) == "50 milioni di euro"
    assert words("en").join(["a", "b", "c"]) == "a, b and c" and it.join(["a", "b", "c"]) == "a, b e c"
    with pytest.raises(ValueError, match="unknown language"):
        translations("fr")


# --- dates and numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "precision", "en", "it"),
    [
        ("2018-04-17", "2018-04-17", "day", "17 Apr 2018", "17 apr 2018"),
        ("2017-11-01", "2017-11-30", "month", "Nov 2017", "nov 2017"),
        ("2004-01-01", "2004-12-31", "year", "2004", "2004"),
        ("2017-02-21", "2017-02-26", "range", "21–26 Feb 2017", "21–26 feb 2017"),
        ("2017-01-01", "2017-01-31", "approximate", "c. Jan 2017", "circa gen 2017"),
        ("2017-09-01", "2017-11-30", "approximate", "c. Sep – Nov 2017", "circa set – nov 2017"),
        ("2017-02-22", None, "day", "22 Feb 2017 – end unknown", "22 feb 2017 – fine ignota"),
        ("2019-03-01", None, "approximate", "c. 1 Mar 2019 – end unknown", "circa 1 mar 2019 – fine ignota"),
    ],
)
def test_dates_at_their_precision_in_each_language(start, end, precision, en, it):
    end = pd.Timestamp(end) if end else pd.NaT
    assert date_label(pd.Timestamp(start), end, precision) == en
    assert date_label(pd.Timestamp(start), end, precision, lang="it") == it


def test_month_names_and_figure_dates_in_italian():
    assert day_text("2018-06-05", lang="it") == "5 giu 2018"
    assert month_text("2018-08-01", lang="it", wide=True) == "agosto 2018"
    assert month_text("2018-08-01", wide=True) == "August 2018"
    assert as_of_label(pd.Timestamp("2018-02-14"), "approximate", lang="it") == "circa feb 2018"
    assert as_of_label(pd.Timestamp("2018-04-17"), "day", iso=True, lang="it") == "2018-04-17"


@pytest.mark.parametrize(
    ("args", "en", "it"),
    [
        ((23000, None, "exact", "m2"), "23,000 m²", "23.000 m²"),
        ((16000, None, "more_than", "m2"), ">16,000 m²", ">16.000 m²"),
        ((50e6, None, "exact", "money", "EUR"), "EUR 50 million", "50 milioni di euro"),
        ((1e6, None, "exact", "money", "EUR"), "EUR 1 million", "1 milione di euro"),
        ((804e6, None, "approximately", "money", "USD"), "~USD 804 million", "~804 milioni di dollari statunitensi"),
        ((5.28e9, None, "exact", "money", "CNY"), "CNY 5.28 billion", "5,28 miliardi di yuan cinesi"),
        (
            (350e6, 400e6, "exact", "money", "USD"),
            "USD 350 million–400 million",
            "350 milioni–400 milioni di dollari statunitensi",
        ),
        ((500, None, "exact", "money", "EUR"), "EUR 500", "500 euro"),
        ((6.95, None, "exact", "percent"), "6.95%", "6,95%"),
        ((1, None, "exact", "year"), "1 year", "1 anno"),
        ((2, 3, "exact", "year"), "2–3 years", "2–3 anni"),
        ((44.92, None, "exact", "count"), "44.92", "44,92"),
    ],
)
def test_figures_as_people_write_them_in_each_language(args, en, it):
    assert format_quantity(*args) == en
    assert format_quantity(*args, lang="it") == it


def test_numbers_take_the_language_separators():
    assert format_number(2.5e9, "it") == "2,5 miliardi" and format_number(1234567.0) == "1.235 million"
    assert digits(1234.5, ",.4g", "it") == "1.234" and digits(0.6, ",.4g", "it") == "0,6"
    assert format_number(None, "it") == "?"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((23000, None, "exact", "m2"), "23,000 m²"),
        ((16000, None, "more_than", "m2"), ">16,000 m²"),
        ((17000, None, "approximately", "m2"), "~17,000 m²"),
        ((14000, None, "at_least", "m2"), "≥14,000 m²"),
        ((50, None, "up_to", "percent"), "≤50%"),
        ((50_000_000, None, "exact", "money", "EUR"), "EUR 50 million"),
        ((5_280_000_000, None, "exact", "money", "CNY"), "CNY 5.28 billion"),
        ((5, 6, "exact", "count"), "5–6"),
        ((5, math.nan, "exact", "count"), "5"),
        ((44.92, None, "exact", "percent"), "44.92%"),
        ((2, None, "more_than", "year"), ">2 years"),
        ((1, None, "approximately", "year"), "~1 year"),
    ],
)
def test_a_figure_in_english_keeps_its_unit_currency_and_qualifier(args, expected):
    assert format_quantity(*args) == expected
