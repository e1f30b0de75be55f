"""The reader's main screen: the list of papers beside the selected paper's summary.

It holds one :class:`~reader.core.session.ReaderSession` (scope, day, sort, query, reading state)
and draws what the session answers. Keys become session calls and redraws; loading, syncing,
copying and opening run in workers that report back with the messages of :mod:`reader.ui.messages`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import get_current_worker

from ..core import memory
from ..core.catalog import Catalog
from ..core.lazy import lazy_module
from ..core.library import MissingPathError
from ..core.loader import FirstStage, LoadStopped, build_index, first_stage, load_stages
from ..core.model import Paper, ParseWarning, Scope
from ..core.preferences import SPLIT_RANGE
from ..core.session import ReaderSession
from ..core.settings import Origin, Settings, library_paths
from ..core.state import StateError, StateStore
from ..core.text import plural, terminal_safe
from ..core.view import ViewState
from .messages import FetchFinished, IndexReady, LibraryLoaded, LoadProgress, Notice, PaperRead, SummariesChecked, SyncFinished
from .screens.palette import PaperCommands
from .widgets.filter_bar import FilterBar
from .widgets.footer import ReaderFooter
from .widgets.paper_detail import PaperDetail
from .widgets.paper_list import PaperList
from .widgets.status_bar import StatusBar

if TYPE_CHECKING:
    import hashlib

    from ..core import clipboard, export, fetch, opener, sync
    from ..core import query as query_language
    from .app import DailyPapersApp
    from .screens import help as help_screen
    from .screens import note as note_screen
    from .screens import problems as problems_screen
else:  # needed only when a key asks for them (see reader.core.lazy)
    clipboard, export = lazy_module("reader.core.clipboard"), lazy_module("reader.core.export")
    opener, sync = lazy_module("reader.core.opener"), lazy_module("reader.core.sync")
    fetch = lazy_module("reader.core.fetch")
    hashlib, query_language = lazy_module("hashlib"), lazy_module("reader.core.query")  # ~2 ms, ~6 ms
    # the note editor's TextArea alone costs ~25 ms to import: the screens load when first opened
    help_screen, note_screen, problems_screen = (lazy_module(f"reader.ui.screens.{name}") for name in ("help", "note", "problems"))

FIRST_FRAME_GRACE = 0.03
"""Seconds after the newest day in which the loader does only lock-free work (see ``load_stages``),
for that frame to be written out: Textual's writer thread needs the interpreter lock, which
decoding the cache holds for tens of ms."""
SHOWN_WAIT = 1.0
"""Seconds at most the loader waits for the UI to install the whole library before checking its
papers (the check took ~60 ms of the interpreter lock from installing it, 55,000 papers)."""
PROGRESS_EVERY = 0.2
"""Seconds at least between two progress lines of a parse (it reported every 16 files: 180 repaints
for 2,920 files, which took CPU from the parse workers)."""
DETAIL_DELAY = 0.08
"""Seconds the detail pane waits after the list changed under the cursor (typing coalesces)."""
TREND_DELAY = 0.2
"""Seconds after the last change before the sparkline's all-days search runs."""
DEFAULT_SPLIT = 45
"""The list's share of the width (percent) until the user changes it."""
NARROW = 90
"""Below this many columns the list takes the whole width and Enter opens the detail full-screen."""


DAY_KEYS = Binding.Group("Day", compact=True)
"""[ and ] share one place in the footer ("[] Day"): every key of the list then fits in 94 columns."""

