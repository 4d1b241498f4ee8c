"""Text the report can show faithfully: the characters refused anywhere in the data package.

A CSV field or a descriptor string is refused, with its file, row and column, when it holds:

- a C0 control character other than tab, line feed and carriage return (U+0000-U+0008,
  U+000B, U+000C, U+000E-U+001F), NUL included: invisible, or a line break to some readers;
- DEL or a C1 control character (U+007F-U+009F): U+0085, U+0093 and their neighbours are
  usually Windows-1252 text decoded as Latin-1;
- a bidirectional embedding, override or isolate (U+202A-U+202E, U+2066-U+2069): they reorder
  what is shown without changing what is stored (the "Trojan source" trick);
- a lone surrogate (U+D800-U+DFFF): not text; in a CSV file it stands for a byte that is not
  UTF-8 (the reader decodes with `surrogateescape` so that such bytes are located like the rest);
- a noncharacter (U+FDD0-U+FDEF and the last two code points of every plane: U+FFFE, U+FFFF,
  U+1FFFE, U+1FFFF, ... U+10FFFF): reserved for internal use, never for interchange;
- U+FFFD REPLACEMENT CHARACTER: the mark of text already damaged by a bad conversion.

Everything else is allowed, notably the line and paragraph separators U+2028 and U+2029 (data
inside a CSV field, as RFC 4180 and the csv module read it) and the bidirectional marks U+200E,
U+200F and U+061C, which only nudge the direction of neutral characters and reorder nothing.
"""

from __future__ import annotations

import re
import unicodedata

# (first, last, what it is): the refused code points, in order.
UNSHOWABLE: tuple[tuple[int, int, str], ...] = (
    (0x00, 0x00, "a NUL character (is the file UTF-16, or not text at all?)"),
    (0x01, 0x08, "a control character"),
    (0x0B, 0x0C, "a control character"),
    (0x0E, 0x1F, "a control character"),
    (0x7F, 0x7F, "a control character"),
    (0x80, 0x9F, "a control character (often Windows-1252 text decoded as Latin-1)"),
    (0x202A, 0x202E, "a bidirectional embedding or override, which reorders the text shown"),
    (0x2066, 0x2069, "a bidirectional isolate, which reorders the text shown"),
    (0xD800, 0xDFFF, "a lone surrogate, which is not text"),
    (0xFDD0, 0xFDEF, "a noncharacter"),
    (0xFFFD, 0xFFFD, "the mark of text damaged by an earlier bad conversion"),
    *((plane << 16 | 0xFFFE, plane << 16 | 0xFFFF, "a noncharacter") for plane in range(17)),
)

UNSHOWABLE_RE = re.compile("[" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi, _ in UNSHOWABLE) + "]")


def describe(char: str) -> str:
    """A refused character for a message: code point, name if it has one, and why it is refused."""
    code = ord(char)
    why = next(why for lo, hi, why in UNSHOWABLE if lo <= code <= hi)
    name = unicodedata.name(char, "")
    return f"U+{code:04X}{' ' + name if name else ''}, {why}"
