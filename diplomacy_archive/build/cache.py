"""The incremental-build cache under <site>/.cache/: what every input file was, what every
output file was built from. A cache that cannot be read, or was written by another generator
version, is ignored and rebuilt, never trusted.

Whether an input changed is decided by its content. Every file's stamp (modification and
change time, size, inode) is compared first, which costs one stat; a file whose stamp differs,
or whose stamp is too recent to trust, is hashed, and it has changed only if its hash has.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from diplomacy_archive.build import plain_data
from diplomacy_archive.build.html_store import HtmlStore, body_key
from diplomacy_archive.problems import Problem
from diplomacy_archive.source.site_files import Stamp, find_files
from diplomacy_archive.source.site_folders import CACHE_DIR

FORMAT = 9
# A file changed this close to (or after) the moment the cache was written may have changed
# again within the same clock tick: its content is compared, not its time stamp (as git does).
RACY_NANOSECONDS = 2_000_000_000
TEMP_SUFFIX = ".tmp"
SEARCH_STAGING = "search-"  # output/search_index.py stages its pages in .cache/search-*



@dataclass
class FileRecord:
    stamp: Stamp
    digest: str  # content hash


@dataclass
class Inputs:
    """Every file a build reads, by a key naming its root ('content/2021/x.md'), with where it
    is and its stamp; and the links and files left out while looking for them."""

    stamps: dict[str, Stamp] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
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
    # shard key -> (inputs digest, fields searched): the search index's shards
    # (build/search_shards.py), and the digests of the merged bundle's files
    search_shards: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    search_made: dict[str, str] = field(default_factory=dict)

    def edited(self) -> set[str]:
        """Articles whose file differs from the one the output was last built from."""
        return {i for i, source in self.sources.items() if self.built.get(i) != source.digest}

    def after_failure(self, before: BuildState) -> BuildState:
        """What to keep when a build failed: the parsed files, and everything else as it was
        after the last build that succeeded (whose output is still in place)."""
        return BuildState(self.settings, self.sources, before.outputs, before.index,
                          before.export, before.templates, before.built, before.search,
                          before.search_shards, before.search_made)


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
            found.paths[key] = path
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
    return site / CACHE_DIR / f"{name}.jsonl"


def _read_lines(path: Path, first: int, count: int) -> list[object]:
    """Documents ``first`` to ``first + count - 1`` of a cache file; ValueError when it has
    fewer."""
    found = []
    with path.open("rb") as handle:
        for _ in range(first):
            handle.readline()
        for _ in range(count):
            line = handle.readline()
            if not line:
                raise ValueError("the cache file ends early")
            found.append(plain_data.loads(line))
    return found


def load(path: Path, version: str, options: str) -> FileIndex | None:
    """The file index of a usable cache, or None (missing, unreadable, other version or options)."""
    try:
        [index] = _read_lines(path, 0, 1)
    except (OSError, plain_data.CacheFormatError, ValueError):  # corrupt or foreign: not used
        return None
    if (not isinstance(index, FileIndex) or index.version != f"{FORMAT}:{version}"
            or index.options != options):
        return None
    return index


INDEX_KEY = "index:"  # the store's row of the entities and indexes, by their inputs' digest


def store_of(path: Path) -> HtmlStore:
    """Where the cache file at ``path`` keeps the articles' HTML."""
    return HtmlStore(path.with_suffix(".sqlite"))


def load_state(path: Path) -> BuildState | None:
    """The build state: the cache file's documents after the first (the state but for the
    parsed articles and the export lines, then those two), each body's HTML left in the store
    until a page needs it, and the entities and indexes read from the store. None when any
    of them cannot be used."""
    try:
        state, sources, export = _read_lines(path, 1, 3)
    except (OSError, plain_data.CacheFormatError, ValueError):
        return None
    if not (isinstance(state, BuildState) and isinstance(sources, dict)
            and all(isinstance(s, CachedSource) for s in sources.values())
            and (export is None or (isinstance(export, tuple) and len(export) == 2
                                    and isinstance(export[1], dict)))):
        return None
    state.sources, state.export = sources, export
    from diplomacy_archive.source.bodies import Body, StoredBody
    store = store_of(path)
    stored = store.keys()
    if state.index is not None:
        state.index = stored_indexes(store, stored, state)
        if state.index is None:
            return None
    for source in state.sources.values():
        if isinstance(source.body, Body):
            key = body_key(source.digest, source.linked)
            if key not in stored:
                return None  # the store lost it: build afresh
            source.body = StoredBody(summary=source.body.summary,
                                     fetch=functools.partial(store.get, key))
    return state


