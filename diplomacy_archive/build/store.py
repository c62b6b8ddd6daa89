"""The build cache's store: one SQLite database (from the standard library) per cache, as Lektor
keeps its build state, holding rows of plain data, never pickles.

A row is one result of one memo (build/memo.py): ``(memo, key, inputs, value)``, where
``inputs`` is the digest of what the value was made from. A build reads the rows of the memos
it uses (the value of a lazy memo, the articles' HTML, only when a page needs it) and writes,
in one transaction, only the rows that changed: an edit of one article at 10,000 articles writes
a handful of rows, not the whole state. A transaction is all or nothing, so a build killed
while saving leaves the last cache as it was. Each process opens its own connection (the
rendering workers are forked and read HTML from here).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# The file index (build/cache.py), the first row a build reads: its own memo, with one key.
FILE_INDEX = ("", "file-index")


@dataclass
class Changes:
    """What a build writes: rows to add or replace, and keys to remove, by memo."""

    rows: list[tuple[str, str, str, bytes]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)


class StoreError(OSError):
    """The store cannot be read or written (damaged, a full or read-only disk)."""


class CacheUnreadable(Exception):
    """A value the build needs could not be read from the store (damaged after the build
    started reading it): build() builds everything again, without the cache."""


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._pid = 0

    # ------------------------------------------------------------ reading

    def _reader(self) -> sqlite3.Connection:
        """A read-only connection (a ``check`` may run on a read-only checkout)."""
        if self._connection is None or self._pid != os.getpid():
            self._pid = os.getpid()
            try:
                self._connection = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro",
                                                   uri=True, timeout=30,
                                                   isolation_level=None)
            except sqlite3.Error as exc:
                raise StoreError(f"the build cache {self.path} cannot be read ({exc})") from exc
        return self._connection

    def value(self, memo: str, key: str) -> bytes:
        """One row's value; KeyError when there is none."""
        try:
            row = self._reader().execute("SELECT value FROM rows WHERE memo = ? AND key = ?",
                                         (memo, key)).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(f"the build cache {self.path} cannot be read ({exc})") from exc
        if row is None:
            raise KeyError(f"no row {memo}/{key} in {self.path}")
        return bytes(row[0])

    def rows(self, memo: str, values: bool = True) -> Iterator[tuple[str, str, bytes | None]]:
        """The memo's rows: (key, inputs, value), the value None when ``values`` is false."""
        query = ("SELECT key, inputs, value FROM rows WHERE memo = ?" if values
                 else "SELECT key, inputs, NULL FROM rows WHERE memo = ?")
        try:
            for key, inputs, value in self._reader().execute(query, (memo,)):
                yield str(key), str(inputs), None if value is None else bytes(value)
        except sqlite3.Error as exc:
            raise StoreError(f"the build cache {self.path} cannot be read ({exc})") from exc

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None

    # ------------------------------------------------------------ writing

    def write(self, changes: Changes, afresh: bool) -> None:
        """Apply ``changes`` in one transaction; ``afresh`` removes every other row first (the
        last cache was not used: another version, other settings, or damaged). A database that
        cannot be opened is replaced."""
        self.close()
        if afresh:  # whatever is there (another version's, damaged) is replaced, not reused
            self.path.unlink(missing_ok=True)
        try:
            database = self._writer()
        except sqlite3.DatabaseError:  # not a database (damaged): start it afresh
            self.path.unlink(missing_ok=True)
            database = self._writer()
        try:
            database.execute("BEGIN IMMEDIATE")
            database.executemany("DELETE FROM rows WHERE memo = ? AND key = ?", changes.removed)
            database.executemany(
                "INSERT OR REPLACE INTO rows (memo, key, inputs, value) VALUES (?, ?, ?, ?)",
                changes.rows)
            database.execute("COMMIT")
        except sqlite3.Error as exc:
            if database.in_transaction:
                database.rollback()
            raise StoreError(_write_problem(self.path, exc)) from exc
        finally:
            database.close()

    def _writer(self) -> sqlite3.Connection:
        try:
            database = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(_write_problem(self.path, exc)) from exc
        try:
            database.execute("CREATE TABLE IF NOT EXISTS rows (memo TEXT NOT NULL, key TEXT NOT "
                             "NULL, inputs TEXT NOT NULL, value BLOB NOT NULL, "
                             "PRIMARY KEY (memo, key)) WITHOUT ROWID")
        except sqlite3.DatabaseError:
            database.close()
            raise
        return database


def _write_problem(path: Path, exc: sqlite3.Error) -> str:
    text = str(exc)
    if "full" in text:
        return "the disk is full"
    if "readonly" in text or "read-only" in text:
        return f"{path.parent} cannot be written (read-only)"
    return f"the build cache {path} cannot be written ({text})"