def problem_fingerprint(problem: ParseWarning) -> str:
    """A short stable name for a problem, to remember which were shown already."""
    return hashlib.blake2b(str(problem).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def _b(key: str, action: str, description: str, show: bool = True, group: Binding.Group | None = None, priority: bool = False) -> Binding:
    """A binding whose id (the name the config's [keys] table uses) is its action's, without ``app.``."""
    return Binding(key, action, description, show=show, id=action.removeprefix("app."), group=group, priority=priority)


class ReaderScreen(Screen[None]):
    AUTO_FOCUS = "PaperList"
    """The list has focus from the start (the default, the first focusable widget, is the filter's
    input: focusing it and then moving focus restyled both before the first frame)."""
    COMMANDS = {PaperCommands}
    BINDINGS = [
        _b("q", "app.quit", "Quit"),
        _b("question_mark,f1", "help", "Help"),
        _b("slash", "focus_filter", "Filter", priority=True),  # see check_action
        _b("left_square_bracket", "prev_day", "Prev day", group=DAY_KEYS),
        _b("right_square_bracket", "next_day", "Next day", group=DAY_KEYS),
        _b("a", "toggle_scope", "All days"),
        _b("s", "cycle_sort", "Sort"),
        _b("y", "copy_url", "Copy URL"),
        _b("Y", "copy_markdown", "Copy Markdown link", show=False),
        _b("b", "copy_bibtex", "Copy BibTeX", show=False),
        _b("o", "open_abs", "Open"),
        _b("O", "open_pdf", "Open PDF", show=False),
        _b("H", "open_hf", "Open on Hugging Face", show=False),
        _b("m", "toggle_star", "Star"),
        _b("r", "toggle_read", "Read/unread", show=False),
        _b("N", "next_unread", "Next unread", show=False),
        _b("A", "mark_all_read", "Mark all listed read", show=False),
        _b("z", "undo_mark_all", "Undo mark all read", show=False),
        _b("exclamation_mark", "show_problems", "Problems reading digests", show=False),
        _b("escape", "clear_filter", "Clear the filter", show=False),
        _b("n", "edit_note", "Note", show=False),
        _b("u", "toggle_unread_only", "Unread only", show=False),
        _b("M", "toggle_starred_only", "Starred only", show=False),
        _b("e", "expand_authors", "All authors", show=False),
        _b("h", "focus_list", "Focus list", show=False),
        _b("l", "focus_detail", "Focus detail", show=False),
        _b("less_than_sign", "narrower_list", "Narrower list", show=False),
        _b("greater_than_sign", "wider_list", "Wider list", show=False),
    ]

    app: DailyPapersApp

    def __init__(self, paths: list[Path], origin: Origin, settings: Settings, store: StateStore, first: FirstStage | None = None) -> None:
        super().__init__()
        self._first = first
        """The newest day, being read since the command started (see loader.FirstStage)."""
        self._first_shown = False
        self.paths = paths
        self.origin = origin
        self.settings = settings
        config, chosen = settings.config, settings.preferences
        self.session = ReaderSession(store, ViewState(scope=chosen.scope or config.scope, sort=chosen.sort or config.sort))
        self.split = chosen.split or DEFAULT_SPLIT
        """The list's share of the width in the two-pane layout, in percent (< and > change it)."""
        self.indexing: str | None = "loading"
        """What loading is doing (shown in the header), None once the library is complete."""
        self.expanded_authors = False
        self._read_timer: Timer | None = None
        self._dwell_paused = False  # a dwell was under way when focus left the list and the detail
        self.problems: list[ParseWarning] = []
        """What went wrong reading the digests (skipped or repaired), for the header and the ! list."""
        self._undo_read: list[str] = []  # what the last "mark all listed read" changed (z undoes it)
        self._trend_timer: Timer | None = None
        self._detail_timer: Timer | None = None
        self._last_typed = 0.0  # monotonic time of the last change to the filter
        self._library_shown = threading.Event()  # the whole library is installed (the loader waits for it)
        self._searchable = False  # the library shown is whole and searches as it will (its index is in)

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.status_bar = StatusBar(id="status")
        self.filter_bar = FilterBar(id="filter")
        self.paper_list = PaperList(id="papers")
        self.detail = PaperDetail(id="detail")
        yield self.status_bar
        with Vertical(id="left"):
            yield self.filter_bar
            yield self.paper_list
        yield self.detail
        self.footer = ReaderFooter(self.app.size.width)
        yield self.footer

    def on_mount(self) -> None:
        self.apply_split()
        store = self.session.store
        if store.moved_aside:
            self.notify(f"The reading state file was {store.damage or 'damaged'}; it was kept as {store.moved_aside} and a fresh one started.", severity="warning", markup=False, timeout=15)
        if store.read_only:
            self.notify(f"Reading state is read-only for now ({store.read_only}): changes last until you quit; nothing was lost.", severity="warning", markup=False, timeout=15)
        elif store.problem:
            self.notify(store.problem, severity="warning", markup=False, timeout=10)
        self.update_status()
        if self.origin == "samples":
            self.notify("Showing the bundled sample digests. Run `daily-papers sync` (or Ctrl+P → Sync digests) to fetch the real ones.", timeout=10, markup=False)
        if self._first is not None and self._first.ready():  # read while Textual started: draw it in the first frame
            try:
                stage = self._first.result()[0]
            except MissingPathError:
                stage = None  # the worker says so
            if stage is not None:
                self.install(LibraryLoaded(stage.catalog, [], complete=False))
                self._first_shown = True
        self.load_library()

    # --- loading (a worker thread; the newest day first) ---------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_library(self, staged: bool = True) -> None:
        """Show the newest day as soon as it is read, then the whole library (from cache if it can)."""
        worker = get_current_worker()

        def stop() -> bool:  # quitting: a thread cannot be interrupted, so it checks between steps
            return worker.is_cancelled

        shown_at = [0.0]

        def progress(done: int, total: int) -> None:
            # the loader tells every 16 files; each one shown is a repaint on the UI thread, which
            # shares the two cores with the parse workers: a few a second say as much
            if done == total or monotonic() - shown_at[0] >= PROGRESS_EVERY:
                shown_at[0] = monotonic()
                self.post_message(LoadProgress(f"indexing {done}/{total} files"))

        def report(problem: str) -> None:
            self.post_message(Notice(problem, "warning"))

        with memory.collector_paused():
            try:
                if self._first is not None:  # shown on mount already, or to show now
                    found, shown = self._first.result(), self._first_shown
                    self._first = None
                else:
                    found, shown = first_stage(self.paths), False
                stage, grace = found[0], 0.0
                if stage is not None and staged:
                    if not shown:
                        self.post_message(LibraryLoaded(stage.catalog, [], complete=False))
                    grace = FIRST_FRAME_GRACE
                for stage in load_stages(self.paths, progress, report=report, found=found, stop=stop, grace=grace, checked=self._post_checked):
                    if not stage.complete:
                        continue
                    self.post_message(LibraryLoaded(stage.catalog, list(stage.warnings), complete=True))
                    catalog = stage.catalog
                    if catalog.index is not None:  # from the cache: searchable now, while the papers are checked
                        self.post_message(IndexReady(catalog))
                    # what comes next (the papers' check, the cache's write) holds the interpreter
                    # lock in small pieces: the UI thread installs the library first, at full speed
                    self._library_shown.wait(SHOWN_WAIT)
                    if catalog.index is None:  # not in the cache (a first start, files changed): built now,
                        # before the loader goes on to write the parse cache (1.2 s for 55,680 papers)
                        self.post_message(LoadProgress("building the index"))
                        # searchable as soon as it is built: storing it for the next start comes after
                        if not build_index(catalog, stop=stop, report=report, workers=stage.workers, ready=partial(self.post_message, IndexReady(catalog))):
                            return
                memory.freeze_loaded()
            except LoadStopped:
                return
            except MissingPathError as problem:
                self.post_message(Notice(str(problem), "error"))
                empty = Catalog()
                self.post_message(LibraryLoaded(empty, [], complete=True))
                self.post_message(IndexReady(empty))  # nothing to index: the header's "loading…" goes

    def _post_checked(self, catalog: Catalog) -> None:
        self.post_message(SummariesChecked(catalog))

    @on(SummariesChecked)
    def summaries_checked(self, event: SummariesChecked) -> None:
        """The ⚠ marks and ``is:suspect`` come in after a cold start's index: list and detail again."""
        if event.catalog is self.session.catalog:  # searches remembered are of words alone: no flags to redo
            self.refresh_list()
            self.show_current()

    @on(LoadProgress)
    def show_progress(self, event: LoadProgress) -> None:
        self.indexing = event.text
        self.update_status()

    @on(LibraryLoaded)
    def install(self, event: LibraryLoaded) -> None:
        session = self.session
        shown, row = self.paper_list.catalog, self.paper_list.current_row
        self._searchable = event.complete and event.catalog.index is not None
        if self._searchable:
            self.indexing = None  # else the index is being built: see index_ready
        new_days = session.install(event.catalog, event.complete)
        keep = session.find_row(shown, row)  # the paper under the cursor, in the new catalog
        if new_days:
            self.notify(f"{plural(len(new_days), 'new day')} since last time", markup=False)
        self.refresh_list(keep=keep)
        if event.complete:
            self.show_new_problems(event.warnings)
            self._library_shown.set()

    @on(IndexReady)
    def index_ready(self, event: IndexReady) -> None:
        if event.catalog is self.session.catalog:
            self.indexing = None
            self._searchable = True
            self.update_status()
            self.schedule_trend()

    def show_new_problems(self, problems: list[ParseWarning]) -> None:
        """Count every problem in the header; notify only those not seen at an earlier start
        (the same upstream files' problems, which the user cannot fix, are not news every morning)."""
        self.problems = problems
        seen = set(self.app.preferences.problems_seen)
        fingerprints = [problem_fingerprint(p) for p in problems]
        new = [p for p, f in zip(problems, fingerprints, strict=True) if f not in seen]
        self.app.remember(problems_seen=tuple(dict.fromkeys(fingerprints)))
        self.update_status()
        if new:
            listed = "\n".join(str(w) for w in new[:5])
            more = f"\n… and {len(new) - 5} more" if len(new) > 5 else ""
            self.notify(f"{plural(len(new), 'new problem')} while reading digests (! lists all):\n{listed}{more}", severity="warning", markup=False, timeout=12)

    def action_show_problems(self) -> None:
        self.app.push_screen(problems_screen.ProblemsScreen(self.problems))

    def no_papers_message(self) -> str:
        return "No papers found in " + ", ".join(str(p) for p in self.paths)

    @on(Notice)
    def show_notice(self, event: Notice) -> None:
        if event.copy is not None:
            self.app.copy_to_clipboard(event.copy)
        self.notify(event.text, severity=event.severity, markup=False, timeout=event.timeout)  # type: ignore[arg-type]

    # --- the list ---------------------------------------------------------------------------

    def refresh_list(self, keep: int | None = None, top: bool = False) -> None:
        """Redraw the list for the session's view; the cursor stays on row ``keep`` (default: where
        it is), or with ``top`` goes to the first row."""
        session = self.session
        if session.browser is None:
            return
        listing = session.listing()
        self.filter_bar.show_error(listing.error)
        if not listing.rows:
            self.paper_list.empty_message = session.empty_message() if len(session.catalog) else self.no_papers_message()
        keep = None if top else self.paper_list.current_row if keep is None else keep
        self.paper_list.set_rows(session.catalog, listing.rows, show_dates=session.view.scope == Scope.ALL, highlight=listing.highlight, keep=keep)
        self.paper_list.set_marks(session.marks)
        self.update_status()
        self.schedule_trend()

    def schedule_trend(self) -> None:
        if self._trend_timer is not None:
            self._trend_timer.stop()
        self._trend_timer = self.set_timer(TREND_DELAY, self.update_trend)

    def update_trend(self) -> None:
        if not self.filter_bar.is_attached:  # the timer may outlive the screen
            return
        if not self._searchable:
            # drawn once the library is searchable (index_ready asks again): before, a warm start
            # drew it while the index was being read (the sparkline's first mount, a count of every
            # paper, 20-40 ms of the UI thread), and the index's arrival waited behind it
            return
        counts, tooltip = self.session.trend()
        if tooltip:
            self.filter_bar.show_trend(counts, tooltip)

    def update_status(self) -> None:
        busy = self.indexing or (None if self.session.catalog.suspects_known else "checking summaries")
        status = self.session.status(list(self.paper_list.rows), busy, len(self.problems))
        self.status_bar.show(place=status.place, counts=status.counts, extra=status.extra)

    def on_paper_list_highlighted(self, event: PaperList.Highlighted) -> None:
        self.expanded_authors = False
        if self._detail_timer is not None:
            self._detail_timer.stop()
        if event.moved or monotonic() - self._last_typed > 0.5:
            self.show_current()
        else:  # the rows changed under the cursor while typing a filter: draw the detail once typing pauses
            self._detail_timer = self.set_timer(DETAIL_DELAY, self.show_current)
        self.stop_dwell()
        if event.moved:  # the user went to it; rows changing under the cursor (typing, loading) read nothing
            self.start_dwell()

    def on_paper_list_selected(self, event: PaperList.Selected) -> None:
        self.add_class("-reading")  # in the narrow layout, the detail takes the screen
        self.focus_now(self.detail)
        self.start_dwell()

    # A paper becomes read once the user has had it on screen for the dwell time: moved to it (or
    # pressed Enter on it), with the list or the detail pane focused all along. Typing a query,
    # launching, the list refreshing, or a paper just marked unread with `r` read nothing.

    def start_dwell(self) -> None:
        dwell = self.app.read_after_seconds
        paper = self.paper_list.current
        if dwell <= 0 or paper is None or paper.key in self.session.marks.read or self._read_timer is not None:
            return
        row = self.paper_list.current_row
        self._read_timer = self.set_timer(dwell, partial(self.dwelled, row, paper))

    def stop_dwell(self) -> None:
        self._dwell_paused = False
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None

    def dwelled(self, row: int | None, paper: Paper) -> None:
        self._read_timer = None
        reading = self.app.screen is self and (self.paper_list.has_focus or self.detail.has_focus)
        if reading and self.paper_list.current_row == row:
            self.set_read(paper, True)

    def on_descendant_blur(self) -> None:
        """Focus left the list or the detail (to the filter, say): the dwell starts again when it is back."""
        if self._read_timer is not None and not (self.paper_list.has_focus or self.detail.has_focus):
            self.stop_dwell()
            self._dwell_paused = True

    def on_descendant_focus(self) -> None:
        if self._dwell_paused and (self.paper_list.has_focus or self.detail.has_focus):
            self._dwell_paused = False
            self.start_dwell()

    def show_current(self) -> None:
        """The detail of the paper under the cursor: at once when the catalog holds it (decoded from
        the cache), else read from its file in a worker (a damaged cache record) and shown then."""
        row = self.paper_list.current_row
        catalog = self.paper_list.catalog
        if row is None or catalog.paper_ready(row):
            self.show_detail(self.paper_list.current)
            return
        self.detail.show_loading(catalog.titles[row])
        self.read_paper(catalog, row)

    @work(thread=True, exclusive=True, group="detail")
    def read_paper(self, catalog: Catalog, row: int) -> None:
        self.post_message(PaperRead(catalog, row, catalog.paper(row)))

    @on(PaperRead)
    def paper_read(self, event: PaperRead) -> None:
        if self.paper_list.catalog is event.catalog and self.paper_list.current_row == event.row:
            self.show_detail(event.paper)

    def show_detail(self, paper: Paper | None) -> None:
        if not self.detail.is_attached:  # a timer may fire while the app shuts down
            return
        marks = self.session.marks
        self.detail.show(
            paper,
            highlight=self.session.highlighter(),
            expanded_authors=self.expanded_authors,
            note=self.session.note(paper.key) if paper is not None else "",
            read=paper is not None and paper.key in marks.read,
            starred=paper is not None and paper.key in marks.starred,
            suspect=self.suspect_reason(paper),
        )

    def suspect_reason(self, paper: Paper | None) -> str | None:
        """Why the summary of ``paper`` (the one under the cursor) may describe another paper."""
        row, catalog = self.paper_list.current_row, self.paper_list.catalog
        if paper is None or row is None or catalog.key(row) != paper.key:
            return None
        return catalog.suspects[row]

    def on_filter_bar_changed(self, event: FilterBar.Changed) -> None:
        self._last_typed = monotonic()
        self.session.set_query(event.query)
        # a new query puts the cursor on its first result, as fzf does: kept on the paper it was
        # on, which is often far down the new order, the best match was out of sight (the cursor
        # stays where it is when the query is cleared, to see that paper among the whole list)
        self.refresh_list(top=bool(event.query.strip()))
        # typing goes on: the detail pane waits until it pauses, then is drawn again (the paper
        # under the cursor may be the same one, with other words to highlight)
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(DETAIL_DELAY, self.show_current)

    # --- moving around ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_filter":
            # "/" is a priority binding, taken when it arrives, so the keys typed right after it
            # reach the filter (a normal binding only runs once the list has handled the keys
            # queued behind it: "n" opened the note editor). Inside the filter, or over another
            # screen, it is just a character.
            return self.app.screen is self and not self.filter_bar.input.has_focus
        return True

    def focus_now(self, widget: Widget) -> None:
        """Focus ``widget`` before the next key is handled.

        ``Widget.focus()`` waits until the messages already queued are handled, and keys typed in
        a burst after "/" (or while the app was busy) are queued already: they reached the list
        as commands ("n" opened the note editor, "a" switched to all days) instead of the filter.
        """
        self.set_focus(widget)

    async def action_focus_filter(self) -> None:
        await self.filter_bar.mount_input()  # a key typed as the app starts may come before it
        self.focus_now(self.filter_bar.input)

    def action_focus_list(self) -> None:
        from_filter = self.filter_bar.input.has_focus
        self.focus_now(self.paper_list)
        if from_filter:  # Enter after a query: the user turns to the result under the cursor
            self.start_dwell()

    async def action_clear_filter(self) -> None:
        """Esc in the list: clear the query (back a level), if there is one."""
        if self.session.view.query:
            await self.filter_bar.mount_input()  # told of the change only once it is mounted
            self.filter_bar.input.value = ""

    def action_focus_detail(self) -> None:
        self.add_class("-reading")
        self.focus_now(self.detail)

    def action_back(self) -> None:
        """Esc or q in the detail pane: back to the list (q quits only from the list)."""
        self.remove_class("-reading")
        self.focus_now(self.paper_list)

    # --- layout: two panes with an adjustable split; one pane at a time below NARROW columns ---

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")
        # the narrow layout shows the pane the focus is in: "-reading" (the paper's) was dropped
        # on widening while the paper kept the focus, so narrowing again hid it under the focus
        self.set_class(self.focused is self.detail, "-reading")
        self.apply_split()

    def apply_split(self) -> None:
        """The list's width: the user's share of the window, or all of it when the window is narrow."""
        self.query_one("#left").styles.width = "100%" if self.has_class("-narrow") else f"{self.split}%"

    def resize_split(self, step: int) -> None:
        if self.has_class("-narrow"):
            self.notify("The window is too narrow for two panes: Enter opens a paper, Esc comes back", markup=False)
            return
        low, high = SPLIT_RANGE
        self.split = max(low, min(high, self.split + step))
        self.apply_split()
        self.app.remember(split=self.split)

    def action_narrower_list(self) -> None:
        self.resize_split(-5)

    def action_wider_list(self) -> None:
        self.resize_split(+5)

    def action_switch_pane(self) -> None:
        to_detail = self.paper_list.has_focus
        self.set_class(to_detail, "-reading")
        self.focus_now(self.detail if to_detail else self.paper_list)

    def go_day(self, step: int) -> None:
        problem = self.session.step_day(step, self.paper_list.current_row)
        if problem:
            self.notify(problem, severity="warning")
        else:
            self.refresh_list()

    def action_prev_day(self) -> None:
        self.go_day(-1)

    def action_next_day(self) -> None:
        self.go_day(+1)

    def action_toggle_scope(self) -> None:
        keep = self.paper_list.current_row
        said = self.session.toggle_scope(keep)
        self.refresh_list(keep=keep)
        self.app.remember(scope=self.session.view.scope)
        self.notify(said, markup=False)

    def action_cycle_sort(self) -> None:
        sort = self.session.cycle_sort()
        self.refresh_list()
        self.app.remember(sort=sort)
        self.notify(f"Sorted by {sort}", markup=False)

    def action_expand_authors(self) -> None:
        self.expanded_authors = not self.expanded_authors
        self.show_detail(self.paper_list.current)

    def action_help(self) -> None:
        self.app.push_screen(help_screen.HelpScreen(self.binding_groups()))

    async def action_view(self, query: str) -> None:
        self.session.show_view(query)
        await self.filter_bar.mount_input()
        with self.filter_bar.input.prevent(Input.Changed):
            self.filter_bar.input.value = query
        self.refresh_list()

    # --- reading state ----------------------------------------------------------------------

    def current_paper(self) -> Paper | None:
        paper = self.paper_list.current
        if paper is None:
            self.notify("No paper selected", severity="warning")
        return paper

    def saved(self, change: Callable[[], object]) -> bool:
        """Run a change of the reading state; say so and return False when it could not be saved."""
        try:
            change()
        except StateError as problem:
            self.notify(str(problem), severity="error", markup=False)
            return False
        return True

    def set_read(self, paper: Paper, read: bool) -> None:
        if (paper.key in self.session.marks.read) == read:
            return
        self.saved(partial(self.session.set_read, paper.key, read))
        self.paper_list.set_marks(self.session.marks)
        current = self.paper_list.current_row
        if current is not None and self.session.catalog.key(current) == paper.key:
            self.show_detail(paper)
        self.update_status()

    def action_toggle_read(self) -> None:
        if paper := self.current_paper():
            self.stop_dwell()  # marked unread by hand: it stays so
            self.set_read(paper, paper.key not in self.session.marks.read)

    def action_next_unread(self) -> None:
        """The next unread paper in the list; past the last, the next older day that has one."""
        rows = list(self.paper_list.rows)
        position = self.session.next_unread(rows, self.paper_list.cursor) if rows else None
        if position is not None:
            self.paper_list.cursor = position
            return
        day = self.session.older_unread_day() if self.session.view.scope == Scope.DAY else None
        if day is None:
            self.notify("No unread papers left", markup=False)
            return
        self.session.step_to(day)
        self.refresh_list()
        rows = list(self.paper_list.rows)
        if (position := self.session.next_unread(rows, len(rows) - 1)) is not None:
            self.paper_list.cursor = position
        self.notify(f"Next unread on {day.isoformat()}", markup=False)

    def action_mark_all_read(self) -> None:
        rows = list(self.paper_list.rows)
        try:
            changed = self.session.mark_all_read(rows)
        except StateError as problem:
            self.notify(str(problem), severity="error", markup=False)
            return
        self._undo_read = changed
        self.stop_dwell()
        self.paper_list.set_marks(self.session.marks)
        self.show_detail(self.paper_list.current)
        self.update_status()
        self.notify(f"Marked {plural(len(changed), 'paper')} read · z undoes" if changed else "Every listed paper was read already", markup=False)

    def action_undo_mark_all(self) -> None:
        if not self._undo_read:
            self.notify("Nothing to undo", markup=False)
            return
        keys, self._undo_read = self._undo_read, []
        if self.saved(partial(self.session.mark_unread, keys)):
            self.paper_list.set_marks(self.session.marks)
            self.show_detail(self.paper_list.current)
            self.update_status()
            self.notify(f"{plural(len(keys), 'paper')} unread again", markup=False)

    def action_toggle_star(self) -> None:
        if paper := self.current_paper():
            starred = paper.key not in self.session.marks.starred
            if self.saved(partial(self.session.set_starred, paper.key, starred)):
                self.paper_list.set_marks(self.session.marks)
                self.show_detail(paper)
                self.notify("Starred" if starred else "Unstarred", markup=False)

    def action_edit_note(self) -> None:
        if (paper := self.current_paper()) is None:
            return

        def done(text: str | None) -> None:
            if text is None or not self.saved(partial(self.session.set_note, paper.key, text)):
                return
            self.show_detail(paper)
            self.notify("Note saved" if text.strip() else "Note removed")

        self.app.push_screen(note_screen.NoteScreen(paper.title, self.session.store.note(paper.key)), done)

    def action_toggle_unread_only(self) -> None:
        self.session.toggle_unread_only()
        self.refresh_list()

    def action_toggle_starred_only(self) -> None:
        self.session.toggle_starred_only()
        self.refresh_list()

    # --- copying and opening ------------------------------------------------------------------
    # Copying writes OSC 52 (through Textual, which also sets app.clipboard) and tries the system
    # clipboard in a worker; the notification always shows the text. Opening accepts only web
    # URLs, runs in a worker and copies instead where no graphical browser can open.

    def copy(self, text: str, what: str, paper: Paper | None = None) -> None:
        self.app.copy_to_clipboard(text)  # OSC 52, and app.clipboard
        self.system_copy(text, what)
        if paper is not None:
            self.set_read(paper, True)

    @work(thread=True, group="clipboard")
    def system_copy(self, text: str, what: str) -> None:
        """Copy with the system clipboard too, then say what happened."""
        problem = clipboard.system_copy(text)
        if problem is None:
            message = f"Copied {what}:\n{text}"
        else:  # OSC 52 was sent; whether the terminal honours it cannot be known, so show the text
            message = f"Copied {what} (through the terminal: no system clipboard here). If it did not arrive, select it:\n{text}"
        self.post_message(Notice(message, timeout=8))

    def action_copy_url(self) -> None:
        if paper := self.current_paper():
            self.copy(paper.abs_url, "the arXiv URL", paper)

    def action_copy_markdown(self) -> None:
        if paper := self.current_paper():
            self.copy(f"[{export.md_escape(paper.title)}]({paper.abs_url})", "a Markdown link", paper)

    def action_copy_bibtex(self) -> None:
        if paper := self.current_paper():
            self.copy(export.bibtex_entry(paper), "a BibTeX entry", paper)

    def open_link(self, url: str | None, what: str, paper: Paper) -> None:
        if not url:
            self.notify(f"This paper has no {what} (not an arXiv paper)", severity="warning", markup=False)
            return
        if problem := opener.check_url(url):
            self.notify(f"{problem}: {url[:200]}", severity="error", markup=False)
            return
        self.set_read(paper, True)
        if not opener.graphical_session():
            self.app.copy_to_clipboard(url)
            self.system_copy(url, f"the {what} URL instead of opening it: no graphical browser here")
            return
        self.open_in_browser(url, what)

    @work(thread=True, group="browser")
    def open_in_browser(self, url: str, what: str) -> None:
        problem = opener.open_url(url)
        if problem is None:
            self.post_message(Notice(f"Opened the {what} on {opener.describe(url)}: {url}"))
        else:
            self.post_message(Notice(f"Could not open the browser ({problem}); copied the URL instead:\n{url}", "warning", copy=url))

    def action_open_abs(self) -> None:
        if paper := self.current_paper():
            self.open_link(paper.abs_url, "arXiv page", paper)

    def action_open_pdf(self) -> None:
        if paper := self.current_paper():
            self.open_link(paper.pdf_url, "PDF", paper)

    def action_open_hf(self) -> None:
        if paper := self.current_paper():
            self.open_link(paper.hf_url, "Hugging Face page", paper)

    # --- syncing (command palette → "Sync digests") --------------------------------------------

    def action_sync(self) -> None:
        self.notify("Syncing digests…", markup=False)
        self.run_sync()

    @work(thread=True, exclusive=True, group="sync")
    def run_sync(self) -> None:
        results: list[sync.SyncResult] = []
        failures: list[str] = []
        for source in self.settings.config.sources:
            try:
                results.append(sync.sync(source, output=self.show_sync_line))
            except sync.SyncError as problem:
                failures.append(f"{source}: {problem}")
        self.post_message(SyncFinished(results, failures))

    def show_sync_line(self, line: str) -> None:
        """git's progress, in the header (called from the sync worker)."""
        self.post_message(LoadProgress(f"sync: {line[:60]}"))

    @on(SyncFinished)
    def sync_done(self, event: SyncFinished) -> None:
        self.indexing = None
        self.update_status()
        for failure in event.failures:
            self.notify(f"Sync failed, library unchanged: {failure}", severity="error", markup=False, timeout=12)
        if not event.results:
            return
        days, papers = sum(r.new_days for r in event.results), sum(r.new_papers for r in event.results)
        self.notify(f"Synced: {plural(days, 'new day')}, {plural(papers, 'new paper')}" if days or papers else "Synced: already up to date", markup=False)
        self.reload_library()

    # --- fetching (command palette → "Fetch today's papers") ----------------------------------

    def action_fetch(self) -> None:
        self.notify("Fetching today's papers from Hugging Face…", markup=False)
        self.run_fetch()

    @work(thread=True, exclusive=True, group="fetch")
    def run_fetch(self) -> None:
        worker = get_current_worker()
        try:
            options = fetch.build_options(self.settings.config, os.environ, library=self.settings.library_dir)
        except fetch.OptionsError as problem:
            self.post_message(FetchFinished([], [str(problem)]))
            return
        failures: list[str] = []

        def progress(step: fetch.FetchProgress) -> None:
            if step.stage == "summarising":
                self.post_message(LoadProgress(f"fetch {step.day}: {step.done}/{step.total} papers"))

        results = fetch.fetch_days([fetch.utc_today()], options, progress, stop=lambda: worker.is_cancelled, on_error=lambda problem: failures.append(str(problem)))
        self.post_message(FetchFinished(results, failures))

    @on(FetchFinished)
    def fetch_done(self, event: FetchFinished) -> None:
        self.indexing = None
        self.update_status()
        for failure in event.failures:
            self.notify(f"Fetch failed, library unchanged: {failure}", severity="error", markup=False, timeout=12)
        for result in event.results:
            if result.skipped_complete:
                self.notify(f"{result.day}: complete already ({plural(result.total, 'paper')})", markup=False)
            else:
                self.notify(f"{result.day}: {plural(result.total, 'paper')} ({result.new} new: {result.summarised} summarised, {result.from_abstract} from the abstract)", markup=False)
        if any(r.new for r in event.results):
            self.reload_library()

    def reload_library(self) -> None:
        """Read the library again after a sync or fetch changed it (paths the user named stay)."""
        if self.origin in ("samples", "library"):
            self.paths, self.origin = library_paths(self.settings)
            self.indexing = "loading"
            self.load_library(staged=False)
        else:
            self.notify("The library was updated; run `daily-papers` without paths to read it.", markup=False)

    # --- what the help screen and the palette list ----------------------------------------------

    def binding_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        def rows(bindings: list[Binding]) -> list[tuple[str, str]]:
            out: dict[str, list[str]] = {}
            for b in bindings:
                out.setdefault(b.description, []).append(self.key_names(b))
            return [(", ".join(keys), description) for description, keys in out.items()]

        return [
            ("Papers", rows(PaperList.BINDINGS)),  # type: ignore[arg-type]
            ("Reader", rows(self.BINDINGS)),  # type: ignore[arg-type]
            ("Detail pane", rows(PaperDetail.BINDINGS)),  # type: ignore[arg-type]
            ("Filter", [("enter", "Back to the list"), ("escape", "Clear the filter")]),
            ("Anywhere", [("ctrl+p", "Command palette"), ("ctrl+q", "Quit")]),
        ]

    def _keys_for(self, binding: Binding) -> str:
        return self.settings.config.keys.get(binding.id, binding.key) if binding.id else binding.key

    def key_names(self, binding: Binding) -> str:
        """The keys of ``binding`` (the config's, where it rebinds them) as people write them: ``?, f1``."""
        return ", ".join(self.app.get_key_display(Binding(k.strip(), binding.action)) for k in self._keys_for(binding).split(","))

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        """(name, help, callback) for every action, the saved views and sync."""
        commands: list[tuple[str, str, Callable[[], Any]]] = []
        for binding in [*self.BINDINGS, *PaperList.BINDINGS]:
            assert isinstance(binding, Binding)
            target: Widget = self.paper_list if binding in PaperList.BINDINGS else self
            commands.append((binding.description, f"key: {self.key_names(binding)}", partial(self.call_later, target.run_action, binding.action)))
        commands.append(("Switch pane", "key: tab", self.action_switch_pane))
        commands.append(("Sync digests", "fetch new digests with git: " + ", ".join(self.settings.config.sources), self.action_sync))
        commands.append(("Fetch today's papers", "from Hugging Face Daily Papers into the library (daily-papers fetch)", self.action_fetch))
        commands.append(("Save this search as a view", "listed here next time: " + (self.session.view.query or "(type a query first)"), self.action_save_view))
        for name, query in self.views().items():
            commands.append((f"View: {name}", query, partial(self.action_view, query)))
        return commands

    def views(self) -> dict[str, str]:
        """Saved searches: the config's (those that parse) and those saved in the app."""
        views = {}
        for name, query in {**self.settings.config.views, **self.app.preferences.views}.items():
            try:
                query_language.parse_query(query)
            except query_language.QueryError:
                continue  # reported once at start (the app's config_mistakes)
            views[terminal_safe(name)] = query
        return views

    def action_save_view(self) -> None:
        query = self.session.view.query.strip()
        if not query:
            self.notify("Type a search first (/), then save it as a view", severity="warning", markup=False)
            return
        try:
            query_language.parse_query(query)
        except query_language.QueryError as problem:
            self.notify(f"This search does not parse: {problem.message}", severity="error", markup=False)
            return
        self.app.remember(views={**self.app.preferences.views, query: query})
        self.notify(f"Saved the view “{query}” (Ctrl+P lists it)", markup=False)

    def all_bindings(self) -> list[Binding]:
        """Every binding of the reader and its widgets (for the config's [keys] and the help)."""
        found = [*self.BINDINGS, *PaperList.BINDINGS, *PaperDetail.BINDINGS, *FilterBar.BINDINGS]
        return [b for b in found if isinstance(b, Binding)]
