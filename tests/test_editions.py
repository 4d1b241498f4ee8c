"""Each edition of the report reads its own prose from the notebooks: a markdown cell tagged
lang:it stands in for the English cell just before it, and the English edition never shows it."""

import json
import re

import pytest
from conftest import ROOT

from partnership.publish.lang import cell_language, edition_cells
from partnership.publish.report import read_notebook


def _md(text, lang=None):
    return {"cell_type": "markdown", "metadata": {"tags": [f"lang:{lang}"]} if lang else {}, "source": text}


NB = {
    "cells": [
        _md("# 01 · Sources\n\nWhich sources?"),
        _md("# 01 · Fonti\n\nQuali fonti?", "it"),
        {"cell_type": "code", "metadata": {}, "source": "1", "outputs": []},
        _md("Only in English."),
        _md("## What we found\n\nThe sources lean Italian."),
        _md("## Cosa abbiamo trovato\n\nLe fonti sono soprattutto italiane.", "it"),
    ]
}


def test_each_edition_takes_its_own_cells_and_keeps_their_positions():
    assert [i for i, _ in edition_cells(NB["cells"], "en")] == [0, 2, 3, 4]
    assert [i for i, _ in edition_cells(NB["cells"], "it")] == [1, 2, 3, 5]


def test_the_english_section_never_shows_italian_prose_and_the_italian_one_has_its_title():
    en = read_notebook("01_sources.ipynb", NB, 1, {}, [])
    it = read_notebook("01_sources.ipynb", NB, 1, {}, [], lang="it")
    assert en.title == "01 · Sources" and it.title == "01 · Fonti"
    en_text = " ".join(b.text for b in en.blocks if b.kind == "markdown")
    it_text = " ".join(b.text for b in it.blocks if b.kind == "markdown")
    assert "Fonti" not in en_text and "italiane" not in en_text
    assert "Quali fonti?" in it_text and "Which sources?" not in it_text


# --- the report notebooks carry every prose cell in both languages, pair by pair ----------------

NOTEBOOKS = sorted((ROOT / "notebooks").glob("0[1-5]_*.ipynb"))
CITATION = re.compile(r"\[@[^\]]+\]")
RECORD_ID = re.compile(r"(?<![\w@])(?:[TE][0-9]{2}[a-z]?|[A-Z][0-9]{2}_[0-9]{1,2}|D[0-9]{2}|Q[0-9]{2})(?![\w])")
CODE = re.compile(r"`[^`\n]+`")


