"""Every chart drawn in Italian says everything in Italian: titles, labels, legends, notes, tick
labels that are words, alt text and its data's column names. Record text (titles, names) stays as
the data gives it, and the English chart is what it was."""

from __future__ import annotations

import csv
import json
import re
import string
from dataclasses import replace

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, SCHEMA
from test_charts import CHARTS  # the same charts, drawn the same way

from partnership import charts
from partnership.analysis.dates import month_names
from partnership.charts.common import chart_data, chart_meta, figure_texts, redraw
from partnership.charts.quantities import humanise
from partnership.i18n import catalog_path
from partnership.i18n.vocabulary import VOCABULARY, as_of_line, word


def _catalog_fragments() -> tuple[set[str], set[str]]:
    """The English words of every message Italian translates differently, split at their fields:
    phrases (two words or more) and single words."""
    with catalog_path("it").open("rb") as f:
        catalog = read_po(f, locale="it")
    phrases, single = set(), set()
    for m in catalog:
        if not m.id:
            continue
        english = m.id if isinstance(m.id, tuple) else (m.id,)
        italian = " ".join(m.string if isinstance(m.string, tuple) else (m.string,))
        for text in english:
            for literal, *_ in string.Formatter().parse(text):
                for part in re.split(r"[;:,.()·—\[\]]", literal or ""):
                    part = part.strip()
                    if not re.search(r"[A-Za-z]{2}", part) or re.search(rf"\b{re.escape(part)}\b", italian):
                        continue  # no words, or words Italian keeps (a code, a symbol)
                    (phrases if " " in part else single).add(part)
    return phrases, single


PHRASES, WORDS = _catalog_fragments()


def _record_text(pkg) -> list[str]:
    """What the data writes, which a chart shows as it is (longest first, to be taken out whole)."""
    t = pkg.tables
    found = {pkg.title}
    for table, column in (
        ("events", "title"),
        ("actors", "name_en"),
        ("sectors", "label_en"),
        ("quantities", "measure"),
        ("sources", "publisher"),
    ):
        found |= set(t[table][column].dropna().astype(str))
    found |= {humanise(topic) for topic in t["quantities"]["topic"]}
    return sorted((f for f in found if f), key=len, reverse=True)


def _texts(fig) -> list[str]:
    meta, data = chart_meta(fig), chart_data(fig)
    return [
        *figure_texts(fig),
        meta["title"],
        meta["alt"],
        *meta["notes"],
        *data.columns,
        *data.columns.values(),
    ]


def _english_left(fig, pkg) -> list[str]:
    records = _record_text(pkg)
    left = []
    for text in _texts(fig):
        for record in records:
            text = text.replace(record, " ")
        text = " ".join(text.split())
        left += [p for p in PHRASES if p in text and re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)]
        left += [w for w in WORDS if text == w]
    return sorted(set(left))


@pytest.fixture(scope="module")
def empty(mini):
    return replace(mini, tables={name: t.iloc[0:0].copy() for name, t in mini.tables.items()})


def test_the_catalog_gives_the_test_english_to_look_for():
    assert {"events between", "Confidence grade", "end unknown"} <= PHRASES
    assert {"Total", "Sources", "bar", "aftermath"} <= WORDS


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_a_chart_in_italian_has_no_english_words_left(name, mini, edge, empty):
    for pkg in (mini, edge, empty):
        english = CHARTS[name](pkg)
        italian = redraw(english, "it")
        assert chart_meta(italian)["lang"] == "it" and chart_meta(english)["lang"] == "en"
        assert not _english_left(italian, pkg), f"{name}: English in the Italian chart"
        assert _english_left(english, pkg), "the check finds the English of the English chart"
        it_columns = list(chart_data(italian).columns)
        assert it_columns != list(chart_data(english).columns) and len(set(it_columns)) == len(it_columns)
        assert chart_data(italian).table.shape == chart_data(english).table.shape


