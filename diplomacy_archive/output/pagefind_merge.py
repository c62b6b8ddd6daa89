"""Pagefind indexes of parts of the site (shards) merged into the one bundle a single run would
have made, on the build machine.

Pagefind has no incremental mode: a change to one page means indexing every page again (24.6 s
and 3.6 GB at 10,000 pages, benchmarks/PAGEFIND.md). So the article pages are indexed in shards
of a few hundred (output/search_shards.py), each again only when one of its pages changed, and
the shards are merged here into one bundle. The browser then loads one index as before: the
same results, rankings, filter counts and download sizes as one Pagefind run over every page.
Merging in the browser (Pagefind's ``mergeIndex``) was measured first and gives none of that:
each shard ranks with its own statistics, a query word missing from a shard is dropped there
(turning its search into an OR), and the first search downloads 1.3-2.4 times as much.

What a Pagefind 1.5.2 bundle holds (gzip, a signature, then CBOR; read from its files and its
source, and checked by tests/test_search_shards.py against Pagefind's own output):

- ``pagefind.<lang>_<hash>.pf_meta``: ``[version, pages, index chunks, filters, sorts,
  fields]``; ``pages`` are ``[fragment hash, word count]``, page numbers are their positions;
  index chunks ``[from, to, file hash]``; filters ``[name, file hash]``; sorts ``[name, page
  numbers in order]``; fields the searched meta fields, by name.
- ``index/<hash>.pf_index``: ``[[word entry...]]`` sorted by word; an entry is ``[word, pages,
  variants]``, a page ``[page number, locations, meta locations]`` (meta locations mark the
  field by its number: -1 for the first field, -2 for the second...), a variant ``[word as
  written, pages]``. Page numbers in a list of pages are deltas: the first from 0, each next
  one from the one before (the pages ascend). A chunk closes when its pages' locations, meta
  locations and one per page (variants not counted) reach 20,000.
- ``filter/<hash>.pf_filter``: ``[name, [[value, page numbers]...]]``.

A shard is kept as a PlacedShard: for each word, its list of pages as a Run, encoded (CBOR)
but for the first page's number, with the first and last pages' numbers where the shard sits in
the merged bundle. Merging is then joining bytes, each run's first page made a delta from the
previous run's last; a shard that moved (an earlier shard gained or lost pages) changes two
numbers per run, and only a change of the searched fields makes a shard be decoded again.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

import cbor2

from diplomacy_archive.i18n import _

SIGNATURE = b"pagefind_dcd"
CHUNK_LIMIT = 20_000  # Pagefind 1.5.2's index chunk size, in locations (see above)
FORMAT = 1  # of the PlacedShard files in the cache


class BundleFormatError(ValueError):
    """A file of the bundle is not what this version of Pagefind writes. The message of one
    raised while reading or merging a bundle reaches the editor (in the problem of the search
    index), so it is in the chosen language; one about a shard of the cache does not (the
    shard is made again)."""


# ---------------------------------------------------------------- files of a bundle

def pagefind_hash(data: bytes) -> str:
    """Pagefind's name hash: sha1, each byte in hex without zero padding."""
    return "".join(format(byte, "x") for byte in hashlib.sha1(data).digest())


def read_cbor(data: bytes) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise BundleFormatError(_("a file of the search index has no Pagefind signature"))
    return cbor2.loads(raw[len(SIGNATURE):])


def compressed(raw: bytes) -> bytes:
    """A bundle file's bytes from what ``merge`` gives: gzip, no name, mtime 0."""
    return gzip.compress(raw, compresslevel=6, mtime=0)


def _head(major: int, number: int) -> bytes:
    """A CBOR head: the type and length of an item (definite lengths only)."""
    if number < 24:
        return bytes([major << 5 | number])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | extra]) + number.to_bytes(size, "big")
    raise BundleFormatError(_("a number too large for CBOR"))


def _text(value: str) -> bytes:
    raw = value.encode()
    return _head(3, len(raw)) + raw


