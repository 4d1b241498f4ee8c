"""Numbers in prose that cannot go stale: each one is pinned to the value the data gives.

A notebook's "What we found" cell states numbers in words a reader wants ("The package lists 143
sources: 86 in Italian"). A hidden cell (tag `remove-cell`) right after it pins each phrase to
the value computed from the data, and each phrase of the Italian findings ("Cosa abbiamo
trovato") to the English phrase that states the same number:

    findings.pin({
        "143 sources": len(pkg["sources"]),
        "86 in Italian": (pkg["sources"]["language"] == "it").sum(),
    }, it={
        "143 fonti": "143 sources",
        "86 in italiano": "86 in Italian",
    })

Each value is computed once, for the English phrase; an Italian phrase is checked against that
same value, so the two editions cannot drift apart. If the data changes so that a value no longer
matches its phrase, the notebook fails, and so does the build, with a message naming every stale
phrase, in either language, and the value the data now gives.

`stated_numbers` finds the numbers of a prose text, so a test can check that every one of them
is inside a pinned phrase (see tests/test_findings.py). Numbers inside dates, record ids,
citations and the names the data records ("Industry 4.0", "Il Sole 24 Ore") belong to the
records themselves, not to findings.

Each language writes numbers its own way ("23,000" and "5.28" in English, "23.000" and "5,28" in
Italian), so the same digits can state different numbers: the language of a phrase is therefore
always given (`lang`, English by default), never guessed from the text. Words that are also
articles or pronouns ("one"; Italian "un", "uno", "una") are too common to count as stated
numbers, though a pinned phrase may state one ("one in German", "una in tedesco") when it states
no other number. Approximate words ("half", "la metà", "una decina") state no exact number, so
they are not number words and cannot be pinned.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Numerals:
    """How one language writes the numbers a finding states.

    figure: a number in digits; group 1 is the whole part (with its thousands separators),
    group 2 the decimals. words: number words and their values; weak: those of them that are also
    articles or pronouns. percent: a figure given as a percentage. not_findings: what is not a
    finding (citations, record ids, dates, versions)."""

    code: str
    figure: re.Pattern[str]
    thousands: str
    words: Mapping[str, int]
    weak: frozenset[str]
    word: re.Pattern[str]
    percent: re.Pattern[str]
    not_findings: re.Pattern[str]

    def mask(self, text: str) -> str:
        """The text with what is not a finding blanked out (same length, so positions hold)."""
        return self.not_findings.sub(lambda m: " " * len(m.group()), text)

    def figure_value(self, m: re.Match[str]) -> float:
        whole, decimals = m.group(1).replace(self.thousands, ""), m.group(2)
        return float(f"{whole}.{decimals}") if decimals else float(whole)


def _not_findings(months: str) -> re.Pattern[str]:
    """Citations, record ids, dates (a day and month, a month and year, a year) and versions."""
    return re.compile(
        r"\[@[^\]]*\]"
        r"|\b[A-Z][0-9]{2}[a-z]?(?:_[0-9]{1,2})?\b"
        rf"|\b\d{{1,2}}[°º]?(?:[–-]\d{{1,2}})?\s+(?:{months})\b(?:\s+\d{{4}})?"
        rf"|\b(?:{months})\s+\d{{4}}\b"
        r"|\b\d{4}-\d{2}-\d{2}\b"
        r"|\b(?:19|20)\d{2}\b"
        r"|v\d+\.\d+\.\d+"
    )


def _word_pattern(words: Iterable[str], guards: Mapping[str, str] | None = None) -> re.Pattern[str]:
    """Whole number words, any case; `guards` puts a lookbehind before a word that some
    preceding words turn into something else ("per cento" is a percent sign, not 100)."""
    guards = guards or {}
    alternatives = [guards.get(w, "") + w for w in sorted(words, key=len, reverse=True)]
    return re.compile(r"\b(" + "|".join(alternatives) + r")\b", re.IGNORECASE)


EN_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}  # fmt: skip (approximate words such as "half" state no exact number, so they cannot be pinned)
EN_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
ENGLISH = Numerals(
    code="en",
    # "23,000" and "5.28"; not a digit right after a dot ("4.0" is read as 4.0, "v1.1" is no figure)
    figure=re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w])"),
    thousands=",",
    words=EN_WORDS,
    weak=frozenset({"one"}),
    word=_word_pattern(EN_WORDS),
    percent=re.compile(r"\d\s*%"),
    not_findings=_not_findings(EN_MONTHS),
)

IT_WORDS = {
    "un": 1,
    "uno": 1,
    "una": 1,
    "due": 2,
    "tre": 3,
    "quattro": 4,
    "cinque": 5,
    "sei": 6,
    "sette": 7,
    "otto": 8,
    "nove": 9,
    "dieci": 10,
    "undici": 11,
    "dodici": 12,
    "tredici": 13,
    "quattordici": 14,
    "quindici": 15,
    "sedici": 16,
    "diciassette": 17,
    "diciotto": 18,
    "diciannove": 19,
    "venti": 20,
    "trenta": 30,
    "quaranta": 40,
    "cinquanta": 50,
    "sessanta": 60,
    "settanta": 70,
    "ottanta": 80,
    "novanta": 90,
    "cento": 100,
}  # fmt: skip (approximate words such as "la metà", "una decina", "una ventina" state no exact number)
# Months in full: the abbreviations ("set", "ago", "mar") are also ordinary words ("un set di dati").
IT_MONTHS = "(?i:gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre)"
ITALIAN = Numerals(
    code="it",
    # "23.000" and "5,28"; not a digit right after a dot or a comma ("Industry 4.0" is read as 4)
    figure=re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\w])"),
    thousands=".",
    words=IT_WORDS,
    weak=frozenset({"un", "uno", "una"}),
    word=_word_pattern(IT_WORDS, {"cento": r"(?<!\bper\s)"}),
    percent=re.compile(r"\d\s*(?:%|per\s+cento\b)", re.IGNORECASE),
    not_findings=_not_findings(IT_MONTHS),
)

LANGUAGES = {n.code: n for n in (ENGLISH, ITALIAN)}


class StaleFinding(AssertionError):
    """Some stated numbers no longer match the data; the message lists each one."""


def numerals(lang: str) -> Numerals:
    """How language `lang` writes numbers; ValueError for a language without a table."""
    try:
        return LANGUAGES[lang]
    except KeyError:
        raise ValueError(f"no number table for language {lang!r} (known: {', '.join(LANGUAGES)})") from None


def phrase_value(phrase: str, lang: str = "en") -> float:
    """The number a phrase states: its first figure ("23,000 m²" -> 23000; in Italian "23.000 m²")
    or number word ("five", "cinque"), whichever comes first. A word that is also an article or
    pronoun ("one", "una") is the stated number only when the phrase states no other: in
    "su un totale di 281" the number is 281."""
    n = numerals(lang)
    masked = n.mask(phrase)
    figure = n.figure.search(masked)
    words = list(n.word.finditer(masked))
    strong = next((m for m in words if m.group(1).lower() not in n.weak), None)
    if figure and (not strong or figure.start() < strong.start()):
        return n.figure_value(figure)
    if strong:
        return float(n.words[strong.group(1).lower()])
    if words:
        return float(n.words[words[0].group(1).lower()])
    raise ValueError(f"the phrase {phrase!r} states no number")


def pin(
    stated: Mapping[str, object], tolerance: float = 0.0, lang: str = "en", **translations: Mapping[str, str]
) -> None:
    """Check each phrase's number against its computed value; raise StaleFinding naming all that differ.

    `stated` maps each phrase of edition `lang` to its value. Each keyword is another edition's
    language (`it=`), mapping a phrase of that edition to the phrase of `stated` whose value it
    states: the value is computed once and both phrases are checked against it, in their own
    language's way of writing numbers. A translated phrase that names no phrase of `stated` is a
    mistake in the notebook, not stale data: ValueError.

    A value may be a number or a fraction for a phrase in percent ("53%" with 150 / 281): a
    phrase ending in % (or, in Italian, "per cento") is compared with the value times 100,
    rounded as the phrase rounds.
    """
    checks = [(phrase, value, lang) for phrase, value in stated.items()]
    for other, phrases in translations.items():
        numerals(other)
        unknown = [source for source in phrases.values() if source not in stated]
        if unknown:
            raise ValueError(f"{other} phrases pinned to phrases that are not pinned: {unknown}")
        checks += [(phrase, stated[source], other) for phrase, source in phrases.items()]
    stale = []
    for phrase, value, language in checks:
        said = phrase_value(phrase, language)
        actual = _as_stated(phrase, value, numerals(language))
        if not math.isclose(said, actual, abs_tol=tolerance + 1e-9):
            stale.append(f'  "{phrase}" says {_show(said)}, the data gives {_show(actual)}')
    if stale:
        raise StaleFinding("stale findings (edit the prose to the data's numbers):\n" + "\n".join(stale))


def _as_stated(phrase: str, value: object, n: Numerals) -> float:
    number = float(value)  # numpy and pandas scalars too
    if n.percent.search(phrase) and number <= 1:
        number *= 100
    decimals = n.figure.search(n.mask(phrase))
    places = len(decimals.group(2)) if decimals and decimals.group(2) else 0
    return round(number, places)


def _show(x: float) -> str:
    return f"{x:g}"


def stated_numbers(text: str, lang: str = "en") -> list[str]:
    """The numbers a prose text states (figures and number words), without dates, ids and
    citations, nor the words that are also articles or pronouns."""
    n = numerals(lang)
    masked = n.mask(text)
    found = [m.group() for m in n.figure.finditer(masked)]
    return found + [m.group() for m in n.word.finditer(masked) if m.group().lower() not in n.weak]


def unpinned(text: str, phrases: Iterable[str], names: Iterable[str] = (), lang: str = "en") -> list[str]:
    """The numbers of `text` that no pinned phrase covers, outside the given names (any case)."""
    masked = text
    for phrase in sorted(phrases, key=len, reverse=True):
        masked = masked.replace(phrase, " " * len(phrase))
    for name in sorted({n for n in names if any(ch.isdigit() for ch in n)}, key=len, reverse=True):
        masked = re.sub(re.escape(name), lambda m: " " * len(m.group()), masked, flags=re.IGNORECASE)
    return stated_numbers(masked, lang)
