"""The cache's plain-data codec: every kind of value the cache holds comes back equal and of the
same types, the real cache of built sites round-trips, every class the cache can hold is in the
allow-list, and untrusted input gives CacheFormatError and nothing else."""

from __future__ import annotations

import json
import math
import pickle
import sys
import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from enum import Enum, StrEnum
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplomacy_archive import __version__
from diplomacy_archive.build import plain_data
from diplomacy_archive.build.cache import FileIndex, load
from diplomacy_archive.build.memo import Memos, ParsedFile
from diplomacy_archive.build.plain_data import (
    MAGIC,
    MAX_DEPTH,
    VERSION,
    CacheFormatError,
    allowed_types,
    dumps,
    loads,
    type_tag,
)
from diplomacy_archive.build.store import Store
from diplomacy_archive.model.entities import Appearance, ArticleEntities, Entities, Person
from diplomacy_archive.model.indexes import SiteIndex, Term
from diplomacy_archive.problems import Problem, Severity
from diplomacy_archive.source.articles import Article, Image, Rejected, Source, Speaker
from diplomacy_archive.source.images import ImageInfo
from diplomacy_archive.source.site_folders import CACHE_DIR
from diplomacy_archive.text.dates import EventDate, Precision

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PARIS = ZoneInfo("Europe/Paris")

# ---------------------------------------------------------------- strict comparison


def assert_same(a: object, b: object, where: str = "value",
                pairs: dict[int, int] | None = None) -> None:
    """``b`` is ``a`` read back: equal, of the same types all the way down (every field of a
    dataclass, also those left out of its __eq__), datetimes in the same zone with the same
    fold, and objects shared in ``a`` shared the same way in ``b``."""
    pairs = {} if pairs is None else pairs
    assert type(a) is type(b), f"{where}: {type(b).__name__} instead of {type(a).__name__}"
    if is_dataclass(a):
        assert pairs.setdefault(id(a), id(b)) == id(b), f"{where}: sharing lost"
        assert a == b, where
        names = [f.name for f in fields(a)]
        assert list(vars(b)) == names or set(vars(b)) == set(names), f"{where}: attributes"
        for name in names:
            assert_same(getattr(a, name), getattr(b, name), f"{where}.{name}", pairs)
    elif isinstance(a, (list, tuple)):
        assert isinstance(b, (list, tuple)) and len(a) == len(b), where
        for number, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{where}[{number}]", pairs)
    elif isinstance(a, dict):
        assert isinstance(b, dict) and len(a) == len(b), where
        for (ka, va), (kb, vb) in zip(a.items(), b.items(), strict=True):
            assert_same(ka, kb, f"{where} key {ka!r}", pairs)
            assert_same(va, vb, f"{where}[{ka!r}]", pairs)
    elif isinstance(a, (set, frozenset)):
        assert a == b, where
        assert sorted(map(repr, map(type, a))) == sorted(map(repr, map(type, b))), where
    elif isinstance(a, datetime):
        assert isinstance(b, datetime)
        assert a == b and a.fold == b.fold, where
        assert a.replace(tzinfo=None) == b.replace(tzinfo=None), f"{where}: wall time"
        assert type(a.tzinfo) is type(b.tzinfo), f"{where}: zone {b.tzinfo!r}"
        if isinstance(a.tzinfo, ZoneInfo):
            assert isinstance(b.tzinfo, ZoneInfo) and a.tzinfo.key == b.tzinfo.key, where
        else:
            assert a.tzinfo == b.tzinfo and repr(a.tzinfo) == repr(b.tzinfo), where
    elif isinstance(a, float) and math.isnan(a):
        assert isinstance(b, float) and math.isnan(b), where
    else:
        assert a == b, where


def round_trip(value: object) -> object:
    data = dumps(value)
    assert isinstance(data, bytes) and b"\n" not in data
    again = loads(data)
    assert_same(value, again)
    return again


# ---------------------------------------------------------------- every kind of value

