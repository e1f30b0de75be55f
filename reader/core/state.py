"""Reading state (read, starred, notes, days seen) in SQLite, keyed by arXiv id.

Every change is its own small transaction on one row, so two instances writing at once both keep
their changes. A file that is not a usable database is moved aside (kept, with a timestamp) and a
fresh one started; a store that cannot be written keeps working in memory and says so.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from . import dirs
from .model import Marks
from .text import terminal_safe

SCHEMA = """
CREATE TABLE IF NOT EXISTS papers (
    key TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    updated REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS days (day TEXT PRIMARY KEY, first_seen REAL NOT NULL);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class StateError(Exception):
    """A change could not be saved (read-only or full disk); the message says why."""


def state_path() -> Path:
    return dirs.state_dir() / "state.sqlite3"


class StateStore:
    def __init__(self, path: Path | None = None):
        self.path = path or state_path()
        self.moved_aside: Path | None = None
        self.problem: str | None = None
        self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect(self.path)
        except sqlite3.DatabaseError as error:
            if self.path.exists() and "locked" not in str(error):
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
                try:
                    self.path.rename(aside)
                    for suffix in ("-wal", "-shm"):
                        Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                    self.moved_aside = aside
                    return self._connect(self.path)
                except (OSError, sqlite3.DatabaseError) as again:
                    error = again
            self.problem = f"reading state cannot be saved ({error}); changes last until you quit"
        except OSError as error:
            self.problem = f"reading state cannot be saved ({error.strerror or error}); changes last until you quit"
        return self._connect(":memory:")

    @staticmethod
    def _connect(path: Path | str) -> sqlite3.Connection:
        db = sqlite3.connect(str(path), timeout=10, isolation_level=None)
        if path != ":memory:":
            db.execute("PRAGMA journal_mode=WAL")
        db.executescript(SCHEMA)
        db.execute("SELECT count(*) FROM papers").fetchone()
        return db

    def close(self) -> None:
        self.db.close()

    # --- writes: one row, one statement --------------------------------------------------

    def _write(self, sql: str, args: tuple) -> None:
        try:
            with self.db:
                self.db.execute(sql, args)
        except sqlite3.Error as error:
            raise StateError(f"could not save reading state: {error}") from error

    def _set(self, key: str, column: str, value: object) -> None:
        self._write(
            f"INSERT INTO papers (key, {column}, updated) VALUES (?, ?, ?) "
            f"ON CONFLICT(key) DO UPDATE SET {column} = excluded.{column}, updated = excluded.updated",
            (key, value, time.time()),
        )

    def set_read(self, key: str, read: bool = True) -> None:
        self._set(key, "read", int(read))

    def set_starred(self, key: str, starred: bool) -> None:
        self._set(key, "starred", int(starred))

    def set_note(self, key: str, note: str) -> None:
        self._set(key, "note", note.strip())

    # --- reads ------------------------------------------------------------------------------

    def _keys(self, where: str) -> frozenset[str]:
        return frozenset(row[0] for row in self.db.execute(f"SELECT key FROM papers WHERE {where}"))

    def marks(self, new_keys: Iterable[str] = ()) -> Marks:
        return Marks(self._keys("read"), self._keys("starred"), self._keys("note != ''"), frozenset(new_keys))

    def note(self, key: str) -> str:
        row = self.db.execute("SELECT note FROM papers WHERE key = ?", (key,)).fetchone()
        return terminal_safe(str(row[0])) if row else ""  # a state file made elsewhere may hold ESC

    def notes(self) -> dict[str, str]:
        return {str(k): terminal_safe(str(n)) for k, n in self.db.execute("SELECT key, note FROM papers WHERE note != ''")}

    # --- days: what is new since the last session ---------------------------------------------

    def record_days(self, days: Iterable[date]) -> set[date]:
        """Remember days seen; return the new ones: first seen now and newer than any seen before.

        None on the very first run, and an older archive opened later is not "new" either.
        """
        known = {row[0] for row in self.db.execute("SELECT day FROM days")}
        first_run = not known and self.db.execute("SELECT 1 FROM meta WHERE name = 'started'").fetchone() is None
        fresh = {d for d in days if d.isoformat() not in known}
        newest_known = max(known, default="")
        now = time.time()
        try:
            with self.db:
                self.db.executemany("INSERT OR IGNORE INTO days VALUES (?, ?)", [(d.isoformat(), now) for d in fresh])
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('started', ?)", (str(now),))
        except sqlite3.Error as error:
            self.problem = self.problem or f"reading state cannot be saved ({error})"
        return set() if first_run else {d for d in fresh if d.isoformat() > newest_known}


def open_marks() -> Marks:
    """Reading state for ``export``: read-only, and empty when nothing was ever saved."""
    path = state_path()
    if not path.exists():
        return Marks()
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            rows = db.execute("SELECT key, read, starred, note FROM papers").fetchall()
        finally:
            db.close()
    except sqlite3.Error:
        return Marks()
    return Marks(
        frozenset(k for k, r, _, _ in rows if r),
        frozenset(k for k, _, s, _ in rows if s),
        frozenset(k for k, _, _, n in rows if n),
    )