def stored_indexes(store: HtmlStore, stored: set[str], state: BuildState
                    ) -> tuple[str, object, object, list[Problem]] | None:
    """The entities and indexes the state names, read from the store, each article in them
    the parsed article of the state's sources; None when they cannot be."""
    from diplomacy_archive.model.indexes import SiteIndex
    assert state.index is not None
    digest, _, _, found = state.index
    if INDEX_KEY + digest not in stored:
        return None
    try:
        parts = plain_data.loads(store.get(INDEX_KEY + digest).encode())
    except (plain_data.CacheFormatError, KeyError, sqlite3.Error):
        return None
    if not (isinstance(parts, tuple) and len(parts) == 2 and isinstance(parts[1], SiteIndex)):
        return None
    entities, index = parts
    articles = {}
    for article_id in index.articles:
        source = state.sources.get(article_id)
        if source is None or source.article is None:
            return None
        articles[article_id] = source.article
    return digest, entities, replace(index, articles=articles), found


def save(path: Path, index: FileIndex, state: BuildState) -> None:
    """Write the cache atomically: the bodies' HTML not stored yet into the store, and the
    entities and indexes when the store lacks them (by the digest of their inputs: a body edit
    leaves them as they were), then the cache file (a temporary file, then os.replace), then
    the store forgets what no cache names. Plain data (JSON lines, build.plain_data; SQLite
    text), never a pickle: a cache restored from elsewhere is untrusted input."""
    from diplomacy_archive.source.bodies import Body
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
    store = store_of(path)
    stored = store.keys()
    bodies = {i: s.body for i, s in state.sources.items() if isinstance(s.body, Body)}
    keys = {i: body_key(state.sources[i].digest, state.sources[i].linked) for i in bodies}
    store.put([(key, bodies[i].html) for i, key in keys.items() if key not in stored])
    kept = set(keys.values())
    indexes = state.index
    if indexes is not None:  # the largest part, and the same after most edits: written once
        kept.add(INDEX_KEY + indexes[0])
        if INDEX_KEY + indexes[0] not in stored:
            from diplomacy_archive.model.indexes import SiteIndex
            site_index = indexes[2]
            assert isinstance(site_index, SiteIndex)
            # the articles are the sources' (written once, above): only their ids here
            apart = replace(site_index, articles=dict.fromkeys(site_index.articles))  # type: ignore[arg-type]
            store.put([(INDEX_KEY + indexes[0], plain_data.dumps((indexes[1], apart)).decode())])
        indexes = (indexes[0], None, None, indexes[3])
    sources = {i: replace(s, body=Body("", bodies[i].summary)) if i in bodies else s
               for i, s in state.sources.items()}
    temp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    try:
        with temp.open("wb") as handle:
            # one document per part, each written and dropped before the next is made: the
            # memory a save takes is that of its largest part, not of the whole state
            for part in (index, replace(state, index=indexes, sources={}, export=None),
                         sources, state.export):
                handle.write(plain_data.dumps(part) + b"\n")
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    store.keep_only(kept)


def clear_leftovers(folder: Path) -> None:
    """Remove what a killed build left in the cache folder: half-written cache files and the
    search index's staging folders (call it holding the site's lock)."""
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.name.endswith(TEMP_SUFFIX) and entry.is_file() and not entry.is_symlink():
            entry.unlink(missing_ok=True)
        elif entry.name.startswith(SEARCH_STAGING) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def now_ns() -> int:
    return time.time_ns()
