"""The detail pane: the selected paper's title, id, date, votes, authors, note and summary.

One scrolling widget drawing one renderable (not a widget per part: each widget costs start-up
time). Colours come from component classes, looked up when drawn, so a theme change recolours it.
"""

from __future__ import annotations

from collections.abc import Callable

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...core.model import Paper

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
        Binding("tab", "screen.switch_pane", "Switch pane", show=False),
        Binding("escape,q", "screen.back", "Back"),
    ]
    COMPONENT_CLASSES = {"paper-detail--title", "paper-detail--authors", "paper-detail--note", "paper-detail--suspect"}

    parts: dict[str, Text]
    """What the pane shows, by part: title, meta, authors, note (absent without one)."""
    summary: Table | None = None
    """The summary's bullets (None without a paper)."""

    def compose(self) -> ComposeResult:
        self.parts = {"title": Text("No paper selected", style="dim")}
        self._body = Static(_Body(self), id="detail-body")
        yield self._body

    def show_loading(self, title: str) -> None:
        """The title at once, the rest when the paper has been read."""
        self.parts = {"title": Text(title, style="bold"), "meta": Text("reading…", style="dim italic"), "authors": Text("")}
        self.summary = None
        self._body.update(_Body(self))

    def show(
        self,
        paper: Paper | None,
        *,
        highlight: Highlighter | None = None,
        expanded_authors: bool = False,
        note: str = "",
        read: bool = False,
        starred: bool = False,
        suspect: str | None = None,
    ) -> None:
        if paper is None:
            self.parts = {"title": Text("No paper selected", style="dim")}
            self.summary = None
        else:
            facts = [paper.arxiv_id or paper.url, paper.date.isoformat(), f"▲{'-' if paper.votes is None else paper.votes}"]
            meta = Text(" · ".join(facts), style="dim")
            if starred:
                meta.append("  ★ starred", style="bold")
            meta.append("  read" if read else "  unread", style="italic dim")
            self.parts = {
                "title": highlighted(paper.title, highlight, style="bold"),
                "meta": meta,
                "authors": highlighted(authors_line(paper.authors, expanded_authors), highlight),
                **({"note": Text("Note: ", style="bold") + Text(note)} if note else {}),
                **({"suspect": Text(f"⚠ This summary may describe another paper: {suspect} — o opens the abstract")} if suspect else {}),
            }
            self.summary = summary_table(paper, highlight)
        self._body.update(_Body(self))
        self.scroll_home(animate=False)


class _Body:
    """The pane's parts laid out, a blank line between them, in the theme's colours of the moment."""

    def __init__(self, detail: PaperDetail) -> None:
        self.detail = detail
        self.parts = detail.parts
        self.summary = detail.summary

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        style = self.detail.get_component_rich_style
        parts = self.parts
        title = parts["title"].copy()
        title.stylize_before(style("paper-detail--title"))  # under its own style and the matches
        laid: list = [Text(), title]
        if "suspect" in parts:
            warning = parts["suspect"].copy()
            warning.stylize_before(style("paper-detail--suspect"))
            laid[:0] = [Text(), warning]
        if "meta" in parts:
            authors = parts["authors"].copy()
            authors.stylize_before(style("paper-detail--authors"))
            laid += [parts["meta"], Text(), authors, Text()]
        if "note" in parts:
            laid += [Panel(parts["note"], box=box.ROUNDED, border_style=style("paper-detail--note"), padding=(0, 1)), Text()]
        if self.summary is not None:
            laid.append(self.summary)
        yield Group(*laid)
