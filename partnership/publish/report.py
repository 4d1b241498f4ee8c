"""The report: one self-contained, offline HTML file built from the executed notebooks and the data.

`render_report` turns a valid data package, the executed notebooks and the exported figures
into report/index.html:
- one section per analysis notebook (its markdown prose and its outputs; never code or
  prompts), titled by the notebook's first H1; notebooks whose name ends in `_explore`, or
  whose metadata says `{"partnership": {"report": false}}`, are left out (the widget explorer);
- prose citations `[@source_id]` (also `[@a; @b]`) become numbered links to the source list;
  record ids (events T35, figures F03_1, discrepancies D04, questions Q01, sources) become links
  to their entries, and an id shaped like one that names no record is an error;
- every exported figure (NAME.png/.svg + NAME.json sidecar, see partnership/charts/output.py) is shown
  inline as a data URI with its caption, alt text and "data as of" line;
- a summary (counts from the data and each notebook's "What we found") comes first; the
  methodology (METHODOLOGY.md), the chronology of events (chronology.py), the register of figures
  (register.py), the directory of actors (directory.py), the discrepancy log, the open questions
  and the full source list come last.

Safety: everything from data or notebooks is escaped; markdown is rendered with raw HTML escaped;
HTML outputs (pandas tables) go through nh3 with allow-lists (partnership/publish/markup.py);
citations are numbered in a first pass over the page's text, so everything is rendered once;
only http(s) URLs become links;
a Content-Security-Policy forbids scripts and every network request. Output bytes depend only on
the inputs: no clock, no random ids, no absolute paths.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import functools
import hashlib
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import markupsafe

from partnership.i18n import LANGUAGES, SOURCE, Words, translations, words
from partnership.i18n.numbers import digits
from partnership.i18n.vocabulary import word
from partnership.publish import site
from partnership.publish.entries import ANCHORED, STANCES, entry_anchor, record_anchors
from partnership.publish.figure_data import figure_data_html
from partnership.publish.lang import edition_cells, lang_span, mark_chinese
from partnership.publish.markup import Citations, Prose, is_http, sanitize_html, table_region
from partnership.publish.report_data import ReportData, Variant

if TYPE_CHECKING:  # the package's type only: the report itself never needs pandas (see report_data.py)
    from partnership.data.load import EvidencePackage

TEMPLATES = Path(__file__).resolve().parent / "templates"
EDITION_NAMES = {"en": "English", "it": "Italiano"}  # each edition named in its own language, for the switch
FINDINGS_HEADING = re.compile(r"^#{1,6}\s*(what we found|cosa abbiamo trovato)\s*$", re.IGNORECASE)  # en, it
HEADING = re.compile(r"^#{1,6}\s+\S")
HIDE_TAGS = {"remove-cell", "remove_cell", "remove-output", "remove_output", "hide-output", "report-hide"}
HIDE_INPUT_ONLY = {"remove-input", "remove_input", "hide-input"}  # inputs are never shown anyway
REQUIRED_FIGURE_KEYS = ("alt", "as_of")
# The page's own element ids (sections of the template); record entries add theirs.
PAGE_IDS = (
    "main", "contents", "summary", "methodology", "chronology", "figures", "actors", "discrepancies",
    "open-questions", "changelog", "sources",
)  # fmt: skip


class ReportError(Exception):
    """The inputs cannot make an honest report (e.g. a citation to a source that is not listed)."""


def is_report_section(name: str, nb: dict) -> bool:
    """Analysis notebooks are report sections; the explorer (NN_explore) is not."""
    flag = (nb.get("metadata") or {}).get("partnership", {}).get("report")
    if isinstance(flag, bool):
        return flag
    return not Path(name).stem.endswith("_explore")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


# --- figures ----------------------------------------------------------------------------------


@dataclass
class Figure:
    """One exported chart: NAME.json sidecar plus NAME.png and/or NAME.svg, and NAME.csv (the data
    behind it) when the sidecar describes one."""

    name: str
    meta: dict
    png: bytes | None = None
    svg: bytes | None = None
    csv: str | None = None

    @property
    def digests(self) -> set[str]:
        return {hashlib.sha256(b).hexdigest() for b in (self.png, self.svg) if b}

    def image_name(self) -> str:
        """The file the report shows: the PNG, or the SVG where there is no PNG."""
        return f"{self.name}.png" if self.png else f"{self.name}.svg"

    def size(self) -> tuple[int, int] | None:
        """Pixel size of the image the report shows, for the img width/height attributes (so the
        page does not shift as images arrive): the PNG's IHDR chunk, else the SVG's viewBox
        (matplotlib writes it in points: 4/3 px each)."""
        if self.png:
            if self.png[:8] == b"\x89PNG\r\n\x1a\n" and len(self.png) >= 24:
                return int.from_bytes(self.png[16:20], "big"), int.from_bytes(self.png[20:24], "big")
            return None
        box = re.search(rb'viewBox="\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]+)[\s,]+([0-9.]+)\s*"', self.svg or b"")
        return (round(float(box.group(1)) * 4 / 3), round(float(box.group(2)) * 4 / 3)) if box else None


def read_figures(figures_dir: Path, names: Iterable[str] | None = None) -> dict[str, Figure]:
    """The figures in figures_dir that have a JSON sidecar (optionally only the given names)."""
    figures: dict[str, Figure] = {}
    if not figures_dir.is_dir():
        return figures
    wanted = set(names) if names is not None else None
    for sidecar in sorted(figures_dir.glob("*.json")):
        name = sidecar.stem
        if wanted is not None and name not in wanted:
            continue
        try:
            meta = json.loads(sidecar.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ReportError(f"figure {name}: {sidecar.name} is not valid JSON ({exc})") from None
        if not isinstance(meta, dict):
            raise ReportError(f"figure {name}: {sidecar.name} is not a JSON object")
        png, svg = figures_dir / f"{name}.png", figures_dir / f"{name}.svg"
        fig = Figure(
            name, meta, png.read_bytes() if png.is_file() else None, svg.read_bytes() if svg.is_file() else None
        )
        if not fig.png and not fig.svg:
            raise ReportError(f"figure {name}: {sidecar.name} has neither {name}.png nor {name}.svg beside it")
        if isinstance(meta.get("data"), dict):
            data = figures_dir / f"{name}.csv"
            if not data.is_file():
                raise ReportError(f"figure {name}: {sidecar.name} describes {name}.csv, which is not beside it")
            fig.csv = data.read_text(encoding="utf-8")
        missing = [k for k in REQUIRED_FIGURE_KEYS if not str(meta.get(k) or "").strip()]
        if not str(meta.get("caption") or meta.get("title") or "").strip():
            missing.append("caption")
        if missing:
            raise ReportError(
                f"figure {name}: {sidecar.name} lacks {', '.join(missing)} (every figure needs a caption, alt text and a data-as-of line)"
            )
        figures[name] = fig
    return figures


def _match_figure(output: dict, figures: dict[str, Figure], by_digest: dict[str, str]) -> str | None:
    """Which exported figure an image output shows, if any. In order of trust:
    1. a figure name in the output's metadata ({"partnership": {"figure": NAME}}, or "figure"
       in the image's own metadata);
    2. the same bytes as NAME.png or NAME.svg;
    3. the name in the output's text form (partnership.charts.output.export shows a scaled copy of the
       PNG, with the text "Exported('NAME': ...)")."""
    meta = output.get("metadata") or {}
    data = output.get("data") or {}
    names = []
    if isinstance(meta.get("partnership"), dict):
        names.append(meta["partnership"].get("figure"))
    names += [meta.get("figure")] + [
        (meta.get(m) or {}).get("figure") for m in ("image/png", "image/svg+xml") if isinstance(meta.get(m), dict)
    ]
    for name in names:
        if isinstance(name, str) and name in figures:
            return name
    digests = []
    if data.get("image/png"):
        with contextlib.suppress(ValueError):
            digests.append(hashlib.sha256(base64.b64decode(_text(data["image/png"]))).hexdigest())
    if data.get("image/svg+xml"):
        digests.append(hashlib.sha256(_text(data["image/svg+xml"]).encode("utf-8")).hexdigest())
    for d in digests:
        if d in by_digest:
            return by_digest[d]
    plain = _text(data.get("text/plain", ""))
    for name in sorted(figures, key=len, reverse=True):
        if re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", plain):
            return name
    return None


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


# --- notebooks: each section as blocks in page order, before anything is rendered -----------


@dataclass
class Block:
    """One piece of a section: markdown prose, sanitized HTML, preformatted text or a figure."""

    kind: str  # "markdown", "html", "text" or "figure"
    text: str  # the markdown, the HTML, the text, or the figure's name
    label: str = "Table"  # what a table in it is about: the heading above it


@dataclass
class Section:
    """A notebook as the report shows it: its title and findings (markdown) and its blocks."""

    name: str
    ident: str
    number: int
    title: str
    blocks: list[Block]
    findings: str = ""
    figures: list[str] = field(default_factory=list)


def _source(cell: dict) -> str:
    return _text(cell.get("source", ""))


def _split_title(cells: list[tuple[int, dict]], fallback: str) -> tuple[str, int | None, str]:
    """The notebook's title (first H1 of the first markdown cell) and that cell's remaining text."""
    for i, cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        lines = _source(cell).splitlines()
        for j, line in enumerate(lines):
            if re.match(r"^#\s+\S", line):
                rest = "\n".join(lines[:j] + lines[j + 1 :])
                return line[1:].strip().rstrip("#").strip(), i, rest
        break
    return fallback, None, ""


def _findings(text: str) -> str | None:
    """The body of a "What we found" cell (its heading removed), or None for another cell."""
    lines = text.strip().splitlines()
    if lines and FINDINGS_HEADING.match(lines[0].strip()):
        return "\n".join(lines[1:]).strip()
    return None


def _first_block(text: str) -> str:
    """The short form of a "What we found" cell for the summary: its first paragraph, skipping a
    note set entirely in italics (e.g. "*Figures as of ...*"); when that paragraph is a list whose
    items open with a bold sentence, only those bold sentences."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    blocks = [b for b in blocks if not re.fullmatch(r"\*[^*\n]+\*|_[^_\n]+_", b)]
    if not blocks:
        return ""
    items = re.split(r"(?m)^[-*+]\s+", blocks[0])
    leads = [re.match(r"\*\*(.+?)\*\*", item.strip()) for item in items[1:]]
    if not items[0].strip() and leads and all(leads):
        return "\n".join("- " + m.group(1).strip() for m in leads)
    return blocks[0]


