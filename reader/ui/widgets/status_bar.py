"""The header line: which day is shown, its place in the library, and counts."""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget


class StatusBar(Widget):
    """One line, redrawn without a layout pass (it is updated on every keystroke in the filter).

    Drawn with the Line API: its Text's segments on the bar's style. Through Textual's Visual for a
    rendered Text it took ~1.8 ms of the first frame, a keystroke's repaint included.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()
        self._parts: list[int] = []  # where each part after the place starts (its "  ·  ")

    def show(self, *, place: str, counts: str, extra: str = "") -> None:
        """``extra``'s items (" · " between them) are parts of their own, most important first: a
        narrow window leaves out the last ones."""
        text = Text(" daily-papers ", style="bold reverse")
        text.append(f"  {place}", style="bold")
        parts = []
        if counts:
            parts.append(len(text))
            text.append(f"  ·  {counts}")
        if extra:
            at = len(text)
            for item in extra.split(" · "):
                parts.append(at)  # where its separator starts
                at += len("  ·  " if at == len(text) else " · ") + len(item)
            text.append(f"  ·  {extra}", style="italic")
        if text.plain != self._text.plain:
            self._text, self._parts = text, parts
            self.refresh()

    @property
    def line(self) -> str:
        """The whole line, as a window wide enough shows it."""
        return self._text.plain

    def render(self) -> Text:
        """The line, or as many of its parts as fit whole, then "…" (a narrow window)."""
        width = self.size.width
        if width <= 0 or self._text.cell_len <= width:
            return self._text
        for start in reversed(self._parts):
            shorter = self._text[:start] + Text("  …")
            if shorter.cell_len <= width:
                return shorter
        cut = self._text.copy()
        cut.truncate(width, overflow="ellipsis")  # by cells: a wide character is never cut in half
        return cut

    def render_line(self, y: int) -> Strip:
        style = self.rich_style
        if y:
            return Strip.blank(self.size.width, style)
        segments = Segment.apply_style(self.render().render(self.app.console), style)
        return Strip(segments).adjust_cell_length(self.size.width, style)
