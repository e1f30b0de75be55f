"""Pilot tests: every binding of the reader does what a user expects."""

from __future__ import annotations

from datetime import date

import pytest

from reader.core import opener
from reader.core.export import bibtex_entry

from .apptools import footer_keys, footer_text, make_app, press_and_finish, ready, until


@pytest.fixture
def copies(monkeypatch):
    """Record system-clipboard copies instead of touching a real clipboard."""
    copied: list[str] = []

    def fake(text: str):
        copied.append(text)
        return None

    monkeypatch.setattr("reader.core.clipboard.system_copy", fake)
    return copied


@pytest.fixture
def opened(monkeypatch):
    urls: list[str] = []
    monkeypatch.setattr(opener, "graphical_session", lambda: True)
    monkeypatch.setattr(opener, "open_url", lambda url: urls.append(url))
    return urls


def highlighted_command(app) -> str:
    """The command the palette has highlighted ("" while it has none)."""
    from textual.command import CommandList

    for commands in app.screen.query(CommandList):
        option = commands.highlighted_option
        return str(option.prompt) if option is not None else ""
    return ""


def titles(app):
    return [p.title for p in app.reader.paper_list.papers]


async def test_opens_on_newest_day_sorted_by_votes(copies):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        papers = app.reader.paper_list.papers
        assert {p.date for p in papers} == {date(2025, 3, 20)}
        assert [p.votes for p in papers] == [131, 88, 47, 9]
        assert app.reader.paper_list.has_focus


async def test_cursor_keys(copies):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        lst = app.reader.paper_list
        await pilot.press("j")
        assert lst.cursor == 1
        await pilot.press("down", "down")
        assert lst.cursor == 3
        await pilot.press("k")
        assert lst.cursor == 2
        await pilot.press("up")
        assert lst.cursor == 1
        await pilot.press("G")
        assert lst.cursor == 3
        await pilot.press("g")
        assert lst.cursor == 0
        await pilot.press("end")
        assert lst.cursor == 3
        await pilot.press("home")
        assert lst.cursor == 0
        await pilot.press("a", "pagedown")
        assert lst.cursor > 10
        await pilot.press("pageup")
        assert lst.cursor == 0


async def test_detail_follows_the_cursor(copies):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("j")
        await pilot.pause()
        assert "대규모 멀티모달" in str(app.reader.detail.parts["title"])


async def test_the_detail_pane_takes_a_new_themes_colours(copies):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        detail = app.reader.detail

        def title_colour():
            return next(s.style.color for s in detail.render_line(1) if s.text.strip())

        dark = title_colour()
        app.theme = "textual-light"
        await pilot.pause()
        assert title_colour() != dark
        assert title_colour() == app.reader.detail.get_component_rich_style("paper-detail--title").color


async def test_tab_h_l_switch_panes(copies):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("tab")
        assert app.reader.detail.has_focus
        await pilot.press("tab")
        assert app.reader.paper_list.has_focus
        await pilot.press("l")
        assert app.reader.detail.has_focus
        await pilot.press("h")
        assert app.reader.paper_list.has_focus


async def test_filter_narrows_enter_returns_escape_clears(copies):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("slash")
        assert app.reader.filter_bar.input.has_focus
        await pilot.press(*"agents")
        assert titles(app) == ["Agents That Read the Manual: Tool Documentation as Memory"]
        assert "1 of 4 papers" in str(app.query_one("#status").render())
        await pilot.press("enter")
        assert app.reader.paper_list.has_focus and len(app.reader.paper_list.papers) == 1
        await pilot.press("slash", "escape")
        assert app.reader.filter_bar.value == "" and len(app.reader.paper_list.papers) == 4 and app.reader.paper_list.has_focus


async def test_a_long_query_scrolls_to_its_end_and_a_short_one_after_it_shows_whole(copies):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        query = "diffusion " * 6 + "tail!"
        await pilot.press("slash", *query)
        await pilot.pause()
        shown = "".join(s.text for s in app.reader.filter_bar.input.render_line(0))
        assert "tail!" in shown and not shown.strip().startswith("diffusion diffusion diffusion diffusion diffusion")
        await pilot.press("escape", "slash", *"Mamba")  # it once showed "amba" until Home was pressed
        await pilot.pause()
        assert "".join(s.text for s in app.reader.filter_bar.input.render_line(0)).strip().startswith("Mamba")


