"""Plain data for the build cache: JSON that cannot run code when it is read back.

A cache restored from elsewhere (a CI cache) is untrusted input, so it is not a pickle. ``dumps``
writes the objects a cache holds as compact UTF-8 JSON; ``loads`` reads them back into the same
objects, equal and of the same types, and constructs nothing but plain values, a few standard
types (tuple, set, frozenset, date, datetime with its time zone) and the project's own dataclasses
and enums named in ``allowed_types()``. It imports and calls nothing a file names: a tag is looked
up in that allow-list, never resolved as a module or attribute. Anything it cannot read (not
JSON, an unknown tag, fields a class does not have, a value of the wrong shape, nesting deeper
than ``MAX_DEPTH``) raises ``CacheFormatError``, and nothing else.

The document is one JSON array, ``[MAGIC, VERSION, types, value]``:

- ``types`` lists the classes the value uses, ``[tag, field names]`` for a dataclass and
  ``[tag, null]`` for an enum; the tag is the class's module below the package and its
  qualified name (``source.articles.Article``). A class is read back only if the allow-list
  has its tag and, for a dataclass, exactly these fields in this order.
- str, int, float, bool, None, and dicts whose keys are all str, are themselves. A list is
  itself, unless its first item is an int: then it is written ``[0, items...]``. Every other
  value is an array whose first item is an int code: ``[1, items...]`` a tuple,
  ``[2, key, value, key, value...]`` a dict with other keys, ``[3, items...]`` a set,
  ``[4, items...]`` a frozenset, ``[5, year, month, day]`` a date, ``[6, year, month, day,
  hour, minute, second, microsecond, fold, zone]`` a datetime (zone: null, a ZoneInfo key, or
  ``[offset in microseconds]`` / ``[offset, name]`` for a fixed offset), ``[7, n]`` the n-th
  dataclass instance already read (an object shared in the value is written once and stays
  shared, as pickle kept it), and ``[8 + i, fields...]`` an instance of ``types[i]`` (its field
  values in field order; an enum member is ``[8 + i, value]``).

The output holds no newline byte (JSON escapes control characters in strings), so documents can
be stored one per line. Instances are restored as pickle restores them: ``__init__`` and
``__post_init__`` are not run, the fields are set directly; a ``cached_property`` or any other
attribute that is not a field is not stored. ``loads`` checks the shape of what it reads, not
the types of field values: like a pickle of the right classes, a hostile file can still hold an
Article whose title is a number, but it cannot make anything run. Both functions pause the
cyclic garbage collector while they make their many objects.
"""

from __future__ import annotations

import functools
import gc
import json
import re
import reprlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields, is_dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from enum import Enum
from operator import attrgetter
from typing import Any
from zoneinfo import ZoneInfo

MAGIC = "diplomacy-archive/plain-data"
VERSION = 1
# Deepest nesting of containers and objects read back; the cache's real data nests about ten.
MAX_DEPTH = 100

LIST, TUPLE, DICT, SET, FROZENSET, DATE, DATETIME, REF = range(8)
FIRST_CLASS = 8  # codes from here on name the document's types, in order

_PACKAGE = "diplomacy_archive."
_PLAIN = frozenset({str, int, float, bool, type(None)})
_ZONE_KEY = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*")
_MICROSECOND = timedelta(microseconds=1)


class CacheFormatError(ValueError):
    """The data is not a plain-data document this generator can read."""


# ---------------------------------------------------------------- the allow-list

def _core_types() -> tuple[type, ...]:
    """The classes of the cache's file index: all a build with nothing changed reads, so
    reading them must not import the heavy modules (Markdown, nh3, YAML) the others do."""
    from diplomacy_archive.build.cache import FileIndex, FileRecord
    from diplomacy_archive.problems import Problem, Severity

    return (FileIndex, FileRecord, Problem, Severity)


def allowed_types() -> tuple[type, ...]:
    """Every class a cache may hold, and so the only classes ``loads`` constructs."""
    from diplomacy_archive.build.memo import ParsedFile
    from diplomacy_archive.model.entities import (
        Appearance,
        ArticleEntities,
        Directive,
        Entities,
        Person,
        Place,
    )
    from diplomacy_archive.model.indexes import Month, Neighbours, SiteIndex, Term, Year
    from diplomacy_archive.source.articles import Article, Image, Rejected, Source, Speaker
    from diplomacy_archive.source.images import ImageInfo, ImageUse
    from diplomacy_archive.text.dates import EventDate, Precision

    return (*_core_types(), ParsedFile,
            Article, Rejected, Speaker, Source, Image, ImageUse, ImageInfo, EventDate, Precision,
            Entities, Directive, Person, Place, ArticleEntities, Appearance,
            SiteIndex, Term, Year, Month, Neighbours)


