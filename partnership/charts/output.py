"""Export charts as PNG + SVG + the data behind them (CSV) + a JSON sidecar, byte-identical from run to run,
in every edition: English in figures/, Italian in figures/it/, from one call.

For a chart NAME (stable snake_case, prefixed by its notebook number, e.g.
"02_timeline_overview") `export` writes into `partnership.data.paths.figures_dir()`, and the same
four files, drawn again in Italian (common.redraw), into its `it/` folder:
- NAME.png  (150 dpi, fixed size, Agg; no "Software" entry, so no version string)
- NAME.svg  (svg.hashsalt fixed by the style, no Date entry; text as paths)
- NAME.csv  the table the chart plotted (common.ChartData): one row per mark in drawing order,
  the chart's columns in its order, UTF-8, LF line ends, no index; numbers without float noise
- NAME.json {"name", "lang", "title", "alt", "caption", "as_of", "notebook", "data": {"path",
  "columns": [{"name", "description"}]}} (sorted keys, UTF-8)
A notebook shows the English PNG only. Nothing in the files depends on the clock, the machine's
fonts cache order or a random id.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path

import matplotlib.style
import numpy as np
from matplotlib.figure import Figure

from partnership.charts.common import STYLE, ChartData, chart_data, chart_meta, freeze_layout, redraw
from partnership.data.paths import NOTEBOOKS_DIR, figures_dir

NAME = re.compile(r"^[0-9]{2}_[a-z0-9_]+$")
DISPLAY_WIDTH = 900  # px: how wide notebooks show the PNG (the report's text width)


@dataclass(frozen=True)
class Exported:
    """What export() wrote. In a notebook it shows as the (English) PNG itself (at report width)."""

    name: str
    png: Path
    svg: Path
    json: Path
    csv: Path
    alt: str
    shown: bytes  # preview() of the PNG, made while its pixels were at hand (empty for other editions)
    lang: str = "en"
    editions: tuple[Exported, ...] = ()  # the same chart in the other languages

    def _repr_png_(self) -> tuple[bytes, dict]:
        """A copy of the PNG scaled to the report's width (to keep stored notebooks small), with the
        figure's name in the output metadata so the report can match it to the exported files."""
        return self.shown, {"width": DISPLAY_WIDTH, "figure": self.name}

    def __repr__(self) -> str:  # stable text (no memory address, no absolute path)
        return f"Exported({self.name!r}: {self.png.name}, {self.svg.name}, {self.json.name}, {self.csv.name})"


def preview(png: bytes, width: int = DISPLAY_WIDTH, pixels: np.ndarray | None = None) -> bytes:
    """The PNG scaled to `width` pixels with a 256-colour palette, for notebooks (about a third of the
    size; deterministic: no dithering, and Pillow writes no timestamps).

    pixels: the PNG's RGBA raster (height x width x 4) when at hand, which spares decoding the PNG.
    """
    from PIL import Image

    if pixels is None:
        image = Image.open(io.BytesIO(png))
    else:
        image = Image.frombuffer("RGBA", (pixels.shape[1], pixels.shape[0]), pixels, "raw", "RGBA", 0, 1)
    with image:
        if image.width <= width:
            return png
        height = round(image.height * width / image.width)
        small = image.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)
        small = small.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    small.save(buf, format="PNG")  # zlib level 6: optimize=True would take ~6x longer for ~2% fewer bytes
    return buf.getvalue()


def render(fig: Figure, fmt: str, dpi: float | None = None) -> bytes:
    """The figure as PNG or SVG bytes, deterministically (style rcParams + fixed metadata).

    dpi: for a PNG, None for the style's (the report's files); fig.dpi draws it at the width a
    notebook shows it, with no scaling afterwards (the explorer's views).
    """
    meta = chart_meta(fig)
    title, alt = meta.get("title", ""), meta.get("alt", "")
    if fmt == "png":
        metadata = {"Software": None, "Title": title, "Description": alt}
    elif fmt == "svg":
        metadata = {"Date": None, "Creator": None, "Title": title, "Description": alt}
    else:
        raise ValueError(f"unsupported format {fmt!r}")
    buf = io.BytesIO()
    with matplotlib.style.context(STYLE):
        freeze_layout(fig)  # positions rounded once: no solver noise in the SVG ids
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=metadata)
    return buf.getvalue()


def notebook_for(name: str) -> str | None:
    """The notebook a figure comes from, by its number prefix (None if not exactly one)."""
    found = sorted(p.name for p in NOTEBOOKS_DIR.glob(f"{name[:2]}_*.ipynb"))
    return found[0] if len(found) == 1 else None


