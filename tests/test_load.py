"""Loading gives typed tables and refuses invalid data."""

from __future__ import annotations

import pandas as pd
import pytest

from partnership import DataPackageError, load_package


def test_types(mini_pkg):
    events = mini_pkg["events"]
    assert pd.api.types.is_datetime64_any_dtype(events["date_start"])
    assert pd.api.types.is_datetime64_any_dtype(events["date_end"])
    assert isinstance(events["phase"].dtype, pd.CategoricalDtype)
    assert list(events["phase"].cat.categories) == ["background", "founding", "operation", "aftermath"]
    assert mini_pkg["quantities"]["value"].dtype == "float64"
    assert mini_pkg["sectors"]["in_seed_article"].dtype == "boolean"
    assert str(mini_pkg["discrepancy_variants"]["variant"].dtype) == "Int64"


def test_unknown_end_is_missing_not_a_date(mini_pkg):
    e07 = mini_pkg["events"].set_index("event_id").loc["E07"]
    assert pd.isna(e07["date_end"])
    assert e07["date_start"] == pd.Timestamp("2019-03-01")


def test_metadata_comes_from_the_package(mini_dir):
    import json

    from partnership import load_package

    desc = json.loads((mini_dir / "datapackage.json").read_text(encoding="utf-8"))
    desc["version"], desc["last_updated"] = "9.8.7", "2099-05-06"
    (mini_dir / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    pkg = load_package(mini_dir)
    assert (pkg.version, pkg.last_updated) == ("9.8.7", "2099-05-06")
    assert "9.8.7" in pkg.as_of and "2099-05-06" in pkg.as_of


def test_default_dir_follows_environment(mini_dir, monkeypatch):
    monkeypatch.setenv("PARTNERSHIP_DATA_DIR", str(mini_dir))
    assert len(load_package()["events"]) == 7


def test_invalid_package_raises_with_problems(mini_dir):
    (mini_dir / "events.csv").unlink()
    with pytest.raises(DataPackageError) as err:
        load_package(mini_dir)
    assert [str(p) for p in err.value.problems][0] == "events.csv:0:-: file not found"


def test_column_dictionary_is_in_sync_with_the_schema():
    import subprocess
    import sys

    from conftest import ROOT

    run = subprocess.run([sys.executable, str(ROOT / "tools" / "data_readme.py"), "--check"])
    assert run.returncode == 0, "data/README.md is stale: run python tools/data_readme.py"


def test_descriptor_is_what_the_schema_source_writes(tmp_path):
    import json
    import subprocess
    import sys

    from conftest import ROOT

    tool = [sys.executable, str(ROOT / "tools" / "schema_src.py"), "--check"]
    assert subprocess.run(tool).returncode == 0, "datapackage.json drifted: run python tools/schema_src.py"
    drifted = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    drifted["resources"][0]["schema"]["fields"][0]["description"] += " (edited by hand)"
    copy = tmp_path / "datapackage.json"
    copy.write_text(json.dumps(drifted, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    run = subprocess.run([*tool, str(copy)], capture_output=True, text=True)
    assert run.returncode == 1 and "differs from tools/schema_src.py" in run.stderr
