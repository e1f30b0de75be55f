"""Hostile input and faults: nothing crashes, hangs, leaks escape codes or opens what it shouldn't."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core import opener
from reader.core.loader import load

from ..apptools import make_app, press_and_finish, ready, until
from .make import PLANTED, write_all, write_faults

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("hostile")
    expect = write_all(folder)
    write_faults(folder)
    return folder, expect


def test_every_file_loads_its_good_papers_with_warnings_naming_file_and_line(hostile):
    folder, expect = hostile
    started = time.perf_counter()
    library = load([folder])
    assert time.perf_counter() - started < 20  # generous: shared 2-core machines; typically ~1.5 s
    by_file: dict[str, list] = {}
    for paper in library.papers:
        by_file.setdefault(Path(paper.source.path).name, []).append(paper)
    for name, count in expect.items():
        titles = [p.title for p in by_file.get(name, [])]
        assert len(titles) == count, (name, titles[:5])
        if count >= 2:
            assert titles[0].startswith("Good paper") and titles[-1].startswith("Good paper"), name
    warned = {Path(w.path).name: w for w in library.warnings}
    for name in ("2024-01-02-escapes.md", "2024-01-05-invalid-utf8.md", "2024-01-06-binary.md", "2024-01-07-empty.md", "nodate.md",
                 "2024-01-09-long-line.md", "2024-01-11-deep-nesting.md", "2024-01-13-links.md", "2024-01-14-dangling.md", "again",
                 "2024-01-17-unclosed-fence.md", "2024-01-18-html-opener.md", "2024-01-19-osc-in-title.md", "2024-01-20-quadratic.md"):
        assert name in warned, name
    assert warned["2024-01-05-invalid-utf8.md"].line == 13
    assert str(warned["2024-01-02-escapes.md"]).startswith(f"{folder}/2024-01-02-escapes.md:13: warning: removed")


def test_no_control_character_survives_parsing(hostile):
    folder, _ = hostile
    for paper in load([folder]).papers:
        for text in (paper.title, *paper.authors, *(b.text for _, b in paper.bullets()), *(b.label or "" for _, b in paper.bullets())):
            assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in text), (paper.source, text[:80])


def test_round_two_files_keep_their_bullets_and_lose_whole_sequences(hostile):
    folder, _ = hostile
    papers = {p.title: p for p in load([folder]).papers}
    assert [b.text for _, b in papers["Fence"].bullets()] == ["a ```", "b"]
    assert [b.text for _, b in papers["HTML"].bullets()] == ["a <!--", "b <script>", "c"]
    assert "Clip board" in papers


def test_nfd_hangul_is_normalised_and_searchable(hostile):
    folder, _ = hostile
    titles = {p.title for p in load([folder / "2024-01-04-nfd.md"]).papers}
    assert "한국어 논문" in titles


def test_export_finishes_on_everything(hostile):
    folder, expect = hostile
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "reader", "export", str(folder), "-f", "json"], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert time.perf_counter() - started < 60
    assert len(json.loads(done.stdout)) == sum(expect.values()) + 2  # + the two good papers behind the symlink loop
    assert "Traceback" not in done.stderr
    assert all(": warning: " in line for line in done.stderr.splitlines())


def test_opening_refuses_non_web_urls():
    for url in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "https:///nohost", "ftp://x.org/a", "https://a b.org", "https://x.org/\x1b[2J"):
        assert opener.check_url(url) is not None, url
    assert opener.open_url("file:///etc/passwd").startswith("refused")
    assert opener.check_url("https://example.com/a;$(touch${IFS}x)`id`|cat&") is None  # odd but a web URL: never given to a shell


async def test_tui_moves_over_every_paper_copying_and_opening(hostile, monkeypatch):
    folder, _ = hostile
    opened: list[str] = []
    monkeypatch.setattr(opener, "graphical_session", lambda: True)
    monkeypatch.setattr(opener, "open_url", lambda url: opened.append(url))
    monkeypatch.setattr("reader.core.clipboard.system_copy", lambda text: None)
    app = make_app([folder])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("a")
        for _ in range(len(app.reader.paper_list.rows)):
            await pilot.press("y", "Y", "b", "o", "O", "H", "e", "j")
        await app.workers.wait_for_complete()
        assert app.is_running
    assert opened and all(opener.check_url(url) is None for url in opened)


def test_real_app_in_a_pseudo_terminal_leaks_no_escape_codes(hostile, tmp_path):
    pty = pytest.importorskip("pty")
    import fcntl
    import select
    import struct
    import termios

    folder, _ = hostile
    log = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{log}'\n")
    browser.chmod(0o755)
    pwned = Path("/tmp/daily-papers-pwned")
    pwned.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DAILY_PAPERS_", "TEXTUAL"))}
    env.update(
        TERM="xterm-256color", BROWSER=str(browser), DISPLAY=":99", PYTHONPATH=str(ROOT),
        DAILY_PAPERS_DATA=str(tmp_path / "data"), DAILY_PAPERS_CACHE=str(tmp_path / "cache"), DAILY_PAPERS_CONFIG=str(tmp_path / "c.toml"),
    )
    count = len(load([folder]).papers)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "reader", str(folder)], stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True)
    os.close(slave)
    output = bytearray()

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready_, _, _ = select.select([master], [], [], 0.02)
            if ready_:
                try:
                    output.extend(os.read(master, 65536))
                except OSError:
                    return

    try:
        pump(4.0)
        os.write(master, b"a")
        pump(0.5)
        for _ in range(count):
            for key in (b"y", b"Y", b"b", b"o", b"O", b"H", b"e", b"j"):
                os.write(master, key)
                pump(0.03)
        pump(2.0)
        os.write(master, b"q")
        # the keys queued before "q" are all handled first: on a busy machine that takes a while,
        # so wait for the exit itself (generously), reading the screen meanwhile
        deadline = time.monotonic() + 180
        while process.poll() is None and time.monotonic() < deadline:
            pump(0.2)
        process.wait(5)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
    stream = bytes(output)
    assert process.returncode == 0, stream[-2000:]
    assert b"Traceback" not in stream
    for name, sequence in PLANTED.items():
        assert sequence.encode() not in stream, name
    for leak in (b"\x1b]0;PWNED", b"\x1b[8;1;1t", b"UFdORUQ=\x07", b"Ding\x07", b"Back\x08", b"Form\x0c", b"\x1b[?25lPWNED"):
        assert leak not in stream, leak
    opened = log.read_text().splitlines() if log.exists() else []
    assert opened, "the browser was never asked to open anything"
    assert all(opener.check_url(url) is None for url in opened), opened
    assert not pwned.exists()


async def test_fault_clipboard_backend_raising(monkeypatch):
    import pyperclip

    def broken(text):
        raise pyperclip.PyperclipException("no clipboard here")

    monkeypatch.setattr(pyperclip, "copy", broken)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await press_and_finish(app, pilot, "y")
        assert app.is_running and app.clipboard.startswith("https://arxiv.org/abs/")
        # OSC 52 was sent and the notification shows the text so it can be selected by hand
        assert any("through the terminal" in n.message and "no system clipboard here" in n.message and app.clipboard in n.message for n in app._notifications)


async def test_fault_browser_fails_to_start(monkeypatch):
    monkeypatch.setenv("BROWSER", "/nonexistent/browser")
    monkeypatch.setattr(opener, "graphical_session", lambda: True)
    monkeypatch.setattr("reader.core.clipboard.system_copy", lambda text: None)
    import webbrowser

    monkeypatch.setattr(webbrowser, "_tryorder", None)  # let webbrowser read $BROWSER afresh
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await press_and_finish(app, pilot, "o")
        assert app.is_running
        assert any("Could not open the browser" in n.message for n in app._notifications)
        assert app.clipboard == "https://arxiv.org/abs/2503.14001"


async def test_fault_cache_and_state_directories_unwritable(monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DAILY_PAPERS_CACHE", str(blocker / "cache"))
    monkeypatch.setenv("DAILY_PAPERS_STATE", str(blocker / "state"))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)

        def told(part: str) -> bool:
            return any(part in n.message for n in app._notifications)

        assert await until(pilot, lambda: told("could not write the parse cache") and told("reading state cannot be saved"))
        await pilot.press("m")
        assert app.reader.paper_list.current.key in app.reader.session.marks.starred  # kept for this session


async def test_fault_disk_full_when_saving_state(monkeypatch):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        import sqlite3

        def full(*args, **kwargs):
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(app.reader.session.store, "db", type("DB", (), {"execute": full, "__enter__": lambda s: s, "__exit__": lambda s, *a: False})())
        await pilot.press("m")
        assert app.is_running
        assert any("could not save reading state: database or disk is full" in n.message for n in app._notifications)


def test_fault_disk_full_when_saving_cache(monkeypatch, tmp_path):
    from reader.core import cache

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.os, "replace", full)
    assert cache.save_cache({}, tmp_path / "c.marshal") == f"could not write the parse cache {tmp_path / 'c.marshal'}: No space left on device"
    assert list(tmp_path.iterdir()) == []  # the temporary file is gone too


def test_corrupt_cache_is_ignored_and_rebuilt(tmp_path):
    from reader.core import cache
    from reader.core.loader import load_stages

    path = cache.cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00garbage that is not marshal")
    assert cache.load_cache() == {}
    stages = list(load_stages([ROOT / "sample_digests"]))
    assert len(stages[-1].catalog) == 16
    assert len(cache.load_cache()) == 6


async def test_notifications_and_view_names_never_carry_escape_codes(isolated_dirs):
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    (isolated_dirs / "config.toml").write_text('[views]\n"evil\\u001b]0;PWNED\\u0007" = "diffusion"\n[keys]\n"x\\u001b[2J" = "z"\n', encoding="utf-8")
    from reader.core.settings import Settings

    app = make_app(settings=Settings.load())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        app.notify("a note \x1b]52;c;UFdORUQ=\x07 from elsewhere", markup=False)
        messages = [n.message for n in app._notifications]
        assert messages and all("\x1b" not in m and "\x07" not in m for m in messages)
        assert any("[keys] 'x" in m for m in messages)  # the mistake is still reported, as text
        names = [name for name, _, _ in app.reader.palette_commands()]
        assert "View: evil" in names


def test_export_by_reading_state_on_a_damaged_state_file_fails_loudly(isolated_dirs, capsys):
    from reader.cli import main
    from reader.core import dirs
    from tests.conftest import SAMPLES

    dirs.state_dir().mkdir(parents=True, exist_ok=True)
    (dirs.state_dir() / "state.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    assert main(["export", str(SAMPLES), "--starred"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("daily-papers: error:")
