"""The report: one self-contained, offline HTML file built from the executed notebooks and the data.

`render_report` turns a valid data package, the executed notebooks and the exported figures
into report/index.html:
- one section per analysis notebook (its markdown prose and its outputs; never code or
  prompts), titled by the notebook's first H1; notebooks whose name ends in `_explore`, or
  whose metadata says `{"partnership": {"report": false}}`, are left out (the widget explorer);
- prose citations `[@source_id]` (also `[@a; @b]`) become numbered links to the source list;
  discrepancy ids (e.g. D04) become links to the discrepancy log;
- every exported figure (NAME.png/.svg + NAME.json sidecar, see partnership/charts/output.py) is shown
  inline as a data URI with its caption, alt text and "data as of" line;
- a summary (counts from the data and each notebook's "What we found"), the methodology
  (METHODOLOGY.md), the discrepancy log, the open questions and the full source list come last.

Safety: everything from data or notebooks is escaped; markdown is rendered with raw HTML escaped;
HTML outputs (pandas tables) go through an allow-list sanitizer; only http(s) URLs become links;
a Content-Security-Policy forbids scripts and every network request. Output bytes depend only on
the inputs: no clock, no random ids, no absolute paths.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import mistune
import pandas as pd

TEMPLATES = Path(__file__).resolve().parent / "templates"
FINDINGS_HEADING = re.compile(r"^#{1,6}\s*what we found\s*$", re.IGNORECASE)
CITE_PATTERN = r"\[@(?P<cite_keys>[A-Za-z0-9_]+(?:\s*[;,]\s*@[A-Za-z0-9_]+)*)\]"
HIDE_TAGS = {"remove-cell", "remove_cell", "remove-output", "remove_output", "hide-output", "report-hide"}
HIDE_INPUT_ONLY = {"remove-input", "remove_input", "hide-input"}  # inputs are never shown anyway
REQUIRED_FIGURE_KEYS = ("alt", "as_of")
CITE_MARK = "\x00"  # brackets a source id whose citation number is not known yet
CITE_SLOT = re.compile(CITE_MARK + r"([A-Za-z0-9_]+)" + CITE_MARK)
SOURCES_SLOT = CITE_MARK + "SOURCE-LIST" + CITE_MARK


class ReportError(Exception):
    """The inputs cannot make an honest report (e.g. a citation to a source that is not listed)."""


def is_http(url: object) -> bool:
    """True for an absolute http(s) URL: the only kind of URL the report turns into a link."""
    return isinstance(url, str) and re.match(r"^https?://[^\s<>\"'`]+$", url.strip(), re.IGNORECASE) is not None


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
    """One exported chart: NAME.json sidecar plus NAME.png and/or NAME.svg."""

    name: str
    meta: dict
    png: bytes | None = None
    svg: bytes | None = None

    @property
    def digests(self) -> set[str]:
        return {hashlib.sha256(b).hexdigest() for b in (self.png, self.svg) if b}

    def data_uri(self) -> str:
        if self.png:
            return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg or b"").decode("ascii")

    def size(self) -> tuple[int, int] | None:
        """Pixel size of the PNG (from its IHDR chunk), for the img width/height attributes."""
        if self.png and self.png[:8] == b"\x89PNG\r\n\x1a\n" and len(self.png) >= 24:
            return int.from_bytes(self.png[16:20], "big"), int.from_bytes(self.png[20:24], "big")
        return None


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


# --- HTML from notebooks: an allow-list sanitizer -----------------------------------------------


class _Sanitizer(HTMLParser):
    """Keeps a small set of presentational tags (tables, lists, emphasis); drops everything else.

    Scripts, styles, embedded documents and their content are removed; other unknown tags are
    removed but their text is kept (escaped). Attributes are dropped except colspan/rowspan,
    scope and title; links keep an http(s) href only.
    """

    ALLOWED = {
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
        "colgroup",
        "col",
        "p",
        "br",
        "b",
        "i",
        "em",
        "strong",
        "code",
        "span",
        "div",
        "ul",
        "ol",
        "li",
        "small",
        "sub",
        "sup",
        "abbr",
        "pre",
        "blockquote",
        "dl",
        "dt",
        "dd",
        "h4",
        "h5",
        "h6",
        "hr",
        "a",
        "q",
        "cite",
        "mark",
        "s",
    }
    VOID = {"br", "col", "hr"}
    DROP_CONTENT = {
        "script",
        "style",
        "template",
        "iframe",
        "object",
        "embed",
        "noscript",
        "svg",
        "math",
        "textarea",
        "select",
        "title",
        "head",
        "frameset",
        "noembed",
        "xmp",
        "plaintext",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []
        self.dropping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.append(tag)  # the same element nested: wait for its own end tag
            return
        if tag in self.DROP_CONTENT:
            self.dropping.append(tag)
            return
        if tag not in self.ALLOWED:
            return
        kept = []
        for key, value in attrs:
            value = value or ""
            if key in ("colspan", "rowspan") and value.isdigit():
                kept.append(f' {key}="{int(value)}"')
            elif key == "scope" and value in ("row", "col", "rowgroup", "colgroup"):
                kept.append(f' scope="{value}"')
            elif key == "title" and tag == "abbr":
                kept.append(f' title="{html.escape(value)}"')
            elif key == "href" and tag == "a" and is_http(value):
                kept.append(f' href="{html.escape(value.strip())}" rel="noopener noreferrer"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping or tag in self.DROP_CONTENT:
            return  # <svg/>: nothing inside to drop
        self.handle_starttag(tag, attrs)
        if tag in self.ALLOWED and tag not in self.VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag in self.stack:
            while self.stack:
                top = self.stack.pop()
                self.out.append(f"</{top}>")
                if top == tag:
                    break

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{t}>" for t in reversed(self.stack))


def sanitize_html(fragment: str) -> str:
    """An HTML fragment reduced to safe, presentational markup (see _Sanitizer)."""
    parser = _Sanitizer()
    parser.feed(fragment)
    return parser.result()


# --- citations and markdown -------------------------------------------------------------------


class Citations:
    """Numbers sources in order of first citation; remembers citations of unknown sources."""

    def __init__(self, source_ids: Iterable[str]):
        self.known = set(source_ids)
        self.number: dict[str, int] = {}
        self.unknown: list[tuple[str, str]] = []
        self.where = ""

    def cite(self, source_id: str) -> int | None:
        if source_id not in self.known:
            self.unknown.append((self.where, source_id))
            return None
        if source_id not in self.number:
            self.number[source_id] = len(self.number) + 1
        return self.number[source_id]

    def link(self, source_id: str) -> str:
        """A link to the source's entry; its number is filled in once the page is complete
        (see `number_citations`), so numbers follow the order in which a reader meets them."""
        n = self.cite(source_id)
        if n is None:
            return f'<span class="cite-missing">@{html.escape(source_id)}</span>'
        return f'<a class="cite" href="#src-{source_id}">{CITE_MARK}{source_id}{CITE_MARK}</a>'

    def links(self, source_ids: Iterable[str]) -> str:
        return '<span class="cites">[' + ", ".join(self.link(s) for s in source_ids) + "]</span>"


class _Renderer(mistune.HTMLRenderer):
    """mistune's HTML renderer with raw HTML escaped, http(s)-only links, no remote images,
    and headings shifted down to sit under the report's section headings."""

    def __init__(self, doc: _Document, shift: int, min_level: int):
        super().__init__(escape=True)
        self.doc = doc
        self.shift = shift
        self.min_level = min_level

    def link(self, text: str, url: str, title: str | None = None) -> str:
        if is_http(url):
            attrs = {"href": url.strip(), "rel": "noopener noreferrer"}
        elif url.startswith("#") and url[1:] in self.doc.known_ids:
            attrs = {"href": url}
        else:
            return text  # not a web address (or a dangling anchor): the text stays, the link goes
        if title:
            attrs["title"] = title
        return "<a" + self.render_attrs(attrs) + ">" + text + "</a>"

    def image(self, text: str, url: str, title: str | None = None) -> str:
        # Remote or local images in prose would be network requests or broken files: show the alt text.
        alt = mistune.util.striptags(text)
        return '<span class="img-alt">[image: ' + html.escape(alt) + "]</span>"

    def heading(self, text: str, level: int, **attrs: Any) -> str:
        level = min(max(level + self.shift, self.min_level), 6)
        return f"<h{level}>{text}</h{level}>\n"

    def table(self, text: str) -> str:
        return '<div class="table-wrap"><table>\n' + text + "</table></div>\n"


