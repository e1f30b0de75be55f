"""A morning's reading: the cursor, what counts as read, going back, empty results, narrow screens."""

from __future__ import annotations

import itertools

import pytest

from .apptools import footer_keys, footer_text, make_app, ready, until


def row_backgrounds(paper_list, y: int) -> set[str]:
    """The background colours of every segment of line ``y`` of the list that shows text."""
    return {seg.style.bgcolor.name for seg in paper_list.render_line(y) if seg.text.strip() and seg.style and seg.style.bgcolor}


async def test_the_cursor_shows_on_read_unread_starred_and_matched_rows_in_every_theme():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        screen = app.reader
        papers = screen.paper_list.papers
        screen.set_read(papers[1], True)
        screen.session.set_starred(papers[2].key, True)
        # every title matches a word: each row has highlighted matches too
        screen.filter_bar.input.value = " | ".join(p.title.split()[0] for p in papers)
        await pilot.pause()
        assert len(screen.paper_list.rows) == 4 and screen.paper_list.highlight is not None
        screen.action_focus_list()
        themes = sorted(name for name in app.available_themes if name != "textual-ansi")  # ANSI: the terminal's own colours
        assert len(themes) > 10
        for theme in themes:
            app.theme = theme
            await pilot.pause()
            for y in range(4):
                screen.paper_list.cursor = y
                under = row_backgrounds(screen.paper_list, y)
                others = set().union(*(row_backgrounds(screen.paper_list, o) for o in range(4) if o != y))
                assert len(under) == 1 and not under & others, (theme, y, under, others)


async def test_escape_and_q_in_the_detail_go_back_to_the_list_and_q_there_quits():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        for back in ("escape", "q"):
            await pilot.press("enter")
            assert app.reader.detail.has_focus
            await pilot.press(back)
            assert app.reader.paper_list.has_focus and app.is_running
        await pilot.press("question_mark")
        await pilot.press("q")  # closes the help, does not quit
        assert app.is_running and app.screen is app.reader
        await pilot.press("q")
    assert not app.is_running


async def test_an_empty_day_says_where_the_matches_are():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"diffusion", "enter")
        screen = app.reader
        assert screen.paper_list.rows == []
        message = screen.paper_list.empty_message
        assert message.startswith("0 here · ") and "in all days — press a in the list" in message
        elsewhere = int(message.split("·")[1].split()[0])
        await pilot.press("a")
        assert len(screen.paper_list.rows) == elsewhere


async def test_starred_only_and_saved_views_look_across_all_days():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        screen = app.reader
        await pilot.press("left_square_bracket", "m")  # a star on an older day
        starred = screen.paper_list.current.key
        await pilot.press("right_square_bracket", "M")
        assert [screen.session.catalog.key(r) for r in screen.paper_list.rows] == [starred]
        await screen.action_view("is:starred")
        await pilot.pause()
        assert screen.session.view.scope == "all" and len(screen.paper_list.rows) == 1
        assert screen.session.view.query == screen.filter_bar.value == "is:starred"  # the view's query, shown in the filter


async def test_notes_are_searchable_by_plain_words_and_note():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        screen = app.reader
        await pilot.press("a", "j")
        noted = screen.paper_list.current
        await pilot.press("n", *"읽어볼 zebra", "ctrl+s")
        for query in ("zebra", "note:zebra", "note:읽어볼", "ㅇㅇㅂ zebra"):
            screen.filter_bar.input.value = query
            await pilot.pause()
            assert [p.key for p in screen.paper_list.papers] == [noted.key], query
        screen.filter_bar.input.value = "title:zebra"
        await pilot.pause()
        assert screen.paper_list.rows == []


async def test_the_filter_suggests_field_names_and_the_help_explains_queries():
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"diffusion ti")
        box = app.reader.filter_bar.input
        assert await until(pilot, lambda: box.render_line(0).text.startswith("diffusion title:"))  # suggested, dimmed
        await pilot.press("right")  # accepts the suggestion
        assert app.reader.filter_bar.value == "diffusion title:"
        await pilot.press("escape", "question_mark")
        from reader.ui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        assert "Esc&#160;or&#160;q&#160;goes&#160;back" in app.export_screenshot()
        await pilot.press("end")  # the query language, below the keys
        await pilot.pause()
        shown = app.export_screenshot()
        assert "votes:&gt;=50" in shown and "ㄷㄱㅁ" in shown


