"""Reading state (read, starred, notes, days seen) in SQLite, keyed by arXiv id.

Every change is its own small transaction on one row, so two instances writing at once both keep
their changes. A file is moved aside (kept, with a timestamp) and a fresh one started only when
it is really damaged (SQLite says so, or ``PRAGMA quick_check`` finds a fault) or holds some
other program's tables. A file that cannot be written now (full disk, I/O error, read-only,
permission, locked) is kept as it is: it is read, and changes raise :class:`StateError`.
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
COLUMNS = {"papers": {"key", "read", "starred", "note", "updated"}, "days": {"day", "first_seen"}, "meta": {"name", "value"}}
# SQLite's primary result codes (an extended code's low byte): a damaged file, against a file
# that is fine but cannot be written now
_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_DAMAGED_TEXT = ("malformed", "not a database", "corrupt")


class StateError(Exception):
    """Reading state could not be read or saved (damaged, read-only or full disk); says why."""


class _Damaged(Exception):
    """The file is not a usable state file (corrupt or foreign); it is moved aside."""


STATE_FILE = "state.sqlite3"


def state_path() -> Path:
    return dirs.state_dir() / STATE_FILE


def is_damage(error: sqlite3.Error) -> bool:
    """Whether SQLite says the file itself is broken, not that it cannot be written right now."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _DAMAGED
    return any(word in str(error).lower() for word in _DAMAGED_TEXT)


def check_file(db: sqlite3.Connection) -> None:
    """Raise :class:`_Damaged` when ``db`` fails ``PRAGMA quick_check`` or holds foreign tables."""
    result = [row[0] for row in db.execute("PRAGMA quick_check")]
    if result != ["ok"]:
        raise _Damaged(f"damaged ({terminal_safe(str(result[0]))[:80]})")
    tables = {str(name) for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for name, columns in COLUMNS.items():  # only our own (constant) names go into the SQL
        if name in tables and not columns <= {row[1] for row in db.execute(f"PRAGMA table_info({name})")}:
            raise _Damaged(f"not a daily-papers state file (table {name} has other columns)")
    if tables and "papers" not in tables:
        raise _Damaged("not a daily-papers state file (no papers table)")


class StateStore:
    def __init__(self, path: Path | None = None):
        self.path = path or state_path()
        self.moved_aside: Path | None = None
        self.damage: str | None = None
        """Why the file was moved aside (damaged, or another program's), when it was."""
        self.problem: str | None = None
        self.read_only: str | None = None
        """Why changes cannot be saved, when they cannot: every write raises StateError then."""
        self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return self._in_memory(error.strerror or str(error))
        try:
            return self._connect(self.path)
        except _Damaged as damage:
            return self._move_aside(str(damage))
        except sqlite3.Error as error:
            if is_damage(error):
                return self._move_aside(f"damaged ({error})")
            return self._read_only(str(error))
        except OSError as error:
            return self._read_only(error.strerror or str(error))

    def _move_aside(self, why: str) -> sqlite3.Connection:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            self.path.rename(aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError as error:
            return self._in_memory(f"{why}; could not move it aside: {error.strerror or error}")
        self.moved_aside, self.damage = aside, why
        try:
            return self._connect(self.path)
        except (sqlite3.Error, OSError, _Damaged) as error:
            return self._in_memory(str(error))

    def _read_only(self, why: str) -> sqlite3.Connection:
        """Keep a healthy file that cannot be written now (full disk, I/O error, permission):
        read it, and refuse changes with a message that says so."""
        reason = terminal_safe(why)
        if self.path.exists():
            try:
                db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=10, isolation_level=None)
                db.execute("SELECT key, read, starred, note FROM papers LIMIT 1").fetchall()
            except sqlite3.Error:
                pass
            else:
                self.read_only = reason
                self.problem = f"reading state is read-only ({reason}); the file {self.path} is kept, changes are not saved"
                return db
        return self._in_memory(reason)

    def _in_memory(self, why: str) -> sqlite3.Connection:
        self.problem = f"reading state cannot be saved ({terminal_safe(why)}); changes last until you quit"
        return self._connect(":memory:")

    @staticmethod
    def _connect(path: Path | str) -> sqlite3.Connection:
        db = sqlite3.connect(str(path), timeout=10, isolation_level=None)
        try:
            if path != ":memory:":
                check_file(db)
                db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)
            db.execute("SELECT count(*) FROM papers").fetchone()
        except BaseException:
            db.close()
            raise
        return db

    def close(self) -> None:
        self.db.close()

    # --- writes: one row, one statement --------------------------------------------------

    def _write(self, sql: str, args: tuple) -> None:
        if self.read_only is not None:
            raise StateError(f"could not save reading state: the file is read-only now ({self.read_only})")
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
        if self.read_only is not None:  # an older file may not even have the table yet
            return set()
        known = {row[0] for row in self.db.execute("SELECT day FROM days")}
        first_run = not known and self.db.execute("SELECT 1 FROM meta WHERE name = 'started'").fetchone() is None
        fresh = {d for d in days if d.isoformat() not in known}
        newest_known = max(known, default="")
        now = time.time()
        try:
            with self.db:  # one transaction (the connection commits every statement by itself
                # otherwise: a first start's 2,920 days were 2,920 commits, 0.7 s)
                self.db.execute("BEGIN")
                self.db.executemany("INSERT OR IGNORE INTO days VALUES (?, ?)", [(d.isoformat(), now) for d in fresh])
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('started', ?)", (str(now),))
        except sqlite3.Error as error:
            self.problem = self.problem or f"reading state cannot be saved ({error})"
        return set() if first_run else {d for d in fresh if d.isoformat() > newest_known}


def open_marks(path: Path | None = None) -> Marks:
    """Reading state for ``export``: read-only, and empty when nothing was ever saved. ``notes``
    holds each note as written (``export --with-state`` writes them; fold them to search them).

    Raises :class:`StateError` when the file exists but cannot be read (damaged, foreign,
    unreadable): an export filtered by state must not succeed with an empty result.
    """
    path = path or state_path()
    if not path.exists():
        return Marks()
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            check_file(db)  # a damaged file may read "nothing starred" without an error
            rows = db.execute("SELECT key, read, starred, note FROM papers").fetchall()
        finally:
            db.close()
    except _Damaged as damage:
        raise StateError(f"the reading state file {path} is {damage}; start daily-papers once to move it aside and start afresh") from None
    except sqlite3.Error as error:
        hint = "; start daily-papers once to move it aside and start afresh" if is_damage(error) or "no such" in str(error) else ""
        raise StateError(f"cannot read the reading state file {path} ({terminal_safe(str(error))}){hint}") from error
    return Marks(
        frozenset(k for k, r, _, _ in rows if r),
        frozenset(k for k, _, s, _ in rows if s),
        frozenset(k for k, _, _, n in rows if n),
        notes={k: terminal_safe(n) for k, _, _, n in rows if n},
    )
