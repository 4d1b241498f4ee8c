"""What every chart shares: the style, the figure frame (title, footer), alt text, colours.

Every chart function in partnership.charts returns a `matplotlib.figure.Figure` built with
`new_figure()` and finished with `finish()`, which sets:
- the title (a sentence stating what the chart shows, computed from the data),
- the footer: optional notes (what is missing, how to read it) and the source line with the
  package's "data as of" text (`pkg.as_of`, never the clock),
- the figure's metadata, read back with `chart_meta(fig)` -> {"title", "alt", "as_of", "notes", "data",
  "lang", "recipe"}.
  `alt_text(fig)` is the text alternative for screen readers; `partnership.charts.output.export`
  writes it to the JSON sidecar and into the SVG/PNG metadata.
- the data behind the chart (`ChartData`, read back with `chart_data(fig)`): the tidy table of
  what was drawn, one row per mark, which `export` writes as NAME.csv beside the images.

Every chart function takes `lang` ("en", "it"): every word it draws, its alt text and its data's
column names come from the catalog (partnership.i18n); record text (titles, names) stays as the
data gives it. `styled` records the call, so `redraw(fig, "it")` draws the same chart in
Italian: `export` writes both editions from one figure.

Figures are built with `Figure()` (not pyplot), so they never pop up or accumulate in a
notebook; `export` shows them.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec

import matplotlib.style
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from partnership.i18n import N_, words

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


STYLE = Path(__file__).resolve().parent / "style.mplstyle"
WIDTH = 9.0  # inches: 900 px at the style's 100 dpi, the report's text width

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "vermillion": "#D55E00",
    "black": "#000000",
    "yellow": "#F0E442",
}
GREY = "#777777"
INK = "#222222"

# What the confidence grades mean, for legends and alt text (rubric: METHODOLOGY.md).
GRADE_MEANING = {
    "A": N_("2+ independent origins, one official"),
    "B": N_("2+ independent origins"),
    "C": N_("one origin"),
    "D": N_("unverified or low-reliability only"),
}

_META = "_partnership_meta"
P = ParamSpec("P")


def styled(func: Callable[P, Figure]) -> Callable[P, Figure]:
    """Decorator: build the chart inside the report style, without touching global rcParams, and
    record the call (its language and arguments), so that redraw() can draw it in another language."""
    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Figure:
        with matplotlib.style.context(STYLE):
            fig = func(*args, **kwargs)
        arguments = signature.bind(*args, **kwargs)
        arguments.apply_defaults()
        set_meta(fig, lang=arguments.arguments["lang"], recipe=(wrapper, dict(arguments.arguments)))
        return fig

    return wrapper


def redraw(fig: Figure, lang: str, **changes: object) -> Figure:
    """The same chart drawn again in another language, from the call styled() recorded.

    changes: arguments to draw it with instead (e.g. the title, in that language).
    """
    recipe = chart_meta(fig).get("recipe")
    if recipe is None:
        raise ValueError(
            "this figure was not drawn by a partnership.charts function: it cannot be drawn in another language"
        )
    func, arguments = recipe
    return func(**{**arguments, **changes, "lang": lang})


def new_figure(height: float, width: float = WIDTH, footer_lines: int = 1) -> Figure:
    """A figure with constrained layout that leaves room at the bottom for the footer."""
    footer_in = 0.12 + 0.17 * footer_lines
    engine = ConstrainedLayoutEngine(rect=(0, footer_in / height, 1, 1 - footer_in / height), h_pad=0.06, w_pad=0.06)
    fig = Figure(figsize=(width, height), layout=engine)
    FigureCanvasAgg(fig)  # a renderer for measuring text; export() saves through its own canvases
    return fig


def shorten(text: str, width: int) -> str:
    """Cut a label to `width` characters, ending with an ellipsis when cut."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def footer_line_count(notes: list[str], width: float = WIDTH) -> int:
    """How many text lines finish() will need for these notes plus the source line."""
    return 1 + sum(fit_wrap(n, width - 0.3, 8).count("\n") + 1 for n in notes)


