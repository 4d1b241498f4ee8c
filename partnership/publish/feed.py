"""The update feed: one Atom entry per data release, made from data/CHANGELOG.md.

Readers who cited one version subscribe to learn of the next. The changelog is the one source:
each release is a `## VERSION — YYYY-MM-DD` heading followed by its text, newest first. The feed
is deterministic: its dates are the releases' own dates, never the clock.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import mistune

RELEASE_HEADING = re.compile(r"^## (?P<version>\d+\.\d+\.\d+) — (?P<date>\d{4}-\d{2}-\d{2})\s*$", re.MULTILINE)
ATOM = "http://www.w3.org/2005/Atom"
_html = mistune.create_markdown(escape=True)  # the changelog's own HTML, if any, stays text


class ChangelogError(Exception):
    """The changelog cannot be read as releases; the message says where."""


@dataclass(frozen=True)
class Release:
    version: str
    date: str
    text: str  # the entry's markdown, heading excluded


def releases(changelog: str, path: str = "CHANGELOG.md") -> list[Release]:
    """The releases of a changelog, newest first, as written; an entry must have text."""
    heads = list(RELEASE_HEADING.finditer(changelog))
    if not heads:
        raise ChangelogError(f"{path}:0:-: no release heading like '## 1.0.0 — 2026-11-27'")
    out = []
    for head, nxt in zip(heads, [*heads[1:], None]):
        text = changelog[head.end() : nxt.start() if nxt else len(changelog)].strip()
        line = changelog.count("\n", 0, head.start()) + 1
        if not text:
            raise ChangelogError(f"{path}:{line}:-: release {head['version']} has no text")
        out.append(Release(head["version"], head["date"], text))
    dates = [r.date for r in out]
    if dates != sorted(dates, reverse=True):
        raise ChangelogError(f"{path}:0:-: releases are not newest first ({', '.join(dates)})")
    return out


def atom_feed(
    changelog: str, package_name: str, title: str, path: str = "CHANGELOG.md", report_href: str = "index.html"
) -> str:
    """The Atom document: the feed's date is the newest release's; links are relative to the report."""
    entries = releases(changelog, path)
    urn = f"urn:data-package:{package_name}"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}">',
        f"  <title>{html.escape(title, quote=False)}: data releases</title>",
        f"  <id>{urn}:releases</id>",
        f"  <updated>{entries[0].date}T00:00:00Z</updated>",
        f'  <link rel="alternate" type="text/html" href="{html.escape(report_href)}"/>',
        f"  <author><name>{html.escape(title, quote=False)} contributors</name></author>",
    ]
    for r in entries:
        lines += [
            "  <entry>",
            f"    <title>Release {r.version} ({r.date})</title>",
            f"    <id>{urn}:release:{r.version}</id>",
            f"    <updated>{r.date}T00:00:00Z</updated>",
            f'    <link rel="alternate" type="text/html" href="{html.escape(report_href)}#changelog"/>',
            f'    <content type="html">{html.escape(_html(r.text), quote=False)}</content>',
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
