"""One reader's session: the library it shows, the view (scope, day, sort, query), the reading state.

The app's main screen holds one :class:`ReaderSession` and only draws what it answers: the rows to
list (:meth:`ReaderSession.listing`), the header's text (:meth:`ReaderSession.status`), the weekly
trend (:meth:`ReaderSession.trend`). Every decision about what is shown is made here, where it can be
tested without a terminal; the screen turns keys into calls and results into widgets.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from .catalog import Catalog
from .lazy import lazy_module
from .model import Marks, Scope, Sort
from .state import StateStore
from .text import fold, plural
from .view import Browser, ViewState

if TYPE_CHECKING:
    from . import query, search
    from .query import Node
    from .search import Highlighter, SearchEngine
else:  # the first screen lists a day in order, with no query: the query machinery loads after it (~9 ms)
    query, search = lazy_module("reader.core.query"), lazy_module("reader.core.search")

CATCH_UP_DAYS = 7
"""With at most this many new unread days the reader opens on the oldest of them, else on the newest day."""


class Listing(NamedTuple):
    """What the list shows: catalog rows in order, how to mark matches, and a query problem."""

    rows: list[int]
    highlight: Highlighter | None
    error: str | None
    """Why the query text could not be read (the rows are then the last good query's)."""


class Status(NamedTuple):
    """The header line's parts."""

    place: str
    counts: str
    extra: str = ""


class ReaderSession:
    """The state behind one reader window (see the module's docstring)."""

    def __init__(self, store: StateStore, view: ViewState | None = None) -> None:
        self.store = store
        self.view = view or ViewState()
        self.marks: Marks = store.marks()._replace(notes={key: fold(note) for key, note in store.notes().items()})
        self.browser: Browser | None = None
        self._engine: SearchEngine | None = None
        self.node: Node | None = None
        self.new_days: set[date] = set()
        self.complete = False  # the whole library is installed (not only the first stage)
        self._read_rows: tuple[tuple[int, frozenset[str]], set[int]] | None = None
        self._listed: tuple[ViewState, Node | None, Marks, list[int]] | None = None  # the last listing's
        self._scope_before_starred = self.view.scope

    # --- the library ------------------------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        return self.browser.catalog if self.browser is not None else Catalog()

    def install(self, catalog: Catalog, complete: bool) -> set[date]:
        """Show ``catalog`` (a first stage, or the whole library when ``complete``).

        Returns the days that are new since the last session (found once the library is complete).
        """
        first = self.browser is None
        self.browser = Browser(catalog)
        self.complete = complete
        self._engine = None
        self._listed = None  # rows of the library before
        found: set[date] = set()
        if complete:
            found = self.store.record_days(self.browser.days)
            if found:
                self.new_days = found
                ordinals = {d.toordinal() for d in found}
                keys = frozenset(catalog.keys[r] for r in range(len(catalog)) if catalog.days[r] in ordinals)
                self.marks = self.marks._replace(new=keys)
        if first or self.view.day not in self.browser.days or found:
            self.view = self.view._replace(day=self.start_day())
        return found

    def start_day(self) -> date | None:
        """The day to open on: the oldest new day with unread papers when catching up on a few, else the newest."""
        if self.browser is None or not self.browser.days:
            return None
        catalog = self.browser.catalog
        read = self.marks.read
        unread_days = {catalog.days[r] for r in range(len(catalog)) if catalog.keys[r] not in read}
        unread_new = [d for d in sorted(self.new_days) if d.toordinal() in unread_days]
        return unread_new[0] if 0 < len(unread_new) <= CATCH_UP_DAYS else self.browser.days[0]

    def find_row(self, other: Catalog, row: int | None) -> int | None:
        """The row in the current catalog of ``other``'s row ``row`` (the same paper on the same day)."""
        if row is None or self.browser is None or row >= len(other):
            return None
        return self.browser.catalog.find_row(other.key(row), other.days[row])

    # --- what the list shows ----------------------------------------------------------------

    def set_query(self, text: str) -> None:
        self.view = self.view._replace(query=text)

    @property
    def engine(self) -> SearchEngine | None:
        """The search engine over the current library (made when first needed)."""
        if self._engine is None and self.browser is not None:
            self._engine = search.SearchEngine(self.browser)
        return self._engine

    def listing(self) -> Listing:
        """The rows for the current view; a malformed query keeps the last good query's rows."""
        view = self.view
        if self.browser is not None and self._engine is None and not view.query.strip() and not view.unread_only and not view.starred_only:
            self.node = None  # a day in order, nothing to search (the first screen)
            return Listing(list(self.browser.order(view.order_day, view.sort)), None, None)
        error = None
        if not view.query.strip():
            self.node = None
        else:
            try:
                self.node = query.parse_query(view.query)
            except query.QueryError as problem:
                error = f"{problem.message} (at {problem.position + 1})"
        engine = self.engine
        rows = engine.rows(view, self.node, self.marks) if engine is not None else []
        self._listed = (view, self.node, self.marks, rows)
        return Listing(rows, self.highlighter(), error)

    def empty_message(self) -> str:
        """Why the list is empty, and where the matches are when another scope has them."""
        if self.browser is None or not len(self.browser.catalog):
            return "No papers."
        if not self.browser.catalog.suspects_known and "suspect" in query.flags(self.node):
            return "No papers match yet: checking summaries…"
        if self.view.scope == Scope.DAY and self.engine is not None:
            elsewhere = len(self.engine.scan(self.view._replace(scope=Scope.ALL), self.node, self.marks))
            if elsewhere:
                return f"0 here · {elsewhere} in all days — press a in the list"
        return "No papers match."

    def highlighter(self) -> Highlighter | None:
        return search.highlighter(self.node) if self.node is not None else None

    def trend(self) -> tuple[list[int], str]:
        """Matches per week across the whole library (whatever the scope), and a line saying so."""
        if self.engine is None or self.browser is None:
            return [], ""
        view = self.view._replace(scope=Scope.ALL, unread_only=False, starred_only=False)
        listed = self._listed
        if listed is not None and listed[0] == view and listed[1] == self.node and listed[2] is self.marks:
            rows = listed[3]  # the list shows all days already: the same search, done
        else:
            rows = self.engine.scan(view, self.node, self.marks)
        counts = self.browser.weekly_counts(rows)
        what = f"“{self.view.query}”" if self.view.query.strip() else "all papers"
        return counts, f"{what}: {plural(len(rows), 'paper')}, per week, {plural(len(counts), 'week')}"

    def status(self, rows: list[int], indexing: str | None, problems: int = 0) -> Status:
        """The header for ``rows`` listed; ``indexing``: what loading is doing; ``problems``: how
        many problems reading the digests met. A narrow window keeps the first parts of ``extra``:
        the load's progress, then the problems, then the counts and order of this view."""
        if self.browser is None:
            return Status("loading digests…", "")
        view, browser = self.view, self.browser
        if view.scope == Scope.ALL:
            place = f"all days ({len(browser.days)})"
            total = len(browser.catalog)
        else:
            day, days = view.day, browser.days
            position = len(days) - days.index(day) if day in days else 0
            place = f"{day.isoformat() if day else '—'} · day {position} of {len(days)}" + (" · new" if day in self.new_days else "")
            total = browser.day_size(day)
        filtered = bool(view.query.strip() or view.unread_only or view.starred_only)
        counts = f"{len(rows)} of {plural(total, 'paper')}" if filtered else plural(total, "paper")
        unread = len(rows) - len(self.read_rows().intersection(rows))
        extra = [f"{unread} unread", f"by {view.sort}"]
        if view.unread_only:
            extra.append("unread only")
        if view.starred_only:
            extra.append("starred only")
        if problems:
            extra.insert(0, f"⚠ {plural(problems, 'problem')} (!)")
        if view.scope == Scope.ALL and indexing and not self.complete:  # what the counts are, while they grow
            extra.insert(0, "all-days results so far")
        if indexing:  # first: a window too narrow for every part keeps the load's progress
            extra.insert(0, f"{indexing}…")
        return Status(place, counts, " · ".join(extra))

    def read_rows(self) -> set[int]:
        """Catalog rows of read papers (kept while the catalog and the read set stay the same)."""
        catalog = self.catalog
        key = (id(catalog), self.marks.read)
        if self._read_rows is None or self._read_rows[0] != key:
            read = self.marks.read
            self._read_rows = (key, {r for r, k in enumerate(catalog.keys) if k in read} if read else set())
        return self._read_rows[1]

    # --- moving around ----------------------------------------------------------------------

    def step_day(self, step: int, current_row: int | None) -> str | None:
        """Show the day ``step`` days newer (negative: older); the reason when there is none."""
        if self.browser is None or not self.browser.days:
            return "No days loaded"
        days = self.browser.days
        if self.view.day in days:
            current = self.view.day
        else:
            current = self.browser.catalog.day(current_row) if current_row is not None else days[0]
        index = days.index(current) - step  # days are newest first: "next" is the one before
        if not 0 <= index < len(days):
            return "No newer day" if step > 0 else "No older day"
        self.view = self.view._replace(day=days[index], scope=Scope.DAY)
        return None

    def older_unread_day(self) -> date | None:
        """The newest day older than the one shown that has unread papers (None: there is none)."""
        if self.browser is None or self.view.day is None:
            return None
        catalog, read = self.browser.catalog, self.marks.read
        unread_days = {catalog.days[r] for r in range(len(catalog)) if catalog.keys[r] not in read}
        return next((d for d in self.browser.days if d < self.view.day and d.toordinal() in unread_days), None)

    def step_to(self, day: date) -> None:
        self.view = self.view._replace(day=day, scope=Scope.DAY)

    def toggle_scope(self, current_row: int | None) -> str:
        """One day ↔ all days; back to one day, the day of the paper under the cursor. Says what is shown."""
        scope = Scope.ALL if self.view.scope == Scope.DAY else Scope.DAY
        day = self.view.day
        if scope == Scope.DAY and current_row is not None and self.browser is not None:
            day = self.browser.catalog.day(current_row)
        self.view = self.view._replace(scope=scope, day=day)
        return "All days" if scope == Scope.ALL else f"One day: {day}"

    def cycle_sort(self) -> Sort:
        self.view = self.view.next_sort()
        return self.view.sort

    def toggle_unread_only(self) -> None:
        self.view = self.view._replace(unread_only=not self.view.unread_only)

    def toggle_starred_only(self) -> None:
        """Starred papers are kept across days: showing only them shows them from every day (and
        turning it off goes back to the scope before)."""
        if not self.view.starred_only:
            self._scope_before_starred = self.view.scope
            self.view = self.view._replace(starred_only=True, scope=Scope.ALL)
        else:
            self.view = self.view._replace(starred_only=False, scope=self._scope_before_starred)

    def show_view(self, query: str) -> None:
        """A saved search, over every day (it is a question about the whole library)."""
        self.view = self.view._replace(query=query, scope=Scope.ALL)

    # --- reading state (each change saved first: StateError when it cannot be) ----------------

    def set_read(self, key: str, read: bool) -> bool:
        """Mark ``key`` read or unread; False when it already was."""
        if (key in self.marks.read) == read:
            return False
        self.store.set_read(key, read)
        self.marks = self.marks._replace(read=_toggled(self.marks.read, key, read))
        return True

    def mark_all_read(self, rows: list[int]) -> list[str]:
        """Mark every listed paper read; returns the keys that were unread (what an undo restores)."""
        catalog = self.catalog
        changed = list(dict.fromkeys(k for k in (catalog.key(r) for r in rows) if k not in self.marks.read))
        for key in changed:
            self.store.set_read(key, True)
        self.marks = self.marks._replace(read=self.marks.read | set(changed))
        return changed

    def mark_unread(self, keys: list[str]) -> None:
        for key in keys:
            self.store.set_read(key, False)
        self.marks = self.marks._replace(read=self.marks.read - set(keys))

    def next_unread(self, rows: list[int], position: int) -> int | None:
        """The position in ``rows`` of the next unread paper after ``position`` (wrapping), or None."""
        keys, read = self.catalog.keys, self.marks.read
        for step in range(1, len(rows) + 1):
            candidate = (position + step) % len(rows)
            if keys[rows[candidate]] not in read:
                return candidate
        return None

    def set_starred(self, key: str, starred: bool) -> None:
        self.store.set_starred(key, starred)
        self.marks = self.marks._replace(starred=_toggled(self.marks.starred, key, starred))

    def set_note(self, key: str, text: str) -> None:
        self.store.set_note(key, text)
        notes = {k: v for k, v in self.marks.notes.items() if k != key}
        if text.strip():
            notes[key] = fold(text.strip())
        self.marks = self.marks._replace(noted=_toggled(self.marks.noted, key, bool(text.strip())), notes=notes)

    def note(self, key: str) -> str:
        return self.store.note(key) if key in self.marks.noted else ""


def _toggled(keys: frozenset[str], key: str, present: bool) -> frozenset[str]:
    return keys | {key} if present else keys - {key}
