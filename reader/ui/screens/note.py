"""A modal to write a short private note on a paper."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from ..widgets.footer import ReaderFooter
from . import SCREENS_CSS


class NoteScreen(ModalScreen[str | None]):
    """Returns the note text on save (ctrl+s), or None on cancel (escape)."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.paper_title = title
        self.note = note
        self._asked = False

    def compose(self) -> ComposeResult:
        yield ReaderFooter(self.app.size.width)  # this pop-up's keys, not those of the list under it
        with Vertical(id="note-box"):
            yield Static(Text("Note on: ", style="bold") + Text(self.paper_title), id="note-title")
            yield TextArea(self.note, id="note-text", soft_wrap=True)
            yield Static(Text("ctrl+s save · esc cancel (asks first if changed) · an empty note removes it", style="dim"))

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        """Esc: close; with unsaved changes, the first Esc asks and a second one discards them."""
        changed = self.query_one(TextArea).text.strip() != self.note.strip()
        if changed and not self._asked:
            self._asked = True
            self.notify("The note has unsaved changes: Esc again discards them, Ctrl+S saves", severity="warning", markup=False, timeout=4)
            return
        self.dismiss(None)
