"""The report's markup from text it does not control: notebook HTML and markdown prose.

HTML outputs (pandas tables) go through nh3, a maintained allow-list sanitizer. Markdown is
rendered by mistune with raw HTML escaped, http(s)-only links and no images. Citations
`[@source_id]` are read in a first pass over the parsed text (`Prose.cited`), so every source
has its number before anything is rendered (`Prose.markdown`): no placeholders to patch later.
Record ids in text (events, figures, discrepancies, questions, sources) become links to their
entries; an id shaped like one that names no record is found in the same reading pass.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import mistune
import nh3

from partnership.i18n import SOURCE, Words
from partnership.publish.lang import mark_chinese

CITE_PATTERN = r"\[@(?P<cite_keys>[A-Za-z0-9_]+(?:\s*[;,]\s*@[A-Za-z0-9_]+)*)\]"
PLUGINS = ["table", "strikethrough", "url"]


def is_http(url: object) -> bool:
    """True for an absolute http(s) URL: the only kind of URL the report turns into a link."""
    return isinstance(url, str) and re.match(r"^https?://[^\s<>\"'`]+$", url.strip(), re.IGNORECASE) is not None


# --- HTML from notebooks ----------------------------------------------------------------------

# Presentational tags only: tables, lists, emphasis, small headings (h1-h3 belong to the report).
# No img: every picture in the report is an exported figure with a caption and alt text.
TAGS = {
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "p", "br", "b", "i", "em", "strong", "code", "span", "div", "ul", "ol", "li", "small", "sub",
    "sup", "abbr", "pre", "blockquote", "dl", "dt", "dd", "h4", "h5", "h6", "hr", "a", "q",
    "cite", "mark", "s",
}  # fmt: skip
# Dropped with their content: code, styles, embedded documents, forms, foreign markup.
DROP_WITH_CONTENT = {
    "script", "style", "template", "iframe", "object", "embed", "noscript", "svg", "math",
    "textarea", "select", "title", "head", "frameset", "noembed", "xmp", "plaintext",
}  # fmt: skip
# No class, id or style (the report's CSS and anchors are its own); "*" empties nh3's defaults.
ATTRIBUTES = {"*": set(), "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}, "abbr": {"title"}, "a": {"href"}}
SCOPES = {"th": {"scope": {"row", "col", "rowgroup", "colgroup"}}}

_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=DROP_WITH_CONTENT,
    attributes=ATTRIBUTES,
    tag_attribute_values=SCOPES,
    url_schemes={"http", "https"},
    url_relative="deny",  # a relative or #anchor href from an output points nowhere in the report
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize_html(fragment: str) -> str:
    """An HTML fragment reduced to safe, presentational markup (allow-lists above)."""
    return _CLEANER.clean(fragment)


# --- citations --------------------------------------------------------------------------------


class Citations:
    """Numbers sources in order of first citation; remembers citations of unknown sources.

    Every citation is counted (`count`) before any link is written (`links`). href: how a link
    reaches an anchor (the site puts the sources on their own page)."""

    def __init__(self, source_ids: Iterable[str], href: Callable[[str], str] = lambda anchor: "#" + anchor):
        self.known = set(source_ids)
        self.number: dict[str, int] = {}
        self.unknown: list[tuple[str, str]] = []
        self.href = href

    def count(self, source_ids: Iterable[str], where: str) -> None:
        for sid in source_ids:
            if sid not in self.known:
                self.unknown.append((where, sid))
            elif sid not in self.number:
                self.number[sid] = len(self.number) + 1

    def links(self, source_ids: Iterable[str]) -> str:
        """Links to the sources' entries, each once and in ascending order: [2, 3], never [3, 2]."""
        ordered = sorted(set(source_ids), key=self.number.__getitem__)
        links = (f'<a class="cite" href="{html.escape(self.href("src-" + s))}">{self.number[s]}</a>' for s in ordered)
        return '<span class="cites">[' + ", ".join(links) + "]</span>"


# --- markdown ---------------------------------------------------------------------------------


