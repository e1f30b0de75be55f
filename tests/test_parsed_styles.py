"""Textual's parsed CSS kept between launches (reader.ui.parsed_styles)."""

from __future__ import annotations

import pickle

from reader.core.dirs import cache_dir
from reader.ui import parsed_styles
from reader.ui.parsed_styles import FILE, FORMAT, ParsedStyles

from .apptools import make_app, settle, until

THEMES = ["nord", "textual-light", "textual-dark"]  # ends on the theme it starts with: the next launch starts alike


async def launch(themes: list[str]) -> tuple[list[str], int]:
    """The screens of one launch in ``themes``, and how many stylesheets Textual parsed for its
    first frame."""
    app = make_app()
    shots = []
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.parsed_styles is not None
        parsed = app.parsed_styles.parsed  # the first screen is up
        await settle(app, pilot)
        assert await until(pilot, lambda: bool(app.reader.query("#filter-trend")))  # the last thing a start draws
        await pilot.pause()
        for theme in themes:
            app.theme = theme
            await pilot.pause()
            shots.append(app.export_screenshot())
    return shots, parsed


async def test_a_second_launch_parses_no_css_for_its_first_screen_and_looks_the_same_in_every_theme():
    first, parsed = await launch(THEMES)
    assert parsed > 0 and (cache_dir() / FILE).is_file()
    second, parsed_again = await launch(THEMES)
    assert parsed_again == 0  # every stylesheet of the first screen came from the file
    assert second == first  # and in each theme, from the file or parsed, the screen is the same


async def test_a_damaged_or_foreign_file_is_parsed_around_and_written_again():
    path = cache_dir() / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    right_header = parsed_styles._header()
    for content in (b"", b"\x00garbage", FORMAT + b"(3, 11)\n" + pickle.dumps({}), right_header + b"\x80not a pickle", right_header + pickle.dumps({"a": [1]})):
        path.write_bytes(content)
        shots, parsed = await launch(["textual-dark"])
        assert parsed > 0 and shots
        assert path.read_bytes().startswith(right_header)
        assert ParsedStyles(path).stored  # what the launch parsed, readable


def test_rules_from_another_textual_are_not_unpickled(tmp_path):
    path = tmp_path / FILE
    path.write_bytes(FORMAT + b"((3, 11), [(1, 2), (3, 4), (5, 6)])\n" + pickle.dumps({}))
    assert ParsedStyles(path).stored == {}


def test_a_write_late_from_a_worker_does_not_replace_the_newer_rules_of_the_exit(tmp_path):
    from textual.css.stylesheet import Stylesheet

    path = tmp_path / FILE
    styles = ParsedStyles(path)
    sheet, parse = Stylesheet(), getattr(Stylesheet._parse_rules, "_parsed_styles_original", Stylesheet._parse_rules)
    styles.rules(sheet, parse, "Screen { color: red; }", ("a.tcss", ""), False, 0, "")
    first = styles.unsaved()  # the first frame's, handed to a worker
    styles.rules(sheet, parse, "Label { color: blue; }", ("b.tcss", ""), False, 0, "")
    styles.save()  # the exit's, with the rules parsed since
    assert first is not None
    styles.write(first)  # the worker, late
    assert len(ParsedStyles(path).stored) == 2


async def test_the_rules_of_the_first_frame_are_written_while_the_app_runs():
    path = cache_dir() / FILE
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert await until(pilot, path.is_file)  # by the worker, not at exit
        assert ParsedStyles(path).stored


async def test_rules_a_worker_never_wrote_are_written_at_exit(monkeypatch):
    from reader.ui.app import DailyPapersApp

    ready = DailyPapersApp.on_ready

    def quit_at_once(self):  # a q typed ahead: the app ends with its first frame
        ready(self)
        self.exit()

    monkeypatch.setattr(DailyPapersApp, "save_parsed_styles", lambda self, styles, rules: None)  # cancelled before it ran
    monkeypatch.setattr(DailyPapersApp, "on_ready", quit_at_once)
    path = cache_dir() / FILE
    app = make_app()
    async with app.run_test(size=(100, 30)):
        pass
    assert ParsedStyles(path).stored
