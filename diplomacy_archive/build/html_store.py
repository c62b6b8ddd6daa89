"""The converted HTML of every article, kept apart from the rest of the cache in SQLite (from
the standard library), so that a build reads only the bodies of the pages it renders: an edit
of one article at 10,000 articles reads a handful, not 50 MB.

Rows are keyed by what the HTML is made from (the article file's digest and the digest of the
registry its citations are linked against), so the rows and the cache file that names them can
never disagree: new rows are written before the cache that names them, and rows no cache names
are removed after it. Each process opens its own connection (the rendering workers are forked).
The cache also keeps here, as one row of plain data, its largest part (the entities and indexes,
their articles by id), keyed by the digest of their inputs: written when they changed, not on
every build (build/cache.py).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def body_key(digest: str, linked: str) -> str:
    return f"{digest}:{linked}"


class HtmlStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._pid = 0

    def _db(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            self._pid = os.getpid()
            try:
                self._connection = self._open()
            except sqlite3.DatabaseError:  # not a database (damaged): start it afresh
                self.path.unlink(missing_ok=True)
                self._connection = self._open()
        return self._connection

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, isolation_level=None)
        try:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, html TEXT NOT NULL)")
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    def get(self, key: str) -> str:
        row = self._db().execute("SELECT html FROM bodies WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(f"no stored body {key} in {self.path}")
        return str(row[0])

    def keys(self) -> set[str]:
        """Every stored key; an empty set for a store that cannot be read."""
        try:
            return {str(key) for (key,) in self._db().execute("SELECT key FROM bodies")}
        except sqlite3.DatabaseError:
            return set()

    def put(self, rows: list[tuple[str, str]]) -> None:
        if not rows:
            return
        database = self._db()
        try:
            database.execute("BEGIN")
            database.executemany("INSERT OR REPLACE INTO bodies (key, html) VALUES (?, ?)", rows)
            database.execute("COMMIT")
        except sqlite3.Error as exc:
            if database.in_transaction:
                database.rollback()
            raise OSError(f"the build cache {self.path} cannot be written ({exc})") from exc

    def keep_only(self, keys: set[str]) -> None:
        """Remove the rows no cache names any more."""
        gone = self.keys() - keys
        if gone:
            database = self._db()
            database.execute("BEGIN")
            database.executemany("DELETE FROM bodies WHERE key = ?", ((key,) for key in gone))
            database.execute("COMMIT")

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None