@dataclass(frozen=True)
class ChartData:
    """What a chart plots, as a table a reader can check it against: one row per mark (bar, point,
    cell, node or link) in drawing order, columns named in words, each described for the sidecar.

    columns: column name -> description, in the order the CSV gives them; they must be exactly
    the table's columns, so that a chart cannot describe data it does not carry (or the reverse).
    """

    table: pd.DataFrame
    columns: Mapping[str, str]

    def translated(self, lang: str) -> ChartData:
        """The same table with its column names and descriptions in the language (both are catalog
        messages: the chart modules mark them with N_)."""
        w = words(lang)
        names = {name: w.gettext(name) for name in self.columns}
        return ChartData(
            self.table.rename(columns=names), {names[n]: w.gettext(text) for n, text in self.columns.items()}
        )

    def __post_init__(self) -> None:
        if list(self.table.columns) != list(self.columns):
            raise ValueError(
                f"chart data columns {list(self.table.columns)} differ from the described ones {list(self.columns)}"
            )
        undescribed = [name for name, text in self.columns.items() if not str(text).strip()]
        if undescribed:
            raise ValueError(f"chart data columns without a description: {', '.join(undescribed)}")


def finish(
    fig: Figure,
    title: str,
    alt: str,
    as_of: str,
    source: str,
    notes: list[str] | None = None,
    *,
    data: ChartData,
    lang: str = "en",
) -> Figure:
    """Title, footer (notes, then the source and data-as-of line), metadata and the data drawn; returns fig.

    data is required: every chart says what it plotted (partnership.charts.output.export writes it as CSV).
    All texts come in the chart's language, the data's column names too (ChartData.translated).
    """
    notes = [n for n in (notes or []) if n]
    width = fig.get_figwidth()
    fig.suptitle(fit_wrap(title, width - 0.3, 13, "bold"), x=0.01, ha="left", fontsize=13, fontweight="bold")
    lines = [fit_wrap(n, width - 0.3, 8) for n in notes]
    # Translators: the last line under every chart: the data package's title, then its version and date
    lines.append(
        fit_wrap(words(lang).gettext("Source: {source}, {as_of}.", source=source, as_of=as_of), width - 0.3, 8)
    )
    fig.text(
        0.01,
        0.08 / fig.get_figheight(),
        "\n".join(lines),
        ha="left",
        va="bottom",
        fontsize=8,
        color="#444444",
        linespacing=1.3,
    )
    set_meta(fig, title=title, alt=alt, as_of=as_of, notes=notes, data=data)
    return fig


def set_meta(fig: Figure, **meta: object) -> None:
    """Attach chart metadata (title, alt, as_of, notes, data) to the figure."""
    current = dict(getattr(fig, _META, {}))
    current.update(meta)
    setattr(fig, _META, current)


def chart_meta(fig: Figure) -> dict:
    """The metadata finish() and styled() attached: {"title", "alt", "as_of", "notes", "data", "lang",
    "recipe"} (empty if none)."""
    return dict(getattr(fig, _META, {}))


def chart_data(fig: Figure) -> ChartData | None:
    """The data finish() attached to the figure (None for a figure not built by partnership.charts)."""
    data = chart_meta(fig).get("data")
    return data if isinstance(data, ChartData) else None


def alt_text(fig: Figure) -> str:
    """The figure's text alternative (what a screen reader says instead of the image)."""
    return chart_meta(fig).get("alt", "")


def figure_texts(fig: Figure) -> list[str]:
    """Every visible string drawn on the figure (titles, labels, ticks, annotations, legends)."""
    from matplotlib.text import Text

    fig.draw_without_rendering()  # tick labels exist only after a draw; no pixels are needed for them
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def empty_axes(ax: Axes, message: str) -> None:
    """Mark an axes as having nothing to show, saying why."""
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=11, color=GREY, wrap=True)


Candidate = tuple[float, float, str] | tuple[float, float, str, float]  # a point to label: x, y, text[, gap]