def _output_block(output: dict) -> Block | None:
    """What the report shows of one non-image output, if anything."""
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") != "stdout":
            return None  # warnings and logs on stderr are not part of the report
        text = _text(output.get("text", "")).rstrip("\n")
        return Block("text", text) if text.strip() else None
    if kind not in ("display_data", "execute_result"):
        return None  # errors cannot reach a successful build; anything else is not report content
    data = output.get("data") or {}
    if "text/html" in data:
        return Block("html", sanitize_html(_text(data["text/html"])))
    if "text/markdown" in data:
        return Block("markdown", _text(data["text/markdown"]))
    if "application/vnd.jupyter.widget-view+json" in data:
        return None  # interactive widgets need JavaScript: not in a static report
    if "text/plain" in data:
        text = _text(data["text/plain"]).rstrip("\n")
        if re.fullmatch(r"<[^\n]*>", text.strip()):  # an object's repr (<Figure size ...>), not a result
            return None
        return Block("text", text)
    return None


def _is_image(output: dict) -> bool:
    data = output.get("data") or {}
    return output.get("output_type") in ("display_data", "execute_result") and (
        "image/png" in data or "image/svg+xml" in data
    )


def read_notebook(
    name: str, nb: dict, number: int, figures: dict[str, Figure], warnings: list[str], lang: str = "en"
) -> Section:
    """One report section from an executed notebook: prose (of edition `lang`), outputs and its
    figures, no code.

    An exported figure the notebook does not show is placed before the findings (or at the end)."""
    stem = Path(name).stem
    cells = edition_cells(nb.get("cells", []), lang)
    title, title_cell, title_rest = _split_title(cells, stem.replace("_", " "))
    section = Section(name, "sec-" + slug(stem), number, title, [])
    by_digest = {d: f.name for f in figures.values() for d in f.digests}
    findings_at = None
    for i, cell in cells:
        if cell.get("cell_type") == "markdown" and _findings(_source(cell)) is not None:
            findings_at = i

    def place(fname: str) -> None:
        if fname not in section.figures:
            section.figures.append(fname)
            section.blocks.append(Block("figure", fname))

    label = title
    for i, cell in cells:
        tags = set((cell.get("metadata") or {}).get("tags") or [])
        if tags & HIDE_TAGS and not (tags & HIDE_INPUT_ONLY):
            continue
        if i == findings_at:
            for fname in sorted(figures):
                place(fname)
        if cell.get("cell_type") == "markdown":
            text = title_rest if i == title_cell else _source(cell)
            label = next((h.lstrip("#").strip() for h in reversed(text.splitlines()) if HEADING.match(h)), label)
            found = _findings(text)
            if found is not None:
                section.findings = _first_block(found) if found else ""
            if text.strip():
                section.blocks.append(Block("markdown", text))
        elif cell.get("cell_type") == "code":
            for output in cell.get("outputs") or []:
                if _is_image(output):
                    match = _match_figure(output, figures, by_digest)
                    if match is None:
                        warnings.append(
                            f"{name}: cell {i + 1} shows an image that is not an exported figure (no caption or alt text); left out of the report"
                        )
                    else:
                        place(match)
                elif (block := _output_block(output)) is not None:
                    block.label = label
                    section.blocks.append(block)
    for fname in sorted(figures):
        place(fname)
    return section