async def test_the_palette_names_keys_as_people_write_them():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        helps = {name: help_text for name, help_text, _ in app.reader.palette_commands()}
        assert helps["Help"] == "key: ?, f1" and helps["Prev day"] == "key: ["
        assert not any("_" in h for h in helps.values() if h.startswith("key:"))


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_narrow_terminals_show_one_pane_at_a_time(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        screen = app.reader
        assert screen.paper_list.region.width == size[0] and not screen.detail.display
        await pilot.press("a")  # all days: the dates take room, the title still gets most of it
        line = "".join(seg.text for seg in screen.paper_list.render_line(0))
        title = screen.session.catalog.titles[screen.paper_list.rows[0]]
        assert title[: size[0] - 22] in line  # marks, votes and the date take 19 cells
        await pilot.press("enter")
        left = screen.query_one("#left")
        assert screen.detail.display and screen.detail.region.width >= size[0] - 2 and not left.display
        await pilot.press("escape")
        assert left.display and screen.paper_list.has_focus and screen.paper_list.region.width == size[0]
        await pilot.press("question_mark")
        assert app.screen is not screen  # help works at any size


async def test_resizing_keeps_the_pane_the_focus_is_in_on_screen():
    """Below 90 columns the pane with the focus is the one shown, however the window got there:
    the paper opened narrow, widened to two panes and narrowed again stayed open only when the
    window was narrowed straight from wide; otherwise the focused paper was hidden and the focus
    fell to the filter."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        screen = app.reader
        left = screen.query_one("#left")
        await pilot.press("enter")  # the paper, full-screen
        for width in (95, 89, 120, 85):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            assert screen.detail.has_focus and screen.detail.display, width
            assert left.display == (width >= 90), width  # beside it when there is room
        await pilot.press("escape")  # back to the list
        for width in (95, 89):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            assert screen.paper_list.has_focus and left.display and screen.detail.display == (width >= 90), width
        await pilot.press("tab")  # narrow: Tab opens the paper as Enter does
        assert screen.detail.has_focus and screen.detail.display and not left.display


@pytest.mark.parametrize("width", [40, 60, 120])
async def test_the_header_shows_whole_parts_and_says_when_some_are_left_out(width):
    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await ready(app, pilot)
        await pilot.pause()
        bar = app.screen.query_one("StatusBar")
        full = bar.line  # what a wide window shows
        line = bar.render().plain
        assert len(line) <= width
        if len(full) <= width:
            assert line == full
        else:
            kept = line.removesuffix("…").rstrip()
            assert line.endswith("…") and full.startswith(kept)
            assert not kept.endswith("·")  # no part cut off after its separator


async def test_the_footer_follows_the_focused_pane():
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(app, pilot)
        await pilot.pause()
        assert "screen.back" not in footer_keys(app) and "toggle_scope" in footer_keys(app)
        assert "esc Back" not in footer_text(app) and "a All days" in footer_text(app)
        await pilot.press("enter")  # into the detail pane: its "esc Back" shows
        await pilot.pause()
        assert "screen.back" in footer_keys(app) and "esc Back" in footer_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "screen.back" not in footer_keys(app) and "toggle_scope" in footer_keys(app)


@pytest.mark.parametrize("width, shown", [
    (100, ("app.quit", "help", "focus_filter", "prev_day", "next_day", "toggle_scope", "cycle_sort", "copy_url", "open_abs", "toggle_star")),
    (90, ("app.quit", "help", "prev_day", "next_day", "toggle_scope", "cycle_sort", "copy_url", "open_abs", "toggle_star")),
    (80, ("app.quit", "help", "prev_day", "next_day", "toggle_scope", "copy_url", "open_abs", "toggle_star")),
    (60, ("app.quit", "help", "copy_url", "open_abs", "toggle_star")),
    (40, ("app.quit", "help", "open_abs")),
])
@pytest.mark.parametrize("focus", ["list", "detail"])
async def test_narrow_footers_show_the_most_needed_keys_whole(width, shown, focus):
    from reader.ui.widgets.footer import DROPPED_FIRST

    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await ready(app, pilot)
        if focus == "detail":
            await pilot.press("enter" if width < 90 else "tab")
            await pilot.pause()
        keys = footer_keys(app)
        palette = keys.pop("command_palette")
        expected = {"screen.back" if focus == "detail" and action == "app.quit" else action for action in shown}
        assert set(keys) == expected  # in the detail pane, Esc/q go back: "esc Back" in place of "q Quit"
        spans = sorted(keys.values())
        for left, right in itertools.pairwise(spans):
            assert left[1] <= right[0]  # none drawn over another
        assert spans[-1][1] <= palette[0] and palette[1] <= width  # nothing under "^p palette"
        line = footer_text(app)
        assert len(line) == width and line.rstrip().endswith("▏^p palette")
        # what is left out is needed less than anything shown
        rank = {action: place for place, actions in enumerate(DROPPED_FIRST) for action in actions}
        left_out = [rank[action] for action in rank if action not in keys and action != ("app.quit" if focus == "detail" else "screen.back")]
        assert not left_out or max(left_out) < min(rank[action] for action in keys)


async def test_the_footer_never_draws_part_of_a_key():
    """At any width: each key whole, or not at all, and the palette's key at the right edge."""
    app = make_app()
    async with app.run_test(size=(130, 24)) as pilot:
        await ready(app, pilot)
        full = {action: footer_text(app)[start:end].strip() for action, (start, end) in footer_keys(app).items()}
        for width in range(130, 9, -1):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            line = footer_text(app)
            shown = footer_keys(app)
            for action, (start, end) in shown.items():
                assert end <= width and line[start:end].strip() == full[action], (width, action)
            assert line.rstrip().endswith("▏^p palette") or (not shown and width < 12), (width, line)


async def test_the_split_theme_sort_and_scope_are_remembered():
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(app, pilot)
        before = app.reader.paper_list.region.width
        await pilot.press("greater_than_sign", "greater_than_sign", "s", "a")
        assert app.reader.paper_list.region.width > before
        app.theme = "nord"
        await pilot.pause()
        await app.workers.wait_for_complete()
        widened = app.reader.paper_list.region.width
    again = make_app()
    async with again.run_test(size=(120, 30)) as pilot:
        await ready(again, pilot)
        assert again.theme == "nord" and again.reader.paper_list.region.width == widened
        assert again.reader.session.view.sort == "date" and again.reader.session.view.scope == "all"


async def test_config_mistakes_are_reported_once_with_their_line_and_the_rest_applies(isolated_dirs):
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    (isolated_dirs / "config.toml").write_text(
        '[ui]\nsort = "title"\ntheme = "no-such-theme"\n\n[keys]\ncopy_url = "c"\nfly_away = "x"\n\n[views]\nbroken = "\\"unclosed"\ngood = "diffusion"\n',
        encoding="utf-8",
    )
    from reader.core.settings import Settings

    app = make_app(settings=Settings.load())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        messages = [n.message for n in app._notifications]
        config = str(isolated_dirs / "config.toml")
        assert any(m.startswith(f"{config}:3: error: unknown theme 'no-such-theme'") for m in messages)
        assert any(m.startswith(f"{config}:7: error: [keys] 'fly_away' is not an action") for m in messages)
        assert any(m.startswith(f"{config}:10: error: view 'broken'") for m in messages)
        assert app.reader.session.view.sort == "title"  # the rest of the config applies
        names = [name for name, _, _ in app.reader.palette_commands()]
        assert "View: good" in names and "View: broken" not in names
        app.clear_notifications()
        await pilot.press("c")  # copy_url rebound
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.clipboard == app.reader.paper_list.current.abs_url


async def test_a_search_can_be_saved_as_a_view_in_the_app():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        app.reader.filter_bar.input.value = "agents votes:>=10"
        await pilot.pause()
        commands = {name: callback for name, _, callback in app.reader.palette_commands()}
        commands["Save this search as a view"]()
        await app.workers.wait_for_complete()
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await ready(again, pilot)
        assert "View: agents votes:>=10" in [name for name, _, _ in again.reader.palette_commands()]


async def test_next_unread_mark_all_read_and_undo():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        screen = app.reader
        papers = screen.paper_list.papers
        await pilot.press("j", "r", "k")  # the second paper is read
        await pilot.press("N")
        assert screen.paper_list.current.key == papers[2].key  # skipped the read one
        await pilot.press("A")
        assert all(p.key in screen.session.marks.read for p in papers)
        await pilot.press("z")
        assert screen.session.marks.read == {papers[1].key}  # only what "A" changed is undone
        await pilot.press("z")
        assert screen.session.marks.read == {papers[1].key}


async def test_a_changed_note_asks_before_esc_discards_it():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("n", *"half a thought", "escape")
        assert app.screen is not app.reader  # asked first
        await pilot.press("escape")
        assert app.screen is app.reader and app.reader.session.marks.noted == set()


async def test_problems_are_counted_listed_and_notified_once(tmp_path):
    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / "2024-05-01.md").write_text("## Daily Papers (2024-05-01)\n\n### [Good](https://arxiv.org/abs/2405.00001)\n\nVote: x\n", encoding="utf-8")
    (folder / "2024-05-02.md").write_bytes(b"\x00binary")
    for launch in range(2):
        app = make_app([folder])
        async with app.run_test(size=(120, 30)) as pilot:
            await ready(app, pilot)
            await app.workers.wait_for_complete()
            assert "⚠ 2 problems (!)" in str(app.reader.status_bar.render())
            app.reader.indexing = "indexing 1008/2920 files"  # as while a cold start parses
            app.reader.update_status()
            header = str(app.reader.status_bar.render())
            assert len(app.reader.status_bar.line) > 120 and header.endswith("…")  # too long for the window:
            assert "indexing 1008/2920" in header and "⚠ 2 problems (!)" in header  # the view's counts go first
            news = [n.message for n in app._notifications if "new problem" in n.message]
            assert len(news) == (1 if launch == 0 else 0)  # the second start knows them
            await pilot.press("exclamation_mark")
            from reader.ui.screens.problems import ProblemsScreen

            assert isinstance(app.screen, ProblemsScreen) and len(app.screen.problems) == 2
            await pilot.press("escape")


