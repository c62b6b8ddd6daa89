"""Keeping <site>/.cache/ from growing without end: what builds stopped using is removed there.

The cache keeps files by the digest of what they show: a sharing card for each title
(output/cards.py, in cards/), copies of each picture at each width and format
(output/images.py, in images/), and a store and search shards for each output folder and set
of options (build/cache.py, ``<name>.sqlite`` and ``<name>.shards/``). A new title, a replaced
picture, a build once into another folder: each leaves files that no build reads again.

After each build that published, the files of those kinds that this build did not use and
that nothing has written for ``KEEP_DAYS`` days are removed. The wait keeps what other builds
of the same site use: the preview (``serve``, drafts included) has a store of its own and
shows the drafts' cards and pictures, which the published build does not; a draft's picture
copies take seconds to encode again, and would be, each time one build followed the other.
Only names the generator gives are removed; anything else in the cache is left as it is.
A file that cannot be removed stays for the next build to try: the cache is never what makes
a build fail.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from diplomacy_archive.output.cards import CARDS_CACHE
from diplomacy_archive.output.images import IMAGES_CACHE

KEEP_DAYS = 30
CARD_NAME = re.compile(r"[0-9a-f]{32}\.png")  # output.cards.cached_card
COPY_NAME = re.compile(r"[0-9a-f]+-[0-9a-f]+-[0-9]+\.[a-z0-9]+")  # output.images.cached_copy
STORE_NAME = re.compile(r"([0-9a-f]{16})\.sqlite")  # build.pipeline.cache_name


@dataclass(frozen=True)
class Pruned:
    files: int = 0
    bytes: int = 0


def prune_cache(cache: Path, used: Collection[Path], store: Path,
                now: float | None = None) -> Pruned:
    """Remove from ``cache`` the cards, picture copies, stores and shards this build did not
    use (``used``: the cached files it copied into the output; ``store``: its own store) and
    that were last written more than KEEP_DAYS days before ``now``."""
    before = (time.time() if now is None else now) - KEEP_DAYS * 86400
    kept = {os.path.normcase(os.path.abspath(path)) for path in used}
    files = size = 0
    candidates = [*_named(cache / CARDS_CACHE, CARD_NAME), *_named(cache / IMAGES_CACHE, COPY_NAME)]
    for path in candidates:
        if os.path.normcase(os.path.abspath(path)) in kept:
            continue
        removed = _remove_if_older(path, before)
        if removed is not None:
            files, size = files + 1, size + removed
    for path in _named(cache, STORE_NAME):
        if path.name == store.name:
            continue
        removed = _remove_if_older(path, before)
        if removed is not None:
            files, size = files + 1, size + removed
            shutil.rmtree(path.with_suffix(".shards"), ignore_errors=True)
    return Pruned(files, size)


def _named(folder: Path, name: re.Pattern[str]) -> list[Path]:
    """The regular files in ``folder`` (not through a link) whose names match ``name``."""
    try:
        with os.scandir(folder) as entries:
            return [Path(entry.path) for entry in entries
                    if name.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)]
    except OSError:  # no such folder yet, or not one
        return []


def _remove_if_older(path: Path, before: float) -> int | None:
    """Remove ``path`` if it was last written before ``before``; its size if it was."""
    try:
        status = path.stat(follow_symlinks=False)
        if status.st_mtime >= before:
            return None
        path.unlink()
    except OSError:  # gone meanwhile, or not ours to remove: the next build tries again
        return None
    return status.st_size


__all__ = ["KEEP_DAYS", "Pruned", "prune_cache"]