# --- citations: counted over the page in reading order, then rendered once ----------------------


def _caption(fig: Figure) -> str:
    """The markdown of a figure's caption, or "" when it only repeats the title."""
    title = str(fig.meta.get("title") or "").strip()
    caption = str(fig.meta.get("caption") or "").strip()
    return caption if caption != title else ""


def count_citations(
    prose: Prose,
    sections: list[Section],
    figures: dict[str, Figure],
    methodology: str,
    records: list[tuple[str, tuple[str, ...]]],
    variants: list[Variant],
    changelog: str = "",
) -> None:
    """Give every cited source its number in the order a reader meets it: the summary's findings,
    the sections (titles, prose, captions), the methodology, the record sections (`records`:
    where, source ids), the discrepancy log, then the releases. Record ids that name no record
    are noted."""
    for s in sections:
        prose.read(s.findings, s.name)
    for s in sections:
        prose.read(s.title, s.name)
        for block in s.blocks:
            if block.kind == "markdown":
                prose.read(block.text, s.name)
            elif block.kind == "figure":
                prose.read(_caption(figures[block.text]), s.name)
    prose.read(methodology, "METHODOLOGY.md")
    for where, sids in records:
        prose.citations.count(sids, where)
    for v in variants:
        prose.citations.count(v.sources, "the discrepancy log")
    prose.read(changelog, "CHANGELOG.md")


