"""Language marks for text in other languages: screen readers and fonts need them.

A text whose language the data gives (a source's `language`, an actor's Italian or Chinese
name) is wrapped whole (`lang_span`); Chinese characters inside other text are wrapped run by
run (`mark_chinese`). Chinese is tagged zh-Hant when it uses a character that only traditional
script has (from the commonest such characters below), else zh-Hans: the data does not say.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCTUATION = "\u3000-\u303f\uff00-\uffef"
CHINESE_RUN = re.compile(f"[{HAN}][{HAN}{CJK_PUNCTUATION}]*")
# Traditional forms of frequent characters whose simplified form differs (never used in simplified text).
TRADITIONAL = frozenset(
    "這個們來時為說國會對後學發經過動現長開關與機點實體進種當還業義電從問題見應頭裡變間區聲書號總產數東車門"
    "報級際設議統計華樣樂轉術務興質標運連場結認條歷傳辦達處證鄉戰陸團資權則導萬參擊啟將歲藝謠擴織備員訊語"
    "讀紀衛齊貿濟項顯網歐範劃環準維費專選組聯"
)


def chinese_tag(text: str) -> str:
    """zh-Hant for text in traditional characters, else zh-Hans."""
    return "zh-Hant" if TRADITIONAL.intersection(text) else "zh-Hans"


def lang_tag(language: str, text: str = "") -> str:
    """The BCP 47 tag for a language code of the data ("zh" is narrowed to its script)."""
    return chinese_tag(text) if language == "zh" else language


def lang_span(text: str, language: str) -> str:
    """Escaped text in an element that says its language."""
    return f'<span lang="{html.escape(lang_tag(language, text))}">{html.escape(text)}</span>'


def mark_chinese(text: str, escape: Callable[[str], str] = html.escape) -> str:
    """Text as HTML with every run of Chinese characters in a span that says so; the rest
    escaped by `escape` (markdown's renderer passes its own)."""
    out, at = [], 0
    for m in CHINESE_RUN.finditer(text):
        out += [escape(text[at : m.start()]), f'<span lang="{chinese_tag(m.group())}">{escape(m.group())}</span>']
        at = m.end()
    return "".join(out) + escape(text[at:])


# --- editions: a notebook carries its prose in each language, cell by cell ----------------------

EDITION_TAG = "lang:"  # a markdown cell tagged lang:it is the Italian counterpart of the cell before it


def cell_language(cell: dict) -> str | None:
    """The edition a cell belongs to (from a `lang:xx` tag), or None for a cell of the default edition."""
    tags = (cell.get("metadata") or {}).get("tags") or []
    return next((t[len(EDITION_TAG) :] for t in tags if t.startswith(EDITION_TAG)), None)


def edition_cells(cells: list[dict], lang: str, default: str = "en") -> list[tuple[int, dict]]:
    """(index, cell) of the cells one edition shows: in edition `lang`, a cell tagged `lang:<lang>`
    stands in for the untagged cell just before it; cells of other editions are left out."""
    out = []
    for i, cell in enumerate(cells):
        language = cell_language(cell)
        if language is None:
            follower = cells[i + 1] if i + 1 < len(cells) else None
            if lang != default and follower is not None and cell_language(follower) == lang:
                continue
            out.append((i, cell))
        elif language == lang:
            out.append((i, cell))
    return out
