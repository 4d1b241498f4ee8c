"""What the report reads of the data, kept as plain values (ReportData) for prose-only rebuilds.

A prose edit re-renders the report from the data the last good build gathered, without loading
the package: so the kept values must render exactly what the package renders, must load without
pandas, and must be refused when they came from other inputs.
"""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest
from conftest import ROOT, make_package
from test_report import basic_notebooks, write_figure

from partnership import load_package
from partnership.publish.build import default_layout, keep_report_data, kept_report_data
from partnership.publish.gather import gather
from partnership.publish.report import prepare, render_site
from partnership.publish.report_data import ReportData

METHOD = "# Methodology\n\nSee E01 and [@s_off_it].\n"


@pytest.fixture(scope="module")
def mini_package(tmp_path_factory):
    return load_package(make_package(tmp_path_factory.mktemp("mini") / "data"))


@pytest.fixture(scope="module")
def hostile_package(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "data"
    return load_package(make_package(folder, ROOT / "tests" / "fixtures" / "hostile"))


@pytest.mark.parametrize("which", ["mini_package", "hostile_package"])
@pytest.mark.parametrize("lang", ["en", "it"])
def test_kept_data_renders_the_very_pages_the_package_renders(which, lang, request, tmp_path):
    pkg = request.getfixturevalue(which)
    figs = tmp_path / "figures"
    write_figure(figs, "01_chart", "01_first.ipynb")
    kept = pickle.loads(pickle.dumps(gather(pkg, lang)))  # as the build keeps it between runs
    from_package = render_site(prepare(pkg, basic_notebooks(), figs, METHOD, lang=lang))
    from_kept = render_site(prepare(kept, basic_notebooks(), figs, METHOD, lang=lang))
    assert from_kept.keys() == from_package.keys()
    for name, data in from_package.items():
        assert from_kept[name] == data, f"{name} differs when rendered from the kept data"


def test_kept_data_loads_and_renders_without_pandas(mini_package, tmp_path):
    blob = tmp_path / "kept.pickle"
    blob.write_bytes(pickle.dumps(gather(mini_package, "it")))
    code = (
        "import pickle, sys\n"
        "from partnership.publish.report import prepare, render_site\n"
        f"data = pickle.loads(open({str(blob)!r}, 'rb').read())\n"
        "pages = render_site(prepare(data, [], None, '', lang='it'))\n"
        "print('PAGES', len(pages))\n"
        "print('HEAVY', [m for m in ('pandas', 'numpy', 'frictionless') if m in sys.modules])\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "HEAVY []" in run.stdout and "PAGES 0" not in run.stdout


def test_data_gathered_for_one_edition_is_refused_by_the_other(mini_package):
    with pytest.raises(ValueError, match="'it' edition"):
        prepare(gather(mini_package, "it"), [], None, "", lang="en")


def test_kept_data_is_used_only_for_the_inputs_it_came_from(mini_package, tmp_path):
    layout = default_layout(tmp_path / "data", tmp_path / "nb", tmp_path / "out")
    layout.build_dir.mkdir(parents=True)
    common = {"format": "2", "data": "d1", "package": "p1", "python": "CPython 3.11.7", "requirements": "r"}
    assert kept_report_data(layout, common) is None, "nothing kept yet"
    editions = {lang: gather(mini_package, lang) for lang in ("en", "it")}
    keep_report_data(layout, common, editions)
    back = kept_report_data(layout, common)
    assert back is not None and all(isinstance(back[lang], ReportData) for lang in ("en", "it"))
    assert back == editions
    for key, other in (("data", "d2"), ("package", "p2"), ("python", "CPython 3.11.9")):
        assert kept_report_data(layout, {**common, key: other}) is None, f"another {key}: read the data again"
    keep_report_data(layout, common, {"en": editions["en"]})
    assert kept_report_data(layout, common) is None, "an edition missing"
    (layout.build_dir / "report-data.pickle").write_bytes(b"\x80\x05 cut short")
    assert kept_report_data(layout, common) is None, "a damaged file is read as nothing kept"