def _items(values: list[Any]) -> bytes:
    """The items of a CBOR array without its head, so that arrays can be joined."""
    return cbor2.dumps(values)[len(_head(4, len(values))):]


def _array(count: int, items: bytes) -> list[Any]:
    decoded = cbor2.loads(_head(4, count) + items)
    if not isinstance(decoded, list):
        raise BundleFormatError(_("a shard's word entry is not a list"))
    return decoded


# ---------------------------------------------------------------- one shard

# A Run is one list of pages of a word in one shard: [count, first page, last page, the first
# page's locations and meta locations (CBOR items), the other pages (CBOR items, as deltas)].
Run = list[Any]
EMPTY_RUN: Run = [0, 0, 0, b"", b""]


def _run(found: list[list[Any]]) -> Run:
    """A list of pages as Pagefind wrote it (deltas from 0), as a Run placed at 0."""
    if not found:
        return EMPTY_RUN
    first = found[0][0]
    last = first + sum(page[0] for page in found[1:])
    return [len(found), first, last, _items(found[0][1:]), _items(found[1:])]


def _moved(run: Run, delta: int, mapping: dict[int, int] | None) -> Run:
    count, first, last, head, rest = run
    if not count:
        return EMPTY_RUN
    if mapping is not None:
        locations, meta = _array(2, head)
        head = _items([locations, _remap(meta, mapping)])
        rest = _items([[d, locations, _remap(meta, mapping)]
                       for d, locations, meta in _array(count - 1, rest)])
    return [count, first + delta, last + delta, head, rest]


@dataclass
class PlacedShard:
    """One shard's index, its pages numbered from ``offset`` on and its meta locations by the
    merged bundle's ``fields``. Plain data, as the build cache keeps it.

    ``words`` are sorted ``[word, size, run, variants]``: ``run`` the word's pages (a Run),
    ``size`` what they add to a chunk, ``variants`` ``[written, run]``. ``filters`` map a
    filter's values to page numbers; ``entry`` is Pagefind's pagefind-entry.json for the shard.
    """

    key: str
    inputs: str  # what the shard was made from (its pages and Pagefind's version)
    offset: int
    fields: list[str]
    version: str
    entry: dict[str, Any]
    pages: list[list[Any]]
    filters: dict[str, dict[str, list[int]]]
    sorts: dict[str, list[int]]
    words: list[list[Any]]

    def to_bytes(self) -> bytes:
        return cbor2.dumps([FORMAT, self.key, self.inputs, self.offset, self.fields,
                            self.version, self.entry, self.pages, self.filters, self.sorts,
                            self.words])

    @staticmethod
    def from_bytes(data: bytes) -> PlacedShard:
        """A shard read back from the cache; BundleFormatError when it is not one."""
        try:
            value = cbor2.loads(data)
        except (cbor2.CBORDecodeError, ValueError, TypeError, RecursionError) as exc:
            raise BundleFormatError(f"not a search shard ({exc})") from None
        if not isinstance(value, list) or len(value) != 11 or value[0] != FORMAT:
            raise BundleFormatError("not a search shard of this version")
        shard = PlacedShard(*value[1:])
        if not (isinstance(shard.words, list) and isinstance(shard.pages, list)
                and isinstance(shard.offset, int) and isinstance(shard.fields, list)
                and isinstance(shard.filters, dict) and isinstance(shard.sorts, dict)
                and isinstance(shard.entry, dict)):
            raise BundleFormatError("a search shard with fields of the wrong types")
        return shard

    def placed(self, offset: int, fields: list[str]) -> PlacedShard:
        """The same shard numbered from ``offset`` and by ``fields`` (itself when it is)."""
        if offset == self.offset and fields == self.fields:
            return self
        delta = offset - self.offset
        mapping = _field_mapping(self.fields, fields)
        words = [[word, size, _moved(run, delta, mapping),
                  [[written, _moved(more, delta, mapping)] for written, more in variants]]
                 for word, size, run, variants in self.words]
        return PlacedShard(
            self.key, self.inputs, offset, fields, self.version, self.entry, self.pages,
            {name: {value: [p + delta for p in found] for value, found in values.items()}
             for name, values in self.filters.items()},
            {name: [p + delta for p in order] for name, order in self.sorts.items()}, words)


