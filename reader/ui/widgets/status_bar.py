"""The header line: which day is shown, its place in the library, and counts."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class StatusBar(Widget):
    """One line, redrawn without a layout pass (it is updated on every keystroke in the filter)."""

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