def _record_sources(where: str, entries: Iterable[dict]) -> list[tuple[str, tuple[str, ...]]]:
    """The sources each entry cites, by stance in the order the entry shows them."""
    return [(where, e.get(stance, ())) for e in entries for stance in STANCES]


# --- rendering --------------------------------------------------------------------------------


def _figure_html(fig: Figure, number: int, prose: Prose, lazy: bool) -> str:
    """A chart as an image file beside the page (lazy: loaded when scrolled near, on the site)."""
    meta = fig.meta
    title = str(meta.get("title") or "").strip()
    size = fig.size()
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    alt = html.escape(str(meta.get("alt")).strip())
    loading = ' loading="lazy" decoding="async"' if lazy else ""
    w = prose.words
    figure_no = w.gettext("Figure {n}.", n=number)
    parts = [f'<span class="fig-no">{html.escape(figure_no)}</span>']
    if title:
        parts.append(f'<span class="fig-title">{html.escape(title)}</span>')
    if caption := _caption(fig):
        parts.append(prose.inline(caption))
    as_of = w.gettext("Data as of: {as_of}.", as_of=str(meta.get("as_of")).strip())
    parts.append(f'<span class="asof">{html.escape(as_of)}</span>')
    return (
        f'<figure class="chart" id="fig-{html.escape(slug(fig.name))}">\n'
        f'<img src="figures/{html.escape(fig.image_name())}" alt="{alt}"{dims}{loading}>\n'
        f"<figcaption>{' '.join(parts)}</figcaption>\n{_figure_data(fig, w)}</figure>\n"
    )


