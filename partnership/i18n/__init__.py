"""Words in the reader's language, from one gettext catalog per language, read with Babel.

English is the source language: a message's id is its English text, so English needs no
catalog (`translations("en")` is the identity). Italian is partnership/locale/it/LC_MESSAGES/messages.po,
read as it is on first use in a process (no compiled .mo file in the tree). An entry left
untranslated or fuzzy falls back to English; tests/test_i18n.py fails on any.

Code marks its words with the usual gettext calls, which `make messages` finds (babel.cfg,
partnership/i18n/messages.py); `words(lang)` gives them with their str.format fields filled in:

    w = words(lang)
    w.gettext("Grade {grade}", grade="A")
    w.ngettext("{n} event", "{n} events", n)   # n is a field too
    w.pgettext("discrepancy status", "open")     # a short word, told apart by its context
    TABLE = {"events": N_("Events")}             # a word kept in a table, translated where drawn:
    w.word(TABLE["events"])                      # (NP_(context, message) marks one with context)

Templates get the same catalog: `env.install_gettext_translations(translations(lang), newstyle=True)`.
"""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Iterable
from pathlib import Path

SOURCE = "en"
LANGUAGES = ("en", "it")  # the source language first
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "messages"


def N_(message: str) -> str:  # noqa: N802 (the gettext name for a marker)
    """Mark a message for extraction where it is kept (a table); translate it where it is used."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:  # noqa: N802
    """N_ with a context, for short words that another language tells apart (see Words.word)."""
    return (context, message)


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return lang


@functools.cache
def translations(lang: str = SOURCE) -> gettext.NullTranslations:
    """The language's catalog as gettext translations (gettext, ngettext, pgettext, npgettext).

    English: the identity. Another language: its .po, turned into a catalog in memory once per
    process (Babel writes the .mo bytes; fuzzy entries are left out, so they read as English).
    """
    check_language(lang)
    if lang == SOURCE:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalog_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def plural_count(value: float) -> int:
    """The n to choose a plural form by: gettext counts in integers; a fraction reads as many ('1.5 million')."""
    value = float(value)
    return int(value) if value.is_integer() else 2


class Words:
    """One language's words: gettext calls that also fill in their str.format fields."""

    def __init__(self, lang: str):
        self.lang = check_language(lang)
        self._t = translations(lang)

    def gettext(self, message: str, /, **fields: object) -> str:
        return _fill(self._t.gettext(message), fields)

    def ngettext(self, singular: str, plural: str, n: int, /, **fields: object) -> str:
        return _fill(self._t.ngettext(singular, plural, n), {"n": n, **fields})

    def pgettext(self, context: str, message: str, /, **fields: object) -> str:
        return _fill(self._t.pgettext(context, message), fields)

    def npgettext(self, context: str, singular: str, plural: str, n: int, /, **fields: object) -> str:
        return _fill(self._t.npgettext(context, singular, plural, n), {"n": n, **fields})

    def word(self, marked: str | tuple[str, str], /, **fields: object) -> str:
        """A message marked with N_ (a string) or NP_ (context and message), in this language."""
        if isinstance(marked, tuple):
            return self.pgettext(*marked, **fields)
        return self.gettext(marked, **fields)

    def join(self, items: Iterable[object]) -> str:
        """'a', 'a and b', 'a, b and c' ('a, b e c')."""
        items = [str(i) for i in items]
        if len(items) <= 1:
            return "".join(items)
        return self.gettext("{items} and {last}", items=", ".join(items[:-1]), last=items[-1])


def _fill(text: str, fields: dict) -> str:
    return text.format(**fields) if fields else text


@functools.cache
def words(lang: str = SOURCE) -> Words:
    """The Words of a language (one per process)."""
    return Words(lang)
