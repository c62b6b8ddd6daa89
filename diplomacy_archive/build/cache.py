"""The incremental-build cache under <site>/.cache/: what every input file was, what every
output file was built from. A cache that cannot be read, or was written by another generator
version, is ignored and rebuilt, never trusted."""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path

from diplomacy_archive.problems import Problem
from diplomacy_archive.source.site_folders import CACHE_DIR

FORMAT = 6
# A file changed this close to (or after) the moment the cache was written may have changed
# again within the same clock tick: its content is compared, not its time stamp (as git does).
RACY_NANOSECONDS = 2_000_000_000

Stamp = tuple[int, int]  # (mtime_ns, size)


@dataclass
class FileRecord:
    stamp: Stamp
    digest: str = ""  # content hash, filled in for files whose stamp cannot be trusted


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


@dataclass
class CachedSource:
    """One article file as last parsed: its result, its Markdown body and its own problems."""

    stamp: Stamp
    digest: str
    article: object | None
    body: object | None
    problems: list[Problem]
    linked: str = ""  # digest of the registry the body's citations are linked against, if any
    meta: str = ""  # digest of everything but the body: what indexes depend on


@dataclass
class BuildState:
    """Everything a later build reuses: parsed articles and, per output file, its render key."""

    settings: str = ""
    sources: dict[str, CachedSource] = field(default_factory=dict)
    outputs: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (key, digest)
    # (digest of the inputs, entities, index, problems found making them)
    index: tuple[str, object, object, list[Problem]] | None = None
    export: tuple[str, dict[str, tuple[str, str]]] | None = None  # (index inputs, lines)
    templates: dict[str, str] = field(default_factory=dict)  # template -> digest of its sources
    built: dict[str, str] = field(default_factory=dict)  # article -> file digest the output shows
    # (digest of the article pages and the Pagefind version, the bundle's paths) of the last index
    search: tuple[str, tuple[str, ...]] | None = None

    def edited(self) -> set[str]:
        """Articles whose file differs from the one the output was last built from."""
        return {i for i, source in self.sources.items() if self.built.get(i) != source.digest}

    def after_failure(self, before: BuildState) -> BuildState:
        """What to keep when a build failed: the parsed files, and everything else as it was
        after the last build that succeeded (whose output is still in place)."""
        return BuildState(self.settings, self.sources, before.outputs, before.index,
                          before.export, before.templates, before.built, before.search)


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def digest_file(path: Path) -> str:
    return digest_bytes(path.read_bytes())


def scan(roots: list[tuple[str, Path]]) -> dict[str, Stamp]:
    """Stamps of every file under each root (a folder or one file), keyed 'label/relative/path'."""
    found: dict[str, Stamp] = {}
    for label, root in roots:
        if root.is_file():
            info = root.stat()
            found[label] = (info.st_mtime_ns, info.st_size)
        elif root.is_dir():
            _scan_dir(label, root, found)
    return found


def _scan_dir(label: str, folder: Path, found: dict[str, Stamp]) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            key = f"{label}/{entry.name}"
            if entry.is_dir(follow_symlinks=True):
                _scan_dir(key, Path(entry.path), found)
            elif entry.is_file(follow_symlinks=True):
                info = entry.stat()
                found[key] = (info.st_mtime_ns, info.st_size)


def changed_files(now: dict[str, Stamp], before: FileIndex | None,
                  resolve: dict[str, Path]) -> set[str]:
    """Keys of files added, removed or changed since ``before`` (all of them without it)."""
    if before is None:
        return set(now)
    changed = set(before.files) ^ set(now)
    for key, stamp in now.items():
        record = before.files.get(key)
        if record is None:
            continue
        # a stamp too recent to trust is checked by content (git's "racy clean" rule)
        racy = stamp[0] >= before.written_ns - RACY_NANOSECONDS
        if record.stamp != stamp or (racy and (
                not record.digest or digest_file(resolve[key]) != record.digest)):
            changed.add(key)
    return changed


def file_records(now: dict[str, Stamp], resolve: dict[str, Path], written_ns: int
                 ) -> dict[str, FileRecord]:
    """Records to save; files too recent to trust by stamp keep their content hash."""
    return {key: FileRecord(stamp, digest_file(resolve[key])
                            if stamp[0] >= written_ns - RACY_NANOSECONDS else "")
            for key, stamp in now.items()}


def cache_file(site: Path, name: str) -> Path:
    return site / CACHE_DIR / f"{name}.pickle"


def load(path: Path, version: str, options: str) -> FileIndex | None:
    """The file index of a usable cache, or None (missing, unreadable, other version or options)."""
    try:
        with path.open("rb") as handle:
            index = pickle.load(handle)
    except Exception:  # a corrupt or foreign cache is simply not used
        return None
    if (not isinstance(index, FileIndex) or index.version != f"{FORMAT}:{version}"
            or index.options != options):
        return None
    return index


def load_state(path: Path) -> BuildState | None:
    """The second, larger part of the cache file."""
    try:
        with path.open("rb") as handle:
            pickle.load(handle)
            state = pickle.load(handle)
    except Exception:
        return None
    return state if isinstance(state, BuildState) else None


def save(path: Path, index: FileIndex, state: BuildState) -> None:
    """Write the cache atomically: a temporary file, then os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temp.open("wb") as handle:
        pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temp, path)


def now_ns() -> int:
    return time.time_ns()
