"""Exported figures: PNG + SVG + the data behind them (CSV) + JSON sidecar, byte-identical from run to run."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from partnership import charts
from partnership.charts.common import ChartData, set_meta
from partnership.charts.output import csv_cell, data_csv, export, preview, render

EXPORTS = {
    "01_sources": charts.sources_profile,
    "01_grades": charts.grade_distribution,
    "01_support": charts.independent_support,
    "02_timeline": lambda p: charts.timeline(p, milestones=["E01"]),
    "03_sectors": lambda p: charts.sector_matrix(p, weight="origins"),
    "04_network": charts.actor_network,
    "04_shares": lambda p: charts.ownership(p, "co_x"),
    "04_figures": charts.reported_figures,
    "05_reprints": charts.reprint_clusters,
    "05_status": charts.discrepancy_status,
}


CAPTIONS = {
    "02_timeline": {"caption": "A caption.", "caption_it": "Una didascalia.", "notebook": "02_timeline.ipynb"},
    "01_grades": {"caption": "Grades.", "caption_it": "Gradi."},
}


@pytest.fixture(scope="module")
def exported(mini, tmp_path_factory):
    """Every chart of EXPORTS exported once (both editions), for the tests that read the files:
    name -> (the figure, what export returned), and the folder."""
    folder = tmp_path_factory.mktemp("exported") / "figures"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PARTNERSHIP_FIGURES_DIR", str(folder))
        done = {}
        for name, build in EXPORTS.items():
            fig = build(mini)
            done[name] = fig, export(fig, name, **CAPTIONS.get(name, {}))
    return done, folder


@pytest.fixture
def out(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERSHIP_FIGURES_DIR", str(tmp_path / "figures"))
    return tmp_path / "figures"


def test_export_writes_png_svg_csv_and_sidecar(mini, exported):
    done, out = exported
    fig, result = done["02_timeline"]
    files = ["02_timeline.csv", "02_timeline.json", "02_timeline.png", "02_timeline.svg"]
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("02_timeline.*") if p.is_file())
    assert written == files + [f"it/{f}" for f in files]
    assert len([p for p in out.rglob("*") if p.is_file()]) == 8 * len(EXPORTS), "four files a chart and edition"
    side = json.loads((out / "02_timeline.json").read_text(encoding="utf-8"))
    assert set(side) == {"name", "lang", "title", "alt", "caption", "as_of", "notebook", "data"}
    assert side["lang"] == "en"
    assert side["data"]["path"] == "02_timeline.csv" and result.csv == out / "02_timeline.csv"
    assert side["name"] == "02_timeline" and side["caption"] == "A caption."
    assert side["as_of"] == mini.as_of and side["notebook"] == "02_timeline.ipynb"
    assert side["alt"] == charts.alt_text(fig) and side["title"] == charts.chart_meta(fig)["title"]
    assert result.png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "02_timeline" in repr(result) and "0x" not in repr(result)
    png, meta = result._repr_png_()  # what a notebook stores: scaled to the report width, stable
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and meta == {"width": 900, "figure": "02_timeline"}
    assert int.from_bytes(png[16:20], "big") == 900 and png == result._repr_png_()[0]


def test_one_export_writes_the_italian_edition_under_the_same_names(mini, exported):
    done, out = exported
    _, result = done["01_grades"]
    (italian,) = result.editions
    assert italian.lang == "it" and italian.png == out / "it" / "01_grades.png" and not italian.shown
    en = json.loads((out / "01_grades.json").read_text(encoding="utf-8"))
    it = json.loads((out / "it" / "01_grades.json").read_text(encoding="utf-8"))
    assert (it["lang"], it["caption"], it["name"], it["notebook"]) == ("it", "Gradi.", "01_grades", en["notebook"])
    assert it["title"].startswith("Il grado") and it["alt"].startswith("Grafico a barre") and it["alt"] != en["alt"]
    assert it["as_of"] == f"pacchetto di dati v{mini.version}, aggiornato al {mini.last_updated}"
    assert it["data"]["path"] == "01_grades.csv"
    header = (out / "it" / "01_grades.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(c["name"] for c in it["data"]["columns"]) == "affermazioni,grado,significato,numero"
    assert (out / "01_grades.csv").read_text(encoding="utf-8").startswith("claims,grade,meaning,count\n")
    assert (out / "it" / "01_grades.png").read_bytes() != result.png.read_bytes()
    assert result._repr_png_()[0] == preview(result.png.read_bytes()), "the notebook shows the English chart"


def test_a_caption_needs_its_italian_and_an_own_title_its_italian_title(mini, out):
    with pytest.raises(ValueError, match="caption_it"):
        export(charts.grade_distribution(mini), "01_grades", caption="Grades.")
    with pytest.raises(ValueError, match="title_it"):
        export(charts.grade_distribution(mini, title="My own title"), "01_grades")
    assert not out.exists() or not any(out.rglob("*.*")), "a refused export writes nothing"
    export(charts.grade_distribution(mini, title="My own title"), "01_grades", title_it="Il mio titolo")
    assert json.loads((out / "it" / "01_grades.json").read_text(encoding="utf-8"))["title"] == "Il mio titolo"
    assert json.loads((out / "01_grades.json").read_text(encoding="utf-8"))["title"] == "My own title"


def test_a_figure_not_drawn_by_the_charts_cannot_be_exported_in_italian(out):
    fig = Figure()
    data = ChartData(pd.DataFrame({"a": [1]}), {"a": "one"})
    set_meta(fig, title="A chart", alt="A chart with alt text and data", as_of="v1", data=data)
    with pytest.raises(ValueError, match="another language"):
        export(fig, "01_hand_made")
    assert not out.exists() or not any(out.rglob("*.*"))


def test_the_notebook_copy_is_made_from_the_pixels_of_the_png(exported):
    # export scales the raster savefig has just drawn instead of decoding the PNG again: the same image
    for _, result in exported[0].values():
        assert result._repr_png_()[0] == preview(result.png.read_bytes()), result.name


TWICE = ("01_sources", "02_timeline", "04_network")  # bars, a solved layout with labels, a graph layout


def test_exporting_twice_gives_identical_bytes(mini, exported, out):
    done, first_dir = exported
    for name in TWICE:
        export(EXPORTS[name](mini), name, **CAPTIONS.get(name, {}))
    second = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    first = {n: (first_dir / n).read_bytes() for n in second}
    assert len(second) == 8 * len(TWICE) and first == second
    csvs = {f"{name}.csv" for name in TWICE}
    assert {n for n in first if n.endswith(".csv")} == csvs | {f"it/{n}" for n in csvs}


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


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_the_csv_beside_each_figure_has_the_columns_its_sidecar_describes(name, exported):
    done, out = exported
    fig, _ = done[name]
    raw = (out / f"{name}.csv").read_bytes()
    side = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    assert side["data"]["path"] == f"{name}.csv"
    described = [c["name"] for c in side["data"]["columns"]]
    assert all(c["description"].strip() for c in side["data"]["columns"])
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw and raw.endswith(b"\n")  # UTF-8, no BOM, LF
    records = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert records[0] == described, "header: the described columns, in their order, and no index column"
    assert len(records) - 1 == len(charts.chart_data(fig).table) > 0
    assert all(len(r) == len(described) for r in records)


def test_the_csv_is_the_plotted_table_cell_for_cell(exported):
    done, out = exported
    fig, _ = done["01_grades"]
    read = pd.read_csv(out / "01_grades.csv", dtype=str, keep_default_na=False)
    table = charts.chart_data(fig).table
    assert list(read.columns) == list(table.columns)
    assert read.to_numpy().tolist() == table.astype(str).to_numpy().tolist()


def test_csv_cells_carry_no_float_noise():
    assert csv_cell(0.1 + 0.2) == "0.3"
    assert csv_cell(50e6) == "50000000" and csv_cell(np.float64(2.5e9)) == "2500000000"
    assert csv_cell(44.92) == "44.92" and csv_cell(1e-7) == "0.0000001"
    assert csv_cell(np.int64(3)) == "3" and csv_cell(True) == "true" and csv_cell(np.bool_(False)) == "false"
    assert csv_cell(float("nan")) == "" and csv_cell(None) == "" and csv_cell("a, b") == "a, b"


def test_csv_keeps_the_described_column_order_and_quotes_what_needs_it():
    table = pd.DataFrame({"b": ['say "hi", twice', "line\nbreak"], "a": [1.5, None]})
    raw = data_csv(ChartData(table, {"b": "text", "a": "number"}))
    assert raw == b'b,a\n"say ""hi"", twice",1.5\n"line\nbreak",\n'


def test_chart_data_must_describe_exactly_its_columns():
    with pytest.raises(ValueError, match="differ"):
        ChartData(pd.DataFrame({"a": [1], "b": [2]}), {"a": "one"})
    with pytest.raises(ValueError, match="differ"):
        ChartData(pd.DataFrame({"a": [1], "b": [2]}), {"b": "two", "a": "one"})
    with pytest.raises(ValueError, match="without a description"):
        ChartData(pd.DataFrame({"a": [1]}), {"a": " "})


def test_a_figure_without_data_is_refused_and_nothing_is_written(out):
    fig = Figure()
    set_meta(fig, title="A chart", alt="A chart with alt text but no data", as_of="v1")
    with pytest.raises(ValueError, match="has no data attached"):
        export(fig, "01_no_data")
    assert not out.exists() or not any(out.iterdir())


def test_layout_is_frozen_and_rounded_before_saving(mini):
    # constrained layout's solver can differ in the last bits from run to run; the SVG ids are
    # hashed from those floats, so render() fixes the positions, rounded, before saving
    fig = charts.timeline(mini, milestones=["E01"])
    render(fig, "svg")
    assert fig.get_layout_engine() is None
    for ax in fig.axes:
        assert all(abs(v - round(v, 6)) < 1e-12 for v in ax.get_position().bounds)


def test_each_file_is_drawn_once(mini):
    # with a layout engine left on the figure (even matplotlib's placeholder), savefig draws
    # the whole figure once more, unpainted, before drawing it into the file
    fig = charts.timeline(mini, milestones=["E01"])
    draws = []
    original = fig.draw
    fig.draw = lambda renderer: (draws.append(renderer), original(renderer))[1]
    render(fig, "png")
    render(fig, "svg")
    assert len(draws) == 2


def test_the_same_chart_renders_to_the_same_svg_again_and_again(mini):
    svgs = {render(charts.timeline(mini, milestones=["E01"]), "svg") for _ in range(4)}
    assert len(svgs) == 1
