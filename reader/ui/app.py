"""The Textual reader: a list of the day's papers beside the selected paper's summary."""

from __future__ import annotations

import gc
import time
from dataclasses import replace
from pathlib import Path
from time import monotonic

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Footer
from textual.worker import get_current_worker

from ..core.catalog import Catalog
from ..core.config import Config, load_config
from ..core.dirs import styles_dir
from ..core.library import MissingPathError
from ..core.loader import LoadStopped, first_stage, load_stages, release_freed_memory
from ..core.model import Marks, Paper, ParseWarning
from ..core.state import StateStore
from ..core.view import Browser, ViewState
from .app_links import LinkActions
from .app_navigation import NavigationActions
from .app_reading import ReadingActions
from .app_sync import SyncActions
from .screens.palette import PaletteActions, PaperCommands
from .widgets.filter_bar import FilterBar
from .widgets.paper_detail import PaperDetail
from .widgets.paper_list import PaperList
from .widgets.status_bar import StatusBar

CATCH_UP_DAYS = 7
"""With at most this many new unread days the app opens on the oldest of them, else on the newest day."""
FIRST_FRAME_GRACE = 0.03
"""Seconds the loader waits before reading the cache, for the first frame to be written out."""
DETAIL_DELAY = 0.08
"""Seconds the detail pane waits after the list changed under the cursor (typing coalesces)."""


DAY_KEYS = Binding.Group("Day", compact=True)
"""[ and ] share one place in the footer ("[] Day"): every shown key then fits in 100 columns."""


def _b(key: str, action: str, description: str, show: bool = True, group: Binding.Group | None = None, priority: bool = False) -> Binding:
    return Binding(key, action, description, show=show, id=action, group=group, priority=priority)