def _text(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _form(text: str) -> dict[str, object]:
    """What a translation keeps of its cell: citations, record ids, code, and the markdown's shape."""
    lines = text.splitlines()
    return {
        "citations": sorted(CITATION.findall(text)),
        "record ids": sorted(RECORD_ID.findall(text)),
        "code": sorted(CODE.findall(text)),
        "headings": [line.split(" ", 1)[0] for line in lines if re.match(r"#{1,6} ", line)],
        "list items": sum(1 for line in lines if re.match(r"\s*[-*+] ", line)),
        "bold": len(re.findall(r"\*\*[^*]+\*\*", text)),
    }


def pairing_problems(cells: list[dict], lang: str = "it") -> list[str]:
    """Why the cells are not paired English/`lang` prose cell by cell (an empty list when they are):
    every non-empty English markdown cell must be followed by its `lang` counterpart, every `lang`
    cell must follow an English markdown cell, carry text, and keep the English cell's citations,
    record ids, code and markdown shape."""
    problems = []
    for i, cell in enumerate(cells):
        language, is_prose = cell_language(cell), cell["cell_type"] == "markdown"
        if language == lang:
            before = cells[i - 1] if i else None
            if not is_prose:
                problems.append(f"cell {i}: a {lang} cell that is not markdown")
            if before is None or before["cell_type"] != "markdown" or cell_language(before) is not None:
                problems.append(f"cell {i}: a {lang} cell with no English markdown cell before it")
            elif _form(_text(cell)) != _form(_text(before)):
                en, it = _form(_text(before)), _form(_text(cell))
                differ = [k for k in en if en[k] != it[k]]
                problems.append(f"cell {i}: the {lang} cell does not keep the English cell's {', '.join(differ)}")
            if not _text(cell).strip():
                problems.append(f"cell {i}: an empty {lang} cell")
        elif language is None and is_prose and _text(cell).strip():
            after = cells[i + 1] if i + 1 < len(cells) else None
            if after is None or cell_language(after) != lang:
                problems.append(f"cell {i}: an English cell with no {lang} cell after it: {_text(cell)[:60]!r}")
    return problems


def test_pairing_finds_each_kind_of_broken_pair():
    good = [_md("# 01 · Sources\n\n**Question:** which?"), _md("# 01 · Fonti\n\n**Domanda:** quali?", "it")]
    code = {"cell_type": "code", "metadata": {}, "source": "1", "outputs": []}
    assert pairing_problems(good + [code, _md("")]) == []
    assert "no it cell after it" in pairing_problems(good + [_md("Only in English.")])[0]
    assert "no English markdown cell before it" in pairing_problems([code, _md("Solo in italiano.", "it")])[0]
    assert "no English markdown cell before it" in pairing_problems(good + [_md("Di nuovo.", "it")])[0]
    assert "an empty it cell" in " ".join(pairing_problems([_md("Text."), _md(" \n", "it")]))
    kept = pairing_problems([_md("See T24 [@a_1] in `x.csv`."), _md("Vedi T42 [@a_1] in `x.csv`.", "it")])
    assert kept and "record ids" in kept[0]
    shape = pairing_problems(
        [_md("## What we found\n\n- **A.** a\n- **B.** b"), _md("### Trovato\n\n- **A.** a", "it")]
    )
    assert shape and all(k in shape[0] for k in ("headings", "list items", "bold"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_prose_cell_of_a_report_notebook_has_its_italian_counterpart(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert pairing_problems(cells) == []
    assert any(cell_language(c) == "it" for c in cells)


# --- the methodology in both languages ------------------------------------------------------------


def _methodology_form(text: str) -> dict[str, object]:
    form = _form(text)
    return {
        "citations": set(form["citations"]),
        "record ids": set(form["record ids"]),
        "code": set(form["code"]),
        "headings": form["headings"],  # their levels, in order: as many, and the same outline
        "grade rows": len(re.findall(r"(?m)^\| \*\*[A-D]\*\* \|", text)),
    }


def test_the_italian_methodology_keeps_the_english_ones_citations_ids_code_and_sections():
    en = (ROOT / "METHODOLOGY.md").read_text(encoding="utf-8")
    it = (ROOT / "METHODOLOGY.it.md").read_text(encoding="utf-8")
    assert en.startswith("# ") and it.startswith("# "), "each opens with its H1"
    assert it.splitlines()[0] != en.splitlines()[0], "the Italian methodology has its own title"
    assert _methodology_form(it) == _methodology_form(en)
    assert len(_methodology_form(en)["headings"]) > 1 and _methodology_form(en)["grade rows"] == 4


def test_the_methodology_comparison_sees_a_lost_citation_id_or_section():
    text = "# M\n\n## One\nSee T24 [@a_1] and `x.csv`.\n\n## Two\n| **A** | rule |\n"
    assert _methodology_form(text) == _methodology_form(text.replace("See", "Vedi"))
    changes = [
        ("T24", "T42"),
        ("[@a_1]", "[@a_2]"),
        ("`x.csv`", "`y.csv`"),
        ("## One", "### One"),
        ("## Two\n", ""),
        ("| **A** |", "| A |"),
    ]
    for original, broken in changes:
        assert _methodology_form(text) != _methodology_form(text.replace(original, broken)), broken