def place_labels(
    ax: Axes,
    candidates: Sequence[Candidate],
    fontsize: float = 8,
    pad_px: float = 2.0,
    obstacles: Sequence[Bbox] = (),
    **text_kw: object,
) -> tuple[list[Annotation], list[tuple]]:
    """Label points without overlaps: try right, left, above, below each point, in priority order.

    candidates: (x, y, text[, gap]) in data coordinates, most important first; gap (points) keeps
    the label clear of a big marker. A label never overlaps
    an earlier label or leaves the axes; it avoids `obstacles` (display-space Bboxes, e.g. other
    markers) when one of the positions allows, else it is placed over them. A label that cannot
    be placed is skipped. Call after the layout is final (see freeze_layout).
    Returns (placed texts, skipped candidates).
    """
    renderer = ax.figure.canvas.get_renderer()
    box = ax.get_window_extent(renderer)
    taken: list[Bbox] = []
    placed, skipped = [], []
    text_kw = {"fontsize": fontsize, **text_kw}
    for x, y, label, *gap in candidates:
        gap = (gap[0] if gap else 0) + 4  # points between the point and its label
        px, py = ax.transData.transform((x, y))
        own = [o for o in obstacles if o.contains(px, py)]
        others = [o for o in obstacles if not any(o is w for w in own)]
        options = []
        for (dx, dy), ha, va in (
            ((gap, 0), "left", "center"),
            ((-gap, 0), "right", "center"),
            ((0, gap), "center", "bottom"),
            ((0, -gap), "center", "top"),
        ):
            ext = _label_extent(ax, renderer, x, y, label, (dx, dy), ha, va, pad_px, text_kw)
            inside = ext.x0 >= box.x0 and ext.x1 <= box.x1 and ext.y0 >= box.y0 and ext.y1 <= box.y1
            if inside and not any(ext.overlaps(t) for t in taken):
                clear = not any(ext.overlaps(o) for o in others)
                options.append((not clear, len(options), (dx, dy), ha, va, ext))
        if not options:
            skipped.append((x, y, label))
            continue
        _, _, offset, ha, va, ext = min(options, key=lambda o: (o[0], o[1]))
        placed.append(ax.annotate(label, (x, y), xytext=offset, textcoords="offset points", ha=ha, va=va, **text_kw))
        taken.append(ext)
    return placed, skipped


def _label_extent(
    ax: Axes, renderer, x: float, y: float, label: str, offset: tuple, ha: str, va: str, pad_px: float, text_kw: dict
) -> Bbox:
    """Where a label would sit (display space, padded), found by drawing it once and taking it away."""
    text = ax.annotate(label, (x, y), xytext=offset, textcoords="offset points", ha=ha, va=va, **text_kw)
    ext = text.get_window_extent(renderer)
    text.remove()
    return ext.from_extents(ext.x0 - pad_px, ext.y0 - pad_px, ext.x1 + pad_px, ext.y1 + pad_px)


def freeze_layout(fig: Figure, digits: int = 6) -> None:
    """Run the layout once, then fix every position, rounded, so the files come out the same.

    Constrained layout solves for the positions numerically (kiwisolver); from one run to the
    next the result can differ in the last bits, which changes nothing visible but does change
    the ids matplotlib hashes from clip rectangles in SVG files. Rounding the positions to 1e-6
    of the figure (about 0.01 px) and switching the layout engine off removes that noise, and
    later additions (e.g. labels placed around markers) can no longer move the axes.

    The engine is removed, not replaced by matplotlib's placeholder ('none'): savefig lays out
    and draws once more, without painting, before it draws any figure that still has an engine,
    placeholder included, and that draw is about a third of an SVG's time.
    """
    if fig.get_layout_engine() is not None and fig.get_layout_engine().__class__.__name__ != "PlaceHolderLayoutEngine":
        # What Figure.draw does before drawing (axes aspect, then the layout engine), without the
        # drawing: a full draw would lay out and render every text once more just to be thrown away.
        if hasattr(fig, "_get_draw_artists"):  # matplotlib 3.11 (requirements.txt)
            fig._get_draw_artists(fig.canvas.get_renderer())
            fig.get_layout_engine().execute(fig)
        else:  # pragma: no cover - another matplotlib: the same layout through a draw that paints nothing
            fig.draw_without_rendering()
        with matplotlib.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
            fig.set_layout_engine(None)  # with both off, None removes the engine
    for ax in fig.axes:
        ax.set_position([round(float(v), digits) for v in ax.get_position(original=False).bounds])
    for text in (fig._suptitle, fig._supxlabel, fig._supylabel):
        if text is not None:
            x, y = text.get_position()
            text.set_position((round(float(x), digits), round(float(y), digits)))


