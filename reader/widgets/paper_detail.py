"""The detail pane: the selected paper's title, id, date, votes, authors, note and summary."""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..model import Paper

AUTHORS_SHOWN = 12
Highlighter = Callable[[str], list[tuple[int, int]]]
MARKERS = ("•", "◦", "▪", "▫")


def highlighted(text: str, highlight: Highlighter | None, style: str = "", match_style: str = "reverse") -> Text:
    """``text`` as a rich Text (never parsed as markup), with query matches styled."""
    result = Text(text, style=style)
    for start, end in highlight(text) if highlight else ():
        result.stylize(match_style, start, end)
    return result


def authors_line(authors: tuple[str, ...], expanded: bool) -> str:
    if not authors:
        return "(no authors listed)"
    if expanded or len(authors) <= AUTHORS_SHOWN:
        return ", ".join(authors)
    return ", ".join(authors[:AUTHORS_SHOWN]) + f", … +{len(authors) - AUTHORS_SHOWN} more (e: show all)"


def summary_table(paper: Paper, highlight: Highlighter | None) -> Table:
    """Bullets with hanging indents: labels bold, nested items indented."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for depth, bullet in paper.bullets():
        line = Text()
        if bullet.label:
            line.append_text(highlighted(bullet.label, highlight, style="bold"))
            line.append(": " if bullet.text else "")
        line.append_text(highlighted(bullet.text, highlight))
        table.add_row(Text("  " * depth + MARKERS[min(depth, len(MARKERS) - 1)], style="dim"), line)
    if not paper.summary:
        table.add_row("", Text("(no summary)", style="dim"))
    return table


class PaperDetail(VerticalScroll, can_focus=True):
    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("tab", "app.switch_pane", "Switch pane", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title")
        yield Static(id="detail-meta")
        yield Static(id="detail-authors")
        yield Static(id="detail-note")
        yield Static(id="detail-summary")

    def show(
        self,
        paper: Paper | None,
        *,
        highlight: Highlighter | None = None,
        expanded_authors: bool = False,
        note: str = "",
        read: bool = False,
        starred: bool = False,
    ) -> None:
        title, meta, authors, note_box, summary = (self.query_one(f"#detail-{n}", Static) for n in ("title", "meta", "authors", "note", "summary"))
        if paper is None:
            title.update(Text("No paper selected", style="dim"))
            for widget in (meta, authors, note_box, summary):
                widget.update("")
            note_box.display = False
            return
        title.update(highlighted(paper.title, highlight, style="bold"))
        parts = [paper.arxiv_id or paper.url, paper.date.isoformat(), f"▲{'-' if paper.votes is None else paper.votes}"]
        meta_text = Text(" · ".join(parts), style="dim")
        if starred:
            meta_text.append("  ★ starred", style="bold")
        meta_text.append("  read" if read else "  unread", style="italic dim")
        meta.update(meta_text)
        authors.update(highlighted(authors_line(paper.authors, expanded_authors), highlight))
        note_box.display = bool(note)
        note_box.update(Text("Note: ", style="bold") + Text(note) if note else "")
        summary.update(summary_table(paper, highlight))
        self.scroll_home(animate=False)
