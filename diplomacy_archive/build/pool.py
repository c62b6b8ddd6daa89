"""Running one task over many items on several cores: a pool of forked workers, as the build
and the importer use it. Workers are started with ``fork`` where the platform has it, so they
inherit what the caller has already computed instead of receiving a pickled copy."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int], None]


def _nothing() -> None:
    return None


def default_jobs() -> int:
    """One process per core this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def pool_map(task: Callable[[T], R], items: Sequence[T], jobs: int,
             initializer: Callable[..., None], initargs: tuple[Any, ...],
             min_items: int = 64, progress: Progress | None = None) -> list[R]:
    """``[task(item) for item in items]``, on ``jobs`` processes when there is enough work."""
    return list(pool_imap(task, items, jobs, initializer, initargs, min_items, progress))


def pool_imap(task: Callable[[T], R], items: Sequence[T], jobs: int,
              initializer: Callable[..., None] = _nothing, initargs: tuple[Any, ...] = (),
              min_items: int = 64, progress: Progress | None = None) -> Iterator[R]:
    """``task(item)`` for each item, in order, as each is done (so the caller can write and
    drop each result), on ``jobs`` processes when there is enough work."""
    methods = multiprocessing.get_all_start_methods()
    if jobs <= 1 or len(items) < min_items or "fork" not in methods:
        # without fork, workers would need pickled copies of closures: work here instead
        initializer(*initargs)
        for item in items:
            yield task(item)
            if progress:
                progress(1)
        return
    context = multiprocessing.get_context("fork")
    chunk = max(1, min(64, len(items) // (jobs * 8)))
    # A forked worker shares the build's objects until it writes to them, and the cyclic
    # garbage collector writes to every object it tracks when it runs: frozen, they are left
    # alone, and stay shared (as CPython's documentation of gc.freeze advises before a fork).
    gc.freeze()
    try:
        with context.Pool(jobs, initializer, initargs) as pool:
            for result in pool.imap(task, items, chunksize=chunk):
                yield result
                if progress:
                    progress(1)
    finally:
        gc.unfreeze()
