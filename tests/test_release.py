"""The release: one version and date in the descriptor, the changelog and CITATION.cff; a
changelog whose diff summary is what `diff` gives today; a feed that parses."""

from __future__ import annotations

import json
import os
import re

import feedparser
import pytest
from conftest import ROOT

from partnership.analysis.diff import compare, read_release, summary_lines
from partnership.data.revision import checkout_data
from partnership.publish.feed import atom_feed, releases

DATA = ROOT / "data"
CHANGELOG = DATA / "CHANGELOG.md"


def descriptor() -> dict:
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def citation_field(name: str) -> str:
    match = re.search(rf"^{name}:\s*\"?([^\"\n]+)\"?\s*$", (ROOT / "CITATION.cff").read_text(), re.MULTILINE)
    assert match, f"CITATION.cff has no {name}"
    return match.group(1)


def test_descriptor_changelog_and_citation_agree_on_version_and_date():
    newest = releases(CHANGELOG.read_text(encoding="utf-8"))[0]
    desc = descriptor()
    assert (newest.version, newest.date) == (desc["version"], desc["last_updated"])
    assert (citation_field("version"), citation_field("date-released")) == (desc["version"], desc["last_updated"])


def test_the_changelog_holds_every_release_with_semver_versions():
    found = releases(CHANGELOG.read_text(encoding="utf-8"))
    assert [r.version for r in found][-2:] == ["1.1.0", "1.0.0"]
    for newer, older in zip(found, found[1:]):
        assert tuple(map(int, newer.version.split("."))) > tuple(map(int, older.version.split(".")))


def test_each_entry_s_diff_summary_is_what_diff_gives(tmp_path):
    """An entry names the commit of the release before it; its summary lines are the diff's, verbatim."""
    entries = releases(CHANGELOG.read_text(encoding="utf-8"))
    newest = entries[0]
    commit = re.search(r"--rev ([0-9a-f]{7,40})", newest.text)
    assert commit, "the entry names the commit it is compared with (`--rev COMMIT`)"
    old = read_release(checkout_data(commit.group(1), ROOT, "data", tmp_path / "old"), "old")
    lines = summary_lines(compare(old, read_release(DATA, "data")))
    listed = [line[2:] for line in newest.text.splitlines() if line.startswith("- ")]
    assert all(line in listed for line in lines), f"the changelog's summary is stale; diff gives: {lines}"


def test_the_feed_parses_and_has_one_entry_per_release():
    text = CHANGELOG.read_text(encoding="utf-8")
    desc = descriptor()
    feed = atom_feed(text, desc["name"], desc["title"])
    assert feed == atom_feed(text, desc["name"], desc["title"]), "deterministic"
    parsed = feedparser.parse(feed)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [e.title.split()[1] for e in parsed.entries] == [r.version for r in releases(text)]
    assert parsed.feed.updated.startswith(desc["last_updated"])
    built = ROOT / "report" / "feed.xml"
    if built.is_file():
        assert built.read_text(encoding="utf-8") == feed, "report/feed.xml is the feed of today's changelog"
    elif os.environ.get("CI"):
        pytest.fail("report/feed.xml is missing: CI runs `make report` first")