def _field_mapping(old: list[str], new: list[str]) -> dict[int, int] | None:
    """Meta location markers of ``old`` fields to those of ``new`` (None: the same). A field
    of ``old`` that ``new`` lacks is one no page of the shard has: nothing marks it."""
    if old == new:
        return None
    return {-1 - number: -1 - new.index(name) for number, name in enumerate(old)
            if name in new}


def _remap(meta: list[int], mapping: dict[int, int] | None) -> list[int]:
    if mapping is None:
        return meta
    return [mapping.get(value, value) if value < 0 else value for value in meta]


def read_shard(bundle: Path, key: str, inputs: str) -> PlacedShard:
    """The shard Pagefind wrote to ``bundle``, placed at 0 by the meta fields it has (``placed``
    moves it where it belongs)."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        (_language, info), = entry["languages"].items()
        meta = read_cbor((bundle / f"pagefind.{info['hash']}.pf_meta").read_bytes())
        version, pages, chunks, filter_files, sorts, fields = meta[:6]
        words: list[list[Any]] = []
        for _start, _end, name in chunks:
            (entries,) = read_cbor((bundle / "index" / f"{name}.pf_index").read_bytes())
            for word, found, variants in entries:
                size = sum(len(locations) + len(meta_locations) + 1
                           for _page, locations, meta_locations in found)
                words.append([word, size, _run(found),
                              [[written, _run(more)] for written, more in variants]])
        filters: dict[str, dict[str, list[int]]] = {}
        for _name, file_hash in filter_files:
            filter_name, values = read_cbor(
                (bundle / "filter" / f"{file_hash}.pf_filter").read_bytes())
            filters[filter_name] = dict(values)
        return PlacedShard(key, inputs, 0, list(fields), version, entry,
                           [list(page) for page in pages], filters, dict(sorts),
                           sorted(words, key=lambda w: w[0]))
    except (OSError, KeyError, IndexError, TypeError, ValueError, cbor2.CBORDecodeError) as exc:
        raise BundleFormatError(_("Pagefind's bundle is not in the expected form ({error})"
                                  ).format(error=exc)) from None


# ---------------------------------------------------------------- the merged bundle

def merge(shards: list[PlacedShard], language: str) -> dict[str, bytes]:
    """The bundle's index files (entry, meta, index and filter files; not the fragments nor
    Pagefind's scripts) of ``shards``, placed one after another in this order, by path in the
    bundle. The same shards give the same bytes. Files ending in ``.pf_meta``, ``.pf_index``
    and ``.pf_filter`` are given before compression (``compressed`` makes their bytes): their
    names say what they hold, so a file whose name the last bundle had need not be made.

    The pages are numbered in the shards' order, that is by date. Pagefind numbers them in
    the order the file system lists the files (found with os.listdir on ext4: a hash order),
    and that order is not only cosmetic: the written forms of a word (``chỉ``, ``chí``) are
    listed in the order they first occur page after page, and a search scores them in that
    order, so one Pagefind run over the same pages on another disk scores some multi-word
    queries differently (up to 20% on the example archive). The pages found, and the facet
    counts, do not depend on it; tests/test_search_browser.py checks both."""
    if not shards:
        raise BundleFormatError(_("no shard to merge"))
    fields = shards[0].fields
    if any(shard.fields != fields for shard in shards):
        raise BundleFormatError(_("shards placed by different fields"))
    files: dict[str, bytes] = {}
    taken: set[str] = set()

    def name_of(cbor: bytes) -> str:
        full = f"{language}_{pagefind_hash(cbor)}"
        short = full[:len(language) + 8]
        while short in taken and len(short) < len(full):
            short = full[:len(short) + 1]
        taken.add(short)
        return short

    chunks = []
    for words in _chunks(heapq.merge(*(shard.words for shard in shards), key=lambda w: w[0])):
        cbor = _head(4, 1) + _head(4, len(words)) + b"".join(entry for _, entry in words)
        name = name_of(cbor)
        files[f"index/{name}.pf_index"] = SIGNATURE + cbor
        chunks.append([words[0][0], words[-1][0], name])
    words_at = [(first, last) for first, last, _ in chunks]
    for before, after in zip(chunks, chunks[1:], strict=False):
        before[1], after[0] = _prefixes(before[1], after[0])
    for chunk, (first, last) in zip(chunks, words_at, strict=True):
        if chunk[1] < chunk[0]:  # a one-word chunk cut shorter than its start: not cut
            chunk[0], chunk[1] = first if chunk[0] > last else chunk[0], last

    filters = []
    for filter_name in sorted({name for shard in shards for name in shard.filters}):
        values: dict[str, list[int]] = {}
        for shard in shards:
            for value, found in shard.filters.get(filter_name, {}).items():
                values.setdefault(value, []).extend(found)
        cbor = cbor2.dumps([filter_name, [[value, sorted(values[value])]
                                          for value in sorted(values)]])
        name = name_of(cbor)
        files[f"filter/{name}.pf_filter"] = SIGNATURE + cbor
        filters.append([filter_name, name])
    # Shards follow each other in the order of the sort (by date: they are periods of time)
    sorts = [[name, [p for shard in shards for p in shard.sorts.get(name, [])]]
             for name in sorted({name for shard in shards for name in shard.sorts})]
    pages = [page for shard in shards for page in shard.pages]
    meta = cbor2.dumps([shards[0].version, pages, chunks, filters, sorts, fields])
    meta_name = f"{language}_{pagefind_hash(meta)[:len(language) + 8]}"
    files[f"pagefind.{meta_name}.pf_meta"] = SIGNATURE + meta
    entry = dict(shards[0].entry)
    (own_language, info), = entry["languages"].items()
    entry["languages"] = {own_language: {**info, "hash": meta_name, "page_count": len(pages)}}
    files["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False,
                                              separators=(",", ":")).encode()
    return files


def _chunks(words: Iterable[list[Any]]) -> Iterator[list[tuple[str, bytes]]]:
    """Word entries, the same word of every shard joined, in chunks as Pagefind cuts them."""
    chunk: list[tuple[str, bytes]] = []
    size = 0
    for word, parts_iter in groupby(words, key=lambda w: w[0]):
        parts = list(parts_iter)
        # Written forms in the order they first occur, page after page, as Pagefind orders
        # them (the order changes the scores of a search; see ``merge``)
        variants: dict[str, list[Run]] = {}
        for part in parts:
            for written, run in part[3]:
                variants.setdefault(written, []).append(run)
        entry = b"".join([
            _head(4, 3), _text(word), _joined([part[2] for part in parts]),
            _head(4, len(variants)),
            *(_head(4, 2) + _text(written) + _joined(runs) for written, runs in variants.items())])
        chunk.append((word, entry))
        size += sum(part[1] for part in parts)
        if size >= CHUNK_LIMIT:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _joined(runs: list[Run]) -> bytes:
    """One list of pages from runs in page order: each run's first page a delta from the
    last page of the run before."""
    out = [_head(4, sum(run[0] for run in runs))]
    last = 0
    for count, first, final, head, rest in runs:
        if count:
            out += [_head(4, 3), cbor2.dumps(first - last), head, rest]
            last = final
    return b"".join(out)


def _prefixes(last: str, first: str) -> tuple[str, str]:
    """Where one chunk ends and the next begins: each word cut one character past what they
    share (as Pagefind names its chunks)."""
    common = 0
    for a, b in zip(first, last, strict=False):
        if a != b:
            break
        common += 1
    return last[:common + 1], first[:common + 1]
