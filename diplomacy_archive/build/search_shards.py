"""The search index made again only where pages changed.

The article pages are indexed in shards (output/search_index.assign_shards); a shard is given
to Pagefind again only when the pages it holds changed, and every shard is kept in the build
cache as plain data (a PlacedShard, CBOR) beside the cache file, in ``<cache>.shards/``. The
shards are then merged into one bundle (output/pagefind_merge.py), whose files keep their bytes
when their content did not change, so a build publishes only the files that changed.

What a shard's record holds, in the build state: the digest of its inputs (its pages' paths and
bytes, Pagefind's version, the language) and the meta fields it searched (a kept shard is
placed by the merged bundle's fields, which may be more).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from diplomacy_archive.build.workers import pool_imap
from diplomacy_archive.i18n import N_
from diplomacy_archive.output.files import KeptFile, OutputFile
from diplomacy_archive.output.pagefind_merge import (
    BundleFormatError,
    PlacedShard,
    compressed,
    merge,
    read_shard,
)
from diplomacy_archive.output.search_index import (
    BUNDLE_DIR,
    ORIGIN,
    UNUSED_FILES,
    SearchFailed,
    SearchPage,
    Shard,
    assign_shards,
    failure,
    index_pages,
)

STAGING_PREFIX = "search-"  # build/cache.py removes staging folders a killed build left

ShardRecord = tuple[str, tuple[str, ...]]  # inputs digest, meta fields searched


@dataclass
class SearchBundle:
    files: list[OutputFile | KeptFile]
    indexed: int  # pages Pagefind indexed in this build
    records: dict[str, ShardRecord]  # by shard key
    made: dict[str, str] = field(default_factory=dict)  # bundle path -> digest of its content


@dataclass(frozen=True)
class _Fresh:
    """A shard Pagefind indexed in this build: its bundle, in the staging folder ``work``, and
    the shard read from it, placed at 0 by the meta fields it has."""

    key: str
    work: Path
    bundle: Path
    placed: PlacedShard


def shard_inputs(version: str, language: str, shard: Shard) -> str:
    data = "\n".join([version, language, *(f"{p.path} {p.digest}" for p in shard.pages)])
    return hashlib.blake2b(data.encode(), digest_size=16).hexdigest()


def sharded_bundle(pages: Sequence[SearchPage], version: str, language: str, work_root: Path,
                   store: Path, records: dict[str, ShardRecord], made: dict[str, str],
                   outputs: dict[str, tuple[str, str]], jobs: int, size: int
                   ) -> SearchBundle:
    """The bundle of ``pages``: ``records`` and ``made`` are what the last build kept,
    ``outputs`` the digests of the files the output folder holds from it (empty when the
    folder cannot be trusted to be that build's); ``size`` is the most pages a shard holds.
    Raises SearchFailed."""
    shards = assign_shards(pages, size)
    if not shards:  # no article published yet (all drafts, say): no index, nothing to search
        _forget(store, set())
        return SearchBundle([], 0, {})
    inputs = {shard.key: shard_inputs(version, language, shard) for shard in shards}
    kept: dict[str, PlacedShard] = {}
    for shard in shards:
        record = records.get(shard.key)
        if record is None or record[0] != inputs[shard.key]:
            continue
        placed = _load(store, shard.key, inputs[shard.key])
        if placed is not None and all(path in outputs for path in _fragments(placed)):
            kept[shard.key] = placed
    scripts = [path for path in outputs if _is_script(path)]
    if len(kept) == len(shards) and not scripts:  # Pagefind's scripts must come from a run
        del kept[shards[0].key]
    fresh: dict[str, _Fresh] = {}
    try:
        fresh = _index(shards, kept, inputs, work_root, language, jobs)
        fields = sorted({f for key in kept for f in records[key][1]}
                        | {f for run in fresh.values() for f in run.placed.fields})
        placed_list: list[PlacedShard] = []
        offset = 0
        for shard in shards:
            own = fresh[shard.key].placed if shard.key in fresh else kept[shard.key]
            placed = own.placed(offset, fields)
            if placed is not kept.get(shard.key):
                _save(store, placed)
            placed_list.append(placed)
            offset += len(placed.pages)
        _forget(store, {shard.key for shard in shards})
        return _bundle(placed_list, fresh, records, outputs, made, language, jobs)
    except BundleFormatError as exc:
        raise SearchFailed(failure(N_("the search index was not made: its bundle is not in the "
                                      "expected form ({error})"),
                                   N_("install the pinned version: pip install -e ."),
                                   {"error": exc})) from None
    finally:
        for run in fresh.values():
            shutil.rmtree(run.work, ignore_errors=True)


def _index(shards: list[Shard], kept: dict[str, PlacedShard], inputs: dict[str, str],
           work_root: Path, language: str, jobs: int) -> dict[str, _Fresh]:
    """Pagefind over every shard not kept, and its bundle read, ``jobs`` shards at a time.
    Each shard is read placed at 0 by its own fields: placing it elsewhere is cheap."""
    todo = [(shard, inputs[shard.key], work_root, language) for shard in shards
            if shard.key not in kept]
    if not todo:
        return {}
    work_root.mkdir(parents=True, exist_ok=True)
    done: dict[str, _Fresh] = {}
    try:
        for run in pool_imap(_index_shard, todo, jobs, _no_setup, (), min_items=2):
            done[run.key] = run
    except BaseException:
        for entry in work_root.iterdir():  # this build's staging folders (it holds the lock)
            if entry.name.startswith(STAGING_PREFIX) and entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
        raise
    return done


def _no_setup() -> None:
    """Indexing a shard needs nothing set up in the worker."""


def _index_shard(item: tuple[Shard, str, Path, str]) -> _Fresh:
    shard, inputs, work_root, language = item
    work = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=work_root))
    try:
        bundle, _ = index_pages(shard.pages, work, language)
        placed = read_shard(bundle, shard.key, inputs)
        return _Fresh(shard.key, work, bundle, placed)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _bundle(placed: list[PlacedShard], fresh: dict[str, _Fresh],
            records: dict[str, ShardRecord], outputs: dict[str, tuple[str, str]],
            made: dict[str, str], language: str, jobs: int) -> SearchBundle:
    files: dict[str, OutputFile | KeptFile] = {}
    new_records: dict[str, ShardRecord] = {}
    for shard in placed:
        run = fresh.get(shard.key)
        if run is None:
            new_records[shard.key] = records[shard.key]
            for path in _fragments(shard):
                files.setdefault(path, KeptFile(path, outputs[path][1], ORIGIN))
            continue
        new_records[shard.key] = (shard.inputs, tuple(run.placed.fields))
        for path in _fragments(shard):
            if path not in files:
                files[path] = _from_bundle(run.bundle, path, outputs)
    first = next(iter(fresh.values()), None)
    if first is not None:
        for found in sorted(first.bundle.rglob("*")):
            path = f"{BUNDLE_DIR}/{found.relative_to(first.bundle).as_posix()}"
            if found.is_file() and _is_script(path):
                files[path] = _from_bundle(first.bundle, path, outputs)
    else:
        for path in sorted(p for p in outputs if _is_script(p)):
            files[path] = KeptFile(path, outputs[path][1], ORIGIN)

    merged = merge(placed, language)
    digests = {path: hashlib.blake2b(raw, digest_size=16).hexdigest()
               for path, raw in merged.items()}
    to_pack: list[str] = []
    for name, raw in merged.items():
        path = f"{BUNDLE_DIR}/{name}"
        if name.endswith(".json"):
            files[path] = OutputFile(path, raw, ORIGIN)
        elif path in outputs and made.get(name) == digests[name]:
            files[path] = KeptFile(path, outputs[path][1], ORIGIN)
        else:
            to_pack.append(name)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:  # zlib lets other threads run
        for name, data in zip(to_pack, pool.map(lambda n: compressed(merged[n]), to_pack),
                              strict=True):
            files[f"{BUNDLE_DIR}/{name}"] = OutputFile(f"{BUNDLE_DIR}/{name}", data, ORIGIN)
    return SearchBundle(sorted(files.values(), key=lambda f: f.path),
                        sum(len(run.placed.pages) for run in fresh.values()), new_records,
                        digests)


def _fragments(shard: PlacedShard) -> list[str]:
    """The output paths of the fragment files (one per page) of ``shard``."""
    return [f"{BUNDLE_DIR}/fragment/{page[0]}.pf_fragment" for page in shard.pages]


def _is_script(path: str) -> bool:
    """Pagefind's own files in the bundle (pagefind.js, its worker, the wasm), not the index."""
    if not path.startswith(f"{BUNDLE_DIR}/"):
        return False
    name = path[len(BUNDLE_DIR) + 1:]
    return ("/" not in name and name not in UNUSED_FILES and name != "pagefind-entry.json"
            and not name.endswith(".pf_meta"))


def _from_bundle(bundle: Path, path: str, outputs: dict[str, tuple[str, str]]
                 ) -> OutputFile | KeptFile:
    item = OutputFile(path, (bundle / path[len(BUNDLE_DIR) + 1:]).read_bytes(), ORIGIN)
    if outputs.get(path, ("", ""))[1] == item.digest:
        return KeptFile(path, item.digest, ORIGIN)
    return item


# ---------------------------------------------------------------- the shards kept in the cache

def _shard_file(store: Path, key: str) -> Path:
    return store / f"{key}.cbor"


def _load(store: Path, key: str, inputs: str) -> PlacedShard | None:
    """The kept shard, if it is there, readable, and made from ``inputs``."""
    try:
        placed = PlacedShard.from_bytes(_shard_file(store, key).read_bytes())
    except (OSError, BundleFormatError):
        return None
    return placed if placed.key == key and placed.inputs == inputs else None


def _save(store: Path, placed: PlacedShard) -> None:
    store.mkdir(parents=True, exist_ok=True)
    target = _shard_file(store, placed.key)
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(placed.to_bytes())
    os.replace(temporary, target)


def _forget(store: Path, keys: set[str]) -> None:
    """Remove kept shards no page belongs to any more, and what a killed build left."""
    if not store.is_dir():
        return
    for found in store.iterdir():
        if found.is_file() and not found.is_symlink() and not (
                found.name.endswith(".cbor") and found.name[:-5] in keys):
            found.unlink(missing_ok=True)
