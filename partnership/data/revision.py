"""A data folder as it was at a git revision, so that two releases can be compared.

Tags may not travel with a push, so a revision can be any commit id git knows.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


class RevisionError(Exception):
    """The revision or its data folder cannot be read; the message says why."""


def checkout_data(revision: str, repo: Path, folder: str, dest: Path) -> Path:
    """Write the files directly in `folder` at `revision` of the git repository `repo` into `dest`."""
    listing = _git(repo, "ls-tree", f"{revision}:{folder}").decode("utf-8")
    blobs = [line.split("\t", 1) for line in listing.splitlines()]
    names = [name for meta, name in blobs if meta.split()[1] == "blob"]
    if not names:
        raise RevisionError(f"{revision}:{folder} holds no files")
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        (dest / name).write_bytes(_git(repo, "cat-file", "blob", f"{revision}:{folder}/{name}"))
    return dest


def _git(repo: Path, *args: str) -> bytes:
    try:
        run = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RevisionError(f"git could not be run: {exc}") from None
    if run.returncode != 0:
        message = run.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(f"git {' '.join(args)}: {message[-1] if message else 'failed'}")
    return run.stdout