async def test_keys_typed_in_one_burst_after_slash_go_to_the_filter(copies):
    """Typeahead: keys queued behind "/" (typed fast, or while the app was busy) are text, not commands."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        for key in ("slash", *"transfer"):  # "n" would open the note editor, "a" switch to all days
            app._driver.send_message(events.Key(key, "/" if key == "slash" else key))
        await pilot.pause()
        assert app.reader.filter_bar.value == "transfer"
        assert app.reader.session.view.scope == "day" and app.screen is app.screen_stack[0]
        for key in ("enter", "j"):  # and the list has the keys typed after Enter
            app._driver.send_message(events.Key(key, None if key == "enter" else key))
        await pilot.pause()
        assert app.reader.filter_bar.value == "transfer" and app.reader.paper_list.has_focus
        await pilot.press("slash", "end", "slash", "x")  # inside the filter "/" is a character
        assert app.reader.filter_bar.value == "transfer/x"
        await pilot.press("escape", "n")
        await pilot.press("a", "slash", "b")  # and in the note editor
        assert app.screen.query_one("TextArea").text.endswith("a/b")


async def test_editing_keys_typed_in_a_burst_with_enter_edit_the_query_as_typed_slowly(copies):
    """"/ End Backspace Backspace Left Delete Enter j" typed faster than the app handles keys: the
    editing keys edit the query (the old one stayed), Enter then leaves the filter and "j" moves
    in the list."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("a", "slash", *"models", "enter")
        assert app.reader.session.view.query == "models"
        first = app.reader.paper_list.cursor
        for key in ("slash", "end", "backspace", "backspace", "left", "delete", "enter", "j"):
            app._driver.send_message(events.Key(key, "/" if key == "slash" else "j" if key == "j" else None))
        assert await until(pilot, lambda: app.reader.paper_list.has_focus and app.reader.paper_list.cursor == first + 1)
        assert app.reader.filter_bar.value == "mod" and app.reader.session.view.query == "mod"


async def test_letters_typed_in_the_filter_are_not_commands(copies):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"qaysmo")
        assert app.is_running and app.reader.session.view.scope == "day" and copies == []
        assert app.reader.filter_bar.value == "qaysmo"


async def test_days_previous_and_next(copies):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("left_square_bracket")
        assert app.reader.session.view.day == date(2024, 12, 10)
        assert "day 5 of 6" in str(app.query_one("#status").render())
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert app.reader.session.view.day == date(2024, 3, 14)
        await pilot.press("right_square_bracket")
        assert app.reader.session.view.day == date(2024, 7, 8)
        assert {p.date for p in app.reader.paper_list.papers} == {date(2024, 7, 8)}


async def test_scope_all_days_and_sort_cycle(copies):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("a")
        papers = app.reader.paper_list.papers
        assert len(papers) == 16 and app.reader.paper_list.show_dates
        assert [p.votes for p in papers][:3] == [131, 88, 64]
        await pilot.press("s")
        assert app.reader.session.view.sort == "date"
        dates = [p.date for p in app.reader.paper_list.papers]
        assert dates == sorted(dates, reverse=True)
        await pilot.press("s")
        assert app.reader.session.view.sort == "title"
        assert titles(app) == sorted(titles(app), key=str.casefold)
        await pilot.press("s")
        assert app.reader.session.view.sort == "votes"
        await pilot.press("a")
        assert len(app.reader.paper_list.papers) == 4 and not app.reader.paper_list.show_dates


async def test_copy_url_markdown_and_bibtex(copies):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        paper = app.reader.paper_list.current
        await pilot.press("y")
        assert app.clipboard == "https://arxiv.org/abs/2503.14001"
        await pilot.press("Y")
        assert app.clipboard == r"[Open-Weights 2.0: Training a Frontier Model for \$200k](https://arxiv.org/abs/2503.14001)"
        await pilot.press("b")
        assert app.clipboard == bibtex_entry(paper) and "eprint = {2503.14001}" in app.clipboard
        await app.workers.wait_for_complete()
        assert copies[-1] == app.clipboard
        assert paper.key in app.reader.session.marks.read


