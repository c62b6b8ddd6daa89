"""The memo API (build/memo.py) and its store (build/store.py): results kept by the digest of
their inputs, only changed rows written, one transaction, damaged rows not used."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from diplomacy_archive.build.memo import Memo, Memos, ParsedFile
from diplomacy_archive.build.plain_data import dumps
from diplomacy_archive.build.store import CacheUnreadable, Changes, Store, StoreError


def saved(store: Store, *memos: Memo, afresh: bool = False) -> Changes:
    changes = Changes()
    for memo in memos:
        memo.changes(changes)
    store.write(changes, afresh)
    return changes


def reloaded(store: Store, memo: Memo) -> Memo:
    again = Memo(memo.name, memo.kind, memo.lazy, memo._encode, memo._decode)
    again.load(store)
    return again


def test_a_result_is_kept_only_for_the_same_inputs(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache.sqlite")
    first: Memo[str] = Memo("lines", str)
    assert first.make("a", "1", lambda: "made from 1") == "made from 1"
    first.put("b", "1", "b from 1")
    saved(store, first)

    second = reloaded(store, first)
    assert second.inputs("a") == "1" and second.inputs("c") is None
    assert second.make("a", "1", lambda: pytest.fail("made again")) == "made from 1"
    assert second.make("b", "2", lambda: "b from 2") == "b from 2"
    assert second.previous("b") == "b from 1"  # what the last build had, whatever its inputs
    changes = saved(store, second)
    assert changes.rows == [("lines", "b", "2", dumps("b from 2"))]  # "a" kept: not written again

    third = reloaded(store, second)
    assert third.keep("b", "2") and not third.keep("a", "2")
    changes = saved(store, third)
    assert changes.removed == [("lines", "a")] and changes.rows == []  # "a" not made: forgotten
    assert list(reloaded(store, third).last_keys()) == ["b"]


def test_a_result_put_again_unchanged_is_not_written(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache.sqlite")
    memo: Memo[tuple[str, ...]] = Memo("files", tuple)
    memo.put("x", "i", ("a", "b"))
    saved(store, memo)
    again = reloaded(store, memo)
    again.put("x", "i", ("a", "b"))  # made again (not kept), and equal
    assert saved(store, again).rows == []
    decoded = reloaded(store, memo)
    assert decoded.previous("x") == ("a", "b")
    decoded.put("x", "i", ("a", "b"))
    assert saved(store, decoded).rows == []


def test_a_row_that_cannot_be_read_or_is_of_another_kind_is_not_used(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache.sqlite")
    memo: Memo[ParsedFile] = Memo("articles", ParsedFile)
    memo.put("a.md", "d", ParsedFile(None, "", [], ""))
    memo.put("b.md", "d", ParsedFile(None, "", [], ""))
    saved(store, memo)
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE rows SET value = ? WHERE key = 'a.md'", (b"\x00not plain data",))
        db.execute("UPDATE rows SET value = ? WHERE key = 'b.md'", (dumps(("a", "tuple")),))
    again = reloaded(store, memo)
    assert not again.keep("a.md", "d") and not again.keep("b.md", "d")
    assert again.previous("a.md") is None


def test_a_lazy_memo_reads_a_value_only_when_it_is_used(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache.sqlite")
    memos = Memos.new()
    memos.html.put("a.md", "d:r", "<p>chữ</p>")
    saved(store, memos.html)
    again = Memos.load(store)
    assert again is not None and again.html.keep("a.md", "d:r")
    fetch = again.html.fetcher("a.md")
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE rows SET value = ? WHERE key = 'a.md'", ("<p>mới</p>".encode(),))
    assert fetch() == "<p>mới</p>"  # read when used, not when loaded
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE rows SET value = ? WHERE key = 'a.md'", (b"\xff\xfe",))
    with pytest.raises(CacheUnreadable):
        fetch()


def test_after_a_failure_only_the_parsed_files_change(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache.sqlite")
    memos = Memos.new()
    memos.articles.put("a.md", "1", ParsedFile(None, "", [], ""))
    memos.outputs.put("index.html", "k1", "digest 1")
    saved(store, *memos.all())
    failed = Memos.load(store)
    assert failed is not None
    failed.articles.put("a.md", "2", ParsedFile(None, "", [], "new"))
    failed.outputs.put("index.html", "k2", "digest 2")
    failed.after_failure()
    store.write(failed.changes(), afresh=False)
    after = Memos.load(store)
    assert after is not None
    assert after.articles.inputs("a.md") == "2" and after.outputs.inputs("index.html") == "k1"


def test_a_write_is_all_or_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache.sqlite")
    memo: Memo[str] = Memo("lines", str)
    memo.put("a", "1", "one")
    saved(store, memo)
    broken = Changes(rows=[("lines", "a", "2", b"two"), ("lines", "b", "2", None)])  # type: ignore[list-item]
    with pytest.raises(StoreError):
        store.write(broken, afresh=False)
    assert reloaded(store, memo).inputs("a") == "1" and store.value("lines", "a") == dumps("one")


def test_afresh_replaces_a_damaged_or_foreign_store(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"not a database, a file of another program")
    store = Store(path)
    with pytest.raises(StoreError):
        list(store.rows("lines"))
    memo: Memo[str] = Memo("lines", str)
    memo.put("a", "1", "one")
    saved(store, memo, afresh=True)
    assert reloaded(store, memo).inputs("a") == "1"


def test_a_store_that_is_not_there_is_read_as_an_error_and_not_made(tmp_path: Path) -> None:
    store = Store(tmp_path / "missing.sqlite")
    with pytest.raises(StoreError):
        store.value("", "file-index")
    assert Memos.load(store) is None
    assert not store.path.exists()  # reading never creates it (check writes nothing)