def table_region(label: str, w: Words | None = None) -> str:
    """The opening tag of a table's wrapper: it scrolls sideways, so keyboards can reach it.

    Its name says "Table:" so that it never repeats the name of the section around it (every
    landmark's name must be unique)."""
    name = (w or Words(SOURCE)).gettext("Table: {label}", label=label)
    return f'<div class="table-wrap" tabindex="0" role="region" aria-label="{html.escape(name)}">'


def _shape(ident: str) -> str:
    """The pattern of ids shaped like this one: T34b -> T[0-9]{2}[a-z]{1}."""
    parts = re.findall(r"[0-9]+|[a-z]+|[^0-9a-z]+", ident)
    return "".join(
        f"[0-9]{{{len(p)}}}" if p.isdigit() else f"[a-z]{{{len(p)}}}" if p.islower() else re.escape(p) for p in parts
    )


def record_pattern(ids: Iterable[str]) -> str:
    """A regex for record ids in text: every id that opens with a capital (events, figures,
    discrepancies, questions) lends its shape, so an id of that shape that does not exist is
    found too; other ids (sources) match only as themselves."""
    ids = sorted(set(ids), key=lambda i: (-len(i), i))
    shapes = sorted({_shape(i) for i in ids if i[:1].isupper()}, key=lambda p: (-len(p), p))
    exact = [re.escape(i) for i in ids if not i[:1].isupper()]
    return rf"(?<![A-Za-z0-9_@])(?:{'|'.join(shapes + exact) or '(?!)'})(?![A-Za-z0-9_])"


class _Renderer(mistune.HTMLRenderer):
    """mistune's HTML renderer with raw HTML escaped, http(s)-only links, no remote images,
    Chinese marked as such, and headings shifted down to sit under the report's section headings.
    A table is labelled by the heading before it (or by the label its text was given)."""

    def __init__(self, prose: Prose, shift: int, min_level: int):
        super().__init__(escape=True)
        self.prose = prose
        self.shift = shift
        self.min_level = min_level
        self.label = "Table"

    def text(self, text: str) -> str:
        return mark_chinese(text, super().text)

    def link(self, text: str, url: str, title: str | None = None) -> str:
        if is_http(url):
            attrs = {"href": url.strip(), "rel": "noopener noreferrer"}
        elif url.startswith("#") and url[1:] in self.prose.known_ids:
            attrs = {"href": self.prose.href(url[1:])}
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
        self.label = html.unescape(mistune.util.striptags(text)).strip() or self.label
        level = min(max(level + self.shift, self.min_level), 6)
        return f"<h{level}>{text}</h{level}>\n"

    def table(self, text: str) -> str:
        return table_region(self.label, self.prose.words) + "<table>\n" + text + "</table></div>\n"

    def cite(self, keys: tuple[str, ...]) -> str:
        return self.prose.citations.links(keys)

    def record_ref(self, ident: str) -> str:
        return self.prose.record_link(ident)