async def test_open_abs_pdf_and_hugging_face(opened, copies):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        for key in ("o", "O", "H"):
            await pilot.press(key)
            await app.workers.wait_for_complete()
        assert opened == [
            "https://arxiv.org/abs/2503.14001",
            "https://arxiv.org/pdf/2503.14001",
            "https://huggingface.co/papers/2503.14001",
        ]


async def test_open_without_a_graphical_browser_copies_instead(monkeypatch, copies):
    monkeypatch.setattr(opener, "graphical_session", lambda: False)
    monkeypatch.setattr(opener, "open_url", lambda url: pytest.fail("must not open a browser"))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await press_and_finish(app, pilot, "o")
        assert app.clipboard == "https://arxiv.org/abs/2503.14001"
        assert any("instead of opening" in n.message for n in app._notifications)


async def test_help_screen_lists_every_binding(copies):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        from reader.ui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        listed = {description for _, rows in app.screen.groups for _, description in rows}
        for binding in app.reader.BINDINGS:
            assert binding.description in listed
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_every_key_the_footer_shows_fits_in_100_columns(copies):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        keys = footer_keys(app)
        shown = {b.action for b in app.reader.BINDINGS if b.show}
        assert set(keys) >= shown
        line = footer_text(app)
        assert len(line) == 100 and line.endswith("▏^p palette ")  # at the right edge
        palette = keys.pop("command_palette")
        for action, (_, end) in keys.items():
            assert end <= palette[0], action  # not under "^p palette"
        for b in app.reader.BINDINGS:
            if b.show and b.description and not b.group:
                start, end = keys[b.action]
                key, _, description = line[start:end].strip().partition(" ")
                assert key and description == b.description, b.action  # whole: its key, then all of its description


async def test_clicking_a_key_in_the_footer_presses_it(copies):
    from reader.ui.screens.help import HelpScreen
    from reader.ui.widgets.footer import ReaderFooter

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        footer = app.reader.footer

        def ground(x: int) -> object:  # the background drawn at column x
            return next(iter(footer.render_line(0).crop(x, x + 1))).style.bgcolor

        prev_day, help_key = footer_keys(app)["prev_day"], footer_keys(app)["help"]
        unlit = ground(prev_day[0])
        await pilot.hover(ReaderFooter, offset=(prev_day[0], 0))  # "[" of "[] Day": lit, and its tooltip says what it does
        assert ground(prev_day[0]) != unlit and ground(help_key[0]) == unlit
        assert str(footer.tooltip) == "Prev day"
        await pilot.click(ReaderFooter, offset=(help_key[0] + 1, 0))
        assert await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        assert await until(pilot, lambda: app.screen is app.reader)
        await pilot.click(ReaderFooter, offset=(99 - 3, 0))  # "^p palette"
        assert await until(pilot, lambda: type(app.screen).__name__ == "CommandPalette")


async def test_command_palette_lists_every_action(copies):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        names = [name for name, _, _ in app.reader.palette_commands()]
        for binding in app.reader.BINDINGS:
            assert binding.description in names
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"all days")
        assert await until(pilot, lambda: highlighted_command(app).startswith("All days"))  # the palette searches in the background
        await pilot.press("enter")
        assert await until(pilot, lambda: app.reader.session.view.scope == "all")


async def test_expand_authors(copies):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        assert "+228 more" in str(app.reader.detail.parts["authors"])
        await pilot.press("e")
        authors = str(app.reader.detail.parts["authors"])
        assert "more" not in authors and "Aisha Haddad" in authors


async def test_mouse_click_selects(copies):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.click("#papers", offset=(10, 2))
        assert app.reader.paper_list.cursor == 2


async def test_quit():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("q")
        assert not app.is_running


