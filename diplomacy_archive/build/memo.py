"""Reuse between builds, behind one small API: a memo holds the results of one computation, by
key (an article, a page, a shard, the site), each with the digest of the inputs it was made
from. A stage asks its memo whether the last build made a key from the same inputs (``keep``),
and records what it made (``put``); it never sees where results are stored.

The memos of a build are read from the store (build/store.py) and saved back to it: only the
rows that changed are written, so an edit of one article writes a few rows. Values are plain
data (build/plain_data.py), decoded when first used; the articles' HTML (a lazy memo) is not
even read until a page needs it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from typing import Any, Generic, TypeVar

from diplomacy_archive.build import plain_data
from diplomacy_archive.build.store import CacheUnreadable, Changes, Store, StoreError
from diplomacy_archive.problems import Problem
from diplomacy_archive.source.images import ImageInfo, ImageUse

T = TypeVar("T")
_UNREADABLE = object()  # a value that is not there or cannot be decoded


@dataclass(frozen=True)
class ParsedFile:
    """One article file as parsed: the article (its Markdown dropped once converted), its
    body's summary, its problems, and the digest of everything but the body (what the indexes
    depend on). Its body's HTML is in the ``html`` memo. An article with errors has no
    ``article`` but, when its front matter could be read, ``rejected``: what later stages
    check of it (source.articles.Rejected, its Markdown dropped too). ``images`` are the
    places it names pictures of the site (front matter and body, source.images)."""

    article: object | None
    summary: str
    problems: list[Problem]
    meta: str = ""
    rejected: object | None = None
    images: tuple[ImageUse, ...] = ()


@dataclass
class _Last:
    inputs: str
    raw: bytes | None  # the encoded value; None once decoded, or in a lazy memo


class Memo(Generic[T]):
    """The results of one computation: the last build's (``last``) and this build's (``made``).

    ``made`` is what the next build will find: a key neither kept nor put in this build is
    forgotten when the memo is saved.
    """

    def __init__(self, name: str, kind: type | tuple[type, ...], lazy: bool = False,
                 encode: Callable[[T], bytes] = plain_data.dumps,
                 decode: Callable[[bytes], T] = plain_data.loads  # type: ignore[assignment]
                 ) -> None:
        self.name = name
        self.kind = kind  # what a value must be: a row holding anything else is not used
        self.lazy = lazy
        self._encode = encode
        self._decode = decode
        self._store: Store | None = None
        self._last: dict[str, _Last] = {}
        self._values: dict[str, T] = {}  # decoded values of the last build, by key
        self.made: dict[str, tuple[str, T | None]] = {}
        self._carried: set[str] = set()  # keys of ``made`` that are the last build's rows

    # ------------------------------------------------------------ the last build's

    def load(self, store: Store) -> None:
        self._store = store
        self._last = {key: _Last(inputs, raw)
                      for key, inputs, raw in store.rows(self.name, values=not self.lazy)}

    def inputs(self, key: str) -> str | None:
        """The inputs the last build made ``key`` from, if it made it."""
        last = self._last.get(key)
        return last.inputs if last is not None else None

    def previous(self, key: str) -> T | None:
        """The last build's value of ``key`` whatever it was made from (None without one, or
        when it cannot be read)."""
        value = self._decoded(key)
        return None if value is _UNREADABLE else value  # type: ignore[return-value]

    def _decoded(self, key: str) -> object:
        last = self._last.get(key)
        if last is None or self.lazy:
            return _UNREADABLE
        if key not in self._values:
            if last.raw is None:
                return _UNREADABLE
            try:
                value = self._decode(last.raw)
            except (plain_data.CacheFormatError, ValueError):
                return _UNREADABLE
            if not isinstance(value, self.kind):
                return _UNREADABLE
            self._values[key] = value
            last.raw = None  # decoded once: the bytes are not needed again
        return self._values[key]

    def last_keys(self) -> Iterator[str]:
        return iter(self._last)

    def keep(self, key: str, inputs: str) -> bool:
        """Carry the last build's result of ``key`` into this build if it was made from the
        same ``inputs`` (and can be read); whether it was."""
        last = self._last.get(key)
        if last is None or last.inputs != inputs:
            return False
        value = None if self.lazy else self._decoded(key)
        if value is _UNREADABLE:
            return False
        self.made[key] = (inputs, value)  # type: ignore[assignment]
        self._carried.add(key)
        return True

    def fetch(self, key: str) -> T:
        """The last build's value of ``key`` in a lazy memo, read from the store now."""
        assert self._store is not None
        try:
            return self._decode(self._store.value(self.name, key))
        except (StoreError, KeyError, ValueError) as exc:  # ValueError: UnicodeDecodeError too
            raise CacheUnreadable(f"{self.name}/{key}: {exc}") from None

    def fetcher(self, key: str) -> Callable[[], T]:
        return functools.partial(self.fetch, key)

    # ------------------------------------------------------------ this build's

    def put(self, key: str, inputs: str, value: T) -> T:
        self.made[key] = (inputs, value)
        self._carried.discard(key)
        return value

    def make(self, key: str, inputs: str, compute: Callable[[], T]) -> T:
        """The value of ``key``: the last build's if made from ``inputs``, else ``compute()``."""
        if self.keep(key, inputs):
            return self.get(key)
        return self.put(key, inputs, compute())

    def inputs_now(self, key: str) -> str:
        """The inputs this build's value of ``key`` was made from."""
        return self.made[key][0]

    def get(self, key: str) -> T:
        """This build's value of ``key`` (kept or put)."""
        inputs, value = self.made[key]
        if value is None and self.lazy:
            return self.fetch(key)
        return value  # type: ignore[return-value]

    def carry_all(self) -> None:
        """This build's results are the last build's (kept as a whole with the result they
        were part of, or after a build that failed)."""
        self.made = {key: (last.inputs, None) for key, last in self._last.items()}
        self._carried = set(self.made)

    def changes(self, into: Changes) -> None:
        """The rows to write and remove for ``made`` to be what the next build finds."""
        into.removed.extend((self.name, key) for key in self._last.keys() - self.made.keys())
        for key, (inputs, value) in self.made.items():
            if key not in self._carried and not self._stored(key, inputs, value):
                into.rows.append((self.name, key, inputs,
                                  self._encode(value)))  # type: ignore[arg-type]

    def _stored(self, key: str, inputs: str, value: T | None) -> bool:
        """Whether the last build's row of ``key`` already holds this result."""
        last = self._last.get(key)
        if last is None or last.inputs != inputs:
            return False
        if self.lazy:
            return True  # a lazy memo's value is fixed by its inputs
        if key in self._values:  # decoded: compare values, not their encoding
            return bool(self._values[key] == value)
        return last.raw == self._encode(value)  # type: ignore[arg-type]