async def test_enter_after_a_query_reads_the_result_and_esc_in_the_list_clears_the_query():
    app = make_app(read_after=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        screen = app.reader
        await pilot.press("slash", *"agents", "enter")
        result = screen.paper_list.current
        assert await until(pilot, lambda: result.key in screen.session.marks.read)
        await pilot.press("escape")
        assert screen.filter_bar.value == "" and len(screen.paper_list.rows) == 4 and screen.paper_list.has_focus


async def test_typing_a_query_puts_the_cursor_on_its_first_result_and_clearing_it_keeps_the_paper():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        screen = app.reader
        await pilot.press("a")
        assert await until(pilot, lambda: screen.session.view.scope == "all" and len(screen.paper_list.rows) > 10)
        await pilot.press("G")
        last = screen.paper_list.current
        await pilot.press("slash", "e")  # a letter nearly every title has: the last paper among them
        assert await until(pilot, lambda: screen.session.view.query == "e")
        assert last.key in {p.key for p in screen.paper_list.papers[1:]}  # still listed, further down
        assert screen.paper_list.cursor == 0 and screen.paper_list.scroll_offset.y == 0
        await pilot.press("enter", "j", "j")  # to the list, two results down
        picked = screen.paper_list.current
        await pilot.press("escape")  # the query cleared: the cursor stays on that paper
        assert await until(pilot, lambda: screen.session.view.query == "")
        assert screen.paper_list.current == picked


async def test_next_unread_goes_on_to_an_older_day_when_this_one_is_read():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        screen = app.reader
        newest = screen.session.view.day
        await pilot.press("A", "N")
        assert screen.session.view.day < newest
        assert screen.paper_list.current.key not in screen.session.marks.read


async def test_a_left_out_key_group_takes_its_label_with_it():
    app = make_app()
    async with app.run_test(size=(70, 24)) as pilot:
        await ready(app, pilot)
        assert "Day" not in footer_text(app)  # no "Day" without its [ ]
    wide = make_app()
    async with wide.run_test(size=(120, 30)) as pilot:
        await ready(wide, pilot)
        assert " [] Day " in footer_text(wide)


async def test_a_window_too_narrow_for_the_whole_header_keeps_the_load_s_progress(tmp_path):
    """At 100 columns the header keeps what loading is doing: while a cold start parses, in all
    days, the progress and that the counts are so far (the progress used to go with the note
    glued to it, and the header looked frozen); while the index is built, the problem count."""
    from textual.app import App

    from reader.core.loader import first_stage, load_catalog
    from reader.core.model import Scope
    from reader.core.session import ReaderSession
    from reader.core.state import StateStore
    from reader.ui.widgets.status_bar import StatusBar

    from .conftest import SAMPLES

    class Header(App):
        def compose(self):
            yield StatusBar(id="status")

    parsing = ReaderSession(StateStore(tmp_path / "a.sqlite3"))
    stage = first_stage([SAMPLES], use_cache=False).stage
    assert stage is not None
    parsing.install(stage.catalog, complete=False)  # the newest day, the rest still being read
    parsing.view = parsing.view._replace(scope=Scope.ALL)
    indexing = ReaderSession(StateStore(tmp_path / "b.sqlite3"))
    indexing.install(load_catalog([SAMPLES], use_cache=False), complete=True)
    cases = [
        (96, parsing.status(parsing.listing().rows, "indexing 1008/2920 files", 0), ["indexing 1008/2920 files…"]),
        (100, parsing.status(parsing.listing().rows, "indexing 1008/2920 files", 0), ["indexing 1008/2920 files…", "all-days results so far"]),
        (100, indexing.status(indexing.listing().rows, "building the index", 40), ["building the index…", "⚠ 40 problems (!)"]),
    ]
    for width, status, kept in cases:
        app = Header()
        async with app.run_test(size=(width, 3)) as pilot:
            bar = app.query_one(StatusBar)
            bar.show(place=status.place, counts=status.counts, extra=status.extra)
            await pilot.pause()
            line = bar.render().plain
            assert len(bar.line) > width and len(line) <= width and line.endswith("…")  # too long: parts left out
            assert all(part in line for part in kept) and "by votes" not in line, line


async def test_when_many_more_rows_arrive_the_list_scrolls_to_the_paper_the_cursor_kept():
    """A cold start lists the newest day, then the whole library: the cursor keeps its paper,
    and the list scrolls to it (it stayed at the top, the cursor's row thousands of rows below)."""
    from textual.app import App

    from reader.core.loader import load_catalog
    from reader.ui.widgets.paper_list import PaperList

    from .conftest import SAMPLES

    class Listing(App):
        def compose(self):
            yield PaperList()

    catalog = load_catalog([SAMPLES], use_cache=False)
    rows = list(range(len(catalog)))
    app = Listing()
    async with app.run_test(size=(60, 8)) as pilot:
        papers = app.query_one(PaperList)
        papers.set_rows(catalog, rows[:3])  # a few rows: no scroll bar
        papers.cursor = 2
        await pilot.pause()
        kept = papers.current_row
        everything = [row for row in rows if row != kept] + [kept]  # the kept paper last, far below
        papers.set_rows(catalog, everything, keep=kept)
        assert papers.current_row == kept and papers.cursor == len(everything) - 1

        def shown() -> bool:
            top = round(papers.scroll_offset.y)
            return top <= papers.cursor < top + papers.scrollable_content_region.height

        assert await until(pilot, shown), (papers.scroll_offset, papers.cursor)


# --- the filter's stand-in: the first frame does without Textual's Input ---------------------


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord"])
async def test_the_first_frame_draws_the_filter_as_its_input_will_be_drawn(theme):
    """Until its Input is mounted (right after the first frame) the filter is a stand-in: the
    same cells in the same colours, so nothing moves or flickers when the Input comes."""
    from textual.app import App, ComposeResult
    from textual.widget import Widget

    from reader.ui.app import DailyPapersApp
    from reader.ui.widgets.filter_bar import PLACEHOLDER, QueryInput, QueryPrompt

    class One(App):
        CSS_PATH = DailyPapersApp.CSS_PATH
        AUTO_FOCUS = None  # blurred, as the filter is at start

        def __init__(self, widget: Widget) -> None:
            super().__init__()
            self.widget = widget

        def compose(self) -> ComposeResult:
            yield self.widget

    shots = []
    for widget in (QueryPrompt(), QueryInput(placeholder=PLACEHOLDER, id="filter-input")):
        app = One(widget)
        async with app.run_test(size=(50, 3)) as pilot:
            app.theme = theme
            await pilot.pause()
            assert app.focused is None
            shots.append(app.export_screenshot())
    assert PLACEHOLDER.replace(" ", "&#160;") in shots[1]  # the Input drew its placeholder
    assert shots[0] == shots[1]


async def test_keys_typed_as_the_app_starts_reach_the_filter():
    """"/" and a query typed before the filter's Input is on screen: the query is typed, whole."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.reader
        await pilot.press("/", *"diffusion")
        assert screen.filter_bar.input.has_focus and screen.filter_bar.value == "diffusion"
        await ready(app, pilot)
        assert screen.session.view.query == "diffusion"
        await pilot.click(screen.paper_list)
        await pilot.click(screen.filter_bar)  # a click on the filter focuses it, as on the stand-in
        assert screen.filter_bar.input.has_focus


@pytest.mark.parametrize("key", ["ctrl+c", "q"])
async def test_quitting_as_the_app_starts_leaves_no_traceback(key, capsys):
    """Quit before the screen was first idle: the filter's Input, never mounted, is not mounted
    into a closing screen (it printed a traceback on the way out)."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(key)
        await pilot.pause()
    shown = capsys.readouterr()
    assert "Traceback" not in shown.out + shown.err and "MountError" not in shown.out + shown.err


async def test_enter_typed_ahead_before_the_terminal_was_raw_still_leaves_the_filter():
    """Typed as the app starts, "/model Enter j" reaches it as "/model ctrl+j j" (the terminal
    was not raw yet and made the CR a LF): the query is "model" and j moves in the list."""
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(app, pilot)
        screen = app.reader
        await pilot.press("/", *"model", "ctrl+j")
        assert screen.filter_bar.value == "model" and screen.paper_list.has_focus
        rows = screen.paper_list.rows
        await pilot.press("j")
        assert screen.filter_bar.value == "model" and screen.paper_list.cursor == min(1, len(rows) - 1)


async def test_a_click_on_the_filter_as_the_app_starts_focuses_it():
    """A click on the filter's stand-in (before the Input is mounted) focuses the filter; the
    app used to hang there, waiting for the stand-in's own removal from its click handler."""
    import asyncio

    from reader.ui.widgets.filter_bar import QueryPrompt

    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.reader
        assert screen.query(QueryPrompt)  # still the stand-in
        screen.filter_bar.mount_input()  # the swap under way, as at the screen's first idle
        await asyncio.wait_for(pilot.click(QueryPrompt), 10)
        assert await until(pilot, lambda: screen.filter_bar.input.has_focus)
        await asyncio.wait_for(pilot.press(*"agents"), 10)
        assert screen.filter_bar.value == "agents"


async def test_the_detail_highlights_follow_the_query_when_the_paper_stays():
    """A query that keeps the same paper under the cursor: the detail highlights its words, and
    clearing the query takes the highlights away (they stayed the last query's)."""
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(app, pilot)
        screen = app.reader
        paper = screen.paper_list.current
        word = max(paper.title.split(), key=len).strip(":,.")

        def highlighted() -> bool:
            return bool(screen.detail.parts["title"].spans)

        assert not highlighted()
        await pilot.press("/", *word.lower())
        assert screen.paper_list.current.key == paper.key  # the same paper, first in the results
        assert await until(pilot, highlighted)
        await pilot.press("escape")
        assert await until(pilot, lambda: not highlighted())


async def test_the_filter_box_keeps_its_width_when_the_sparkline_comes():
    """The sparkline of matches per week comes once the library is searchable, in room the box
    kept for it from the first frame: nothing moves under the user's eyes."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        bar = app.reader.filter_bar

        def box() -> int:
            shown = [w for w in (*bar.query("QueryPrompt"), bar.input) if w.is_attached and w.display]
            return shown[0].region.width

        first = box()
        assert not bar.query("#filter-trend")  # the first frame has no sparkline yet
        assert await until(pilot, lambda: bool(bar.query("#filter-trend")))
        await pilot.pause()
        trend = bar.query_one("#filter-trend")
        assert trend.region.width == 10 and box() == first
        assert trend.region.x >= bar.input.region.right  # beside the box, not over it


async def test_the_footer_under_a_pop_up_shows_the_pop_ups_keys_and_a_click_on_one_works():
    from reader.ui.widgets.footer import ReaderFooter

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        for key, says in (("question_mark", "esc Close help"), ("exclamation_mark", "esc Close"), ("n", "^s Save note  esc Cancel")):
            await pilot.press(key)
            assert await until(pilot, lambda: app.screen is not app.reader)
            await pilot.pause()
            bottom, _ = app.screen.get_widget_at(1, 29)  # the terminal's last line
            assert isinstance(bottom, ReaderFooter) and bottom.screen is app.screen
            line = bottom.render_line(0).text
            assert line.strip().startswith(says) and "Quit" not in line, line
            column = line.index("esc") + 1
            await pilot.click(ReaderFooter, offset=(column, 0))
            assert await until(pilot, lambda: app.screen is app.reader), key
