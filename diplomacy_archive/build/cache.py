"""The incremental-build cache under <site>/.cache/: what every input file was, what every
output file was built from. A cache that cannot be read, or was written by another generator
version, is ignored and rebuilt, never trusted.

Whether an input changed is decided by its content. Every file's stamp (modification and
change time, size, inode) is compared first, which costs one stat; a file whose stamp differs,
or whose stamp is too recent to trust, is hashed, and it has changed only if its hash has.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from diplomacy_archive.build import plain_data
from diplomacy_archive.build.memo import Memos
from diplomacy_archive.build.store import FILE_INDEX, Store, StoreError
from diplomacy_archive.problems import Problem
from diplomacy_archive.source.site_files import Stamp, find_files
from diplomacy_archive.source.site_folders import CACHE_DIR

FORMAT = 11
# A file changed this close to (or after) the moment the cache was written may have changed
# again within the same clock tick: its content is compared, not its time stamp (as git does).
RACY_NANOSECONDS = 2_000_000_000
SEARCH_STAGING = "search-"  # output/search_index.py stages its pages in .cache/search-*



@dataclass
class FileRecord:
    stamp: Stamp
    digest: str  # content hash


class FilePaths(Mapping[str, Path]):
    """Where each file is, by key: held as strings, made a Path when asked for (a build
    with nothing changed asks for none)."""

    def __init__(self, where: dict[str, str]) -> None:
        self.where = where

    def __getitem__(self, key: str) -> Path:
        return Path(self.where[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self.where)

    def __len__(self) -> int:
        return len(self.where)


@dataclass
class Inputs:
    """Every file a build reads, by a key naming its root ('content/2021/x.md'), with where it
    is and its stamp; and the links and files left out while looking for them."""

    stamps: dict[str, Stamp] = field(default_factory=dict)
    paths: FilePaths = field(default_factory=lambda: FilePaths({}))
    refused: list[Problem] = field(default_factory=list)


@dataclass
class FileIndex:
    """Small and read first: enough to see that nothing changed without loading the rest."""

    version: str
    options: str
    files: dict[str, FileRecord] = field(default_factory=dict)
    written_ns: int = 0
    output_id: str = ""
    problems: list[Problem] = field(default_factory=list)
    articles: int = 0
    drafts: int = 0
    pages: int = 0
    refused: list[Problem] = field(default_factory=list)  # links and files left out


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def digest_file(path: Path) -> str:
    return digest_bytes(path.read_bytes())


def scan(roots: list[tuple[str, Path, Path]], site: Path) -> Inputs:
    """Stamps of every file under each (label, root, boundary): a folder or one file, whose
    symbolic links are followed only inside the boundary. Keys are 'label/relative/path'."""
    found = Inputs()
    for label, root, boundary in roots:
        files = find_files(root, site, boundary)
        found.refused.extend(files.problems)
        for rel, (path, stamp) in files.files.items():
            key = f"{label}/{rel}" if rel else label
            found.stamps[key] = stamp
            found.paths.where[key] = path
    return found


def changed_files(now: Inputs, before: FileIndex | None) -> tuple[set[str], dict[str, str]]:
    """Keys of files added, removed or changed since ``before`` (all of them without it), and
    the content hash of every file that had to be hashed to decide."""
    hashed: dict[str, str] = {}
    if before is None:
        return set(now.stamps), hashed
    changed = set(before.files) ^ set(now.stamps)
    racy_from = before.written_ns - RACY_NANOSECONDS
    for key, stamp in now.stamps.items():
        record = before.files.get(key)
        if record is None:
            continue
        if record.stamp == stamp and stamp[0] < racy_from and stamp[1] < racy_from:
            continue
        digest = hashed[key] = digest_file(now.paths[key])
        if digest != record.digest:
            changed.add(key)
    return changed, hashed


def known_digests(now: Inputs, before: FileIndex | None, changed: set[str],
                  hashed: dict[str, str]) -> dict[str, str]:
    """Every file's content hash where it is known without reading the file: hashed to decide
    whether it changed, or recorded by the last build for an unchanged stamp; "" for the
    others (new files)."""
    recorded = before.files if before is not None else {}
    return {key: hashed.get(key) or (recorded[key].digest if key in recorded
                                     and key not in changed else "")
            for key in now.stamps}


def file_records(now: Inputs, before: FileIndex | None, hashed: dict[str, str]
                 ) -> dict[str, FileRecord]:
    """Records to save: every file with its stamp and content hash (hashed now, or carried
    over when its stamp did not change)."""
    records = {}
    for key, stamp in now.stamps.items():
        digest = hashed.get(key)
        if digest is None:
            old = before.files.get(key) if before is not None else None
            digest = old.digest if old is not None and old.stamp == stamp else ""
        if not digest:
            digest = digest_file(now.paths[key])
        records[key] = FileRecord(stamp, digest)
    return records


def cache_file(site: Path, name: str) -> Path:
    return site / CACHE_DIR / f"{name}.sqlite"


def load(store: Store, version: str, options: str) -> FileIndex | None:
    """The file index of a usable cache, or None (missing, unreadable, other version or options)."""
    try:
        index = plain_data.loads(store.value(*FILE_INDEX))
    except (KeyError, StoreError, plain_data.CacheFormatError):  # corrupt or foreign: not used
        return None
    if (not isinstance(index, FileIndex) or index.version != f"{FORMAT}:{version}"
            or index.options != options):
        return None
    return index


def save(store: Store, index: FileIndex, memos: Memos, afresh: bool) -> None:
    """Write what changed in the memos, and the file index, in one transaction (build/store.py);
    ``afresh`` when the last cache was not used, whose rows are all replaced. Plain data, never
    a pickle: a cache restored from elsewhere is untrusted input."""
    store.path.parent.mkdir(parents=True, exist_ok=True)
    (store.path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
    changes = memos.changes()
    changes.rows.append((*FILE_INDEX, "", plain_data.dumps(index)))
    store.write(changes, afresh)


def clear_leftovers(folder: Path) -> None:
    """Remove what a killed build left in the cache folder: the search index's staging folders
    (call it holding the site's lock; a store's half-written transaction SQLite rolls back)."""
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.name.startswith(SEARCH_STAGING) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def now_ns() -> int:
    return time.time_ns()
