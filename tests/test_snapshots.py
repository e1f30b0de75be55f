"""SVG snapshots of the main screens at 100x30 (update with --snapshot-update after a deliberate change)."""

from __future__ import annotations

from .apptools import make_app, settle

SIZE = (100, 30)


def run_before(*keys: str):
    async def before(pilot) -> None:
        await settle(pilot.app, pilot)
        if keys:
            await pilot.press(*keys)
        await pilot.pause(0.35)  # the sparkline and the detail pane follow typing after a pause
        await pilot.app.workers.wait_for_complete()
        pilot.app.reader.update_trend()  # settle them now, whatever the machine's speed
        pilot.app.reader.show_detail(pilot.app.reader.paper_list.current)
        pilot.app.clear_notifications()
        await pilot.pause(0.1)

    return before


def test_main_screen_with_korean(snap_compare):
    # 2024-07-08 has a Korean title; the list is sorted by votes and the detail shows labels in bold
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before("left_square_bracket", "left_square_bracket", "j"))


def test_filtering_all_days(snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before("a", "slash", *"확산", "enter"))  # back on the list: no blinking input cursor


def test_malformed_query_shows_inline_error(snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before("a", "slash", *"model", "space", "quotation_mark", *"unclosed", "enter"))


def test_help_screen(snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before("question_mark"))


def test_the_cursor_on_a_read_row_beside_starred_noted_and_unread_ones(snap_compare):
    # the first paper read (the cursor back on it), the second starred, the third noted
    async def before(pilot) -> None:
        screen = pilot.app.reader
        await settle(pilot.app, pilot)
        papers = screen.paper_list.papers
        screen.set_read(papers[0], True)
        screen.session.set_starred(papers[1].key, True)
        screen.session.set_note(papers[2].key, "memo")
        screen.paper_list.set_marks(screen.session.marks)
        await run_before()(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)
