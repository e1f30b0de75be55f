"""The filter bar: the query input, its inline error and a sparkline of matches per week.

The sparkline and the error line are mounted when first needed: the first screen has neither
(its weekly counts come later, errors with a bad query), and every widget costs start-up time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import widgets
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, Static

from ...core.lazy import lazy_module

if TYPE_CHECKING:
    from textual.widgets import Sparkline

    from ...core import query
else:  # the query language loads with the first keystroke, not for the first screen (~6 ms)
    query = lazy_module("reader.core.query")


class FieldSuggester(Suggester):
    """Offers the field or state word the query's last word begins (→ accepts it): ``ti`` → ``title:``."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return query.complete(value)


class FilterBar(Vertical):
    # Priority bindings are taken when the key arrives, before the keys typed after it are
    # handed to the focused widget: "enter j j" then moves in the list, not "jj" into the query.
    BINDINGS = [
        Binding("enter", "screen.focus_list", "Back to the list", show=False, priority=True),
        Binding("escape", "clear", "Clear filter", show=False, priority=True),
    ]

    class Changed(Message):
        def __init__(self, filter_bar: FilterBar, query: str) -> None:
            super().__init__()
            self.filter_bar = filter_bar
            self.query = query

        @property
        def control(self) -> FilterBar:
            return self.filter_bar

    _error: str | None = ""
    _error_line: Static | None = None
    _trend: Sparkline | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="/ to filter (? for help)", id="filter-input", suggester=FieldSuggester())

    @property
    def input(self) -> Input:
        return self.query_one("#filter-input", Input)

    @property
    def value(self) -> str:
        return self.input.value

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, event.value))

    async def action_clear(self) -> None:
        self.input.value = ""
        await self.run_action("screen.focus_list")

    def show_error(self, message: str | None) -> None:
        if message == self._error:
            return  # unchanged: no redraw, no layout pass
        self._error = message
        if self._error_line is None:
            if not message:
                return
            self._error_line = Static(id="filter-error")
            self.mount(self._error_line, before=0)  # docked first: the full width, below the sparkline's dock
        self._error_line.update(Text(f"⚠ {message} — showing the last good results", style="bold") if message else "")
        self._error_line.display = bool(message)

    def show_trend(self, counts: list[int], tooltip: str) -> None:
        if self._trend is None:
            # Textual loads a widget's module when it is first named: the sparkline's (and its
            # statistics import, ~5 ms) after the first screen, as the trend is drawn
            self._trend = widgets.Sparkline(id="filter-trend")
            self.mount(self._trend)
        self._trend.data = counts or [0]
        self._trend.tooltip = Text(tooltip)  # it quotes the query: never read as markup