class _Document:
    """State shared while rendering one report: citation numbering and the anchors that exist."""

    def __init__(self, source_ids: Iterable[str], discrepancy_ids: Iterable[str]):
        self.citations = Citations(source_ids)
        self.discrepancy_ids = sorted(set(discrepancy_ids))
        self.known_ids: set[str] = set()
        self._md: dict[tuple[int, int], mistune.Markdown] = {}

    def markdown(self, text: str, shift: int = 1, min_level: int = 3) -> str:
        key = (shift, min_level)
        if key not in self._md:
            self._md[key] = self._make(shift, min_level)
        return self._md[key](text)

    def inline(self, text: str) -> str:
        """Markdown for one line (a title, a caption): the outer paragraph is removed."""
        out = self.markdown(text).strip()
        return out[3:-4] if out.startswith("<p>") and out.endswith("</p>") else out

    def _make(self, shift: int, min_level: int) -> mistune.Markdown:
        md = mistune.create_markdown(
            renderer=_Renderer(self, shift, min_level), plugins=["table", "strikethrough", "url"]
        )
        doc = self

        def parse_cite(inline, m, state):
            if state.in_link:
                return None
            keys = tuple(re.findall(r"@([A-Za-z0-9_]+)", "@" + m.group("cite_keys")))
            state.append_token({"type": "cite", "attrs": {"keys": keys}})
            return m.end()

        md.inline.register("cite", CITE_PATTERN, parse_cite, before="link")
        md.renderer.register("cite", lambda renderer, keys: doc.citations.links(keys))
        if self.discrepancy_ids:
            alternatives = "|".join(re.escape(i) for i in self.discrepancy_ids)
            pattern = rf"(?<![A-Za-z0-9_])(?P<disc_id>{alternatives})(?![A-Za-z0-9_])"

            def parse_disc(inline, m, state):
                if state.in_link:
                    return None
                state.append_token({"type": "disc_ref", "attrs": {"ident": m.group("disc_id")}})
                return m.end()

            md.inline.register("disc_ref", pattern, parse_disc, before="link")
            md.renderer.register(
                "disc_ref",
                lambda renderer, ident: f'<a class="xref" href="#disc-{html.escape(ident)}">{html.escape(ident)}</a>',
            )
        return md


