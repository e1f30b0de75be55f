"""What background workers tell the reader screen. Each is posted from the worker's thread
(``post_message`` is thread-safe) and handled on the UI thread by the screen's ``on_…`` method."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from ..core.catalog import Catalog
from ..core.model import Paper, ParseWarning

if TYPE_CHECKING:
    from ..core.fetch import DayResult
    from ..core.sync import SyncResult


class LibraryLoaded(Message):
    """A catalog to show: the newest day first (``complete`` False), then the whole library."""

    def __init__(self, catalog: Catalog, warnings: list[ParseWarning], complete: bool) -> None:
        super().__init__()
        self.catalog = catalog
        self.warnings = warnings
        self.complete = complete


class IndexReady(Message):
    """``catalog`` is as searchable as it gets: its index read from the cache or just built (or
    none to build: an empty library, no memory for it), so the header stops saying it is busy."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog


class SummariesChecked(Message):
    """``catalog``'s suspects are filled in (a cold load checks the summaries after the index)."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog


class LoadProgress(Message):
    """What loading (or syncing) is doing now, for the header; None when it is done."""

    def __init__(self, text: str | None) -> None:
        super().__init__()
        self.text = text


class PaperRead(Message):
    """A paper the catalog could not give at once (read from its file in a worker)."""

    def __init__(self, catalog: Catalog, row: int, paper: Paper) -> None:
        super().__init__()
        self.catalog = catalog
        self.row = row
        self.paper = paper


class SyncFinished(Message):
    """A sync from the command palette ended: what each source gave, and what failed."""

    def __init__(self, results: list[SyncResult], failures: list[str]) -> None:
        super().__init__()
        self.results = results
        self.failures = failures


class FetchFinished(Message):
    """A fetch from the command palette ended: each day's result, and what failed."""

    def __init__(self, results: list[DayResult], failures: list[str]) -> None:
        super().__init__()
        self.results = results
        self.failures = failures


class Notice(Message):
    """A line for the user from a worker (copying, opening, loading)."""

    def __init__(self, text: str, severity: str = "information", timeout: float | None = None, copy: str | None = None) -> None:
        super().__init__()
        self.text = text
        self.severity = severity
        self.timeout = timeout
        self.copy = copy
        """Text to put on the clipboard through the terminal (OSC 52), from the UI thread."""
