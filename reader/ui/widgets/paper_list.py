"""The paper list: a virtual Line-API widget that renders only the rows on screen.

Textual's OptionList/ListView/DataTable build a widget or row object per item, which takes
seconds to re-filter tens of thousands of papers; this list holds a list of catalog rows (ints)
and draws ``render_line`` for the visible ones only, so a re-filter is one list assignment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...core.catalog import Catalog
from ...core.model import Marks, Paper
from ...core.text import truncate

Highlighter = Callable[[str], list[tuple[int, int]]]


class PaperList(ScrollView, can_focus=True):
    """One line per paper: read, star and note marks, votes (right-aligned), [date], ⚠ for a suspect
    summary, the title cut by cells."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False),
        Binding("k,up", "cursor_up", "Up", show=False),
        Binding("g,home", "first", "First", show=False),
        Binding("G,end", "last", "Last", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("enter", "select", "Read", show=False),
        Binding("tab", "screen.switch_pane", "Switch pane", show=False),
    ]
    COMPONENT_CLASSES = {
        "paper-list--cursor",
        "paper-list--votes",
        "paper-list--date",
        "paper-list--match",
        "paper-list--unread",
        "paper-list--read",
        "paper-list--star",
        "paper-list--empty",
        "paper-list--suspect",
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor is on catalog row ``row`` (None when the list is empty).

        ``moved`` is True when the user moved the cursor, False when the rows changed under it.
        """

        def __init__(self, paper_list: PaperList, row: int | None, moved: bool = True) -> None:
            super().__init__()
            self.paper_list = paper_list
            self.row = row
            self.moved = moved

        @property
        def control(self) -> PaperList:
            return self.paper_list

    class Selected(Message):
        """Enter was pressed on catalog row ``row``."""

        def __init__(self, paper_list: PaperList, row: int) -> None:
            super().__init__()
            self.paper_list = paper_list
            self.row = row

        @property
        def control(self) -> PaperList:
            return self.paper_list

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.catalog = Catalog()
        self.rows: Sequence[int] = ()
        self.show_dates = False
        self.highlight: Highlighter | None = None
        self.marks = Marks()
        self.empty_message = "Loading…"
        self._last_posted: tuple[int, int | None] | None = None
        self._rows_changed = False
        self._styles: tuple[object, dict[str, Style]] | None = None

    # --- data ---------------------------------------------------------------------------------

    @property
    def current_row(self) -> int | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    @property
    def current(self) -> Paper | None:
        row = self.current_row
        return self.catalog.paper(row) if row is not None else None

    @property
    def papers(self) -> list[Paper]:
        """Every listed paper, read in full (for tests and small lists)."""
        return [self.catalog.paper(r) for r in self.rows]

    def set_rows(
        self,
        catalog: Catalog,
        rows: Sequence[int],
        *,
        show_dates: bool = False,
        highlight: Highlighter | None = None,
        keep: int | None = None,
    ) -> None:
        """Show ``rows`` of ``catalog``; the cursor stays on row ``keep`` when it is still listed."""
        self.catalog = catalog
        self.rows = rows
        self.show_dates = show_dates
        self.highlight = highlight
        self._resize(Size(self.scrollable_content_region.width, len(rows)))
        position = 0
        if keep is not None and rows:
            try:
                position = rows.index(keep)
            except ValueError:
                position = 0
        self._last_posted = None if self._last_posted is None or self._last_posted[0] != id(catalog) else self._last_posted
        self._rows_changed = True
        self.cursor = position
        self._rows_changed = False
        self._styles = None
        self.refresh()

    def _resize(self, size: Size) -> None:
        """Set the virtual size; skip the layout pass (a whole-screen repaint) when the scrollbar
        stays as it is, which is the case for nearly every keystroke in the filter."""
        height = self.scrollable_content_region.height
        if size.width == self.virtual_size.width and (size.height > height) == (self.virtual_size.height > height):
            self.set_reactive(PaperList.virtual_size, size)
            self._scroll_update(size)  # what Textual itself does for a size change without layout
        else:
            self.virtual_size = size
            # the scroll range follows with the layout: until then the cursor's row cannot be
            # scrolled to (a cold start's whole library arriving left the list at the top)
            self.call_after_refresh(self._reveal_cursor)

    def set_marks(self, marks: Marks) -> None:
        self.marks = marks
        self.refresh()

    # --- cursor ---------------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._reveal_cursor()
        self.refresh()
        posted = (id(self.catalog), self.current_row)
        if posted != self._last_posted:
            self._last_posted = posted
            self.post_message(self.Highlighted(self, self.current_row, moved=not self._rows_changed))

    def _reveal_cursor(self) -> None:
        """Scroll as little as shows the cursor's row."""
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_select(self) -> None:
        if (row := self.current_row) is not None:
            self.post_message(self.Selected(self, row))

    def on_click(self, event: Click) -> None:
        index = event.y + round(self.scroll_offset.y)
        if 0 <= index < len(self.rows):
            self.cursor = index

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows))
        self.cursor = self.cursor

    # --- drawing --------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + round(self.scroll_offset.y)
        base = self._component("base")
        if not self.rows:
            if y == 0:
                text = " " + self.empty_message
                return Strip([Segment(text, base + self._component("paper-list--empty"))]).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        style = base
        if index == self.cursor:
            cursor = self._component("paper-list--cursor")
            style = base + (cursor if self.has_focus else Style(bgcolor=cursor.bgcolor))
        return Strip(self._row_segments(self.rows[index], style, width, index == self.cursor)).adjust_cell_length(width, style)

    def _component(self, name: str) -> Style:
        """The widget's and its components' styles, looked up once per theme and focus state.

        Textual resolves them through the CSS on every call (about 0.1 ms each), which per row
        and per component made the list the slowest part of a keystroke.
        """
        key = (self.app.theme, self.has_focus)
        if self._styles is None or self._styles[0] != key:
            # Each component lends its colour and text style only: with its background too, it
            # painted the list's background over the cursor's on every segment it styled (a read
            # row under the cursor looked like any other).
            styles = {n: _foreground(self.get_component_rich_style(n)) for n in self.COMPONENT_CLASSES}
            styles["paper-list--cursor"] = self.get_component_rich_style("paper-list--cursor")
            styles["base"] = self.rich_style
            self._styles = (key, styles)
        return self._styles[1][name]

    def on_focus(self) -> None:
        self._styles = None

    def on_blur(self) -> None:
        self._styles = None

    def _row_segments(self, row: int, style: Style, width: int, under_cursor: bool = False) -> list[Segment]:
        component = self._component
        catalog = self.catalog
        key = catalog.key(row)
        read = key in self.marks.read
        votes = catalog.votes[row]
        segments = [
            Segment("●" if not read else " ", style + component("paper-list--unread")),
            Segment("★" if key in self.marks.starred else " ", style + component("paper-list--star")),
            Segment("✎" if key in self.marks.noted else " ", style + component("paper-list--star")),
            Segment(f"{'-' if votes is None else votes:>5} ", style + component("paper-list--votes")),
        ]
        if self.show_dates:
            segments.append(Segment(catalog.iso(row) + " ", style + component("paper-list--date")))
        if catalog.suspects[row] is not None:  # its summary may describe another paper
            segments.append(Segment("⚠ ", style + component("paper-list--suspect")))
        used = sum(s.cell_length for s in segments)
        # under the cursor the title keeps the cursor's own colours (read titles' muted colour on the
        # cursor's background was hard to read); read or not still shows by the dot and bold
        title_style = style + (Style(bold=True) if not read else Style() if under_cursor else component("paper-list--read"))
        segments.extend(_title_segments(catalog.titles[row], width - used, title_style, title_style + component("paper-list--match"), self.highlight))
        return segments


def _foreground(style: Style) -> Style:
    """``style`` without its background."""
    return Style(color=style.color, bold=style.bold, dim=style.dim, italic=style.italic, underline=style.underline)


def _title_segments(title: str, room: int, style: Style, match_style: Style, highlight: Highlighter | None) -> list[Segment]:
    """The title cut to ``room`` cells (never through a wide character), matches styled."""
    if room <= 0:
        return []
    title = truncate(title, room)
    spans = highlight(title) if highlight else []
    if not spans:
        return [Segment(title, style)]
    out, position = [], 0
    for start, end in spans:
        start = max(start, position)
        if start >= end:
            continue
        if start > position:
            out.append(Segment(title[position:start], style))
        out.append(Segment(title[start:end], match_style))
        position = end
    if position < len(title):
        out.append(Segment(title[position:], style))
    return out
