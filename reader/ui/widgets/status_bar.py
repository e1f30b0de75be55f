"""The header line: which day is shown, its place in the library, and counts."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class StatusBar(Widget):
    """One line, redrawn without a layout pass (it is updated on every keystroke in the filter)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()

    def show(self, *, place: str, counts: str, extra: str = "") -> None:
        text = Text(" daily-papers ", style="bold reverse")
        text.append(f"  {place}", style="bold")
        if counts:
            text.append(f"  ·  {counts}")
        if extra:
            text.append(f"  ·  {extra}", style="italic")
        if text.plain != self._text.plain:
            self._text = text
            self.refresh()

    def render(self) -> Text:
        return self._text
