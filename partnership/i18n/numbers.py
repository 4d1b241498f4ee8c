"""Numbers and reported figures as people write them, in a language: the one formatter the charts use.

    English                Italian
    23,000 · 44.92         23.000 · 44,92
    50 million             50 milioni (1 milione)
    EUR 50 million         50 milioni di euro
    ~USD 804 million       ~804 milioni di dollari statunitensi
    >16,000 m² · 60% · 3 years   >16.000 m² · 60% · 3 anni

Digits are rounded the same way in every language; separators and currency names come from
CLDR (Babel), words and word order from the catalog. A figure is never converted. The
analysis tables write their figures' text with it, in English.
"""

from __future__ import annotations

import functools
import math

from partnership.i18n import plural_count, words

COMPARATOR_SIGN = {"exact": "", "approximately": "~", "at_least": "≥", "more_than": ">", "up_to": "≤"}
UNIT_SYMBOL = {"m2": "m²", "km2": "km²", "count": ""}  # "percent", "year" and "money" are written below


@functools.cache
def _separators(lang: str) -> dict[int, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return str.maketrans({",": get_group_symbol(lang), ".": get_decimal_symbol(lang)})


def digits(value: float, spec: str = ",", lang: str = "en", trim: bool = False) -> str:
    """A number written with a Python format spec (',' groups, '.' the decimal point), in the language's separators.

    trim: drop trailing zeros of the decimals, and the point if none is left ('2.500' -> '2.5').

    >>> digits(23000, ",", "it"), digits(6.95, ",.4g", "it"), digits(2.5, ",.3f", "it", trim=True)
    ('23.000', '6,95', '2,5')
    """
    text = format(value, spec)
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.translate(_separators(lang))


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value: float | None, lang: str = "en") -> str:
    """A figure as people write it: 23,000; 50 million; 2.5 billion; 44.92 ('?' when missing)."""
    if _missing(value):
        return "?"
    value = float(value)
    w = words(lang)
    for size, scaled_words in (
        (1e9, lambda n, x: w.ngettext("{number} billion", "{number} billion", n, number=x)),
        (1e6, lambda n, x: w.ngettext("{number} million", "{number} million", n, number=x)),
    ):
        if abs(value) >= size:
            scaled = value / size
            return scaled_words(plural_count(scaled), digits(scaled, ",.3f", lang, trim=True))
    if value == int(value):
        return digits(int(value), ",", lang)
    return digits(value, ",.4f", lang, trim=True)


def currency_name(code: str, many: bool, lang: str) -> str:
    """The currency's name in the language (CLDR), for catalogs that write names, not codes."""
    from babel.numbers import get_currency_name

    return get_currency_name(code, 2 if many else 1, locale=lang)


def format_quantity(
    value: float,
    value_high: float | None = None,
    comparator: str = "exact",
    unit: str = "count",
    currency: str | None = None,
    lang: str = "en",
) -> str:
    """One reported figure as text, in its own unit and currency (never converted).

    >>> format_quantity(16000, None, "more_than", "m2"), format_quantity(50e6, None, "exact", "money", "EUR", "it")
    ('>16,000 m²', '50 milioni di euro')
    """
    w = words(lang)
    has_high = not _missing(value_high)
    number = format_number(value, lang) + (f"–{format_number(value_high, lang)}" if has_high else "")
    sign = COMPARATOR_SIGN.get(str(comparator), "")
    unit = str(unit)
    if unit == "money":
        code = currency if isinstance(currency, str) else "?"
        last = float(value_high if has_high else value)
        scaled = abs(last) >= 1e6
        fields = {"currency": code, "amount": number, "currency_name": code}
        if code != "?":
            fields["currency_name"] = currency_name(code, scaled or has_high or float(value) != 1, lang)
        if scaled:
            # Translators: {amount} ends in a word such as million ("50 million"); {currency} is a code
            # such as EUR, {currency_name} its name ("euro")
            body = w.pgettext("money, amount in millions or billions", "{currency} {amount}", **fields)
        else:
            # Translators: {currency} is a code such as EUR, {currency_name} its name ("euro")
            body = w.pgettext("money", "{currency} {amount}", **fields)
    elif unit == "percent":
        body = f"{number}%"
    elif unit == "year":
        one = not has_high and float(value) == 1
        body = w.ngettext("{number} year", "{number} years", 1 if one else 2, number=number)
    else:
        body = f"{number} {UNIT_SYMBOL.get(unit, unit)}".strip()
    return f"{sign}{body}"