def type_tag(cls: type) -> str:
    """The stable name a document gives a class: ``source.articles.Article``."""
    module = cls.__module__
    if module.startswith(_PACKAGE):
        module = module[len(_PACKAGE):]
    return f"{module}.{cls.__qualname__}"


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def forget_types() -> None:
    """Forget the tables made from the allow-list (after it changed: tests extend it)."""
    _tags.cache_clear()
    _known_types.cache_clear()
    _FIELD_NAMES.clear()


def _values_of(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving an instance's field values, as a tuple, in field order."""
    if len(names) >= 2:
        return attrgetter(*names)
    if names:
        get = attrgetter(names[0])
        return lambda obj: (get(obj),)
    return lambda obj: ()


# ---------------------------------------------------------------- writing

def dumps(value: object) -> bytes:
    """``value`` as a plain-data document; TypeError for a value of a type it cannot hold,
    ValueError for a value nested too deeply or holding itself."""
    with _collector_paused():
        text = json.dumps(_document(value), ensure_ascii=False, separators=(",", ":"),
                          check_circular=False)
    # A lone surrogate (never in text read as UTF-8, but possible) survives: json.loads reads
    # bytes with "surrogatepass" too.
    return text.encode("utf-8", "surrogatepass")


@functools.cache
def _tags(complete: bool) -> dict[type, str]:
    """The tags of the allowed classes: those of the file index only, unless ``complete`` (the
    others import the heavy modules)."""
    return {cls: type_tag(cls) for cls in (allowed_types() if complete else _core_types())}


def _document(value: object) -> list[Any]:
    """The document as plain lists and dicts, ready for the json module."""
    allowed = _tags(False)
    complete = False
    header: list[list[Any]] = []
    classes: dict[type, tuple[int, Callable[[Any], tuple[Any, ...]] | None]] = {}
    memo: dict[int, int] = {}
    plain = _PLAIN
    is_plain = _PLAIN.issuperset
    is_str = frozenset({str}).issuperset

    def add_class(cls: type) -> None:
        nonlocal allowed, complete
        if cls not in allowed and not complete:
            allowed = _tags(True)
            complete = True
        if cls not in allowed:
            raise TypeError(f"the cache cannot hold a {cls.__module__}.{cls.__qualname__}: "
                            "it is not in diplomacy_archive.build.plain_data.allowed_types()")
        code = FIRST_CLASS + len(header)
        if issubclass(cls, Enum):
            if not _PLAIN.issuperset(type(member.value) for member in cls):
                raise TypeError(f"{allowed[cls]}: the cache holds enums of plain values only")
            header.append([allowed[cls], None])
            classes[cls] = (code, None)
        else:
            names = _field_names(cls)
            header.append([allowed[cls], list(names)])
            classes[cls] = (code, _values_of(names))

    def enc(v: Any) -> Any:
        t = type(v)
        if t is tuple:
            if is_plain(map(type, v)):
                return [TUPLE, *v]
            return [TUPLE, *[x if type(x) in plain else enc(x) for x in v]]
        known = classes.get(t)
        if known is not None:
            code, values = known
            if values is None:  # an enum member
                return [code, v.value]
            key = id(v)
            seen = memo.get(key)
            if seen is not None:
                return [REF, seen]
            items = values(v)
            out = ([code, *items] if is_plain(map(type, items))
                   else [code, *[x if type(x) in plain else enc(x) for x in items]])
            memo[key] = len(memo)  # numbered when done, as the reader numbers them
            return out
        if t is dict:
            if is_str(map(type, v)):
                if is_plain(map(type, v.values())):
                    return v  # the json module writes it as it is
                return {k: x if type(x) in plain else enc(x) for k, x in v.items()}
            pairs: list[Any] = [DICT]
            for k, x in v.items():
                pairs.append(k if type(k) in plain else enc(k))
                pairs.append(x if type(x) in plain else enc(x))
            return pairs
        if t is list:
            listed = v if is_plain(map(type, v)) else [x if type(x) in plain else enc(x)
                                                       for x in v]
            return [LIST, *listed] if listed and type(listed[0]) is int else listed
        if t is datetime:
            return [DATETIME, v.year, v.month, v.day, v.hour, v.minute, v.second,
                    v.microsecond, v.fold, _zone_spec(v.tzinfo)]
        if t is date:
            return [DATE, v.year, v.month, v.day]
        if t is set or t is frozenset:
            return [SET if t is set else FROZENSET,
                    *[x if type(x) in plain else enc(x) for x in v]]
        if t in plain:
            return v
        add_class(t)  # raises TypeError for a class that is not allowed
        return enc(v)

    try:
        body = enc(value)
    except RecursionError:
        raise ValueError("the value is nested too deeply or holds itself") from None
    return [MAGIC, VERSION, header, body]


def _zone_spec(zone: tzinfo | None) -> object:
    if zone is None:
        return None
    if type(zone) is ZoneInfo:
        if zone.key is None:
            raise TypeError("the cache cannot hold a ZoneInfo read from a file (it has no key)")
        return zone.key
    if type(zone) is timezone:
        offset, *name = zone.__getinitargs__()  # type: ignore[attr-defined]
        return [offset // _MICROSECOND, *name]
    raise TypeError(f"the cache cannot hold the time zone {zone!r}: only ZoneInfo and fixed "
                    "offsets (datetime.timezone)")


# ---------------------------------------------------------------- reading

def loads(data: bytes | bytearray | str) -> object:
    """The value of a plain-data document; CacheFormatError if it is not one."""
    if not isinstance(data, (bytes, bytearray, str)):
        raise TypeError(f"plain data is bytes, not {type(data).__name__}")
    try:
        with _collector_paused():
            return _read(data)
    except CacheFormatError:
        raise
    except RecursionError:  # from the json module, before any limit of this module's
        raise CacheFormatError("containers are nested too deeply") from None
    except (TypeError, ValueError, KeyError, IndexError, OverflowError) as exc:
        # what the checks leave to the json module and the constructors: text that is not
        # JSON, a hash of an unhashable key, a month 13, an offset of more than a day...
        raise CacheFormatError(f"{type(exc).__name__}: {exc}") from exc


def _read(data: bytes | bytearray | str) -> object:
    doc = json.loads(data)
    if (type(doc) is not list or len(doc) != 4 or type(doc[0]) is not str
            or doc[0] != MAGIC):
        raise CacheFormatError("not a plain-data document")
    if type(doc[1]) is not int or doc[1] != VERSION:
        raise CacheFormatError(f"plain-data version {_brief(doc[1])}; this generator reads "
                               f"{VERSION}")
    return _Reader(_read_types(doc[2])).read(doc[3])


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while many objects are made at once and none is
    freed: it would scan them again and again for nothing (a fifth of the time of loads)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxstring = 60
_REPR.maxother = 60


def _brief(value: object) -> str:
    """A short repr for messages, whatever the size and depth of ``value``."""
    return _REPR.repr(value)


# (class, field names or None for an enum, length of its array, the enum's members by value)
_Entry = tuple[type, tuple[str, ...] | None, int, dict[Any, Any]]


@functools.cache
def _known_types(complete: bool) -> dict[str, type]:
    """The allowed classes by tag: those of the file index only, unless ``complete``."""
    return {tag: cls for cls, tag in _tags(complete).items()}


def _read_types(header: object) -> list[_Entry]:
    if type(header) is not list:
        raise CacheFormatError("the list of types is not a list")
    known = _known_types(False)
    complete = False
    table: list[_Entry] = []
    for entry in header:
        if (type(entry) is not list or len(entry) != 2 or type(entry[0]) is not str):
            raise CacheFormatError(f"a type is not [tag, fields]: {_brief(entry)}")
        tag, names = entry
        if tag not in known and not complete:
            known = _known_types(True)
            complete = True
        cls = known.get(tag)
        if cls is None:
            raise CacheFormatError(f"unknown type tag {_brief(tag)}")
        if issubclass(cls, Enum):
            if names is not None:
                raise CacheFormatError(f"{tag} is an enum, it has no fields")
            table.append((cls, None, 2, {member.value: member for member in cls}))
            continue
        expected = _field_names(cls)
        if (type(names) is not list or len(names) != len(expected)
                or any(type(n) is not str for n in names) or tuple(names) != expected):
            raise CacheFormatError(f"{tag} has the fields {', '.join(expected)}, "
                                   f"not {_brief(names)}")
        if not is_dataclass(cls) or "__slots__" in cls.__dict__:
            raise CacheFormatError(f"{tag} cannot be restored")  # not reached: no such class
        table.append((cls, expected, len(expected) + 1, {}))
    return table


class _Reader:
    """One document's walk: the objects read so far (for ``[7, n]``) and the zones met."""

    def __init__(self, table: list[_Entry]) -> None:
        self.table = table
        self.objects: list[object] = []
        self.zones: dict[str, ZoneInfo] = {}

    def read(self, value: object) -> object:
        if type(value) in _PLAIN:
            return value
        objects = self.objects
        table = self.table
        classes = len(table)
        plain = _PLAIN
        is_plain = _PLAIN.issuperset
        new = object.__new__

        def dec(v: Any, depth: int) -> Any:
            if depth >= MAX_DEPTH:
                raise CacheFormatError(f"containers are nested more than {MAX_DEPTH} deep")
            depth += 1
            if type(v) is dict:
                if is_plain(map(type, v.values())):
                    return v
                return {k: x if type(x) in plain else dec(x, depth) for k, x in v.items()}
            if not v:
                return v
            code = v[0]
            if type(code) is not int:
                if is_plain(map(type, v)):
                    return v
                return [x if type(x) in plain else dec(x, depth) for x in v]
            if code >= FIRST_CLASS:
                number = code - FIRST_CLASS
                if number >= classes:
                    raise CacheFormatError(f"the code {code} names no type of the document")
                cls, names, size, members = table[number]
                if len(v) != size:
                    raise CacheFormatError(f"{type_tag(cls)} is an array of {size - 1} "
                                           f"values, not {len(v) - 1}")
                if names is None:
                    try:
                        return members[v[1]]
                    except (KeyError, TypeError):
                        raise CacheFormatError(f"{_brief(v[1])} is no "
                                               f"{type_tag(cls)}") from None
                obj: Any = new(cls)
                # the values in field order (their number is checked): set as pickle sets them
                obj.__dict__.update(zip(names, v[1:] if is_plain(map(type, v)) else
                                        [x if type(x) in plain else dec(x, depth)
                                         for x in v[1:]], strict=False))
                objects.append(obj)
                return obj
            if code == TUPLE:
                if is_plain(map(type, v)):
                    return tuple(v[1:])
                return tuple([x if type(x) in plain else dec(x, depth) for x in v[1:]])
            if code == REF:
                if len(v) != 2 or type(v[1]) is not int or not 0 <= v[1] < len(objects):
                    raise CacheFormatError(f"{_brief(v)} refers to no object read before")
                return objects[v[1]]
            if code == LIST:
                return [x if type(x) in plain else dec(x, depth) for x in v[1:]]
            if code == DICT:
                if len(v) % 2 != 1:
                    raise CacheFormatError("a dict has a key without a value")
                items = [x if type(x) in plain else dec(x, depth) for x in v[1:]]
                return dict(zip(items[::2], items[1::2], strict=False))
            if code == DATETIME:
                if len(v) != 10 or any(type(n) is not int for n in v[1:9]):
                    raise CacheFormatError(f"not a datetime: {_brief(v)}")
                return datetime(v[1], v[2], v[3], v[4], v[5], v[6], v[7], self.zone(v[9]),
                                fold=v[8])
            if code == DATE:
                if len(v) != 4 or any(type(n) is not int for n in v[1:]):
                    raise CacheFormatError(f"not a date: {_brief(v)}")
                return date(*v[1:])
            if code in (SET, FROZENSET):
                items = [x if type(x) in plain else dec(x, depth) for x in v[1:]]
                return set(items) if code == SET else frozenset(items)
            raise CacheFormatError(f"unknown code {code}")

        return dec(value, 0)

    def zone(self, spec: object) -> tzinfo | None:
        if spec is None:
            return None
        if type(spec) is str:
            zone = self.zones.get(spec)
            if zone is None:
                # ZoneInfo reads the named file of the time zone database (or tzdata's), nothing
                # else: it refuses keys that leave it; the pattern keeps them to plain names.
                if len(spec) > 100 or not _ZONE_KEY.fullmatch(spec):
                    raise CacheFormatError(f"{_brief(spec)} is not a time zone name")
                try:
                    zone = self.zones[spec] = ZoneInfo(spec)
                except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
                    raise CacheFormatError(f"no time zone {_brief(spec)}") from None
            return zone
        if (type(spec) is list and 1 <= len(spec) <= 2 and type(spec[0]) is int
                and (len(spec) == 1 or type(spec[1]) is str)):
            offset = timedelta(microseconds=spec[0])
            return timezone(offset, spec[1]) if len(spec) == 2 else timezone(offset)
        raise CacheFormatError(f"not a time zone: {_brief(spec)}")
