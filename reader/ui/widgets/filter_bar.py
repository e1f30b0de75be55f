"""The filter bar: the query input, its inline error and a sparkline of matches per week.

The sparkline and the error line are mounted when first needed: the first screen has neither
(its weekly counts come later, errors with a bad query), and every widget costs start-up time.
So does the input: Textual's Input took ~6 ms of the first frame (its CSS, styling it and its
four component classes), in a pty launch with the real corpus (median of 16, against a plain
widget in its place). The first frame draws :class:`QueryPrompt` instead, which looks the same,
and the Input takes its place right after that frame, or as soon as a key or a click needs it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Self

from rich.text import Text
from textual import events, widgets
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.suggester import Suggester
from textual.widget import Widget
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


class QueryInput(Input):
    """The query's input: a keystroke's new query reaches the screen at once, without a layout
    pass of the whole screen.

    - Textual's Input sets its virtual size to its text's width whenever its value changes, and
      the virtual size is a layout reactive: every keystroke re-arranged and repainted every
      widget on screen (a third of a keystroke's time with 55,000 papers listed). Its own size is
      fixed by the CSS (one line, a fraction of the width), so only its scroll range needs
      updating, which is what Textual does for a scrolled widget whose size stays.
    - Its Changed message bubbles through each ancestor's queue; by the time it reached the
      screen, the screen had painted the input alone, and the list's new rows waited for the next
      frame. The filter bar posts its own Changed to the screen from here instead, so the typed
      character and the rows it selects are painted together.
    """

    _value_changing = False

    async def _on_key(self, event: events.Key) -> None:
        """Its editing keys (Backspace, Delete, arrows, ctrl+w, …) taken here, in the order typed.

        They are the Input's bindings, which Textual looks up once the key has bubbled up to the
        app, among the bindings of whatever has the focus by then: in a burst such as "/ Backspace
        Enter", Enter (a priority binding, taken as it arrives) had already given the focus to the
        list, and the Backspace did nothing (the old query stayed)."""
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
        await super()._on_key(event)

    def _watch_value(self, value: str) -> None:
        self._value_changing = True
        try:
            super()._watch_value(value)
        finally:
            self._value_changing = False
        if isinstance(self.parent, FilterBar):
            self.parent.value_changed(value)

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        if layout and self._value_changing and not self.styles.auto_dimensions:
            layout = False
            self._scroll_update(self.virtual_size)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


PLACEHOLDER = "/ to filter, ? for help"


class QueryPrompt(Widget):
    """The query's input as Textual's Input draws itself blurred and empty (its styles are
    copied in app.tcss): what the first frame shows in the Input's place. A click asks for the
    filter."""

    COMPONENT_CLASSES = {"query-prompt--placeholder"}

    def render_line(self, y: int) -> Strip:
        """As Input.render_line draws an empty, blurred input: the placeholder, then blanks."""
        if y != 0:
            return Strip.blank(self.size.width, self.rich_style)
        placeholder = Text(PLACEHOLDER, justify="left", end="")
        placeholder.stylize(self.get_component_rich_style("query-prompt--placeholder"))
        width = self.scrollable_content_region.width + 1
        return Strip(self.app.console.render(placeholder, self.app.console_options.update_width(width))).apply_style(self.rich_style)

    def on_click(self) -> None:
        # run by the screen, not here: the action removes this widget, and awaiting that from
        # its own handler waited for itself (the app hung)
        self.screen.call_later(self.screen.run_action, "focus_filter")


class FilterBar(Vertical):
    # Priority bindings are taken when the key arrives, before the keys typed after it are
    # handed to the focused widget: "enter j j" then moves in the list, not "jj" into the query.
    BINDINGS = [
        Binding("enter", "screen.focus_list", "Back to the list", show=False, priority=True),
        # Enter typed ahead at launch, before Textual set the terminal raw: its line discipline
        # turned the CR into a LF, which arrives as ctrl+j ("/query Enter j" typed as the app
        # started left "queryj" in the filter)
        Binding("ctrl+j", "screen.focus_list", "Back to the list", show=False, priority=True),
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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._input = QueryInput(placeholder=PLACEHOLDER, id="filter-input", suggester=FieldSuggester())
        self._input_mounted: asyncio.Future[None] | None = None

    def compose(self) -> ComposeResult:
        yield QueryPrompt()

    def on_mount(self) -> None:
        self.call_after_refresh(self.mount_input)

    @property
    def input(self) -> Input:
        """The query's input (see :meth:`mount_input`: before that, not yet on screen)."""
        return self._input

    def mount_input(self) -> Awaitable[None]:
        """Put the Input in the prompt's place, once: right after the first frame, or first when
        a key, a click or a saved view needs it. Awaited, it is mounted (and can take focus)."""
        if self._input_mounted is None:
            self._input_mounted = asyncio.ensure_future(self._swap())
        return self._input_mounted

    async def _swap(self) -> None:
        if not self.is_attached:  # the app quit before the first idle
            return
        prompt = self.query_one(QueryPrompt)
        self._input.display = False
        await self.mount(self._input, before=prompt)
        # shown and hidden in one go: no frame has both, or neither, and the list never moves
        self._input.display = True
        prompt.display = False
        await prompt.remove()

    @property
    def value(self) -> str:
        return self.input.value

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()  # told to the screen already (see QueryInput)

    def value_changed(self, value: str) -> None:
        if self.is_attached:
            self.screen.post_message(self.Changed(self, value))

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
            self.add_class("-trend")  # in the margin the box kept for it: both in the next layout
            self.mount(self._trend)
        self._trend.data = counts or [0]
        self._trend.tooltip = Text(tooltip)  # it quotes the query: never read as markup
