"""Jobs side by side in forked processes: the same results as one after the other, errors raised
in the parent, and the report's editions rendered either way come out byte for byte the same."""

from __future__ import annotations

import os
import threading

import pytest
from test_report import basic_notebooks, render_files

from partnership.i18n import LANGUAGES
from partnership.publish import parallel
from partnership.publish.report import prepare, render_site

needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="no fork or a single core here")


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


@needs_fork
def test_forked_jobs_give_what_the_jobs_give_in_order_and_run_elsewhere():
    forked = parallel.run_all(_pid_and_square, [1, 2, 3], fork=True)
    assert [r for _, r in forked] == [1, 4, 9]
    assert forked[0][0] == os.getpid() and {p for p, _ in forked[1:]}.isdisjoint({os.getpid()})
    assert parallel.run_all(_pid_and_square, [1, 2, 3], fork=False) == [(os.getpid(), n * n) for n in (1, 2, 3)]


def _fails_on_two(n: int) -> int:
    if n == 2:
        raise ValueError(f"no {n}")
    return n


def _dies_on_two(n: int) -> int:
    if n == 2:
        os._exit(3)
    return n


@needs_fork
def test_a_child_s_error_is_raised_here_and_a_dead_child_is_said():
    with pytest.raises(ValueError, match="no 2"):
        parallel.run_all(_fails_on_two, [1, 2, 3], fork=True)
    with pytest.raises(RuntimeError, match="ended without a result"):
        parallel.run_all(_dies_on_two, [1, 2], fork=True)


def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not parallel.can_fork()
        assert parallel.run_all(_pid_and_square, [1, 2]) == [(os.getpid(), 1), (os.getpid(), 4)]
    finally:
        stop.set()
        other.join()


@needs_fork
def test_the_editions_rendered_side_by_side_are_the_editions_rendered_in_turn(mini, tmp_path):
    render_files(mini, tmp_path)  # writes the figures the pages show

    def edition(lang: str) -> dict[str, bytes]:
        return render_site(prepare(mini, basic_notebooks(), tmp_path / "figures", "# Method\n\nE01.", lang=lang))

    forked = parallel.run_all(edition, LANGUAGES, fork=True)
    assert forked == parallel.run_all(edition, LANGUAGES, fork=False)
    assert all(forked) and set(forked[0]).isdisjoint(forked[1])