def _figure_data(fig: Figure, w: Words) -> str:
    """The data behind a chart, as a table to open and a CSV to download (nothing without a CSV)."""
    if fig.csv is None:
        return ""
    try:
        return figure_data_html(fig.csv, fig.meta, href_prefix="figures/", w=w) + "\n"
    except ValueError as exc:
        raise ReportError(f"figure {fig.name}: {exc}") from None


def _block_html(block: Block, prose: Prose, figures: dict[str, Figure], figure_counter: list[int], lazy: bool) -> str:
    if block.kind == "markdown":
        return prose.markdown(block.text, label=block.label)
    if block.kind == "html":
        wrap = table_region(block.label, prose.words) if "<table" in block.text else '<div class="output-html">'
        return f"{wrap}{block.text}</div>\n"
    if block.kind == "text":
        return f'<pre class="output">{html.escape(block.text)}</pre>\n'
    figure_counter[0] += 1
    return _figure_html(figures[block.text], figure_counter[0], prose, lazy)


# --- data sections ----------------------------------------------------------------------------


def _discrepancies(data: ReportData, citations: Citations) -> list[dict]:
    publisher = data.publishers
    out = []
    for d in data.discrepancies:
        did = d["discrepancy_id"]
        items = [
            {
                "number": v.variant,
                "claim": v.claim,
                "cites": markupsafe.Markup(citations.links(v.sources)),
                "publishers": ", ".join(dict.fromkeys(publisher[s] for s in v.sources if s in publisher)),
            }
            for v in data.variants
            if v.discrepancy_id == did
        ]
        concerns = sorted(
            (r["record_table"], r["record_id"], entry_anchor(r["record_table"], r["record_id"]))
            for r in data.discrepancy_records
            if r["discrepancy_id"] == did
        )
        out.append({**d, "anchor": f"disc-{did}", "variants": items, "concerns": concerns})
    return out


def _source_list(data: ReportData, cited_ids: list[str]) -> tuple[list[dict], list[dict]]:
    """(cited sources in order of first citation, the other sources by date); numbers continue."""
    rows = {r["source_id"]: r for r in data.sources}
    cited = set(cited_ids)
    rest = sorted((s for s in rows if s not in cited), key=lambda s: (rows[s]["published"] or "9999", s))
    numbers = {sid: i + 1 for i, sid in enumerate(cited_ids + rest)}

    def entry(sid: str) -> dict:
        r = rows[sid]
        parent = r.get("syndicated_from") or ""
        return {
            **r,
            "n": numbers[sid],
            "anchor": f"src-{sid}",
            "title_html": markupsafe.Markup(
                mark_chinese(r["title"]) if r["language"] == "en" else lang_span(r["title"], r["language"])
            ),
            "publisher_html": markupsafe.Markup(mark_chinese(r["publisher"])),
            "link": is_http(r["url"]),
            "reprint_of": {"anchor": f"src-{parent}", "n": numbers[parent]} if parent in numbers else None,
        }

    return [entry(s) for s in cited_ids], [entry(s) for s in rest]


def _summary(data: ReportData, sections: list[Section], prose: Prose) -> dict:
    """The summary's numbers (gathered from the analysis layer) and each section's short findings."""
    return {
        **data.counts,
        "findings": [
            {
                "anchor": s.ident,
                "number": s.number,
                "title": markupsafe.Markup(prose.plain(s.title)),
                "text": markupsafe.Markup(prose.markdown(s.findings)),
            }
            for s in sections
            if s.findings
        ],
    }


# --- the page ---------------------------------------------------------------------------------


