"""The detail pane: the selected paper's title, id, date, votes, authors, note and summary.

One Line-API widget: the paper is laid out once for the pane's width (Rich wraps the summary's
table) and its lines are kept, so scrolling, focus and repaints only copy them. As a scrolling
container holding a Static it was three widgets to style at start and laid the paper out twice
(to measure, then to draw): ~4 ms of the first frame (a pty launch on the real corpus, median of
16, against no pane). Colours come from component classes, looked up when laid out, so a theme
change lays it out again.
"""

from __future__ import annotations

from collections.abc import Callable

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.events import Resize
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

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


def _clause(reason: str) -> str:
    """The check's reason, a sentence of its own in exports ("None of the title's terms … ."), as
    the clause it is after the pane's colon ("none of the title's terms …")."""
    reason = reason.rstrip(".")
    return reason[:1].lower() + reason[1:]


class PaperDetail(ScrollView, can_focus=True):
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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.parts = {"title": Text("No paper selected", style="dim")}
        self._lines: list[Strip] = []
        self._laid_out: tuple[int, str] | None = None  # the width and the theme of the lines

    def show_loading(self, title: str) -> None:
        """The title at once, the rest when the paper has been read."""
        self.parts = {"title": Text(title, style="bold"), "meta": Text("reading…", style="dim italic"), "authors": Text("")}
        self.summary = None
        self._lay_out()

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
                **({"suspect": Text(f"⚠ This summary may describe another paper: {_clause(suspect)} — o opens the abstract")} if suspect else {}),
            }
            self.summary = summary_table(paper, highlight)
        self._lay_out()
        self.scroll_home(animate=False)

    def on_resize(self, event: Resize) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        """The lines for the pane's width: the whole width, or less a scrollbar's if they are more
        than the pane shows (as a scrolling container lays out its content). Done again for a new
        width or theme, when first drawn: Textual draws a widget's first frame before its Resize."""
        if not self.is_attached or not self.size.width:
            self._laid_out = None  # laid out when it has a size
            return
        full, height = self.size
        width, lines = full, self._draw(full)
        scrollbar = self.styles.scrollbar_size_vertical
        if len(lines) > height and scrollbar and self.styles.overflow_y == "auto":
            width = max(1, full - scrollbar)
            lines = self._draw(width)
        self._lines, self._laid_out = lines, (full, self.app.theme)
        self.virtual_size = Size(width, len(lines))
        self.refresh()

    def _draw(self, width: int) -> list[Strip]:
        """The paper in lines of ``width`` cells, as a Static would draw it, in this theme's colours."""
        console = self.app.console
        options = self.app.console_options.update(highlight=False, width=width, height=None)
        style = self.rich_style
        segments = Segment.apply_style(console.render(self._laid(), options), style)
        return [Strip(line).adjust_cell_length(width, style) for line in Segment.split_and_crop_lines(segments, width, include_new_lines=False, pad=False)]

    def _laid(self) -> RenderableType:
        """The pane's parts, a blank line between them, in the theme's colours of the moment."""
        style = self.get_component_rich_style
        parts = self.parts
        title = parts["title"].copy()
        title.stylize_before(style("paper-detail--title"))  # under its own style and the matches
        laid: list[RenderableType] = [Text(), title]
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
        return Group(*laid)

    def render_line(self, y: int) -> Strip:
        if self._laid_out != (self.size.width, self.app.theme):
            self._lay_out()
        index = y + round(self.scroll_offset.y)
        if index < len(self._lines):
            return self._lines[index]
        return Strip.blank(self.virtual_size.width, self.rich_style)