def _text(value: str) -> bytes:
    return value.encode("utf-8")


def _untext(raw: bytes) -> str:
    return raw.decode("utf-8")


def _nothing(_value: None) -> bytes:
    return b""


def _none(_raw: bytes) -> None:
    return None


@dataclass
class Memos:
    """Every memo a build uses, by computation."""

    articles: Memo[ParsedFile]  # per article file, by its content
    html: Memo[str]  # per article, its body's HTML, by its content and the directive registry
    index: Memo[tuple[object, object, list[Problem], str]]  # entities and indexes, by front matter
    export: Memo[str]  # per article, its line of the data export
    outputs: Memo[str]  # per output file, the digest of its bytes, by its render key
    templates: Memo[None]  # per template, by the digest of its sources
    shown: Memo[None]  # per article, by the digest of the file the output shows
    search: Memo[tuple[str, ...]]  # the search bundle's files, by the article pages' digests
    shards: Memo[tuple[str, ...]]  # per shard of the search index, its fields, by its pages
    search_files: Memo[None]  # per file of the search bundle, by the digest of its content
    addresses: Memo[dict[str, tuple[str, str, str]]]  # the pages an editor may move, by index
    images: Memo[ImageInfo]  # per picture of static/, its measure, by its content

    @classmethod
    def new(cls) -> Memos:
        return cls(articles=Memo("articles", ParsedFile),
                   html=Memo("html", str, lazy=True, encode=_text, decode=_untext),
                   index=Memo("index", tuple), export=Memo("export", str, encode=_text,
                                                             decode=_untext),
                   outputs=Memo("outputs", str, encode=_text, decode=_untext),
                   templates=Memo("templates", type(None), encode=_nothing, decode=_none),
                   shown=Memo("shown", type(None), encode=_nothing, decode=_none),
                   search=Memo("search", tuple), shards=Memo("shards", tuple),
                   search_files=Memo("search-files", type(None), encode=_nothing,
                                     decode=_none),
                   addresses=Memo("addresses", dict), images=Memo("images", ImageInfo))

    @classmethod
    def load(cls, store: Store) -> Memos | None:
        """The memos as the last build saved them; None when the store cannot be read."""
        memos = cls.new()
        try:
            for memo in memos.all():
                memo.load(store)
        except StoreError:
            return None
        return memos

    def all(self) -> list[Memo[Any]]:
        return [getattr(self, f.name) for f in fields(self)]

    def after_failure(self) -> None:
        """A build that failed keeps the files it parsed, and the rest as the last build that
        succeeded left it (its output is still in place)."""
        for memo in self.all():
            if memo not in (self.articles, self.html):
                memo.carry_all()

    def changes(self) -> Changes:
        changes = Changes()
        for memo in self.all():
            memo.changes(changes)
        return changes
