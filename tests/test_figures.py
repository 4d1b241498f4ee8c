"""Exported figures: PNG + SVG + JSON sidecar, byte-identical from run to run."""

from __future__ import annotations

import json

import pytest

from partnership import charts
from partnership.charts.output import export, preview, render


@pytest.fixture
def out(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERSHIP_FIGURES_DIR", str(tmp_path / "figures"))
    return tmp_path / "figures"


def test_export_writes_png_svg_and_sidecar(mini, out):
    fig = charts.timeline(mini, milestones=["E01"])
    result = export(fig, "02_timeline_test", caption="A caption.", notebook="02_timeline.ipynb")
    assert sorted(p.name for p in out.iterdir()) == [
        "02_timeline_test.json",
        "02_timeline_test.png",
        "02_timeline_test.svg",
    ]
    side = json.loads((out / "02_timeline_test.json").read_text(encoding="utf-8"))
    assert set(side) == {"name", "title", "alt", "caption", "as_of", "notebook"}
    assert side["name"] == "02_timeline_test" and side["caption"] == "A caption."
    assert side["as_of"] == mini.as_of and side["notebook"] == "02_timeline.ipynb"
    assert side["alt"] == charts.alt_text(fig) and side["title"] == charts.chart_meta(fig)["title"]
    assert result.png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "02_timeline_test" in repr(result) and "0x" not in repr(result)
    png, meta = result._repr_png_()  # what a notebook stores: scaled to the report width, stable
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and meta == {"width": 900, "figure": "02_timeline_test"}
    assert int.from_bytes(png[16:20], "big") == 900 and png == result._repr_png_()[0]


def test_the_notebook_copy_is_made_from_the_pixels_of_the_png(mini, out):
    # export scales the raster savefig has just drawn instead of decoding the PNG again: the same image
    result = export(charts.timeline(mini, milestones=["E01"]), "02_timeline_test")
    assert result._repr_png_()[0] == preview(result.png.read_bytes())


def test_exporting_twice_gives_identical_bytes(mini, out):
    first = {}
    for name, build in (
        ("01_a", charts.sources_profile),
        ("02_b", lambda p: charts.timeline(p, milestones=["E01"])),
        ("04_c", charts.actor_network),
    ):
        export(build(mini), name)
        first.update({p.name: p.read_bytes() for p in out.glob(f"{name}.*")})
    for p in out.iterdir():
        p.unlink()
    for name, build in (
        ("01_a", charts.sources_profile),
        ("02_b", lambda p: charts.timeline(p, milestones=["E01"])),
        ("04_c", charts.actor_network),
    ):
        export(build(mini), name)
    second = {p.name: p.read_bytes() for p in out.iterdir()}
    assert len(first) == 9 and first == second


def test_files_carry_no_clock_and_no_version_string(mini):
    fig = charts.grade_distribution(mini)
    svg = render(fig, "svg").decode("utf-8")
    png = render(fig, "png")
    assert "<dc:date>" not in svg and "Matplotlib" not in svg.split("<g id=")[0]
    assert b"Software" not in png and b"matplotlib" not in png.lower()
    assert charts.alt_text(fig)[:30] in svg  # alt text travels inside the SVG (dc:description)


def test_names_and_alt_text_are_required(mini, out):
    with pytest.raises(ValueError):
        export(charts.grade_distribution(mini), "Bad Name")
    from matplotlib.figure import Figure

    with pytest.raises(ValueError):
        export(Figure(), "01_no_alt")
    assert not out.exists() or not any(out.iterdir())


def test_layout_is_frozen_and_rounded_before_saving(mini):
    # constrained layout's solver can differ in the last bits from run to run; the SVG ids are
    # hashed from those floats, so render() fixes the positions, rounded, before saving
    fig = charts.timeline(mini, milestones=["E01"])
    render(fig, "svg")
    assert fig.get_layout_engine().__class__.__name__ == "PlaceHolderLayoutEngine"
    for ax in fig.axes:
        assert all(abs(v - round(v, 6)) < 1e-12 for v in ax.get_position().bounds)


def test_the_same_chart_renders_to_the_same_svg_again_and_again(mini):
    svgs = {render(charts.timeline(mini, milestones=["E01"]), "svg") for _ in range(4)}
    assert len(svgs) == 1
