"""Numbers in prose that cannot go stale: each one is pinned to the value the data gives.

A notebook's "What we found" cell states numbers in words a reader wants ("The package lists 143
sources: 86 in Italian"). A hidden cell (tag `remove-cell`) right after it pins each phrase to
the value computed from the data:

    findings.pin({
        "143 sources": len(pkg["sources"]),
        "86 in Italian": (pkg["sources"]["language"] == "it").sum(),
    })

If the data changes so that a value no longer matches its phrase, the notebook fails, and so
does the build, with a message naming every stale phrase and the value the data now gives.
`stated_numbers` finds the numbers of a prose text, so a test can check that every one of them
is inside a pinned phrase (see tests/test_findings.py). Numbers inside dates, record ids,
citations and the names the data records ("Industry 4.0", "Il Sole 24 Ore") belong to the
records themselves, not to findings; "one" is too often a pronoun to count as a stated number,
though a pinned phrase may state it ("one in German").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

WORDS = {
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
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w])")
WORD_NUMBER = re.compile(r"\b(" + "|".join(WORDS) + r")\b", re.IGNORECASE)
# what is not a finding: citations, record ids, dates (a day and month, a month and year, a year)
NOT_FINDINGS = re.compile(
    r"\[@[^\]]*\]"
    r"|\b[A-Z][0-9]{2}[a-z]?(?:_[0-9]{1,2})?\b"
    rf"|\b\d{{1,2}}(?:[–-]\d{{1,2}})?\s+(?:{MONTHS})\b(?:\s+\d{{4}})?"
    rf"|\b(?:{MONTHS})\s+\d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(?:19|20)\d{2}\b"
    r"|v\d+\.\d+\.\d+"
)


class StaleFinding(AssertionError):
    """Some stated numbers no longer match the data; the message lists each one."""


def phrase_value(phrase: str) -> float:
    """The number a phrase states: its first figure ("23,000 m²" -> 23000) or number word ("five")."""
    masked = NOT_FINDINGS.sub(lambda m: " " * len(m.group()), phrase)
    digits = NUMBER.search(masked)
    word = WORD_NUMBER.search(masked)
    if digits and (not word or digits.start() < word.start()):
        whole, decimals = digits.group(1).replace(",", ""), digits.group(2)
        return float(f"{whole}.{decimals}") if decimals else float(whole)
    if word:
        return float(WORDS[word.group(1).lower()])
    raise ValueError(f"the phrase {phrase!r} states no number")


def pin(stated: Mapping[str, object], tolerance: float = 0.0) -> None:
    """Check each phrase's number against its computed value; raise StaleFinding naming all that differ.

    A value may be a number or a fraction for a phrase in percent ("53%" with 150 / 281): a
    phrase ending in % is compared with the value times 100, rounded as the phrase rounds.
    """
    stale = []
    for phrase, value in stated.items():
        said = phrase_value(phrase)
        actual = _as_stated(phrase, value)
        if not math.isclose(said, actual, abs_tol=tolerance + 1e-9):
            stale.append(f'  "{phrase}" says {_show(said)}, the data gives {_show(actual)}')
    if stale:
        raise StaleFinding("stale findings (edit the prose to the data's numbers):\n" + "\n".join(stale))


def _as_stated(phrase: str, value: object) -> float:
    number = float(value)  # numpy and pandas scalars too
    if re.search(r"\d\s*%", phrase) and number <= 1:
        number *= 100
    decimals = NUMBER.search(NOT_FINDINGS.sub(" ", phrase))
    places = len(decimals.group(2)) if decimals and decimals.group(2) else 0
    return round(number, places)


def _show(x: float) -> str:
    return f"{x:g}"


def stated_numbers(text: str) -> list[str]:
    """The numbers a prose text states (figures and number words), without dates, ids and citations."""
    masked = NOT_FINDINGS.sub(lambda m: " " * len(m.group()), text)
    found = [m.group() for m in NUMBER.finditer(masked)]
    return found + [m.group() for m in WORD_NUMBER.finditer(masked) if m.group().lower() != "one"]


def unpinned(text: str, phrases: Iterable[str], names: Iterable[str] = ()) -> list[str]:
    """The numbers of `text` that no pinned phrase covers, outside the given names (any case)."""
    masked = text
    for phrase in sorted(phrases, key=len, reverse=True):
        masked = masked.replace(phrase, " " * len(phrase))
    for name in sorted({n for n in names if any(ch.isdigit() for ch in n)}, key=len, reverse=True):
        masked = re.sub(re.escape(name), lambda m: " " * len(m.group()), masked, flags=re.IGNORECASE)
    return stated_numbers(masked)
