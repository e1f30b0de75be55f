"""The header line: which day is shown, its place in the library, and counts."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusBar(Static):
    def show(self, *, place: str, counts: str, extra: str = "") -> None:
        text = Text(" daily-papers ", style="bold reverse")
        text.append(f"  {place}", style="bold")
        text.append(f"  ·  {counts}")
        if extra:
            text.append(f"  ·  {extra}", style="italic")
        self.update(text)
