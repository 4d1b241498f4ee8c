"""A CSV file's bytes as a frame of strings with exact row numbers, or exactly where it cannot be.

CSV is read as RFC 4180 and Python's csv module (with `newline=""`) mean it: rows end at a line
feed, a carriage return or both, outside quotes; any other character, U+2028 or U+0085
included, is data. Files are UTF-8, with or without a byte order mark.

Two readers give the same strings. A numpy pass over the bytes decides whether the file is
plainly well formed (see `_plain_csv`); if so, pandas' C parser reads it, several times faster
than the csv module. Anything else goes to the csv module, whose problems are located by row
and, where it can be known, column; text the report cannot show faithfully (see
`partnership.data.text`) is refused there.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from partnership.data.problems import Problem, report
from partnership.data.text import UNSHOWABLE, UNSHOWABLE_RE, describe


def read_table(name: str, raw: bytes, columns: list[str]) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The table in raw with exactly these columns, as object columns ("" for empty fields),
    or None and the problems that make it unreadable."""
    frame = _fast_frame(raw, columns)
    if frame is not None:
        return frame, []
    return _careful_frame(name, raw, columns)


# --- fast: pandas' C parser, for plainly well-formed files ------------------------------------


def _fast_frame(raw: bytes, columns: list[str]) -> pd.DataFrame | None:
    """The table read by pandas' C parser, or None unless `_plain_csv` finds the file plainly
    well formed (so that both readers give the same strings)."""
    rows = _plain_csv(raw, columns)
    if rows is None:
        return None
    try:
        frame = pd.read_csv(
            io.BytesIO(raw),
            header=0,
            names=columns,
            index_col=False,
            dtype=object,
            encoding="utf-8",
            keep_default_na=False,
            na_filter=False,
            engine="c",
        )
    except ValueError:  # includes UnicodeDecodeError and pandas' ParserError
        return None
    return frame if frame.shape == (rows, len(columns)) else None


_COMMA, _NEWLINE, _QUOTE, _TAB = ord(","), ord("\n"), ord('"'), ord("\t")


def _utf8_leads() -> dict[int, int]:
    """Lead byte -> sequence length, for the UTF-8 sequences that may encode a refused character."""
    leads = {}
    for lo, hi, _ in UNSHOWABLE:
        if lo >= 0x80 and not 0xD800 <= lo <= 0xDFFF:  # surrogates cannot be valid UTF-8
            first, last = chr(lo).encode(), chr(hi).encode()
            leads |= dict.fromkeys(range(first[0], last[0] + 1), len(first))
    return leads


_UTF8_LEADS = _utf8_leads()
_UNSHOWABLE_WIDE = [(lo, hi) for lo, hi, _ in UNSHOWABLE if lo >= 0x80]