# --- notebooks --------------------------------------------------------------------------------


@dataclass
class Section:
    ident: str
    number: int
    title_html: str
    title_text: str
    body_html: str
    findings_html: str = ""
    figures: list[str] = field(default_factory=list)


def _source(cell: dict) -> str:
    return _text(cell.get("source", ""))


def _split_title(nb: dict, fallback: str) -> tuple[str, int | None, str]:
    """The notebook's title (first H1 of the first markdown cell) and that cell's remaining text."""
    for i, cell in enumerate(nb.get("cells", [])):
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


def _render_output(output: dict, doc: _Document) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") != "stdout":
            return ""  # warnings and logs on stderr are not part of the report
        text = _text(output.get("text", "")).rstrip("\n")
        return f'<pre class="output">{html.escape(text)}</pre>\n' if text.strip() else ""
    if kind not in ("display_data", "execute_result"):
        return ""  # errors cannot reach a successful build; anything else is not report content
    data = output.get("data") or {}
    if "text/html" in data:
        cleaned = sanitize_html(_text(data["text/html"]))
        if "<table" in cleaned:
            return f'<div class="table-wrap">{cleaned}</div>\n'
        return f'<div class="output-html">{cleaned}</div>\n'
    if "text/markdown" in data:
        return f'<div class="output-md">{doc.markdown(_text(data["text/markdown"]))}</div>\n'
    if "application/vnd.jupyter.widget-view+json" in data:
        return ""  # interactive widgets need JavaScript: not in a static report
    if "text/plain" in data:
        text = _text(data["text/plain"]).rstrip("\n")
        if re.fullmatch(r"<[^\n]*>", text.strip()):  # an object's repr (<Figure size ...>), not a result
            return ""
        return f'<pre class="output">{html.escape(text)}</pre>\n'
    return ""


