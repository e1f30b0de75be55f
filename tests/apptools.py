"""Helpers for driving the app with Pilot."""

from __future__ import annotations

from pathlib import Path

from reader.ui.app import DailyPapersApp

from .conftest import SAMPLES


def make_app(paths: list[Path] | None = None, read_after: float = 60.0, **kwargs) -> DailyPapersApp:
    """The app on the samples; papers become read after ``read_after`` seconds (long: tests are slow)."""
    app = DailyPapersApp(paths or [SAMPLES], **kwargs)
    app.read_after_seconds = read_after
    return app


async def ready(app: DailyPapersApp, pilot) -> None:
    """Wait until the library is loaded and the screen settled."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    while app.reader.indexing:
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def settle(app: DailyPapersApp, pilot) -> None:
    await ready(app, pilot)
    app.clear_notifications()
    await pilot.pause()


async def press_and_finish(app: DailyPapersApp, pilot, *keys: str) -> None:
    """Press ``keys``, then wait for the workers they started (copy, open) and the redraw."""
    await pilot.press(*keys)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot, condition, seconds: float = 10.0) -> bool:
    """Wait for ``condition()`` (checked after each pause), at most ``seconds``: generous for a busy machine."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            return True
        await pilot.pause(0.02)
    return condition()


def footer_keys(app: DailyPapersApp) -> dict[str, tuple[int, int]]:
    """Each key the footer draws, by action: the columns it takes (start, end), as the mouse finds it."""
    footer = app.reader.footer
    spans: dict[str, tuple[int, int]] = {}
    for x in range(footer.size.width):
        key = footer.key_at(x)
        if key is not None:
            action = footer.keys[key].action
            start, _ = spans.get(action, (x, x))
            spans[action] = (start, x + 1)
    return spans


def footer_text(app: DailyPapersApp) -> str:
    """The footer's line as the terminal shows it."""
    return app.reader.footer.render_line(0).text
