"""The problems met while reading the digests, one ``path:line: warning: message`` per line."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...core.model import ParseWarning
from ..widgets.footer import ReaderFooter
from . import SCREENS_CSS


class ProblemsScreen(ModalScreen[None]):
    CSS_PATH = SCREENS_CSS
    AUTO_FOCUS = "*"
    BINDINGS = [
        Binding("escape,q,exclamation_mark", "dismiss", "Close"),
        Binding("j,down", "scroll('down')", "Scroll", show=False),
        Binding("k,up", "scroll('up')", "Scroll", show=False),
    ]

    def __init__(self, problems: list[ParseWarning]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        yield ReaderFooter(self.app.size.width)  # this pop-up's keys, not those of the list under it
        with VerticalScroll(id="problems-body"):
            title = f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''} while reading the digests" if self.problems else "No problems while reading the digests"
            yield Static(Text(title, style="bold"), id="problems-title")
            if self.problems:
                yield Static(Text("\n".join(str(p) for p in self.problems)))  # str() is terminal-safe (ParseWarning)
            closing = "Each was skipped or repaired; the rest loaded. " if self.problems else ""
            yield Static(Text(f"{closing}Esc or q closes this list.", style="dim"))

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#problems-body", VerticalScroll)
        body.scroll_down() if direction == "down" else body.scroll_up()
