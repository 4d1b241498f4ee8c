"""Findings cannot go stale: every number in a notebook's findings is pinned to the data.

The static checks read the notebooks without running them; the build test changes a copy of
the data so that a stated count changes and runs the notebook that states it.
"""

from __future__ import annotations

import ast
import csv
import json
import shutil
from pathlib import Path

import pytest
from buildhelpers import report_bytes, run_build
from conftest import ROOT

from partnership import load_package
from partnership.analysis.findings import StaleFinding, phrase_value, pin, stated_numbers, unpinned

NOTEBOOKS = sorted((ROOT / "notebooks").glob("0[1-5]_*.ipynb"))
HEADINGS = {"en": "## What we found", "it": "## Cosa abbiamo trovato"}
EDITIONS = [(path, lang) for path in NOTEBOOKS for lang in HEADINGS]


def _text(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _lang(cell: dict) -> str:
    tags = cell.get("metadata", {}).get("tags", [])
    return next((t.removeprefix("lang:") for t in tags if t.startswith("lang:")), "en")


def pin_calls(path: Path) -> list[ast.Call]:
    """The findings.pin calls of the notebook's hidden cells."""
    calls = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code" or "remove-cell" not in cell.get("metadata", {}).get("tags", []):
            continue
        for node in ast.walk(ast.parse(_text(cell))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "pin" and node.args:
                calls.append(node)
    return calls


def pinned(call: ast.Call, lang: str) -> dict[str, object]:
    """Phrase -> pinned node: the English phrases (the call's first argument) with their value
    expressions; another language's phrases (its keyword, e.g. it=) with the English phrase each
    one names."""
    if lang == "en":
        table = call.args[0]
    else:
        table = next((k.value for k in call.keywords if k.arg == lang), ast.Dict(keys=[], values=[]))
    assert isinstance(table, ast.Dict), "pins are written out as a dict literal in the call"
    return {k.value: v for k, v in zip(table.keys, table.values) if isinstance(k, ast.Constant)}


def findings_and_pins(path: Path, lang: str = "en") -> tuple[str, list[str]]:
    """The findings cell's text in edition `lang` and the phrases the notebook's hidden cells pin for it."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join(
        _text(c)
        for c in cells
        if c["cell_type"] == "markdown" and _lang(c) == lang and _text(c).startswith(HEADINGS[lang])
    )
    phrases = [p for call in pin_calls(path) for p in pinned(call, lang)]
    return text, phrases


@pytest.fixture(scope="module")
def names() -> list[str]:
    """Names the data records: a number inside one is part of the name, not a finding."""
    pkg = load_package(ROOT / "data")
    actors, found = pkg["actors"], []
    for col in ("name_en", "name_it"):
        found += actors[col].dropna().astype(str).tolist()
    found += [a for aliases in actors["aliases"].dropna().astype(str) for a in aliases.split(" | ")]
    for col in ("label_en", "label_it"):
        found += pkg["sectors"][col].dropna().astype(str).tolist()
    found += pkg["sources"]["publisher"].dropna().astype(str).tolist()
    return found


def _edition_id(case) -> str:
    return f"{case[0].name}-{case[1]}"


@pytest.mark.parametrize("case", EDITIONS, ids=_edition_id)
def test_every_number_in_the_findings_is_pinned(case: tuple[Path, str], names: list[str]):
    path, lang = case
    text, phrases = findings_and_pins(path, lang)
    assert text, f"{path.name} has no '{HEADINGS[lang]}' cell"
    assert phrases, f"{path.name} pins no {lang} finding (a remove-cell code cell calling findings.pin)"
    missing = [p for p in phrases if p not in text]
    assert not missing, f"{path.name}: pinned {lang} phrases not in the findings text: {missing}"
    left = unpinned(text, phrases, names, lang=lang)
    assert left == [], f"{path.name}: numbers in the {lang} findings that no pin covers: {left}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_italian_findings_state_every_pinned_number_of_the_english(path: Path):
    """Each Italian phrase names the English phrase whose value it states, and every English
    phrase has one: the Italian findings leave out no number, and no value is computed twice."""
    (call,) = pin_calls(path)
    english, italian = pinned(call, "en"), pinned(call, "it")
    named = {node.value for node in italian.values() if isinstance(node, ast.Constant)}
    assert all(isinstance(n, ast.Constant) and isinstance(n.value, str) for n in italian.values()), (
        "an Italian phrase names an English phrase; it computes nothing itself"
    )
    assert named <= set(english), f"{path.name}: Italian phrases name no English phrase: {named - set(english)}"
    assert set(english) <= named, f"{path.name}: English phrases with no Italian phrase: {set(english) - named}"


@pytest.mark.parametrize("case", EDITIONS, ids=_edition_id)
def test_the_as_of_line_is_not_typed_by_hand(case: tuple[Path, str]):
    text, _ = findings_and_pins(*case)
    assert "data package v" not in text and "pacchetto di dati v" not in text, (
        "the report adds the as-of line from the package's metadata"
    )


def test_a_phrase_states_its_first_number():
    assert phrase_value("23,000 m²") == 23000
    assert phrase_value("Five listed items") == 5
    assert phrase_value("150 (53%)") == 150
    assert phrase_value("USD 5.28 billion") == 5.28
    assert phrase_value("the signing of 22 February 2017 (T24) has five origins") == 5
    with pytest.raises(ValueError):
        phrase_value("no number here")


def test_pin_names_every_stale_phrase():
    pin({"143 sources": 143, "53%": 150 / 281, "one in German": 1})
    with pytest.raises(StaleFinding) as caught:
        pin({"143 sources": 142, "86 in Italian": 86, "53%": 0.6})
    message = str(caught.value)
    assert '"143 sources" says 143, the data gives 142' in message
    assert '"53%" says 53, the data gives 60' in message
    assert "86 in Italian" not in message


def test_dates_ids_and_citations_are_not_findings():
    text = "On 17 April 2018 (T35, F03_1, D22_3) [@sole24_20180207], in Nov 2017 and 2020, two of 12 rows; one of them."
    assert stated_numbers(text) == ["12", "two"]
    assert unpinned("Industry 4.0 leads with 30 events.", ["30 events"], ["industry 4.0"]) == []
    assert unpinned("Industry 4.0 leads with 30 events.", ["30 events"]) == ["4.0"]


def test_an_italian_phrase_states_its_number_the_italian_way():
    assert phrase_value("23.000 m²", "it") == 23000
    assert phrase_value("1.470 delegati", "it") == 1470
    assert phrase_value("5,28 miliardi di yuan", "it") == 5.28
    assert phrase_value("il titolo al 6,95%", "it") == 6.95
    assert phrase_value("Dodici domande restano aperte", "it") == 12
    assert phrase_value("tutti e quattro", "it") == 4
    assert phrase_value("la firma del 22 febbraio 2017 (T24) ha cinque origini", "it") == 5
    # the same digits, read the English way, state another number
    assert phrase_value("23.000 m²") == 23 and phrase_value("23,000 m²", "it") == 23
    with pytest.raises(ValueError):
        phrase_value("la metà delle fonti, qualche decina di eventi", "it")
    with pytest.raises(ValueError):
        phrase_value("143 sources", "xx")


def test_an_italian_article_is_the_stated_number_only_when_there_is_no_other():
    assert phrase_value("una in tedesco", "it") == 1
    assert phrase_value("un solo numero", "it") == 1
    assert phrase_value("su un totale di 281 affermazioni", "it") == 281
    assert phrase_value("una sola origine per tre eventi", "it") == 3
    assert phrase_value("one of 12 rows") == 12 and phrase_value("one in German") == 1


def test_italian_dates_ids_and_citations_are_not_findings():
    text = (
        "Il 17 aprile 2018 (T35, F03_1, D22_3) [@sole24_20180207], nel novembre 2017, nel 2020 e dal 1° gennaio: "
        "due di 12 righe; una di esse, un'altra, uno solo, la metà, una decina, nessuno a ottobre."
    )
    assert stated_numbers(text, "it") == ["12", "due"]
    assert stated_numbers("seicento, treno, ventina, novembre, ottobre", "it") == []
    assert unpinned("Industry 4.0 chiude con 6.", ["chiude con 6"], ["industry 4.0"], lang="it") == []
    assert unpinned("Industry 4.0 chiude con 6.", ["chiude con 6"], lang="it") == ["4"]
    assert unpinned("23.000 m² e 5,28 miliardi", ["23.000 m²"], lang="it") == ["5,28"]


def test_per_cento_is_a_percent_sign_not_a_hundred():
    assert stated_numbers("il 53 per cento delle affermazioni, cento in tutto", "it") == ["53", "cento"]
    pin({"il 53 per cento": 150 / 281, "cento eventi": 100, "il 53%": 150 / 281}, lang="it")
    with pytest.raises(StaleFinding):
        pin({"il 54 per cento": 150 / 281}, lang="it")


def test_pin_checks_each_italian_phrase_against_the_value_of_its_english_phrase():
    pin(
        {"143 sources": 143, "53%": 150 / 281, "CNY 5.28 billion": 5.28, "one in German": 1},
        it={
            "143 fonti": "143 sources",
            "il 53%": "53%",
            "5,3 miliardi": "CNY 5.28 billion",
            "una in tedesco": "one in German",
        },
    )
    with pytest.raises(StaleFinding) as caught:
        pin({"143 sources": 142, "USD 550": 550}, it={"143 fonti": "143 sources", "5,2 miliardi": "USD 550"})
    message = str(caught.value)
    assert '"143 sources" says 143, the data gives 142' in message
    assert '"143 fonti" says 143, the data gives 142' in message
    assert '"5,2 miliardi" says 5.2, the data gives 550' in message
    with pytest.raises(StaleFinding, match="5,2 miliardi"):
        pin({"CNY 5.28 billion": 5.28}, it={"5,2 miliardi": "CNY 5.28 billion"})
    with pytest.raises(ValueError, match="143 source"):
        pin({"143 sources": 143}, it={"143 fonti": "143 source"})
    with pytest.raises(ValueError, match="xx"):
        pin({"143 sources": 143}, xx={"143 fonti": "143 sources"})


@pytest.mark.kernel
def test_a_data_change_that_alters_a_finding_fails_the_build_naming_it(tmp_path: Path):
    """One Italian source relabelled as English: notebook 01's '86 in Italian' (and '86 in italiano') must not survive."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    with (data / "sources.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    lang = rows[0].index("language")
    first_italian = next(r for r in rows[1:] if r[lang] == "it")
    first_italian[lang] = "en"
    with (data / "sources.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(ROOT / "notebooks" / "01_evidence_base.ipynb", notebooks)
    run = run_build(data, notebooks, tmp_path / "out")
    published = tmp_path / "out" / "report" / "index.html"
    if run.returncode == 0:  # the other honest outcome: the new number is what the report says
        assert b"85 in Italian" in report_bytes(tmp_path / "out")
    else:
        assert "StaleFinding" in run.stderr and "in Italian" in run.stderr, run.stderr
        assert "86 in italiano" in run.stderr, "the Italian phrase of the same number is stale too"
        assert not published.exists(), "a stale finding publishes nothing"