def _say(text: str, lang: str) -> str | markupsafe.Markup:
    """A phrase the analysis layer wrote in English (a grade's reason, the sides), in `lang`: each
    "; "-separated part from the catalog; a part it lacks stays English and is marked so."""
    if lang == SOURCE:
        return text
    t = translations(lang)
    parts = []
    for part in text.split("; "):
        said = t.gettext(part)
        parts.append(html.escape(said) if said != part else lang_span(part, SOURCE))
    return markupsafe.Markup("; ".join(parts))


_compiled_templates: jinja2.BytecodeCache | None = None  # see keep_compiled_templates


def keep_compiled_templates(folder: Path) -> None:
    """Keep the compiled templates in `folder`, so that a new process renders without compiling
    them again (a fifth of an edition's render); jinja checks each against its template's source."""
    global _compiled_templates
    folder.mkdir(parents=True, exist_ok=True)
    _compiled_templates = jinja2.FileSystemBytecodeCache(str(folder))
    _environment.cache_clear()


@functools.cache
def _environment(lang: str = SOURCE) -> jinja2.Environment:
    """The templates with the edition's words installed; made once per language in a process (compiling
    the templates is a third of a render). Each render sets its own filters before it renders."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
        optimized=False,  # no filter folded into a compiled template: `href` differs from render to render
        bytecode_cache=_compiled_templates,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)
    return env


def _owned_figures(name: str, all_figures: dict[str, Figure], figure_owners: dict[str, list[str]] | None) -> list[str]:
    """The figures a notebook made: as the build recorded them, else as their sidecars say."""
    if figure_owners is not None:
        return [f for f in figure_owners.get(name, []) if f in all_figures]
    stem = Path(name).stem
    return [f for f, fig in all_figures.items() if str(fig.meta.get("notebook", "")) in (name, stem)]


def _split_h1(text: str, fallback: str) -> tuple[str, str]:
    """A document's own H1 and the rest: the report gives each such document its section heading."""
    lines = text.splitlines()
    if lines and re.match(r"^#\s+\S", lines[0]):
        return lines[0][1:].strip(), "\n".join(lines[1:])
    return fallback, text


@dataclass
class Prepared:
    """The report after its reading pass: sections read, records gathered, citations numbered.
    Rendering it (as a site or as one document) needs nothing more."""

    data: ReportData
    sections: list[Section]
    figures: dict[str, Figure]
    prose: Prose
    methodology: tuple[str, str]
    changelog: str
    description: str

    @property
    def lang(self) -> str:
        return self.data.lang


def prepare(
    source: EvidencePackage | ReportData,
    notebooks: list[tuple[str, dict]],
    figures_dir: Path | None = None,
    methodology: str = "",
    figure_owners: dict[str, list[str]] | None = None,
    description: str = "",
    warnings: list[str] | None = None,
    changelog: str = "",
    lang: str = "en",
) -> Prepared:
    """Read everything the report shows and number its citations; raise ReportError when the
    report would not be honest (an unknown source or record id, two tables sharing an id).

    source: the data package, or what an earlier reading gathered of it for this edition
    (report_data.py). notebooks: (file name, executed notebook as a dict) in report order. figures_dir: exported
    figures. figure_owners: notebook file name -> the figure names it made (the build knows;
    without it a figure belongs to the notebook named in its sidecar). methodology: the markdown
    of METHODOLOGY.md. changelog: the data's CHANGELOG.md. Problems that are not errors are
    appended to `warnings`. lang: the edition (its prose cells; its methodology and figures are
    the caller's to give)."""
    warnings = warnings if warnings is not None else []
    if isinstance(source, ReportData):
        if source.lang != lang:
            raise ValueError(f"data gathered for the {source.lang!r} edition, not for {lang!r}")
        data = source
    else:
        from partnership.publish.gather import gather  # pandas: only when reading the package itself

        data = gather(source, lang)
    all_figures = read_figures(figures_dir) if figures_dir is not None else {}
    sections_in = [(n, nb) for n, nb in notebooks if is_report_section(n, nb)]
    sections = [
        read_notebook(
            name,
            nb,
            number,
            {f: all_figures[f] for f in _owned_figures(name, all_figures, figure_owners)},
            warnings,
            lang,
        )
        for number, (name, nb) in enumerate(sections_in, start=1)
    ]
    anchors, shared = record_anchors(data.ids)
    if shared:
        raise ReportError(f"ids used by two tables, so text cannot say which record it means: {', '.join(shared)}")
    events, figures, actors = data.events, data.register, data.actors
    known_ids = (
        set(PAGE_IDS)
        | {s.ident for s in sections}
        | {f"fig-{slug(f)}" for f in all_figures}
        | {g["anchor"] for g in events}
        | {a["anchor"] for a in actors}
    )
    prose = Prose(Citations(data.ids["sources"]), anchors, known_ids, words(lang))
    method_title, method_body = _split_h1(methodology, words(lang).gettext("Methodology"))
    records = (
        _record_sources("the chronology", (e for g in events for e in g["events"]))
        + _record_sources("the register of figures", (f for g in figures for f in g["figures"]))
        + _record_sources("the directory of actors", actors)
    )
    count_citations(
        prose, sections, all_figures, method_title + "\n\n" + method_body, records, data.variants, changelog
    )
    if prose.citations.unknown:
        listed = "; ".join(f"{where or 'report'}: @{sid}" for where, sid in sorted(set(prose.citations.unknown)))
        raise ReportError(f"citation of a source that is not in sources.csv: {listed}")
    if prose.unknown_records:
        listed = "; ".join(f"{where}: {ident}" for where, ident in sorted(set(prose.unknown_records)))
        raise ReportError(f"id of a record that is not in the data package: {listed}")
    return Prepared(data, sections, all_figures, prose, (method_title, method_body), changelog, description)