EVENT = EventDate(datetime(2021, 6, 18, tzinfo=HCM), Precision.DAY)
ARTICLE = Article(
    id="2021/toa-dam.md", path="content/2021/toa-dam.md", title="Tọa đàm hữu nghị", date=EVENT,
    slug="toa-dam", body="", body_line=9, lang="vi", venue="Hà Nội",
    speakers=(Speaker("Nguyễn Văn A", "Chủ tịch"),), directives=("ct-45",), tags=("hữu nghị",),
    source=Source("Báo", "https://example.org/a"), images=(Image("/a.jpg", "Ảnh", "TTXVN"),),
    updated=EventDate(datetime(2021, 6, 19, 8, 30, tzinfo=HCM), Precision.MINUTE),
    attendees=(Speaker("Trần B"),), import_notes=("date guessed",),
    lines={"title": 2, "date": 3})

KINDS: dict[str, object] = {
    "plain": {"s": "chữ \"quoted\"\n\t\\", "i": -3, "big": 10**40, "f": 1.5, "neg0": -0.0,
              "inf": math.inf, "t": True, "n": None, "list": ["a", 1, None], "empty": {},
              "nested": {"x": [{"y": []}]}},
    "list starting with an int": [1, 2, "three"],
    "list starting with a bool": [True, 1],
    "list of ints in a dict": {"stamp": [0, 7]},
    "tuple": (1, "a", None),
    "empty tuple": (),
    "nested tuples": ((1, (2, ("x",))), ((),)),
    "tuple of lists": ([1], ["a"], []),
    "list of tuples": [(1, 2), ("a",)],
    "dict with tuple keys": {("images", 0): 3, ("title",): 2, (): 0},
    "dict with int keys": {1: "a", 2: {3: (4,)}},
    "dict with mixed keys": {"a": 1, 2: "b", None: 3, True: 4, 1.5: 5},
    "dict with enum keys": {Severity.ERROR: 1, Precision.DAY: 2},
    "dict of dicts with non-str keys": {"outer": {(1, "a"): [(2, "b")]}},
    "set": {1, "a", (2, 3)},
    "frozenset": frozenset({("a", 1), "b"}),
    "empty set": set(),
    "date": date(2021, 6, 18),
    "naive datetime": datetime(2021, 6, 18, 8, 30, 15, 123456),
    "zoneinfo datetime": datetime(2021, 6, 18, 8, 30, tzinfo=HCM),
    "another zoneinfo": datetime(2020, 1, 1, tzinfo=PARIS),
    "fold=1 in a zone": datetime(2021, 10, 31, 2, 30, fold=1, tzinfo=PARIS),
    "fold=0 in a zone": datetime(2021, 10, 31, 2, 30, fold=0, tzinfo=PARIS),
    "utc": datetime(2021, 6, 18, tzinfo=UTC),
    "zoneinfo UTC": datetime(2021, 6, 18, tzinfo=ZoneInfo("UTC")),
    "fixed offset": datetime(2021, 6, 18, tzinfo=timezone(timedelta(hours=7))),
    "named fixed offset": datetime(2021, 6, 18, tzinfo=timezone(timedelta(hours=-3.5), "NST")),
    "offset with seconds": datetime(2021, 6, 18,
                                    tzinfo=timezone(timedelta(hours=1, microseconds=7))),
    "date and datetime": [date(2021, 1, 1), datetime(2021, 1, 1)],
    "enums": (Severity.ERROR, Severity.WARNING, Precision.YEAR, Precision.MINUTE),
    "problem": Problem("content/a.md", 3, None, "message", "hint", "field", Severity.WARNING),
    "event date": EVENT,
    "article": ARTICLE,
    "article with tuple keys in lines": Article(
        "a.md", "content/a.md", "A", EVENT, "a", "", 5, "vi",
        lines={("images", 0): 7, ("title",): 2}),  # type: ignore[dict-item]
    "parsed file": ParsedFile(ARTICLE, "x", [Problem("a", None, None, "m")], "m"),
    "entities": Entities({}, {"a": Person("a", "A", "a")}, {},
                         {"x.md": ArticleEntities("v", (Appearance("a", "r"),), ("d",))}),
    "one object twice": [EVENT, EVENT, (ARTICLE, ARTICLE.date)],
    "equal but distinct objects": [Speaker("A"), Speaker("A")],
    "strings": ["", "\x00\x1f\u2028\u2029", "\ud800 lone surrogate", "😀", "a" * 10_000],
}