def _plain_csv(raw: bytes, columns: list[str]) -> int | None:
    """The number of data rows if raw is plainly well formed, else None.

    Plainly well formed: the expected header, unquoted; a final newline and no other line break
    than newline; quotes only around whole fields; no blank row; exactly len(columns) fields in
    every row; no character the report cannot show. Checked with numpy on the bytes, a few
    passes, reusing one scratch array (fresh arrays of this size cost more in page faults than
    the comparisons themselves).
    """
    n = len(columns)
    if not 2 <= n <= 256 or not raw.endswith(b"\n"):
        return None
    first = raw.index(b"\n")
    try:
        header = raw[:first].decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if '"' in header or header.split(",") != columns:
        return None
    data = np.frombuffer(raw, np.uint8)
    scratch = np.empty(len(data), dtype=bool)
    ends = np.flatnonzero(np.equal(data, _NEWLINE, out=scratch))  # row ends, once those in quotes are dropped
    controls = np.count_nonzero(np.less(data, 32, out=scratch))
    if controls > len(ends) and (
        b"\r" in raw or controls > len(ends) + np.count_nonzero(np.equal(data, _TAB, out=scratch))
    ):
        return None  # a carriage return, or a control character the report cannot show
    if b"\x7f" in raw or (not raw.isascii() and _unshowable_utf8(raw, data, scratch)):
        return None
    quotes = np.flatnonzero(np.equal(data, _QUOTE, out=scratch)) if b'"' in raw else np.zeros(0, dtype=np.intp)
    is_comma = np.equal(data, _COMMA, out=scratch).view(np.uint8)
    quoted = np.zeros(len(ends), dtype=np.int64)  # commas inside quotes, per row
    if len(quotes):
        opens, closes = quotes[0::2], quotes[1::2]
        if len(opens) != len(closes):
            return None
        before, after = data[opens - 1], data[closes + 1]
        # A quote opens a field (after a comma or newline) or continues one (a doubled quote "").
        if not ((before == _COMMA) | (before == _NEWLINE) | np.r_[False, opens[1:] == closes[:-1] + 1]).all():
            return None
        if not ((after == _COMMA) | (after == _NEWLINE) | np.r_[closes[:-1] + 1 == opens[1:], False]).all():
            return None
        ends = ends[np.searchsorted(quotes, ends) % 2 == 0]  # an even number of quotes before it
        in_quotes = _quoted_commas(raw, is_comma, quotes)
        quoted = np.bincount(np.searchsorted(ends, opens), weights=in_quotes, minlength=len(ends)).astype(np.int64)
    # Separators per row, known modulo 256 only (a uint8 reduceat is ~20x faster than a wider
    # one): all equal to n - 1 modulo 256 and summing to exactly rows * (n - 1) means all n - 1.
    separators = np.add.reduceat(is_comma, np.r_[0, ends[:-1] + 1], dtype=np.uint8) - quoted
    if (separators % 256 != n - 1).any() or np.count_nonzero(is_comma) - quoted.sum() != len(ends) * (n - 1):
        return None  # a row with too few or too many fields (a blank row has none)
    return len(ends) - 1


def _unshowable_utf8(raw: bytes, data: np.ndarray, scratch: np.ndarray) -> bool:
    """Whether UTF-8 bytes may hold a refused character beyond ASCII: the code point of every
    sequence that starts with a lead byte of one (few files have any) is checked."""
    for lead, size in _UTF8_LEADS.items():
        if bytes((lead,)) not in raw:  # memchr, far faster than a numpy pass
            continue
        at = np.flatnonzero(np.equal(data, lead, out=scratch))
        at = at[at <= len(data) - size]
        code = (data[at] & (0x7F >> size)).astype(np.int64)
        for k in range(1, size):
            code = code << 6 | (data[at + k] & 0x3F)
        if any(((code >= lo) & (code <= hi)).any() for lo, hi in _UNSHOWABLE_WIDE):
            return True
    return False


def _quoted_commas(raw: bytes, is_comma: np.ndarray, quotes: np.ndarray) -> np.ndarray:
    """Exact number of commas between each opening quote and its closing quote."""
    counts = np.add.reduceat(is_comma, quotes, dtype=np.uint8)[0::2].astype(np.int64)  # modulo 256
    opens, closes = quotes[0::2], quotes[1::2]
    for i in np.flatnonzero(closes - opens > 255).tolist():  # the few long quoted fields
        counts[i] = raw.count(b",", int(opens[i]), int(closes[i]))
    return counts


# --- careful: the csv module, for everything else ---------------------------------------------