def require_data(fig: Figure, name: str) -> ChartData:
    """The data the figure plotted; a figure without it is refused, so that no chart goes out without its CSV."""
    data = chart_data(fig)
    if data is None:
        raise ValueError(
            f"figure {name!r} has no data attached: build it with partnership.charts, whose finish() "
            "takes the table it plotted (common.ChartData)"
        )
    return data


def csv_cell(value: object) -> str:
    """One value as CSV text: empty when missing, true/false, integers as digits, other numbers
    rounded to 10 decimals and written without exponent or trailing zeros (0.1 + 0.2 -> '0.3')."""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return ""
        return np.format_float_positional(float(value), precision=10, unique=True, trim="-")
    if value is None:
        return ""
    return str(value)


def data_csv(data: ChartData) -> bytes:
    """The chart's table as CSV bytes: header in the described order, rows as given, UTF-8, LF, no index."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(list(data.columns))
    for row in data.table[list(data.columns)].itertuples(index=False, name=None):
        writer.writerow([csv_cell(v) for v in row])
    return buf.getvalue().encode("utf-8")


def sidecar(fig: Figure, name: str, caption: str = "", notebook: str | None = None) -> dict:
    """The JSON sidecar's content for a figure, with the file and columns of its data."""
    meta = chart_meta(fig)
    data = require_data(fig, name)
    return {
        "name": name,
        "lang": meta.get("lang", "en"),
        "title": meta.get("title", ""),
        "alt": meta.get("alt", ""),
        "caption": caption,
        "as_of": meta.get("as_of", ""),
        "notebook": notebook if notebook is not None else notebook_for(name),
        "data": {
            "path": f"{name}.csv",
            "columns": [{"name": col, "description": text} for col, text in data.columns.items()],
        },
    }


def _write(path: Path, data: bytes) -> None:
    """Write only when the bytes change (keeps timestamps of unchanged files)."""
    if path.is_file() and path.read_bytes() == data:
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _exportable(fig: Figure, name: str) -> ChartData:
    """The figure's data, once it is known to have alt text and data (else nothing is written)."""
    if not chart_meta(fig).get("alt"):
        raise ValueError(f"figure {name!r} has no alt text: build it with partnership.charts (finish())")
    return require_data(fig, name)


def export(
    fig: Figure,
    name: str,
    caption: str = "",
    notebook: str | None = None,
    *,
    caption_it: str | None = None,
    title_it: str | None = None,
) -> Exported:
    """Write NAME.png, NAME.svg, NAME.csv and NAME.json to figures_dir(), and the chart drawn in
    Italian under the same names to figures_dir()/it/; returns what was written (shown: English).

    caption: one or two sentences for the report under the figure (the title states the finding).
    caption_it: the same caption in Italian (required with a caption: the Italian report shows it).
    title_it: the Italian title, required when the chart was drawn with a title of its own.
    notebook: the notebook file name; by default the one in notebooks/ whose number matches NAME.
    """
    if not NAME.match(name):
        raise ValueError(f"figure name {name!r} must look like '02_timeline_overview' (NN_snake_case)")
    _exportable(fig, name)
    if caption.strip() and not (caption_it or "").strip():
        raise ValueError(f"figure {name!r} has a caption but no caption_it: write it in Italian too")
    recipe = chart_meta(fig).get("recipe")
    if recipe is not None and recipe[1].get("title") and not title_it:
        raise ValueError(f"figure {name!r} was drawn with its own title: give title_it, the title in Italian")
    italian = redraw(fig, "it", **({"title": title_it} if title_it else {}))
    _exportable(italian, name)
    out = figures_dir()
    editions = (_write_edition(italian, name, caption_it or "", notebook, out / "it", show=False),)
    english = _write_edition(fig, name, caption, notebook, out, show=True)
    return replace(english, editions=editions)


def _write_edition(fig: Figure, name: str, caption: str, notebook: str | None, out: Path, show: bool) -> Exported:
    """One language's four files in out; show: also the notebook's preview of the PNG."""
    out.mkdir(parents=True, exist_ok=True)
    meta = chart_meta(fig)
    paths = {ext: out / f"{name}.{ext}" for ext in ("png", "svg", "csv", "json")}
    png = render(fig, "png")
    shown = preview(png, pixels=np.asarray(fig.canvas.buffer_rgba())) if show else b""  # the raster just encoded
    _write(paths["png"], png)
    _write(paths["svg"], render(fig, "svg"))
    _write(paths["csv"], data_csv(require_data(fig, name)))  # before the sidecar that points at it
    side = json.dumps(sidecar(fig, name, caption, notebook), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    _write(paths["json"], side.encode("utf-8"))
    lang = meta.get("lang", "en")
    return Exported(name, paths["png"], paths["svg"], paths["json"], paths["csv"], meta["alt"], shown, lang)