@pytest.mark.parametrize("name", KINDS)
def test_every_kind_of_value_comes_back_equal_and_of_the_same_types(name: str) -> None:
    round_trip(KINDS[name])


def test_plain_json_values_are_written_as_they_are() -> None:
    value = {"a": ["x", 1, None, True, 1.5, {"b": []}], "c": {}}
    doc = json.loads(dumps(value))
    assert doc == [MAGIC, VERSION, [], value]
    assert json.loads(dumps([1, "a"]))[3] == [0, 1, "a"]  # a list starting with an int


def test_zones_and_offsets_come_back_as_they_were() -> None:
    again = loads(dumps([datetime(2021, 1, 1, tzinfo=HCM), datetime(2021, 1, 1,
                                                                    tzinfo=UTC)]))
    assert isinstance(again, list)
    assert again[0].tzinfo is HCM  # the same ZoneInfo, not a fixed offset of +07:00
    assert again[1].tzinfo is UTC


def test_a_shared_object_stays_shared_and_equal_ones_stay_apart() -> None:
    again = loads(dumps(KINDS["one object twice"]))
    assert isinstance(again, list)
    assert again[0] is again[1] is again[2][1]
    apart = loads(dumps(KINDS["equal but distinct objects"]))
    assert isinstance(apart, list)
    assert apart[0] == apart[1] and apart[0] is not apart[1]


def test_article_lines_are_kept_though_equality_ignores_them() -> None:
    again = loads(dumps(ARTICLE))
    assert isinstance(again, Article)
    assert again.lines == {"title": 2, "date": 3}


def test_the_json_is_compact_utf8_on_one_line() -> None:
    data = dumps({"title": "Tọa_đàm", "n": [1, 2], "text": "a\nb\r\u2028"})
    assert b" " not in data and b"\n" not in data and b"\r" not in data
    assert json.loads(data.decode("utf-8"))[3]["title"] == "Tọa_đàm"


# ---------------------------------------------------------------- a class of every kind

@dataclass(frozen=True)
class _Extra:
    name: str
    computed: str = field(init=False)
    when: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "computed", self.name.upper())

    @cached_property
    def expensive(self) -> str:
        return "CACHED-VALUE-" + self.name


@dataclass
class _Mutable:
    items: list[_Extra] = field(default_factory=list)
    by_key: dict[tuple[str, int], int] = field(default_factory=dict)


class _Colour(StrEnum):
    RED = "red"


@dataclass(frozen=True)
class _One:
    only: tuple[int, ...]


@dataclass
class _Empty:
    pass


@pytest.fixture
def extra_types(monkeypatch: pytest.MonkeyPatch) -> typing.Iterator[None]:
    more = (*allowed_types(), _Extra, _Mutable, _Colour, _One, _Empty)
    monkeypatch.setattr(plain_data, "allowed_types", lambda: more)
    plain_data.forget_types()  # the tables made from the allow-list
    yield
    monkeypatch.undo()
    plain_data.forget_types()


def test_init_false_fields_are_kept_and_cached_properties_are_not(extra_types: None) -> None:
    extra = _Extra("tên", when=datetime(2020, 2, 29, tzinfo=HCM))
    assert extra.expensive  # cached in the instance's __dict__
    data = dumps(_Mutable([extra, extra], {("a", 1): 2}))
    assert b"CACHED-VALUE" not in data
    again = loads(data)
    assert isinstance(again, _Mutable)
    assert again == _Mutable([extra, extra], {("a", 1): 2})
    assert again.items[0].computed == "TÊN" and "expensive" not in vars(again.items[0])
    assert again.items[0] is again.items[1]
    assert again.items[0].expensive == "CACHED-VALUE-tên"
    round_trip([_Colour.RED, {_Colour.RED: _Colour.RED}])
    round_trip([_One((1,)), _One(()), _Empty(), {_One((2,)): _Empty()}])


@dataclass(frozen=True)
class _NotAllowed:
    name: str


class _Text(str):
    pass


class _NamedTuple(typing.NamedTuple):
    a: int