def _figure_html(fig: Figure, number: int, doc: _Document) -> str:
    meta = fig.meta
    title = str(meta.get("title") or "").strip()
    caption = str(meta.get("caption") or "").strip()
    size = fig.size()
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    alt = html.escape(str(meta.get("alt")).strip())
    parts = [f'<span class="fig-no">Figure {number}.</span>']
    if title:
        parts.append(f'<span class="fig-title">{html.escape(title)}</span>')
    if caption and caption != title:
        parts.append(doc.inline(caption))
    parts.append(f'<span class="asof">Data as of: {html.escape(str(meta.get("as_of")).strip())}.</span>')
    return (
        f'<figure class="chart" id="fig-{html.escape(slug(fig.name))}">\n'
        f'<img src="{fig.data_uri()}" alt="{alt}"{dims}>\n'
        f"<figcaption>{' '.join(parts)}</figcaption>\n</figure>\n"
    )


def render_notebook(
    name: str,
    nb: dict,
    number: int,
    figures: dict[str, Figure],
    doc: _Document,
    figure_counter: list[int],
    warnings: list[str],
) -> Section:
    """One report section from an executed notebook: prose, outputs and its figures, no code."""
    stem = Path(name).stem
    doc.citations.where = name
    title, title_cell, title_rest = _split_title(nb, stem.replace("_", " "))
    placed: list[str] = []
    by_digest = {d: f.name for f in figures.values() for d in f.digests}
    body: list[str] = []
    findings_html = ""
    cells = nb.get("cells", [])
    findings_at = None
    for i, cell in enumerate(cells):
        if cell.get("cell_type") == "markdown" and _findings(_source(cell)) is not None:
            findings_at = i

    def place_rest() -> None:
        for fname in sorted(figures):
            if fname not in placed:
                placed.append(fname)
                figure_counter[0] += 1
                body.append(_figure_html(figures[fname], figure_counter[0], doc))

    for i, cell in enumerate(cells):
        tags = set((cell.get("metadata") or {}).get("tags") or [])
        if tags & HIDE_TAGS and not (tags & HIDE_INPUT_ONLY):
            continue
        if i == findings_at:
            place_rest()
        if cell.get("cell_type") == "markdown":
            text = title_rest if i == title_cell else _source(cell)
            found = _findings(text)
            if found is not None:
                findings_html = doc.markdown(_first_block(found)) if found else ""
            if text.strip():
                body.append(doc.markdown(text))
        elif cell.get("cell_type") == "code":
            for output in cell.get("outputs") or []:
                data = output.get("data") or {}
                if output.get("output_type") in ("display_data", "execute_result") and (
                    "image/png" in data or "image/svg+xml" in data
                ):
                    match = _match_figure(output, figures, by_digest)
                    if match is None:
                        warnings.append(
                            f"{name}: cell {i + 1} shows an image that is not an exported figure (no caption or alt text); left out of the report"
                        )
                    elif match not in placed:
                        placed.append(match)
                        figure_counter[0] += 1
                        body.append(_figure_html(figures[match], figure_counter[0], doc))
                    continue
                body.append(_render_output(output, doc))
    place_rest()
    doc.citations.where = ""
    ident = "sec-" + slug(stem)
    title_html = doc.inline(title) if title else html.escape(stem)
    return Section(ident, number, title_html, _plain(title_html), "".join(body), findings_html, placed)


def _plain(fragment: str) -> str:
    """Text of an HTML fragment we rendered ourselves (still escaped, so safe to embed), without
    its citation markers (a table of contents entry cites nothing)."""
    fragment = re.sub(r'\s*<span class="cites">.*?</span>', "", fragment)
    return re.sub(r"<[^>]+>", "", fragment).strip()


# --- data sections ----------------------------------------------------------------------------


def _value(v: Any) -> str:
    """A cell as text: empty for missing values, ISO date for dates."""
    if v is None:
        return ""
    if isinstance(v, pd.Timestamp):
        return "" if pd.isna(v) else v.strftime("%Y-%m-%d")
    try:
        if pd.isna(v):
            return ""
    except (TypeError, ValueError):
        pass
    return str(v)