def _pages(p: Prepared) -> list[site.Page]:
    """The site's pages in reading order: the summary, the analysis sections, the record parts."""
    before, after = site.fixed_pages(bool(p.data.questions), bool(p.changelog.strip()), words(p.lang))
    sections = [
        site.Page(site.section_file(s.ident), s.ident, s.title, "parts/section.html.j2", number=s.number, section=s)
        for s in p.sections
    ]
    return before + sections + after


def _anchors_by_page(p: Prepared) -> dict[str, list[str]]:
    """page id -> the anchors of the entries on it."""
    d = p.data
    out = {
        "chronology": [g["anchor"] for g in d.events] + [e["id"] for g in d.events for e in g["events"]],
        "figures": [f["id"] for g in d.register for f in g["figures"]],
        "actors": [a["anchor"] for a in d.actors],
    }
    for table, page in (
        ("discrepancies", "discrepancies"),
        ("open_questions", "open-questions"),
        ("sources", "sources"),
    ):
        prefix = ANCHORED[table][1]
        out[page] = [prefix + i for i in d.ids.get(table, [])]
    for s in p.sections:
        out[s.ident] = [f"fig-{slug(f)}" for f in s.figures]
    return out


def _context(p: Prepared, pages: list[site.Page], links: site.Links) -> tuple[jinja2.Environment, dict]:
    """The templates' environment and values, every link written by `links`."""
    prose = p.prose
    prose.use_links(links.href)
    env = _environment(p.lang)
    english_data = p.lang != SOURCE  # record text stays in English: the page says so
    env.filters["num"] = lambda n: digits(n, ",", p.lang)
    env.filters["word"] = lambda code, field: word(field, code, p.lang)
    env.filters["say"] = lambda text: _say(str(text), p.lang)
    env.filters["cites"] = lambda sids: markupsafe.Markup(prose.citations.links(sids) if sids else "")
    env.filters["linked"] = lambda text: markupsafe.Markup(prose.text(str(text)))
    env.filters["region"] = lambda label: markupsafe.Markup(table_region(label, prose.words))
    env.filters["href"] = links.href
    counter = [0]
    rows = {
        s.ident: {
            "ident": s.ident,
            "number": s.number,
            "show_number": not re.match(r"\d", s.title),
            "title_html": markupsafe.Markup(prose.inline(s.title)),
            "title_text": markupsafe.Markup(prose.plain(s.title)),
            "body_html": markupsafe.Markup(
                "".join(_block_html(b, prose, p.figures, counter, lazy=not links.single) for b in s.blocks)
            ),
        }
        for s in p.sections
    }
    pages = [
        dataclasses.replace(pg, section=rows[pg.ident], title=str(rows[pg.ident]["title_text"]))
        if pg.ident in rows
        else pg
        for pg in pages
    ]
    nav = [
        {
            "file": pg.file,
            "href": links.page(pg),
            "title": pg.title,
            "about": pg.about,
            "number": pg.number if pg.number is not None and rows[pg.ident]["show_number"] else None,
        }
        for pg in pages
    ]
    cited, uncited = _source_list(p.data, list(prose.citations.number))
    method_title, method_body = p.methodology
    other = [lang for lang in LANGUAGES if lang != p.lang][0]
    data_lang = markupsafe.Markup(f' lang="{SOURCE}"') if english_data else ""
    sources_html = env.get_template("source_list.html.j2").render(cited=cited, uncited=uncited, data_lang=data_lang)
    return env, {
        "lang": p.lang,
        "data_lang": data_lang,
        "root": "" if p.lang == SOURCE else "../",  # the site's own files (icon, feed) are beside the English pages
        "switch": None
        if links.single
        else {"prefix": f"{other}/" if p.lang == SOURCE else "../", "lang": other, "label": EDITION_NAMES[other]},
        "single": links.single,
        "pages": pages,
        "nav": nav,
        "title": p.data.title or words(p.lang).gettext("Evidence report"),
        "description": p.description,
        "as_of": p.data.as_of,
        "licence": p.data.licence,
        "summary": _summary(p.data, p.sections, prose),
        "methodology_title": markupsafe.Markup(prose.inline(method_title)),
        "methodology_html": markupsafe.Markup(prose.markdown(method_body)),
        "chronology": p.data.events,
        "register": p.data.register,
        "directory": p.data.actors,
        "discrepancies": _discrepancies(p.data, prose.citations),
        "questions": p.data.questions,
        "changelog_html": markupsafe.Markup(prose.markdown(_split_h1(p.changelog.strip(), "")[1])),
        "sources_html": markupsafe.Markup(sources_html),
        "css": markupsafe.Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
    }