@pytest.mark.parametrize("value", [
    _NotAllowed("x"), Path("a"), _Text("looks like a str"), _NamedTuple(1), b"bytes",
    {"k": object()}, [pickle], datetime(2021, 1, 1, tzinfo=ZoneInfo.no_cache("UTC")).time(),
    timedelta(1), Severity, type,
], ids=lambda value: type(value).__name__)  # (names, not addresses: the same in every process)
def test_values_it_cannot_hold_are_refused_when_written(value: object) -> None:
    with pytest.raises(TypeError, match="cannot hold"):
        dumps(value)


def test_a_str_subclass_is_refused_rather_than_written_as_a_str() -> None:
    from markupsafe import Markup

    with pytest.raises(TypeError, match="markupsafe.Markup"):
        dumps({"html": Markup("<p>x</p>")})


def test_a_zone_without_a_key_or_of_another_library_is_refused() -> None:
    class Zone(tzinfo):
        def utcoffset(self, dt: datetime | None) -> timedelta:
            return timedelta(0)

        def dst(self, dt: datetime | None) -> timedelta:
            return timedelta(0)

        def tzname(self, dt: datetime | None) -> str:
            return "Z"

    with pytest.raises(TypeError, match="time zone"):
        dumps(datetime(2021, 1, 1, tzinfo=Zone()))
    with resources.files("tzdata.zoneinfo").joinpath("UTC").open("rb") as handle:
        keyless = ZoneInfo.from_file(handle)
    with pytest.raises(TypeError, match="no key"):
        dumps(datetime(2021, 1, 1, tzinfo=keyless))


def test_a_value_holding_itself_is_refused() -> None:
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="holds itself"):
        dumps(loop)


# ---------------------------------------------------------------- random values

_zones = st.sampled_from([None, HCM, PARIS, ZoneInfo("UTC"), UTC,
                          timezone(timedelta(hours=7)), timezone(timedelta(minutes=-90), "X")])
# Within years where any offset can be taken away (hashing an aware datetime does that).
_datetimes = st.datetimes(datetime(1800, 1, 1), datetime(2200, 1, 1))
_scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
            | st.text(max_size=20) | st.dates()
            | st.builds(lambda d, z, f: d.replace(tzinfo=z, fold=f), _datetimes, _zones,
                        st.sampled_from([0, 1]))
            | st.sampled_from([*Severity, *Precision]))
_hashables = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3).map(tuple),
                          max_leaves=6)