def _rows(frame) -> list[dict[str, str]]:
    return [{k: _value(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _discrepancies(pkg, doc: _Document) -> list[dict]:
    tables = pkg.tables
    if "discrepancies" not in tables:
        return []
    sources = {r["source_id"]: r for r in _rows(tables["sources"])}
    variants = _rows(tables["discrepancy_variants"]) if "discrepancy_variants" in tables else []
    records = _rows(tables["discrepancy_records"]) if "discrepancy_records" in tables else []
    doc.citations.where = "the discrepancy log"
    out = []
    for d in sorted(_rows(tables["discrepancies"]), key=lambda r: r["discrepancy_id"]):
        did = d["discrepancy_id"]
        groups: dict[tuple[int, str], list[str]] = {}
        for v in variants:
            if v["discrepancy_id"] == did:
                groups.setdefault((int(v["variant"]), v["claim"]), []).append(v["source_id"])
        items = []
        for (number, claim), sids in sorted(groups.items()):
            sids = sorted(set(sids))
            items.append(
                {
                    "number": number,
                    "claim": claim,
                    "cites": markupsafe.Markup(doc.citations.links(sids)),
                    "publishers": ", ".join(dict.fromkeys(sources[s]["publisher"] for s in sids if s in sources)),
                }
            )
        concerns = sorted(f"{r['record_table']} {r['record_id']}" for r in records if r["discrepancy_id"] == did)
        out.append({**d, "anchor": f"disc-{did}", "variants": items, "concerns": concerns})
    doc.citations.where = ""
    return out


def _source_list(pkg, cited_ids: list[str]) -> tuple[list[dict], list[dict], dict[str, int]]:
    """(cited sources in order of first citation, the other sources, the number of each)."""
    rows = {r["source_id"]: r for r in _rows(pkg["sources"])}
    cited_ids = [s for s in cited_ids if s in rows]
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
            "link": is_http(r["url"]),
            "reprint_of": {"anchor": f"src-{parent}", "n": numbers[parent]} if parent in numbers else None,
        }

    return [entry(s) for s in cited_ids], [entry(s) for s in rest], numbers


def number_citations(page: str, pkg, env: jinja2.Environment) -> str:
    """Number the citations in reading order, then write the source list in that order."""
    cited_ids = list(dict.fromkeys(CITE_SLOT.findall(page)))
    cited, uncited, numbers = _source_list(pkg, cited_ids)
    sources_html = env.get_template("sources.html.j2").render(cited=cited, uncited=uncited)
    page = page.replace(SOURCES_SLOT, sources_html)

    def in_order(group: re.Match) -> str:  # [20, 1] -> [1, 20]
        links = re.findall(
            r'<a class="cite" href="#src-[A-Za-z0-9_]+">' + CITE_MARK + r"([A-Za-z0-9_]+)" + CITE_MARK + "</a>",
            group.group(1),
        )
        if len(links) < 2 or len(links) != group.group(1).count("<a "):
            return group.group(0)
        ordered = sorted(dict.fromkeys(links), key=lambda sid: numbers.get(sid, 0))
        return (
            '<span class="cites">['
            + ", ".join(f'<a class="cite" href="#src-{sid}">{CITE_MARK}{sid}{CITE_MARK}</a>' for sid in ordered)
            + "]</span>"
        )

    page = re.sub(r'<span class="cites">\[(.*?)\]</span>', in_order, page)
    return CITE_SLOT.sub(lambda m: str(numbers.get(m.group(1), "?")), page)


def _summary(pkg, sections: list[Section], doc: _Document) -> dict:
    from partnership.analysis.evidence import claims, source_origins

    t = pkg.tables
    graded = claims(pkg)
    grades = {g: int((graded["grade"].astype(object) == g).sum()) for g in ("A", "B", "C", "D")}
    disc = t.get("discrepancies")
    n_open = int((disc["status"].astype(object) == "open").sum()) if disc is not None else 0
    return {
        "events": len(t.get("events", [])),
        "quantities": len(t.get("quantities", [])),
        "actors": len(t.get("actors", [])),
        "sources": len(t["sources"]),
        "origins": int(source_origins(t["sources"]).nunique()),
        "discrepancies": len(disc) if disc is not None else 0,
        "open": n_open,
        "grades": grades,
        "findings": [
            {
                "anchor": s.ident,
                "number": s.number,
                "title": markupsafe.Markup(s.title_text),
                "text": markupsafe.Markup(s.findings_html),
            }
            for s in sections
            if s.findings_html
        ],
    }


# --- the page ---------------------------------------------------------------------------------


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_report(
    pkg,
    notebooks: list[tuple[str, dict]],
    figures_dir: Path | None = None,
    methodology: str = "",
    figure_owners: dict[str, list[str]] | None = None,
    description: str = "",
    warnings: list[str] | None = None,
) -> str:
    """The report as one HTML string.

    pkg: a loaded EvidencePackage. notebooks: (file name, executed notebook as a dict/NotebookNode)
    in report order. figures_dir: exported figures. figure_owners: notebook file name -> the figure
    names it made (the build knows; without it a figure belongs to the notebook named in its
    sidecar). methodology: the markdown of METHODOLOGY.md. Problems that are not errors are
    appended to `warnings`. Raises ReportError when the report would not be honest.
    """
    warnings = warnings if warnings is not None else []
    all_figures = read_figures(figures_dir) if figures_dir is not None else {}
    disc_ids = list(pkg["discrepancies"]["discrepancy_id"]) if "discrepancies" in pkg.tables else []
    doc = _Document(pkg["sources"]["source_id"], disc_ids)
    sections_in = [(n, nb) for n, nb in notebooks if is_report_section(n, nb)]
    doc.known_ids = (
        {"main", "contents", "summary", "methodology", "discrepancies", "open-questions", "sources"}
        | {"sec-" + slug(Path(n).stem) for n, _ in sections_in}
        | {f"src-{s}" for s in doc.citations.known}
        | {f"disc-{d}" for d in disc_ids}
        | {f"fig-{slug(f)}" for f in all_figures}
    )
    sections, counter = [], [0]
    for number, (name, nb) in enumerate(sections_in, start=1):
        if figure_owners is not None:
            owned = [f for f in figure_owners.get(name, []) if f in all_figures]
        else:
            stem = Path(name).stem
            owned = [f for f, fig in all_figures.items() if str(fig.meta.get("notebook", "")) in (name, stem)]
        sections.append(render_notebook(name, nb, number, {f: all_figures[f] for f in owned}, doc, counter, warnings))

    method_title, method_body = "Methodology", methodology
    lines = methodology.splitlines()
    if lines and re.match(r"^#\s+\S", lines[0]):
        method_title, method_body = lines[0][1:].strip(), "\n".join(lines[1:])
    doc.citations.where = "METHODOLOGY.md"
    methodology_html = doc.markdown(method_body)
    doc.citations.where = ""
    discrepancies = _discrepancies(pkg, doc)
    summary = _summary(pkg, sections, doc)
    questions = (
        sorted(_rows(pkg["open_questions"]), key=lambda r: r["question_id"]) if "open_questions" in pkg.tables else []
    )

    if doc.citations.unknown:
        listed = "; ".join(f"{where or 'report'}: @{sid}" for where, sid in sorted(set(doc.citations.unknown)))
        raise ReportError(f"citation of a source that is not in sources.csv: {listed}")

    env = _environment()
    page = env.get_template("report.html.j2").render(
        title=pkg.title or "Evidence report",
        description=description,
        as_of=pkg.as_of,
        version=pkg.version,
        licence=pkg.licence,
        summary=summary,
        sections=[
            {
                **s.__dict__,
                "show_number": not re.match(r"\d", s.title_text),
                "title_html": markupsafe.Markup(s.title_html),
                "title_text": markupsafe.Markup(s.title_text),
                "body_html": markupsafe.Markup(s.body_html),
            }
            for s in sections
        ],
        methodology_title=markupsafe.Markup(doc.inline(method_title)),
        methodology_html=markupsafe.Markup(methodology_html),
        discrepancies=discrepancies,
        questions=questions,
        sources_html=markupsafe.Markup(SOURCES_SLOT),
        n_figures=counter[0],
        css=markupsafe.Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
    )
    page = number_citations(page, pkg, env)
    if CITE_MARK in page:
        raise ReportError("a NUL character in the notebooks or data (it would corrupt the page)")
    return page


def write_report(
    out_path: Path,
    pkg,
    notebooks: list[tuple[str, dict]],
    figures_dir: Path | None,
    methodology: str,
    figure_owners: dict[str, list[str]] | None = None,
    description: str = "",
) -> list[str]:
    """Render and write the report; returns the warnings."""
    warnings: list[str] = []
    page = render_report(pkg, notebooks, figures_dir, methodology, figure_owners, description, warnings)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(page.encode("utf-8"))
    return warnings
