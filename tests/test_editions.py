"""Each edition of the report reads its own prose from the notebooks: a markdown cell tagged
lang:it stands in for the English cell just before it, and the English edition never shows it."""

from partnership.publish.lang import edition_cells
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