async def test_markup_in_content_stays_literal(tmp_path, copies):
    digest = tmp_path / "2024-01-02.md"
    digest.write_text(
        "## Daily Papers (2024-01-02)\n\n### [\\[bold red\\]x\\[/\\] \\[@click=app.quit\\]y\\[/\\]](https://arxiv.org/abs/2401.00001)\n\n"
        "Vote: 5\n\nAuthors: [link=file:///etc/passwd]Eve[/link]\n\n- ***[@click=app.quit]L[/]***: [bold]text[/bold]\n"
    )
    app = make_app([digest])
    async with app.run_test(size=(120, 30)) as pilot:  # room for the whole title beside the suspect mark
        await ready(app, pilot)
        assert titles(app) == ["[bold red]x[/] [@click=app.quit]y[/]"]
        row = "".join(segment.text for segment in app.reader.paper_list.render_line(0))
        assert "[bold red]x[/] [@click=app.quit]y[/]" in row
        assert "[bold red]x[/] [@click=app.quit]y[/]" in str(app.reader.detail.parts["title"])
        assert "[link=file:///etc/passwd]Eve[/link]" in str(app.reader.detail.parts["authors"])
        drawn = "".join(s.text for y in range(8) for s in app.reader.detail.render_line(y))
        assert "[bold red]x[/]" in drawn and "[@click=app.quit]y[/]" in drawn  # drawn as written
        await pilot.click("#detail", offset=(3, 1))
        await pilot.click("#detail", offset=(3, 6))
        await pilot.click("#papers", offset=(20, 0))
        assert app.is_running