def test_redrawing_is_calling_the_chart_in_that_language(mini):
    direct = charts.timeline(mini, window=("2017-02-01", "2018-04-30"), show_ids=True, lang="it")
    again = redraw(charts.timeline(mini, window=("2017-02-01", "2018-04-30"), show_ids=True), "it")
    assert figure_texts(direct) == figure_texts(again) and chart_meta(direct)["alt"] == chart_meta(again)["alt"]
    with pytest.raises(ValueError, match="not drawn by a partnership.charts function"):
        from matplotlib.figure import Figure

        redraw(Figure(), "it")


def test_the_date_axis_names_months_in_italian(mini):
    fig = charts.timeline(mini, window=("2017-02-01", "2018-04-30"), lang="it")
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert set(ticks) & (set(month_names("it")) - set(month_names("en"))), ticks
    assert not set(ticks) & set(month_names("en")) - set(month_names("it")), ticks
    assert all(t in month_names("it") or t.isdigit() for t in ticks), ticks


def test_the_as_of_line_in_english_is_the_package_s_own(mini):
    assert as_of_line(mini) == mini.as_of
    assert as_of_line(mini, "it") == f"pacchetto di dati v{mini.version}, aggiornato al {mini.last_updated}"


def test_italian_figures_and_dates_in_the_charts(mini, edge):
    rows = chart_data(charts.reported_figures(edge, lang="it")).table
    assert "come riportato" in rows and rows["come riportato"].str.contains(r"\d\.\d{3}|milion|%").any()
    assert not rows["come riportato"].str.contains(r"\d,\d{3}|million", regex=True).any()
    dates = chart_data(charts.timeline(mini, lang="it")).table["data"]
    assert "nov 2017" in set(dates) and any("fine ignota" in d for d in dates)


def test_a_status_is_said_of_many_discrepancies_and_of_one():
    assert (
        word("discrepancy status", "open", "it") == "aperte"
        and word("status of one discrepancy", "open", "it") == "aperta"
    )
    assert word("discrepancy status", "open") == word("status of one discrepancy", "open") == "open"
    assert word("source kind", "press_release", "it") == "comunicato stampa"
    assert word("source kind", "a_new_kind", "it") == "a new kind", "an unknown value: its code, with spaces"


def test_the_vocabulary_has_a_word_for_every_value_of_the_schema():
    fields = {
        ("events", "phase"): "phase",
        ("events", "kind"): "event kind",
        ("actors", "type"): "actor type",
        ("sources", "language"): "language",
        ("sources", "kind"): "source kind",
        ("sources", "side"): "side",
        ("sources", "reliability"): "reliability",
        ("discrepancies", "status"): "discrepancy status",
    }
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    lacking = []
    for resource in schema["resources"]:
        for f in resource["schema"]["fields"]:
            field = fields.get((resource["name"], f["name"]))
            if field:
                lacking += [(field, v) for v in f["constraints"]["enum"] if v not in VOCABULARY[field]]
    assert not lacking
    assert set(VOCABULARY["discrepancy status"]) == set(VOCABULARY["status of one discrepancy"])


# --- the committed figures: an Italian edition of every English one ----------------------------

FIGURES = ROOT / "figures"


def test_every_english_figure_has_its_italian_edition_under_the_same_names():
    english = sorted(p.name for p in FIGURES.iterdir() if p.is_file())
    assert english and sorted(p.name for p in (FIGURES / "it").iterdir()) == english


@pytest.mark.parametrize("name", sorted(p.stem for p in FIGURES.glob("*.json")))
def test_each_italian_sidecar_says_italian_and_describes_its_italian_csv(name):
    en = json.loads((FIGURES / f"{name}.json").read_text(encoding="utf-8"))
    it = json.loads((FIGURES / "it" / f"{name}.json").read_text(encoding="utf-8"))
    assert (en["lang"], it["lang"]) == ("en", "it")
    for key in ("title", "alt", "caption", "as_of"):
        assert it[key].strip() and it[key] != en[key], f"{name}: Italian {key}"
    assert it["as_of"].startswith("pacchetto di dati v") and it["notebook"] == en["notebook"]
    with (FIGURES / "it" / it["data"]["path"]).open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    names = [c["name"] for c in it["data"]["columns"]]
    assert header == names != [c["name"] for c in en["data"]["columns"]]
    assert len(names) == len(en["data"]["columns"]) and all(c["description"].strip() for c in it["data"]["columns"])
