"""Pilot tests for reading state: read, star, note, filters, persistence across restarts."""

from __future__ import annotations

from datetime import date

from reader.core.state import StateStore, state_path

from .apptools import make_app, ready, until


async def test_star_toggles_and_survives_a_restart():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        first = app.reader.paper_list.current
        await pilot.press("m", "j", "m")
        second = app.reader.paper_list.current
        assert app.reader.session.marks.starred == {first.key, second.key}
        assert "★" in "".join(s.text for s in app.reader.paper_list.render_line(0))
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await ready(again, pilot)
        assert again.reader.session.marks.starred == {first.key, second.key}
        await pilot.press("m")
        assert again.reader.session.marks.starred == {second.key}


async def test_a_paper_becomes_read_after_the_user_dwells_on_it_and_r_sticks():
    app = make_app(read_after=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        screen = app.reader
        first, second = screen.paper_list.papers[:2]
        await pilot.pause(0.3)  # six dwells: launching reads nothing
        assert screen.session.marks.read == set()
        screen.paper_list.action_cursor_down()  # down and back in one go: the first is chosen,
        screen.paper_list.action_cursor_up()  # the second only passed over
        assert await until(pilot, lambda: first.key in screen.session.marks.read)
        assert StateStore(state_path()).marks().read == {first.key}
        assert "●" not in "".join(s.text for s in screen.paper_list.render_line(0))
        await pilot.press("r")
        assert first.key not in screen.session.marks.read and StateStore(state_path()).marks().read == set()
        screen.refresh_list()  # the list refreshing under the cursor does not undo "r"
        await pilot.pause(0.3)
        assert first.key not in screen.session.marks.read
        assert second.key not in screen.session.marks.read  # passed over on the way


async def test_typing_a_query_reads_nothing_and_the_dwell_is_configurable(tmp_path):
    app = make_app(read_after=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        screen = app.reader
        await pilot.press("slash", *"agents")
        await pilot.pause(0.3)
        assert screen.session.marks.read == set()  # the top result sat under the cursor while typing
        await pilot.press("enter", "enter")  # back to the list, then read the result
        assert await until(pilot, lambda: len(screen.session.marks.read) == 1)
    by_hand = make_app(read_after=0)  # [ui] read_after = 0: only by hand
    async with by_hand.run_test(size=(100, 30)) as pilot:
        await ready(by_hand, pilot)
        before = by_hand.reader.session.marks.read  # the state of the run above
        await pilot.press("j", "enter")
        await pilot.pause(0.3)
        assert by_hand.reader.session.marks.read == before
        await pilot.press("r")
        assert by_hand.reader.session.marks.read == before | {by_hand.reader.paper_list.current.key}


async def test_note_modal_saves_and_shows_in_detail():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"다시 읽기")
        await pilot.press("ctrl+s")
        await pilot.pause()
        key = app.reader.paper_list.current.key
        assert StateStore(state_path()).note(key) == "다시 읽기"
        assert "다시 읽기" in str(app.reader.detail.parts["note"])
        await pilot.press("n", "escape")
        assert StateStore(state_path()).note(key) == "다시 읽기"


async def test_unread_only_and_starred_only_and_header_counts():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("r")  # first paper read
        await pilot.press("u")
        assert len(app.reader.paper_list.papers) == 3
        assert "3 of 4 papers" in str(app.reader.status_bar.render()) and "3 unread" in str(app.reader.status_bar.render())
        await pilot.press("u", "j", "m", "M")
        assert [p.votes for p in app.reader.paper_list.papers] == [47]  # the cursor stayed on 88 when the list widened
        await pilot.press("M")
        assert len(app.reader.paper_list.papers) == 4


async def test_is_words_in_the_filter():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("m", "a", "slash", *"is:starred")
        assert [p.votes for p in app.reader.paper_list.papers] == [131]


async def test_new_days_since_last_time_open_on_the_oldest_unread_new_day(tmp_path):
    import shutil

    from .conftest import SAMPLES

    library = tmp_path / "lib"
    library.mkdir()
    for name in ("2023-11-20.md", "2024-03-14.md"):
        shutil.copy(SAMPLES / name, library)
    app = make_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        assert app.reader.session.view.day == date(2024, 3, 14) and not app.reader.session.new_days
    for name in ("2024-07-08.md", "2025-03-20.md"):
        shutil.copy(SAMPLES / name, library)
    app = make_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        assert app.reader.session.new_days == {date(2024, 7, 8), date(2025, 3, 20)}
        assert app.reader.session.view.day == date(2024, 7, 8)
        assert "new" in str(app.reader.status_bar.render())
        await pilot.press("slash", *"is:new", "enter", "a")
        assert {p.date for p in app.reader.paper_list.papers} == {date(2024, 7, 8), date(2025, 3, 20)}


async def test_damaged_state_file_is_kept_and_the_app_says_so():
    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00garbage" * 50)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        assert any("damaged" in n.message for n in app._notifications)
        await pilot.press("m")
    aside = list(path.parent.glob("state.sqlite3.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"\x00garbage")


async def test_after_a_long_absence_the_app_opens_on_the_newest_day(tmp_path, real_digests):
    import shutil

    from bench.gen import generate

    from .conftest import SAMPLES

    library = tmp_path / "lib"
    library.mkdir()
    shutil.copy(SAMPLES / "2023-11-20.md", library)
    app = make_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
    generate(library / "more", 10, 2, real_digests)  # ten newer days arrive
    app = make_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        assert len(app.reader.session.new_days) == 10
        assert app.reader.session.view.day == date(2025, 5, 9)