async def test_matches_are_highlighted_in_the_list_and_the_detail(copies):
    app = make_app()
    async with app.run_test(size=(160, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("a", "slash", *"register")
        assert await until(pilot, lambda: titles(app) == ["Diffusion Transformers Need Register Tokens Too"])
        segments = list(app.reader.paper_list.render_line(0))
        assert [s.text for s in segments if s.style.underline] == ["Register"]
        app.reader.show_detail(app.reader.paper_list.current)
        title = app.reader.detail.parts["title"]
        assert [(span.start, span.end) for span in title.spans if "reverse" in str(span.style)] == [(28, 36)]


async def test_inline_error_keeps_the_last_good_results(copies):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("a", "slash", *"agents")
        assert len(app.reader.paper_list.rows) == 1
        await pilot.press("space", "quotation_mark")
        error = app.reader.filter_bar.query_one("#filter-error")
        assert error.display and "unclosed quote" in str(error.render())
        assert len(app.reader.paper_list.rows) == 1  # still the results of "agents"
        await pilot.press("backspace")
        assert not error.display


async def test_a_query_with_markup_is_harmless_everywhere(copies):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"[/]", "space", *"[@click=app.quit]")
        # the sparkline (drawn once typing pauses) quotes the query in its tooltip, as text
        assert await until(pilot, lambda: any("[/] [@click=app.quit]" in str(trend.tooltip) for trend in app.query("#filter-trend")))
        assert app.is_running


ALL_KEYS = ["j", "k", "g", "G", "pageup", "pagedown", "home", "end", "tab", "h", "l", "left_square_bracket",
            "right_square_bracket", "a", "s", "y", "Y", "b", "o", "O", "H", "m", "r", "u", "M", "e", "enter"]


async def test_every_key_on_an_empty_library_is_harmless(tmp_path, opened, copies):
    app = make_app([tmp_path])
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert app.reader.paper_list.rows == [] and "No papers found" in app.reader.paper_list.empty_message
        for key in ALL_KEYS:
            await pilot.press(key)
        await pilot.press("slash", *"x", "escape", "question_mark", "escape", "n")
        await app.workers.wait_for_complete()
        assert app.is_running and opened == [] and copies == []


async def test_every_key_in_quick_succession_while_loading(opened, copies):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ALL_KEYS:  # no waiting for the library first
            await pilot.press(key)
        await ready(app, pilot)
        assert app.is_running


async def test_while_the_search_index_is_built_the_header_says_so_and_search_already_works(copies, monkeypatch, tmp_path):
    import threading

    from reader.core import cache
    from reader.ui import reader_screen

    from .apptools import until

    gate = threading.Event()
    build = reader_screen.build_index

    def held(catalog, **kwargs):  # a big library's index takes seconds: held until the test lets go
        gate.wait(30)
        return build(catalog, **kwargs)

    monkeypatch.setattr(reader_screen, "build_index", held)
    monkeypatch.setattr("reader.core.search.INDEX_MIN_ROWS", 0)  # the samples' few rows are looked up in the index too
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        status = lambda: str(app.query_one("#status").render())  # noqa: E731
        assert await until(pilot, lambda: "building the index" in status())
        assert "results so far" not in status()  # the library is whole: only slower to search
        await pilot.press("a", "slash", *"agents")
        assert titles(app) == ["Agents That Read the Manual: Tool Documentation as Memory"]
        app.reader.update_trend()  # as its timer does once typing pauses
        await pilot.pause()
        assert not app.query("#filter-trend")  # the sparkline waits for the index (it held up its arrival)
        gate.set()
        assert await until(pilot, lambda: "building" not in status())
        assert await until(pilot, lambda: bool(app.query("#filter-trend")))  # then it is drawn
        assert app.reader.session.catalog.index is not None and cache.index_path().is_file()  # the next start reads it
        await pilot.press("backspace")
        assert titles(app) == ["Agents That Read the Manual: Tool Documentation as Memory"]


def test_the_app_paints_at_its_own_frame_rate_unless_the_user_sets_one():
    import os
    import subprocess
    import sys

    from reader.ui import FRAMES_PER_SECOND

    code = "import reader.ui.app, textual.constants as c; print(c.MAX_FPS)"
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    run = lambda **extra: subprocess.run([sys.executable, "-c", code], env={**env, **extra}, capture_output=True, text=True, check=True).stdout  # noqa: E731
    assert run().strip() == str(FRAMES_PER_SECOND)
    assert run(TEXTUAL_FPS="30").strip() == "30"


async def test_a_library_path_gone_at_start_says_so_and_the_header_stops_loading(tmp_path):
    from .apptools import until

    app = make_app([tmp_path / "gone"])
    async with app.run_test(size=(120, 30)) as pilot:
        status = lambda: str(app.query_one("#status").render())  # noqa: E731
        assert await until(pilot, lambda: app.reader.indexing is None)
        await pilot.pause()
        assert "loading" not in status() and "0 papers" in status()


async def test_after_a_cold_start_the_suspect_marks_come_in_once_the_summaries_are_checked(tmp_path, monkeypatch, copies):
    """A cold start is searchable before its summaries are checked: the header says so, and
    once they are, ``is:suspect`` and the ⚠ marks show them without another keystroke."""
    import threading

    from reader.core import loader

    from .test_index import dated_copies

    folder = dated_copies(tmp_path / "digests", [f"2024-07-{d:02}" for d in range(1, 13)])
    monkeypatch.setattr(loader, "POOL_MIN_BYTES", 0)  # parsed in worker processes, as a big library is
    go = threading.Event()
    check = loader._check_summaries

    def held(*args, **kwargs):
        assert go.wait(30)
        return check(*args, **kwargs)

    monkeypatch.setattr(loader, "_check_summaries", held)
    app = make_app([folder])
    async with app.run_test(size=(140, 30)) as pilot:
        reader = app.reader
        assert await until(pilot, lambda: reader.indexing is None and reader.session.complete, 30)
        assert "checking summaries…" in reader.status_bar.render().plain
        await pilot.press("a", "slash", *"is:suspect")
        assert await until(pilot, lambda: reader.session.view.query == "is:suspect")
        assert titles(app) == [] and app.reader.paper_list.empty_message == "No papers match yet: checking summaries…"
        go.set()
        assert await until(pilot, lambda: len(titles(app)) == 2, 30)  # the sample's suspect, in 2 of the 12 days
        assert "checking summaries" not in reader.status_bar.render().plain
        row = "".join(segment.text for segment in reader.paper_list.render_line(0))
        assert "⚠" in row
        assert "may describe another paper" in "".join(s.text for y in range(12) for s in reader.detail.render_line(y))