_values = st.recursive(
    _scalars | st.builds(Speaker, st.text(max_size=5), st.text(max_size=5))
    | st.builds(Problem, st.text(max_size=5), st.none() | st.integers(), st.none(),
                st.text(max_size=5), severity=st.sampled_from(Severity)),
    lambda inner: (st.lists(inner, max_size=4) | st.lists(inner, max_size=4).map(tuple)
                   | st.dictionaries(st.text(max_size=5), inner, max_size=4)
                   | st.dictionaries(_hashables, inner, max_size=4)
                   | st.sets(_hashables, max_size=4) | st.frozensets(_hashables, max_size=4)
                   | st.builds(lambda d, p: EventDate(d.replace(tzinfo=HCM), p), _datetimes,
                               st.sampled_from(Precision))),
    max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_any_value_of_the_kinds_it_holds_comes_back(value: object) -> None:
    round_trip(value)


# ---------------------------------------------------------------- the allow-list

# Fields typed `object` hold, at run time, these (the test on built sites checks it).
OBJECT_FIELDS: dict[tuple[type, str], tuple[type, ...]] = {
    (ParsedFile, "article"): (Article,),
    (ParsedFile, "rejected"): (Rejected,),
}
# What the cache holds: the file index, and the values of the memos that hold objects (the
# parsed files, and the entities and indexes); the other memos hold strings and tuples of them.
ROOTS = [FileIndex, ParsedFile, Entities, SiteIndex, ImageInfo]  # (ImageInfo: the images memo)
STORABLE = {str, int, float, bool, type(None), list, tuple, dict, set, frozenset, date, datetime}


def hint_classes(hint: object) -> typing.Iterator[object]:
    """The classes a type hint names: ``dict[str, tuple[Term, ...]] | None`` -> dict, str,
    tuple, Term, NoneType."""
    origin = typing.get_origin(hint)
    if origin is None:
        if hint is not Ellipsis:
            yield hint
        return
    if origin not in (typing.Union, types.UnionType):
        yield origin
    for arg in typing.get_args(hint):
        yield from hint_classes(arg)


def reachable(roots: typing.Iterable[type]) -> tuple[set[type], set[str]]:
    """Every dataclass and enum the fields of ``roots`` can hold, following type hints (and
    OBJECT_FIELDS for fields typed ``object``), and every field whose type the codec cannot
    store."""
    found: set[type] = set()
    unstorable: set[str] = set()
    todo = list(roots)
    while todo:
        cls = todo.pop()
        if cls in found:
            continue
        found.add(cls)
        if not is_dataclass(cls):
            continue
        hints = typing.get_type_hints(cls)
        for f in fields(cls):
            for named in hint_classes(hints[f.name]):
                if named is object:
                    held = OBJECT_FIELDS.get((cls, f.name))
                    if held is None:
                        unstorable.add(f"{cls.__qualname__}.{f.name}: object")
                    else:
                        todo.extend(held)
                elif isinstance(named, type) and (is_dataclass(named) or issubclass(named, Enum)):
                    todo.append(named)
                elif named not in STORABLE:
                    unstorable.add(f"{cls.__qualname__}.{f.name}: {named!r}")
    return found, unstorable


def test_every_class_the_cache_can_hold_is_in_the_allow_list() -> None:
    found, unstorable = reachable(ROOTS)
    assert unstorable == set(), "fields of a type the codec cannot store"
    allowed = set(allowed_types())
    assert found - allowed == set(), "add these to plain_data.allowed_types()"
    assert allowed - found == set(), "the cache cannot hold these: take them out"


def test_the_allow_list_is_well_formed() -> None:
    allowed = allowed_types()
    assert len(set(allowed)) == len(allowed)
    tags = [type_tag(cls) for cls in allowed]
    assert len(set(tags)) == len(tags)
    assert "source.articles.Article" in tags and "build.memo.ParsedFile" in tags
    for cls in allowed:
        assert cls.__module__.startswith("diplomacy_archive.")
        if issubclass(cls, Enum):
            assert all(type(m.value) in (str, int) for m in cls), cls
        else:
            assert is_dataclass(cls) and "__slots__" not in vars(cls), cls
    # What a build with nothing changed reads needs no Markdown, nh3 or YAML to be read.
    assert set(plain_data._core_types()) <= set(allowed)


def test_reading_the_file_index_imports_no_heavy_module() -> None:
    import subprocess

    code = ("import sys\n"
            "from diplomacy_archive.build.cache import FileIndex, FileRecord\n"
            "from diplomacy_archive.build.plain_data import dumps, loads\n"
            "from diplomacy_archive.problems import Problem\n"
            "i = FileIndex('v', 'o', {'a': FileRecord((1, 2), 'd')}, 1, 'x',"
            " [Problem('p', 1, 2, 'm')])\n"
            "assert loads(dumps(i)) == i\n"
            "heavy = {'markdown', 'nh3', 'jinja2', 'frontmatter'} & set(sys.modules)\n"
            "assert not heavy, heavy\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# ---------------------------------------------------------------- the real cache of built sites

def cached_objects(site: Path) -> tuple[FileIndex, dict[str, dict[str, object]]]:
    """The file index of a built site, and the values of the memos that hold plain data, by
    memo and key, as the store holds them."""
    [path] = (site / CACHE_DIR).glob("*.sqlite")
    store = Store(path)
    first = loads(store.value("", "file-index"))
    assert isinstance(first, FileIndex)
    index = load(store, __version__, first.options)
    assert index is not None and Memos.load(store) is not None
    values = {memo: {key: loads(raw) for key, _, raw in store.rows(memo) if raw is not None}
              for memo in ("articles", "index", "search", "shards")}
    return index, values


def types_in(value: object, found: set[type], seen: set[int]) -> None:
    if id(value) in seen:
        return
    seen.add(id(value))
    found.add(type(value))
    if isinstance(value, datetime):
        found.add(type(value.tzinfo))
    elif is_dataclass(value):
        for f in fields(value):
            types_in(getattr(value, f.name), found, seen)
    elif isinstance(value, dict):
        for k, v in value.items():
            types_in(k, found, seen)
            types_in(v, found, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            types_in(item, found, seen)


def depth_of(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(depth_of, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(depth_of, value), default=0)
    return 0


@pytest.mark.parametrize("name", ["basic", "entities", "search", "example", "invalid",
                                  "hostile"])
def test_the_cache_of_a_built_site_comes_back_equal(copy_site, name: str) -> None:
    site = copy_site(name)
    done = run_cli("build", "--site", ".", cwd=site)
    assert done.code == (1 if name == "invalid" else 0), done.stderr
    index, memos = cached_objects(site)

    for value in (index, memos):
        data = dumps(value)
        again = loads(data)
        assert again == value
        assert_same(value, again)
        assert depth_of(json.loads(data)) < MAX_DEPTH // 3  # room to grow
    for stored in memos["index"].values():  # the articles by id: they are in "articles"
        assert isinstance(stored, tuple) and isinstance(stored[1], SiteIndex)
        assert set(stored[1].articles.values()) == {None}
        assert set(stored[1].articles) <= set(memos["articles"])

    # The fields typed `object` hold what OBJECT_FIELDS says; whatever the cache holds is of
    # a type the codec may write, and every dataclass and enum in it is one the hints reach.
    for parsed in memos["articles"].values():
        assert isinstance(parsed, ParsedFile)
        assert type(parsed.article) in (*OBJECT_FIELDS[ParsedFile, "article"], type(None))
        assert type(parsed.rejected) in (*OBJECT_FIELDS[ParsedFile, "rejected"], type(None))
    found: set[type] = set()
    types_in((index, memos), found, set())
    classes = {t for t in found if is_dataclass(t) or issubclass(t, Enum)}
    assert classes <= reachable(ROOTS)[0] <= set(allowed_types())
    assert found - classes <= STORABLE | {ZoneInfo, timezone}, found
    assert {Article, EventDate, Precision, Term} <= classes or not memos["index"]


# ---------------------------------------------------------------- untrusted input

def document(types_list: object, value: object) -> bytes:
    return json.dumps([MAGIC, VERSION, types_list, value]).encode()


ALLOWED_ENTRIES = [[type_tag(cls), None if issubclass(cls, Enum)
                    else [f.name for f in fields(cls)]]  # type: ignore[arg-type]
                   for cls in allowed_types()]
PROBLEM = [type_tag(Problem), [f.name for f in fields(Problem)]]
SEVERITY = [type_tag(Severity), None]

HOSTILE: dict[str, bytes] = {
    "empty": b"",
    "not JSON": b"\x80\x04\x95 a pickle, say",
    "a pickle": pickle.dumps(Problem("a", 1, 2, "m")),
    "bad UTF-8": b'["\xff"]',
    "JSON of another kind": b'{"a": 1}',
    "other magic": json.dumps(["pickle", VERSION, [], 1]).encode(),
    "other version": json.dumps([MAGIC, VERSION + 1, [], 1]).encode(),
    "version as a string": json.dumps([MAGIC, str(VERSION), [], 1]).encode(),
    "too short": json.dumps([MAGIC, VERSION, []]).encode(),
    "types not a list": document({"a": 1}, 1),
    "a type not [tag, fields]": document([["problems.Problem"]], 1),
    "a tag not a string": document([[1, []]], 1),
    "os.system": document([["os.system", None]], [8, "echo owned"]),
    "subprocess.Popen": document([["subprocess.Popen", ["args"]]], [8, ["sh"]]),
    "builtins.eval": document([["builtins.eval", None]], [8, "1+1"]),
    "posix.system": document([["posix.system", ["command"]]], [8, "id"]),
    "a full module path": document([["diplomacy_archive.problems.Problem",
                                      PROBLEM[1]]], 1),
    "a class not allowed": document([["output.files.OutputFile",
                                      ["path", "content", "origin", "origin_path", "sources"]]],
                                    1),
    "a dunder": document([["__builtins__.__import__", None]], [8, "os"]),
    "fields a class does not have": document([[PROBLEM[0], [*PROBLEM[1], "extra"]]], 1),
    "fields missing": document([[PROBLEM[0], PROBLEM[1][:-1]]], 1),
    "fields reordered": document([[PROBLEM[0], list(reversed(PROBLEM[1]))]], 1),
    "fields not strings": document([[PROBLEM[0], [1] * len(PROBLEM[1])]], 1),
    "fields for an enum": document([[SEVERITY[0], ["value"]]], 1),
    "no fields for a dataclass": document([[PROBLEM[0], None]], 1),
    "too few values": document([PROBLEM], [8, "a", 1, 2, "m", "", ""]),
    "too many values": document([PROBLEM], [8, "a", 1, 2, "m", "", "", [9, "error"], 1]),
    "an enum value that is no member": document([SEVERITY], [8, "fatal"]),
    "an enum value that is a list": document([SEVERITY], [8, ["error"]]),
    "an enum with two values": document([SEVERITY], [8, "error", "warning"]),
    "a code naming no type": document([], [8, 1]),
    "a code naming no type, far": document([SEVERITY], [10**30, 1]),
    "a negative code": document([], [-1, 1]),
    "a reference to nothing": document([], [7, 0]),
    "a reference forward": document([PROBLEM], [[7, 0], [8, "a", 1, 2, "m", "", "", None]]),
    "a reference as a bool": document([PROBLEM], [[8, "a", 1, 2, "m", "", "", None], [7, True]]),
    "a reference that is negative": document([PROBLEM], [[8, "a", 1, 2, "m", "", "", None],
                                                         [7, -1]]),
    "a reference without a number": document([], [7]),
    "a dict with a key and no value": document([], [2, "a"]),
    "a dict with an unhashable key": document([], [2, [0, 1], "v"]),
    "a dict with a dict as key": document([], [2, {"a": 1}, "v"]),
    "a set of lists": document([], [3, ["a"]]),
    "a frozenset of dicts": document([], [4, {}]),
    "a month 13": document([], [5, 2021, 13, 1]),
    "a date of strings": document([], [5, "2021", 1, 1]),
    "a date with floats": document([], [5, 2021.0, 1, 1]),
    "a date with bools": document([], [5, 2021, True, 1]),
    "a date too short": document([], [5, 2021]),
    "a year too large": document([], [5, 10**20, 1, 1]),
    "a datetime too short": document([], [6, 2021, 1, 1]),
    "a datetime hour 25": document([], [6, 2021, 1, 1, 25, 0, 0, 0, 0, None]),
    "a datetime fold 2": document([], [6, 2021, 1, 1, 0, 0, 0, 0, 2, None]),
    "a zone that leaves the database": document([], [6, 2021, 1, 1, 0, 0, 0, 0, 0,
                                                      "../../../etc/passwd"]),
    "an absolute zone": document([], [6, 2021, 1, 1, 0, 0, 0, 0, 0, "/etc/localtime"]),
    "a zone that is a folder": document([], [6, 2021, 1, 1, 0, 0, 0, 0, 0, "Asia"]),
    "a zone that is no zone file": document([], [6, 2021, 1, 1, 0, 0, 0, 0, 0, "zone.tab"]),
    "a zone that does not exist": document([], [6, 2021, 1, 1, 0, 0, 0, 0, 0, "Mars/Olympus"]),
    "a zone of a module's name": document([], [6, 2021, 1, 1, 0, 0, 0, 0, 0, "os"]),
    "a long zone": document([], [6, 2021, 1, 1, 0, 0, 0, 0, 0, "A/" * 200 + "B"]),
    "an offset of two days": document([], [6, 2021, 1, 1, 0, 0, 0, 0, 0, [2 * 86_400_000_000]]),
    "an offset too large for a timedelta": document([], [6, 2021, 1, 1, 0, 0, 0, 0, 0,
                                                          [10**30]]),
    "an offset as a string": document([], [6, 2021, 1, 1, 0, 0, 0, 0, 0, ["+07:00"]]),
    "an offset name not a string": document([], [6, 2021, 1, 1, 0, 0, 0, 0, 0, [0, 1]]),
    "a zone of another kind": document([], [6, 2021, 1, 1, 0, 0, 0, 0, 0, {"key": "UTC"}]),
    "a number too long": b"[" + b"9" * 5000 + b"]",
    "deep lists": b"[" * 100_000 + b"]" * 100_000,
    "deep dicts": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "deep lists, unclosed": b"[" * 100_000,
    "deep tuples below the json module's limit": document([], json.loads(
        "[1," * (MAX_DEPTH + 5) + "1" + "]" * (MAX_DEPTH + 5))),
    "deep dicts below the json module's limit": document([], json.loads(
        '{"a":' * (MAX_DEPTH + 5) + "[]" + "}" * (MAX_DEPTH + 5))),
    "deep in the types": document([json.loads("[" * 500 + "]" * 500)], 1),
    "deep in the fields": document([[PROBLEM[0], json.loads("[" * 500 + "]" * 500)]], 1),
    "deep in a version": json.dumps([MAGIC, json.loads("[" * 500 + "]" * 500), [], 1]).encode(),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_untrusted_input_gives_cache_format_error_and_nothing_else(name: str) -> None:
    with pytest.raises(CacheFormatError):
        loads(HOSTILE[name])


def test_a_tag_is_looked_up_never_imported() -> None:
    for module in ("antigravity", "this", "tkinter"):
        sys.modules.pop(module, None)
        data = document([[f"{module}.main", None]], [8, 1])
        with pytest.raises(CacheFormatError, match="unknown type tag"):
            loads(data)
        assert module not in sys.modules


def test_a_cache_written_by_other_fields_is_refused() -> None:
    data = dumps(Problem("a", 1, 2, "m"))
    renamed = data.replace(b'"hint"', b'"advice"')
    assert renamed != data
    with pytest.raises(CacheFormatError, match="has the fields"):
        loads(renamed)


def test_a_handwritten_document_is_read() -> None:
    value = loads(document([PROBLEM, SEVERITY], [1, [8, "a", 1, 2, "m", "", "", [9, "error"],
                                                     [1]], [7, 0]]))
    assert value == (Problem("a", 1, 2, "m"), Problem("a", 1, 2, "m"))


def allowed_only(value: object) -> None:
    """Everything in ``value`` is a plain value, a standard container, date or time, or an
    instance of the allow-list."""
    found: set[type] = set()
    types_in(value, found, set())
    allowed = STORABLE | {ZoneInfo, timezone} | set(allowed_types())
    assert found <= allowed, found - allowed


_json_leaves = (st.none() | st.booleans() | st.integers(-3, 40) | st.integers()
                | st.floats() | st.text(max_size=8)
                | st.sampled_from(["Asia/Ho_Chi_Minh", "UTC", "error", "day", "../x", "os"]))
_json = st.recursive(
    _json_leaves,
    lambda inner: (st.lists(inner, max_size=6)
                   | st.builds(lambda code, rest: [code, *rest], st.integers(-1, 30),
                               st.lists(inner, max_size=10))
                   | st.dictionaries(st.text(max_size=4), inner, max_size=4)),
    max_leaves=40)
_entries = st.lists(st.sampled_from(ALLOWED_ENTRIES) | st.lists(_json_leaves, max_size=3)
                    | st.sampled_from([["os.system", None], ["problems.Problem", ["path"]]]),
                    max_size=6)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.builds(document, _entries, _json)
       | st.builds(lambda x: json.dumps(x).encode(), _json)
       | st.binary(max_size=200))
def test_random_input_gives_a_value_of_allowed_types_or_cache_format_error(data: bytes) -> None:
    try:
        value = loads(data)
    except CacheFormatError:
        return
    allowed_only(value)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_real_document_cut_or_changed_anywhere_gives_cache_format_error_or_a_value(
        data: st.DataObject) -> None:
    good = dumps([ARTICLE, KINDS["parsed file"], KINDS["dict with tuple keys"],
                  KINDS["fixed offset"]])
    cut = data.draw(st.integers(0, len(good) - 1))
    byte = data.draw(st.integers(0, 255))
    for changed in (good[:cut], good[:cut] + bytes([byte]) + good[cut + 1:]):
        try:
            value = loads(changed)
        except CacheFormatError:
            continue
        allowed_only(value)
