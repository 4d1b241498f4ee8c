"""The catalog's upkeep: extract every message, update each language's .po (`make messages`).

`python -m partnership.i18n` reads babel.cfg, extracts the messages of partnership/**.py and
of the report's templates into partnership/locale/messages.pot, and merges that template into
partnership/locale/<lang>/LC_MESSAGES/messages.po for every language but English: a new message
comes in untranslated, a changed one keeps its old translation marked fuzzy, a removed one is
dropped. Neither file carries a date, a tool version or line numbers, so they change only when
the messages do. tests/test_i18n.py extracts the same way and fails on anything left to do.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from partnership.i18n import DOMAIN, LANGUAGES, LOCALE_DIR, SOURCE, catalog_path

ROOT = LOCALE_DIR.parents[1]
MAPPING = ROOT / "babel.cfg"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
KEYWORDS = {**DEFAULT_KEYWORDS, "NP_": ((1, "c"), 2)}  # NP_: partnership.i18n's marker with context
COMMENT_TAGS = ("Translators:",)
PLURAL_FORMS = {"it": "nplurals=2; plural=(n != 1);"}  # for a new language's first .po
# Header lines that would change with the clock or the tool, not with the messages, and Babel's placeholders
LEFT_OUT = (
    '"POT-Creation-Date:',
    '"PO-Revision-Date:',
    '"Generated-By:',
    '"Report-Msgid-Bugs-To:',
    '"Last-Translator:',
    '"Language-Team:',
)
HEADER = "Messages of the partnership report (charts, dates, numbers, report templates)."


def extract(root: Path = ROOT, mapping: Path = MAPPING) -> Catalog:
    """Every message of the code and the templates under root, as babel.cfg maps them."""
    with mapping.open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, str(mapping))
    catalog = Catalog(domain=DOMAIN, project="partnership", header_comment=f"# {HEADER}", fuzzy=False)
    found = extract_from_dir(
        str(root), method_map, options_map, keywords=KEYWORDS, comment_tags=COMMENT_TAGS, strip_comment_tags=True
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def po_text(catalog: Catalog) -> str:
    """A catalog as .po text, without dates, tool version or line numbers."""
    buf = io.BytesIO()
    write_po(buf, catalog, include_lineno=False, ignore_obsolete=True, width=100)
    lines = buf.getvalue().decode("utf-8").splitlines(keepends=True)
    return "".join(
        '"Project-Id-Version: partnership\\n"\n' if line.startswith('"Project-Id-Version:') else line
        for line in lines
        if not line.startswith(LEFT_OUT)
    )


def merged(template: Catalog, lang: str) -> Catalog:
    """The language's catalog brought up to the template (a new one if it has none yet)."""
    path = catalog_path(lang)
    if path.is_file():
        with path.open("rb") as f:
            catalog = read_po(f, locale=lang, domain=DOMAIN)
    else:
        catalog = Catalog(locale=lang, domain=DOMAIN, project="partnership", header_comment=f"# {HEADER}")
        catalog.mime_headers = [*catalog.mime_headers, ("Plural-Forms", PLURAL_FORMS[lang])]
    catalog.update(template, update_header_comment=False)
    catalog.fuzzy = False
    return catalog


def _write(path: Path, text: str) -> bool:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def main() -> int:
    """Write the template and update every language's .po; print what changed and what is left to translate."""
    template = extract()
    changed = [TEMPLATE] if _write(TEMPLATE, po_text(template)) else []
    print(f"{TEMPLATE.relative_to(ROOT)}: {len(template)} messages")
    for lang in LANGUAGES:
        if lang == SOURCE:
            continue
        catalog = merged(template, lang)
        path = catalog_path(lang)
        if _write(path, po_text(catalog)):
            changed.append(path)
        todo = [m for m in catalog if m.id and (m.fuzzy or not all(_forms(m.string)))]
        print(f"{path.relative_to(ROOT)}: {len(todo)} to translate or check (untranslated or fuzzy)")
    print("changed: " + (", ".join(str(p.relative_to(ROOT)) for p in changed) or "nothing"))
    return 0


def _forms(string: str | tuple[str, ...] | None) -> tuple[str, ...]:
    return string if isinstance(string, tuple) else (string or "",)