class Prose:
    """The markdown of one report: citation numbering, record ids and the anchors that exist.

    The same inline rules serve the reading pass (`read`, `plain`) and the rendering, so both
    meet exactly the same citations and record ids. records: every record id text may name ->
    the anchor of its entry; an id shaped like a record id that is not there is remembered in
    `unknown_records` by `read` (the report refuses it)."""

    def __init__(
        self, citations: Citations, records: Mapping[str, str], known_ids: Iterable[str], words: Words | None = None
    ):
        self.citations = citations
        self.words = words or Words(SOURCE)  # the edition's interface words (figure numbers, table names)
        self.href = citations.href  # how links reach an anchor: see `use_links`
        self.records = dict(records)
        self.known_ids = set(known_ids) | set(self.records.values())
        self.unknown_records: list[tuple[str, str]] = []
        self.record_re = re.compile(record_pattern(self.records))
        self._parser = self._with_rules(mistune.create_markdown(renderer="ast", plugins=PLUGINS))
        self._parsed: dict[str, mistune.BlockState] = {}
        self._md: dict[tuple[int, int], tuple[mistune.Markdown, _Renderer]] = {}

    def use_links(self, href: Callable[[str], str]) -> None:
        """Write links to anchors with `href` from now on (the site and the single document differ)."""
        self.href = self.citations.href = href

    def read(self, text: str, where: str) -> None:
        """The reading pass over one text: number its citations, note ids that name no record."""
        tokens = self._parse(text).tokens
        self.citations.count(_refs(tokens, "cite"), where)
        self.unknown_records += [(where, i) for i in _refs(tokens, "record_ref") if i not in self.records]

    def plain(self, text: str) -> str:
        """One line as escaped text, without markup or citations (a table-of-contents entry)."""
        return _plain(self._parse(text).tokens).strip()

    def markdown(self, text: str, shift: int = 1, min_level: int = 3, label: str = "Table") -> str:
        key = (shift, min_level)
        if key not in self._md:
            renderer = _Renderer(self, shift, min_level)
            self._md[key] = self._with_rules(mistune.create_markdown(renderer=renderer, plugins=PLUGINS)), renderer
        md, renderer = self._md[key]
        renderer.label = label
        return md.render_state(self._parse(text))

    def _parse(self, text: str) -> mistune.BlockState:
        """The text parsed (blocks and inlines) once, for the reading pass and for rendering:
        parsing is most of the cost of markdown, and both then see the very same tokens."""
        if text not in self._parsed:
            self._parsed[text] = self._parser.parse(text)[1]
        return self._parsed[text]

    def inline(self, text: str) -> str:
        """Markdown for one line (a title, a caption): the outer paragraph is removed."""
        out = self.markdown(text).strip()
        return out[3:-4] if out.startswith("<p>") and out.endswith("</p>") else out

    def text(self, text: str) -> str:
        """Plain text from the data as HTML: escaped, Chinese marked, the ids of records linked
        (an id that names no record stays text: data notes cite research-note ids too)."""
        out, at = [], 0
        for m in self.record_re.finditer(text):
            if m.group() in self.records:
                out += [mark_chinese(text[at : m.start()]), self.record_link(m.group())]
                at = m.end()
        return "".join(out) + mark_chinese(text[at:])

    def record_link(self, ident: str) -> str:
        if ident not in self.records:
            return html.escape(ident)
        return f'<a class="xref" href="{html.escape(self.href(self.records[ident]))}">{html.escape(ident)}</a>'

    def _with_rules(self, md: mistune.Markdown) -> mistune.Markdown:
        """Adds the report's inline syntax: citations [@id; @id] and record ids (D04, T35, F03_1)."""

        def parse_cite(inline: Any, m: re.Match, state: Any) -> int | None:
            if state.in_link:
                return None
            keys = tuple(re.findall(r"@([A-Za-z0-9_]+)", "@" + m.group("cite_keys")))
            state.append_token({"type": "cite", "attrs": {"keys": keys}})
            return m.end()

        def parse_record(inline: Any, m: re.Match, state: Any) -> int | None:
            if state.in_link:
                return None
            state.append_token({"type": "record_ref", "attrs": {"ident": m.group("record_id")}})
            return m.end()

        md.inline.register("cite", CITE_PATTERN, parse_cite, before="link")
        md.inline.register("record_ref", f"(?P<record_id>{self.record_re.pattern})", parse_record, before="link")
        return md


def _refs(tokens: list[dict], kind: str) -> Iterator[str]:
    """The source ids cited ("cite") or the record ids named ("record_ref"), in reading order."""
    for token in tokens:
        if token["type"] == kind:
            yield from token["attrs"]["keys"] if kind == "cite" else [token["attrs"]["ident"]]
        yield from _refs(token.get("children", []), kind)


def _plain(tokens: list[dict]) -> str:
    """Text of parsed markdown, escaped as the renderer escapes it; a citation and the space
    before it are left out."""
    out = ""
    for token in tokens:
        if token["type"] == "cite":
            out = out.rstrip()
        elif token["type"] == "record_ref":
            out += html.escape(token["attrs"]["ident"])
        elif "children" in token:
            out += _plain(token["children"])
        elif "raw" in token:
            out += mistune.util.escape(token["raw"])
    return out
