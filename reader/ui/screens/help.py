"""The help screen: every key binding, grouped, as rows of (keys, what it does)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.footer import ReaderFooter
from . import SCREENS_CSS

QUERY_EXAMPLES = [
    ("diffusion 확산", "every word, anywhere (title, authors, labels, summary, your note)"),
    ('"exact phrase"', "the phrase"),
    ("-word  -\"a phrase\"", "papers without it"),
    ("a OR b   a | b   (a | b) -c", "either; parentheses group"),
    ("title:  author:  summary:  label:  note:", 'one field: author:"Hugh Zhang", label:technical'),
    ("id:2405.00332", "arXiv id prefix"),
    ("votes:>=50  votes:10..20", "vote counts"),
    ("date:2024-05  date:>=2025  date:2024-05-01..2024-05-15", "dates"),
    ("/regex/", "a regular expression (title:/^LLa/ in one field)"),
    ("ㄷㄱㅁ", "Hangul initial consonants: matches 대규모"),
    ("is:unread is:read is:starred is:new has:note", "reading state"),
    ("is:suspect", "summaries that may describe another paper (⚠)"),
]
"""The query language at a glance, as the filter bar and ``export --query`` read it."""

NAVIGATION = (
    "Esc or q goes back a level (detail → list, help, note, palette); q in the list quits; "
    "Ctrl+Q quits from anywhere. In the filter, → accepts the suggested field name."
)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = SCREENS_CSS
    AUTO_FOCUS = "*"  # the scrolling body (the app's own AUTO_FOCUS names its list)
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help"),
        Binding("j,down", "scroll('down')", "Scroll", show=False),
        Binding("k,up", "scroll('up')", "Scroll", show=False),
        Binding("g", "scroll_to('home')", "Top", show=False),
        Binding("G", "scroll_to('end')", "Bottom", show=False),
    ]

    def __init__(self, groups: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for group, rows in self.groups:
            table.add_row(Text(group, style="bold underline"), "")
            for keys, description in rows:
                table.add_row(Text(keys), Text(description))
            table.add_row("", "")
        queries = Table.grid(padding=(0, 2))
        queries.add_column(style="bold", no_wrap=False, ratio=1)
        queries.add_column(ratio=1)
        for example, meaning in QUERY_EXAMPLES:
            queries.add_row(Text(example), Text(meaning))
        yield ReaderFooter(self.app.size.width)  # this pop-up's keys, not those of the list under it
        with VerticalScroll(id="help-body"):
            yield Static(Text("daily-papers — keys", style="bold"), id="help-title")
            yield Static(Text(NAVIGATION))
            yield Static(table)
            yield Static(Text("Searching (/ to filter)", style="bold underline"))
            yield Static(queries)
            yield Static(Text("Esc, q or ? closes this help. Ctrl+P opens the command palette.", style="dim"))

    def action_scroll_to(self, where: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_home(animate=False) if where == "home" else body.scroll_end(animate=False)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_down() if direction == "down" else body.scroll_up()
