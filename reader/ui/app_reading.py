"""Reading state in the app: read after a dwell, stars, notes, and the unread/starred filters."""

from __future__ import annotations

from dataclasses import replace

from ..core.model import Paper
from ..core.state import StateError


class ReadingActions:
    """Mixed into :class:`~reader.app.DailyPapersApp`."""

    def read_rows(self) -> set[int]:
        """Catalog rows of read papers (cached per catalog and reading state)."""
        key = (id(self.browser.catalog), self.marks.read)
        if self._read_rows is None or self._read_rows[0] != key:
            read, keys = self.marks.read, self.browser.catalog.keys
            self._read_rows = (key, {r for r, k in enumerate(keys) if k in read} if read else set())
        return self._read_rows[1]

    def save(self, change, *args) -> bool:
        try:
            change(*args)
        except StateError as problem:
            self.notify(str(problem), severity="error", markup=False)
            return False
        return True

    def set_read(self, paper: Paper, read: bool) -> None:
        if (paper.key in self.marks.read) == read:
            return
        self.save(self.store.set_read, paper.key, read)
        changed = self.marks.read | {paper.key} if read else self.marks.read - {paper.key}
        self.marks = replace(self.marks, read=changed)
        self.paper_list.set_marks(self.marks)
        current = self.paper_list.current_row
        if current is not None and self.browser.catalog.key(current) == paper.key:
            self.show_detail(paper)
        self.update_status()

    def mark_read_if_current(self, row: int, paper: Paper) -> None:
        if self.paper_list.current_row == row:
            self.set_read(paper, True)

    def current_paper(self) -> Paper | None:
        paper = self.paper_list.current
        if paper is None:
            self.notify("No paper selected", severity="warning")
        return paper

    def action_toggle_read(self) -> None:
        if paper := self.current_paper():
            self.set_read(paper, paper.key not in self.marks.read)

    def action_toggle_star(self) -> None:
        if paper := self.current_paper():
            starred = paper.key not in self.marks.starred
            if self.save(self.store.set_starred, paper.key, starred):
                self.marks = replace(self.marks, starred=self.marks.starred | {paper.key} if starred else self.marks.starred - {paper.key})
                self.paper_list.set_marks(self.marks)
                self.show_detail(paper)
                self.notify("Starred" if starred else "Unstarred", markup=False)

    def action_edit_note(self) -> None:
        if (paper := self.current_paper()) is None:
            return

        def done(text: str | None) -> None:
            if text is None or not self.save(self.store.set_note, paper.key, text):
                return
            noted = self.marks.noted | {paper.key} if text.strip() else self.marks.noted - {paper.key}
            self.marks = replace(self.marks, noted=noted)
            self.show_detail(paper)
            self.notify("Note saved" if text.strip() else "Note removed")

        from .screens.note import NoteScreen

        self.push_screen(NoteScreen(paper.title, self.store.note(paper.key)), done)

    def action_toggle_unread_only(self) -> None:
        self.view = replace(self.view, unread_only=not self.view.unread_only)
        self.refresh_list()

    def action_toggle_starred_only(self) -> None:
        self.view = replace(self.view, starred_only=not self.view.starred_only)
        self.refresh_list()
