"""Independent jobs (the report's editions) side by side, in forked processes.

A forked child starts with everything the parent has loaded (the data package, the imported
modules, compiled templates) at no cost, so each job costs only its own work. Jobs fork only
where that is safe and can help: a POSIX fork, more than one usable core, and no other thread
in the parent (a fork copies one thread; a lock held by another would stay locked in the child).
Otherwise they run one after the other. Either way each job runs from the same state, so the
results are the same.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def can_fork() -> bool:
    """Whether jobs may run in forked processes here and now."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores > 1 and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def run_all(job: Callable[[T], R], items: Sequence[T], fork: bool | None = None) -> list[R]:
    """[job(item) for item in items]: the first in this process, each other one in a forked child
    when `fork` (default: can_fork()). A job's exception is raised here, the first item's first."""
    items = list(items)
    if len(items) < 2 or not (can_fork() if fork is None else fork):
        return [job(item) for item in items]
    context = multiprocessing.get_context("fork")
    sys.stdout.flush()  # else a child flushes the parent's pending output a second time
    sys.stderr.flush()
    children = []
    for item in items[1:]:
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(send, job, item), daemon=True)
        child.start()
        send.close()
        children.append((child, receive))
    try:
        results = [job(items[0])]
    except BaseException:
        for child, receive in children:
            child.kill()
            child.join()
            receive.close()
        raise
    replies = []
    for item, (child, receive) in zip(items[1:], children):
        try:
            replies.append(receive.recv())
        except EOFError:
            replies.append(("error", RuntimeError(f"the process for {item!r} ended without a result")))
        finally:
            receive.close()
            child.join()
    for status, value in replies:
        if status == "error":
            raise value
        results.append(value)
    return results


def _child(send, job: Callable[[T], R], item: T) -> None:
    try:
        reply = ("ok", job(item))
    except BaseException as exc:  # sent to the parent, which raises it
        reply = ("error", exc)
    try:
        send.send(reply)
    except Exception as exc:  # a result or an exception that cannot be pickled
        send.send(("error", RuntimeError(f"{type(exc).__name__} while sending the result for {item!r}: {exc}")))
    finally:
        send.close()
