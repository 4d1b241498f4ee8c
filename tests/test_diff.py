"""`python -m partnership diff`: records added, removed and changed, and what a reader sees change."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest
from conftest import make_package

from partnership.cli import main
from partnership.data.revision import RevisionError, checkout_data


def edit(path: Path, fn) -> None:
    """Rewrite a CSV through fn(rows) (rows as lists, header first)."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(fn(rows))


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, Path]:
    """The mini package, and a copy with one citation gone, one source added, one title and one status changed."""
    old = make_package(tmp_path / "old")
    new = make_package(tmp_path / "new")
    edit(new / "citations.csv", lambda rows: [r for r in rows if r[1:3] != ["E01", "s_off_cn"]])
    edit(
        new / "events.csv",
        lambda rows: [[*r[:6], "Agreement signed in Beijing", *r[7:]] if r[0] == "E01" else r for r in rows],
    )
    edit(new / "discrepancies.csv", lambda rows: [[*r[:3], "explained", *r[4:]] if r[0] == "D01" else r for r in rows])
    edit(
        new / "sources.csv",
        lambda rows: [
            *rows,
            [
                "s_new",
                "https://example.org/new",
                "New Outlet",
                "",
                "en",
                "New",
                "news",
                "international",
                "medium",
                "",
                "",
            ],
        ],
    )
    return old, new


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_lists_records_then_what_a_reader_sees(two, capsys):
    old, new = two
    code, out, _ = run(capsys, str(old), str(new))
    assert code == 0
    records, reader = out.split("What a reader sees")
    assert "- events / E01 / s_off_cn" in records, "the removed citation, by its key"
    assert "+ s_new" in records
    assert "~ E01  title: Agreement signed -> Agreement signed in Beijing" in records
    assert "~ D01  status: open -> explained" in records
    # E01 had two origins, one of them Chinese-side: losing it costs a grade and both-sides confirmation
    assert "events E01: grade A -> C" in reader
    assert "events E01: independent origins 2 -> 1" in reader
    assert "events E01: confirmed by both sides yes -> no" in reader
    assert "discrepancies D01: status open -> explained" in reader
    assert "E02" not in reader, "unchanged records are not listed"


def test_csv_and_json_give_the_same_rows(two, capsys):
    old, new = two
    _, text_csv, _ = run(capsys, str(old), str(new), "--format", "csv")
    _, text_json, _ = run(capsys, str(old), str(new), "--format", "json")
    rows = list(csv.DictReader(io.StringIO(text_csv)))
    body = json.loads(text_json)
    assert rows == body["changes"]
    assert {
        "section": "record",
        "table": "sources",
        "key": "s_new",
        "change": "added",
        "field": "",
        "old": "",
        "new": "",
    } in rows
    assert body["old"]["label"] == str(old) and body["summary"][0].startswith("citations: 0 added, 1 removed")


def test_the_same_folder_twice_has_no_change(two, capsys):
    old, _ = two
    code, out, _ = run(capsys, str(old), str(old))
    assert code == 0 and "Records: no change" in out and "What a reader sees: no change" in out


def test_a_revision_is_read_from_git(tmp_path: Path):
    repo = tmp_path / "repo"
    make_package(repo / "data")
    for cmd in (["init", "-q"], ["add", "data"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one"]):
        subprocess.run(["git", "-C", str(repo), *cmd], check=True)
    out = checkout_data("HEAD", repo, "data", tmp_path / "at_head")
    assert (out / "events.csv").read_bytes() == (repo / "data" / "events.csv").read_bytes()
    with pytest.raises(RevisionError, match="not-a-revision"):
        checkout_data("not-a-revision", repo, "data", tmp_path / "nowhere")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--rev", "no-such-revision-here"], "diff: git"),
        (["only-one-folder"], "give two data folders"),
        (["/nonexistent/a", "/nonexistent/b"], "/nonexistent/a/datapackage.json:0:-: not found"),
    ],
)
def test_bad_arguments_get_a_message_and_exit_1(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 1 and message in err and "Traceback" not in err and out == ""