def render_document(p: Prepared) -> str:
    """The whole report as one HTML document (every link an #anchor): the source of the PDF."""
    pages = _pages(p)
    env, ctx = _context(p, pages, site.Links({}, single=True))
    return env.get_template("print.html.j2").render(ctx)


def render_site(p: Prepared) -> dict[str, bytes]:
    """One edition of the report as a static site: path inside the report folder -> bytes. The
    pages, and beside them figures/ with each chart's image and its data (CSV), which the pages
    link to. The English edition is the folder itself; another sits in its subfolder (it/), with
    the same file names and anchors, so each page has its counterpart."""
    pages = _pages(p)
    links = site.Links(site.page_map(pages, _anchors_by_page(p)))
    env, ctx = _context(p, pages, links)
    template = env.get_template("page.html.j2")
    at = "" if p.lang == SOURCE else f"{p.lang}/"
    out = {at + pg.file: template.render(ctx, page=pg).encode("utf-8") for pg in ctx["pages"]}
    if p.lang == SOURCE:
        out["favicon.svg"] = (TEMPLATES / "favicon.svg").read_bytes()  # else browsers ask for /favicon.ico
    for s in p.sections:
        for name in s.figures:
            fig = p.figures[name]
            out[f"{at}figures/{fig.image_name()}"] = fig.png or fig.svg or b""
            if fig.csv is not None:
                out[f"{at}figures/{name}.csv"] = fig.csv.encode("utf-8")
    return out


def render_report(
    source: EvidencePackage | ReportData,
    notebooks: list[tuple[str, dict]],
    figures_dir: Path | None = None,
    methodology: str = "",
    figure_owners: dict[str, list[str]] | None = None,
    description: str = "",
    warnings: list[str] | None = None,
    changelog: str = "",
) -> str:
    """The report as one HTML string (the single document; see `prepare` for the arguments)."""
    return render_document(
        prepare(source, notebooks, figures_dir, methodology, figure_owners, description, warnings, changelog)
    )


def write_site(out_dir: Path, files: dict[str, bytes]) -> None:
    """Write the site's files into out_dir (a folder of the build's staging area)."""
    for rel, data in files.items():
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