def _careful_frame(name: str, raw: bytes, columns: list[str]) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The table read with the csv module, or the problems that make it unreadable."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw.count(0) * 4 > len(raw):
        return None, [
            Problem(
                name, 0, "-", "UTF-16 text (a UTF-16 byte order mark or many NUL bytes), not UTF-8: save it as UTF-8"
            )
        ]
    # Bytes that are not UTF-8 become lone surrogates, found below with their row and column.
    text = raw.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    records, problems = _records(name, text)
    if problems:
        return None, problems
    if not records:
        return None, [Problem(name, 0, "-", "empty file: no header row")]
    if UNSHOWABLE_RE.search(text):
        return None, _unshowable_fields(name, records, columns)
    header, body = records[0], records[1:]
    if header != columns:
        return None, _header_problems(name, header, columns)
    if set(map(len, body)) - {len(columns)}:  # only then look for the rows (the common case is fast)
        blank = [i + 2 for i, r in enumerate(body) if not r]
        ragged = {i + 2: len(r) for i, r in enumerate(body) if r and len(r) != len(columns)}
        fields = f"row has {{}} fields, header has {len(columns)}"
        return None, report(name, "-", blank, "blank row") + report(
            name, "-", list(ragged), lambda r: fields.format(ragged[r])
        )
    return pd.DataFrame(body, columns=columns, dtype=object), []


_CSV_ERRORS = {
    "unexpected end of data": "a quoted field is not closed: the file ends inside quotes",
    "',' expected after '\"'": 'text after a closing quote (a quote inside a quoted field is written "")',
}


def _records(name: str, text: str) -> tuple[list[list[str]], list[Problem]]:
    """All records of the text, or the first the csv module refuses (row: the record it was in)."""
    records: list[list[str]] = []
    # The csv module refuses fields over a process-wide limit (131072 characters unless some
    # library raised it); pandas has none, so lift it while reading, that both readers agree.
    limit = csv.field_size_limit(max(len(text), csv.field_size_limit()))
    try:
        records.extend(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        message = _CSV_ERRORS.get(str(exc), f"malformed CSV: {exc}")
        return records, [Problem(name, len(records) + 1, "-", message)]
    finally:
        csv.field_size_limit(limit)
    return records, []


def _unshowable_fields(name: str, records: list[list[str]], columns: list[str]) -> list[Problem]:
    """One problem per field holding text the report cannot show (the first such character)."""
    found: dict[str, dict[int, str]] = {}
    for i, record in enumerate(records):
        for j, value in enumerate(record):
            match = UNSHOWABLE_RE.search(value)
            if match:
                column = columns[j] if j < len(columns) else "-"
                found.setdefault(column, {})[i + 1] = _char_message(match.group())
    return [p for column, at in found.items() for p in report(name, column, list(at), at.__getitem__)]


def _char_message(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, escaped by the decoder
        byte = code - 0xDC00
        guess = bytes((byte,)).decode("cp1252", "replace")
        hint = f" ({guess} in Windows-1252)" if guess.isprintable() and guess != "\ufffd" else ""
        return f"not valid UTF-8: byte 0x{byte:02x}{hint}; save the file as UTF-8"
    return f"contains {describe(char)}; the report cannot show it faithfully"


def _header_problems(name: str, header: list[str], expected: list[str]) -> list[Problem]:
    for sep in (";", "\t", "|"):
        if len(header) == 1 and header[0].split(sep) == expected:
            return [Problem(name, 1, "-", f"fields are separated by {sep!r}; this package's CSV uses commas")]
    problems = [Problem(name, 1, c, f"column appears {header.count(c)} times") for c in expected if header.count(c) > 1]
    stripped = [c.strip() for c in header]  # a name with spaces around it is reported below, once
    problems += [Problem(name, 1, c, "required column is missing") for c in expected if c not in stripped]
    for i, c in enumerate(header, start=1):
        if c in expected:
            continue
        if not c:
            problems.append(Problem(name, 1, "-", f"column {i} has no name (an empty trailing column?)"))
        elif c.strip() in expected:
            problems.append(Problem(name, 1, "-", f"column {i} {c!r} has spaces around its name"))
        else:
            problems.append(Problem(name, 1, "-", f"column {i} {c!r} is not in the schema"))
    if not problems:
        problems.append(Problem(name, 1, "-", f"columns out of order; expected {', '.join(expected)}"))
    return problems