class DailyPapersApp(NavigationActions, ReadingActions, LinkActions, SyncActions, PaletteActions, App[int]):
    read_after_seconds = 2.0
    """A paper that stays selected this long becomes read."""
    CSS_PATH = str(styles_dir() / "app.tcss")
    TITLE = "daily-papers"
    AUTO_FOCUS = "PaperList"
    """The list has focus from the start (the default, the first focusable widget, is the filter's
    input: focusing it and then moving focus restyled both before the first frame)."""
    COMMANDS = App.COMMANDS | {PaperCommands}
    BINDINGS = [
        _b("q", "quit", "Quit"),
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
        _b("n", "edit_note", "Note", show=False),
        _b("u", "toggle_unread_only", "Unread only", show=False),
        _b("M", "toggle_starred_only", "Starred only", show=False),
        _b("e", "expand_authors", "All authors", show=False),
        _b("h", "focus_list", "Focus list", show=False),
        _b("l", "focus_detail", "Focus detail", show=False),
    ]

    def __init__(self, paths: list[Path], origin: str = "paths", config: Config | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.origin = origin
        self.config_problems: list[str] = []
        if config is None:
            config, self.config_problems = load_config()
        self.config = config
        self.view = ViewState(scope=config.scope, sort=config.sort)
        self.browser: Browser | None = None
        self.node: object | None = None
        self.marks = Marks()
        self.store: StateStore | None = None
        self.indexing: str | None = "loading"
        self.expanded_authors = False
        self.new_days: set = set()
        self._read_timer: Timer | None = None
        self._trend_timer: Timer | None = None
        self._detail_timer: Timer | None = None
        self._read_rows: tuple | None = None
        self._last_typed = 0.0  # monotonic time of the last change to the filter
        self._last_search: tuple | None = None  # (context, node, rows) of the last list refresh

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="panes"):
            with Vertical(id="left"):
                yield FilterBar(id="filter")
                yield PaperList(id="papers")
            yield PaperDetail(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        # kept, not queried: App.query_one looks at the top screen, which may be a modal
        self.paper_list = self.query_one(PaperList)
        self.detail = self.query_one(PaperDetail)
        self.filter_bar = self.query_one(FilterBar)
        self.status_bar = self.query_one(StatusBar)
        if self.config.theme and self.config.theme in self.available_themes:
            self.theme = self.config.theme
        if self.config.keys:
            self.set_keymap(self.config.keys)
        for problem in self.config_problems:
            self.notify(problem, title="Config", severity="warning", markup=False, timeout=10)
        self.store = StateStore()
        if self.store.moved_aside:
            self.notify(f"The reading state file was damaged; it was kept as {self.store.moved_aside} and a fresh one started.", severity="warning", markup=False, timeout=15)
        if self.store.problem:
            self.notify(self.store.problem, severity="warning", markup=False, timeout=10)
        self.marks = self.store.marks()
        self.filter_bar.show_error(None)
        self.update_status()
        if self.origin == "samples":
            self.notify("Showing the bundled sample digests. Run `daily-papers sync` (or Ctrl+P → Sync digests) to fetch the real ones.", timeout=10, markup=False)
        try:
            found = first_stage(self.paths)
        except MissingPathError as problem:
            self.notify(str(problem), severity="error", markup=False)
            found = None, [], []
        if found[0] is not None:
            self.install(Browser(found[0].catalog), [], False)
        # after the first frame is drawn, so reading the cache does not hold up the first screen
        self.call_after_refresh(self.load_library, found=found)

    # --- loading (a worker thread; the newest day first) ---------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_library(self, staged: bool = True, found: tuple | None = None) -> None:
        """Show the newest day as soon as it is parsed, then the whole library (from cache if it can).

        ``found``: what :func:`first_stage` returned, on screen already.
        """

        def progress(done: int, total: int) -> None:
            self.call_from_thread(self.set_indexing, f"indexing {done}/{total} files")

        def report(problem: str) -> None:
            self.call_from_thread(self.notify, problem, severity="warning", markup=False)

        # Textual hands the first frame to its writer thread, which needs the interpreter lock
        # to send it; reading the cache holds that lock for tens of milliseconds at a time
        # (unmarshalling its header is one call), so the frame would reach the terminal late.
        time.sleep(FIRST_FRAME_GRACE)
        worker = get_current_worker()

        def stop() -> bool:  # quitting: a thread cannot be interrupted, so it checks between steps
            return worker.is_cancelled

        # Loading creates hundreds of thousands of objects, and the cyclic collector would walk
        # the growing heap again and again meanwhile (~180 passes, ~60 ms of a warm start). It is
        # off until the library is frozen out of its reach below (cli.main turns it off first).
        gc.disable()
        try:
            for stage in load_stages(self.paths, progress, report=report, found=found, stop=stop):
                if stage.complete or staged:
                    self.call_from_thread(self.install, Browser(stage.catalog), stage.warnings, stage.complete)
                if stage.complete:
                    catalog = stage.catalog
            from ..core import search  # noqa: F401  (the query machinery, ready before the first keystroke)

            # initial-consonant (ㄷㄱㅁ), title: and author: searches ready before anyone types one
            if not catalog.prepare_search(stop):
                return
            # The library is hundreds of thousands of long-lived objects; without this every full
            # garbage collection walks them all, a 100 ms pause in the middle of typing. What is
            # left still takes ~10 ms a pass, so full passes come ten times less often.
            gc.freeze()
            gen0, gen1, _ = gc.get_threshold()
            gc.set_threshold(gen0, gen1, 100)
            release_freed_memory()
        except LoadStopped:
            return
        except MissingPathError as problem:
            self.call_from_thread(self.notify, str(problem), severity="error", markup=False)
            self.call_from_thread(self.install, Browser(Catalog()), [], True)
        finally:
            gc.enable()

    def set_indexing(self, text: str | None) -> None:
        self.indexing = text
        self.update_status()

    def install(self, browser: Browser, warnings: list[ParseWarning], complete: bool) -> None:
        first_install = self.browser is None
        keep = self.same_row_in(browser.catalog)
        self.browser = browser
        if complete:
            self.indexing = None
            self.note_new_days()
        if first_install or self.view.day not in browser.days:
            self.view = replace(self.view, day=self.start_day())
        self.paper_list.empty_message = "No papers match." if len(browser.catalog) else self.no_papers_message()
        self.refresh_list(keep=keep)
        if warnings:
            shown = "\n".join(str(w) for w in warnings[:5])
            more = f"\n… and {len(warnings) - 5} more" if len(warnings) > 5 else ""
            self.notify(f"{len(warnings)} problem(s) while reading digests:\n{shown}{more}", severity="warning", markup=False, timeout=12)

    def same_row_in(self, catalog: Catalog) -> int | None:
        """The row of the paper under the cursor in another catalog (after loading more)."""
        row = self.paper_list.current_row
        if row is None or self.browser is None:
            return None
        old = self.browser.catalog
        return catalog.find_row(old.key(row), old.days[row])

    def no_papers_message(self) -> str:
        return "No papers found in " + ", ".join(str(p) for p in self.paths)

    def start_day(self):
        days = self.browser.days if self.browser else []
        if not days:
            return None
        catalog = self.browser.catalog
        unread_days = {catalog.days[r] for r in range(len(catalog)) if catalog.keys[r] not in self.marks.read}
        unread_new = [d for d in sorted(self.new_days) if d.toordinal() in unread_days]
        # catching up on a few days starts at the oldest; after a long absence, at the newest
        return unread_new[0] if 0 < len(unread_new) <= CATCH_UP_DAYS else days[0]

    def note_new_days(self) -> None:
        if self.store is None or self.browser is None:
            return
        self.new_days = self.store.record_days(self.browser.days)
        if self.new_days:
            catalog = self.browser.catalog
            ordinals = {d.toordinal() for d in self.new_days}
            keys = frozenset(catalog.keys[r] for r in range(len(catalog)) if catalog.days[r] in ordinals)
            self.marks = replace(self.marks, new=keys)
            self.view = replace(self.view, day=self.start_day())
            self.notify(f"{len(self.new_days)} new day(s) since last time", markup=False)

    # --- the list -------------------------------------------------------------------------------

    def refresh_list(self, keep: int | None = None) -> None:
        if self.browser is None:
            return
        if not self.view.query.strip():
            self.node = None
            self.filter_bar.show_error(None)
        else:
            # the query machinery is imported on first use (and in the background after the first
            # screen, see load_library): the first screen does without it
            from ..core.query import QueryError, parse_query

            try:
                self.node = parse_query(self.view.query)
                self.filter_bar.show_error(None)
            except QueryError as problem:
                self.filter_bar.show_error(f"{problem.message} (at {problem.position + 1})")
        context = (self.browser, replace(self.view, query=""), self.marks)
        last = self._last_search
        left: object = False
        if self.node is not None and last is not None and last[0][0] is context[0] and last[0][1:] == context[1:]:
            from ..core.search import narrowing

            left = narrowing(last[1], self.node)
        if left is not False:  # typing narrowed the query: check only what changed, on the last results
            from ..core.search import search

            rows = search(self.browser.catalog, left, last[2], self.marks) if left is not None else last[2]
        else:
            rows = self.browser.rows(self.view, self.node, self.marks)
        self._last_search = (context, self.node, rows)
        keep = self.paper_list.current_row if keep is None else keep
        self.paper_list.set_rows(self.browser.catalog, rows, show_dates=self.view.scope == "all", highlight=self.highlighter(), keep=keep)
        self.paper_list.set_marks(self.marks)
        self.update_status(len(rows))
        self.schedule_trend()

    def highlighter(self):
        """What marks the query's matches in displayed text (None without a query)."""
        if self.node is None:
            return None
        from ..core.search import highlighter

        return highlighter(self.node)

    def schedule_trend(self) -> None:
        if self._trend_timer is not None:
            self._trend_timer.stop()
        self._trend_timer = self.set_timer(0.2, self.update_trend)

    def update_trend(self) -> None:
        if self.browser is None or not self.filter_bar.is_attached:  # the timer may outlive the screen
            return
        rows = self.browser.rows(replace(self.view, scope="all", unread_only=False, starred_only=False), self.node, self.marks)
        counts = self.browser.weekly_counts(rows)
        what = f"“{self.view.query}”" if self.view.query.strip() else "all papers"
        self.filter_bar.show_trend(counts, f"{what}: {len(rows)} papers, per week, {len(counts)} weeks")

    def update_status(self, shown: int | None = None) -> None:
        status = self.status_bar
        if self.browser is None:
            status.show(place="loading digests…", counts="")
            return
        if self.view.scope == "all":
            place = f"all days ({len(self.browser.days)})"
            total = len(self.browser.catalog)
        else:
            day = self.view.day
            days = self.browser.days
            position = len(days) - days.index(day) if day in days else 0
            place = f"{day.isoformat() if day else '—'} · day {position} of {len(days)}" + (" · new" if day in self.new_days else "")
            total = self.browser.day_size(day)
        shown = len(self.paper_list.rows) if shown is None else shown
        filtered = bool(self.view.query.strip() or self.view.unread_only or self.view.starred_only)
        counts = f"{shown} of {total} papers" if filtered else f"{total} papers"
        unread = len(self.paper_list.rows) - len(self.read_rows().intersection(self.paper_list.rows))
        extra = [f"{unread} unread", f"by {self.view.sort}"]
        if self.view.unread_only:
            extra.append("unread only")
        if self.view.starred_only:
            extra.append("starred only")
        if self.indexing:
            extra.append(f"{self.indexing}…" + (" (all-days results so far)" if self.view.scope == "all" else ""))
        status.show(place=place, counts=counts, extra=" · ".join(extra))

    def on_paper_list_highlighted(self, event: PaperList.Highlighted) -> None:
        self.expanded_authors = False
        paper = self.paper_list.current
        if self._detail_timer is not None:
            self._detail_timer.stop()
        if event.moved or monotonic() - self._last_typed > 0.5:
            self.show_detail(paper)
        else:  # the rows changed under the cursor while typing a filter: draw the detail once typing pauses
            self._detail_timer = self.set_timer(DETAIL_DELAY, lambda: self.show_detail(self.paper_list.current))
        if self._read_timer is not None:
            self._read_timer.stop()
        if paper is not None and paper.key not in self.marks.read:
            row = event.row
            self._read_timer = self.set_timer(self.read_after_seconds, lambda: self.mark_read_if_current(row, paper))

    def on_paper_list_selected(self, event: PaperList.Selected) -> None:
        self.focus_now(self.detail)

    def show_detail(self, paper: Paper | None) -> None:
        if not self.detail.is_attached:  # a timer may fire while the app shuts down
            return
        note = self.store.note(paper.key) if paper is not None and self.store and paper.key in self.marks.noted else ""
        self.detail.show(
            paper,
            highlight=self.highlighter(),
            expanded_authors=self.expanded_authors,
            note=note,
            read=paper is not None and paper.key in self.marks.read,
            starred=paper is not None and paper.key in self.marks.starred,
        )

    def on_filter_bar_changed(self, event: FilterBar.Changed) -> None:
        self._last_typed = monotonic()
        if self._detail_timer is not None:  # typing goes on: the detail pane waits until it pauses
            self._detail_timer.reset()
        self.view = replace(self.view, query=event.query)
        self.refresh_list()

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen(self.binding_groups()))

    def action_view(self, query: str) -> None:
        self.filter_bar.input.value = query

