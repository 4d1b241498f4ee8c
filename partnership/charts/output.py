"""Export charts as PNG + SVG + a JSON sidecar, byte-identical from run to run.

For a chart NAME (stable snake_case, prefixed by its notebook number, e.g.
"02_timeline_overview") `export` writes into `partnership.data.paths.figures_dir()`:
- NAME.png  (150 dpi, fixed size, Agg; no "Software" entry, so no version string)
- NAME.svg  (svg.hashsalt fixed by the style, no Date entry; text as paths)
- NAME.json {"name", "title", "alt", "caption", "as_of", "notebook"} (sorted keys, UTF-8)
Nothing in the files depends on the clock, the machine's fonts cache order or a random id.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import matplotlib.style
import numpy as np
from matplotlib.figure import Figure

from partnership.charts.common import STYLE, chart_meta, freeze_layout
from partnership.data.paths import NOTEBOOKS_DIR, figures_dir

NAME = re.compile(r"^[0-9]{2}_[a-z0-9_]+$")
DISPLAY_WIDTH = 900  # px: how wide notebooks show the PNG (the report's text width)


@dataclass(frozen=True)
class Exported:
    """What export() wrote. In a notebook it shows as the PNG itself (at report width)."""

    name: str
    png: Path
    svg: Path
    json: Path
    alt: str
    shown: bytes  # preview() of the PNG, made while its pixels were at hand

    def _repr_png_(self) -> tuple[bytes, dict]:
        """A copy of the PNG scaled to the report's width (to keep stored notebooks small), with the
        figure's name in the output metadata so the report can match it to the exported files."""
        return self.shown, {"width": DISPLAY_WIDTH, "figure": self.name}

    def __repr__(self) -> str:  # stable text (no memory address, no absolute path)
        return f"Exported({self.name!r}: {self.png.name}, {self.svg.name}, {self.json.name})"


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


def sidecar(fig: Figure, name: str, caption: str = "", notebook: str | None = None) -> dict:
    """The JSON sidecar's content for a figure."""
    meta = chart_meta(fig)
    return {
        "name": name,
        "title": meta.get("title", ""),
        "alt": meta.get("alt", ""),
        "caption": caption,
        "as_of": meta.get("as_of", ""),
        "notebook": notebook if notebook is not None else notebook_for(name),
    }


def _write(path: Path, data: bytes) -> None:
    """Write only when the bytes change (keeps timestamps of unchanged files)."""
    if path.is_file() and path.read_bytes() == data:
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def export(fig: Figure, name: str, caption: str = "", notebook: str | None = None) -> Exported:
    """Write NAME.png, NAME.svg and NAME.json to figures_dir(); returns what was written.

    caption: one or two sentences for the report under the figure (the title states the finding).
    notebook: the notebook file name; by default the one in notebooks/ whose number matches NAME.
    """
    if not NAME.match(name):
        raise ValueError(f"figure name {name!r} must look like '02_timeline_overview' (NN_snake_case)")
    meta = chart_meta(fig)
    if not meta.get("alt"):
        raise ValueError(f"figure {name!r} has no alt text: build it with partnership.charts (finish())")
    out = figures_dir()
    out.mkdir(parents=True, exist_ok=True)
    paths = {ext: out / f"{name}.{ext}" for ext in ("png", "svg", "json")}
    png = render(fig, "png")
    shown = preview(png, pixels=np.asarray(fig.canvas.buffer_rgba()))  # the raster savefig just encoded
    _write(paths["png"], png)
    _write(paths["svg"], render(fig, "svg"))
    side = json.dumps(sidecar(fig, name, caption, notebook), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    _write(paths["json"], side.encode("utf-8"))
    return Exported(name, paths["png"], paths["svg"], paths["json"], meta["alt"], shown)