def text_width(text: str, fontsize: float, weight: str = "normal") -> float:
    """Width of one line of text in inches, as Agg draws it at the style's 100 dpi."""
    return _text_width(str(text), float(fontsize), weight)


@functools.lru_cache(maxsize=65536)
def _text_width(text: str, fontsize: float, weight: str) -> float:
    global _RENDERER
    if _RENDERER is None:
        from matplotlib.backends.backend_agg import RendererAgg

        _RENDERER = RendererAgg(10, 10, 100)
    width, _, _ = _RENDERER.get_text_width_height_descent(text, _font(fontsize, weight), ismath=False)
    return width / 100


@functools.cache
def _font(fontsize: float, weight: str):
    from matplotlib.font_manager import FontProperties

    return FontProperties(size=fontsize, weight=weight)


@functools.cache
def _char_width(char: str, fontsize: float, weight: str) -> float:
    """Advance of one character (a space measured between two letters), for estimates only."""
    return _text_width(f"x{char}x", fontsize, weight) - _text_width("xx", fontsize, weight)


_RENDERER = None


def fit_wrap(text: str, width_in: float, fontsize: float, weight: str = "normal") -> str:
    """Wrap text on spaces so that no line is wider than width_in (a single long word stays whole).

    Greedy: each line takes as many words as fit. Measuring every trial line is quadratic in the
    line length, and measuring is slow (~10 us a character), so the break is first guessed from
    cached character widths, then confirmed with two exact measurements (the line fits, one word
    more does not; the width of a line only grows as words are added, so this is the greedy
    answer), stepping a word at a time when the guess was off.
    """
    return _fit_wrap(str(text), float(width_in), float(fontsize), weight)


@functools.lru_cache(maxsize=4096)
def _fit_wrap(text: str, width_in: float, fontsize: float, weight: str) -> str:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        if "" in words[1:] or (words[0] == "" and len(words) > 1):  # runs of spaces: the plain way
            lines.append(_fit_paragraph_slowly(paragraph, width_in, fontsize, weight))
            continue
        start = 0
        while start < len(words):
            end = _line_end(words, start, width_in, fontsize, weight)
            lines.append(" ".join(words[start:end]))
            start = end
    return "\n".join(lines)


def _fit_paragraph_slowly(paragraph: str, width_in: float, fontsize: float, weight: str) -> str:
    """The greedy wrap measuring every trial line (exact for any spacing)."""
    lines: list[str] = []
    current = ""
    for word in paragraph.split(" "):
        trial = f"{current} {word}" if current else word
        if current and _text_width(trial, fontsize, weight) > width_in:
            lines.append(current)
            current = word
        else:
            current = trial
    lines.append(current)
    return "\n".join(lines)


def _line_end(words: list[str], start: int, width_in: float, fontsize: float, weight: str) -> int:
    """One past the last word of the greedy line that starts at words[start] (at least one word)."""

    def fits(end: int) -> bool:
        return _text_width(" ".join(words[start:end]), fontsize, weight) <= width_in

    space = _char_width(" ", fontsize, weight)
    guess, total = start + 1, sum(_char_width(c, fontsize, weight) for c in words[start])
    while guess < len(words):
        total += space + sum(_char_width(c, fontsize, weight) for c in words[guess])
        if total > width_in:
            break
        guess += 1
    end = max(guess, start + 1)
    if end > start + 1 and not fits(end):
        end -= 1
        while end > start + 1 and not fits(end):
            end -= 1
        return end
    while end < len(words) and fits(end + 1):
        end += 1
    return end
