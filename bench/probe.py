"""Runs inside a fresh process: the real app headless (Pilot), timing indexing and filtering.

    python -m bench.probe CORPUS START_TIME        (prints one JSON object)
    python -m bench.probe --bare                   (the keystroke floor of a minimal Textual app)

START_TIME is the parent's ``time.time()`` just before it started this process, so the
figures include interpreter start-up and imports, as a user's launch does.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

QUERIES = [
    "diffusion", "확산 모델", "language model", "author:kim", "votes:>=100", "reasoning agent", "video generation",
    "ㄷㄱㅁ", "title:efficient", "-diffusion", "multimodal benchmark", "강화학습", "transformer attention",
    "date:2024-05", "RLHF", "3D gaussian", "효율적인 추론", "zero-shot", "memory", "토큰 압축",
]


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


async def wait_until(condition, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.005)


async def type_key(app, target, key: str) -> float:
    """Milliseconds from a key arriving at the app to the repainted screen after the list refresh.

    Pilot's own press() waits for the process to look idle, which says more about the machine
    than the app, so the key goes to the driver directly and the app reports its repaint.
    ``target`` is what refreshes the list (the reader's screen; the bare app itself).
    """
    from textual import events

    painted = asyncio.Event()
    original = target.refresh_list

    def refresh_list(*args, **kwargs):
        original(*args, **kwargs)
        app.call_after_refresh(painted.set)

    target.refresh_list = refresh_list
    try:
        started = time.perf_counter()
        app._driver.send_message(events.Key(key if key != " " else "space", key))
        await asyncio.wait_for(painted.wait(), 30)
        return (time.perf_counter() - started) * 1000
    finally:
        target.refresh_list = original


async def measure_bare() -> dict:
    """The floor: the same keystroke timing in a minimal Textual app whose Input updates a Static."""
    from textual.app import App
    from textual.widgets import Input, Static

    class Bare(App):
        def compose(self):
            yield Input()
            yield Static(id="out")

        def refresh_list(self) -> None:
            self.query_one("#out", Static).update(self.query_one(Input).value)

        def on_input_changed(self) -> None:
            self.refresh_list()

    app = Bare()
    timings = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        for query in QUERIES:
            for key in query:
                timings.append(await type_key(app, app, key))
            app.query_one(Input).value = ""
            await pilot.pause(0.3)
    return {"bare_filter_ms_p50": statistics.median(timings)}


async def measure(corpus: str, start: float) -> dict:
    from reader.cli import reader_app
    from reader.core.settings import Settings

    app = reader_app([Path(corpus)], "paths", Settings.load())  # as `daily-papers CORPUS` makes it
    result: dict = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(lambda: app.reader.session.browser is not None)
        result["first_screen_headless_s"] = time.time() - start
        await wait_until(lambda: app.reader.indexing is None and app.reader.session.browser is not None)
        result["index_s"] = time.time() - start
        result["papers"] = len(app.reader.session.browser.catalog)
        # typing is timed once the background work after loading (the index, the papers' check) is done
        await app.workers.wait_for_complete()
        if app.reader.session.view.scope != "all":  # all days (a launch may remember it already)
            await pilot.press("a")
        await pilot.pause(0.3)
        timings = []
        for query in QUERIES:
            app.reader.filter_bar.input.focus()
            await pilot.pause(0.05)
            for key in query:
                timings.append(await type_key(app, app.reader, key))
            app.reader.filter_bar.input.value = ""
            await pilot.pause(0.3)
        timings.sort()
        result["filter_ms_p50"] = statistics.median(timings)
        result["filter_ms_p95"] = timings[max(0, int(len(timings) * 0.95) - 1)]
        result["filter_ms_max"] = timings[-1]
        result["filter_keystrokes"] = len(timings)
        result["rss_mb"] = rss_mb("VmRSS")
        result["rss_peak_mb"] = rss_mb("VmHWM")
    return result


if __name__ == "__main__":
    if sys.argv[1] == "--bare":
        print(json.dumps(asyncio.run(measure_bare())))
    else:
        print(json.dumps(asyncio.run(measure(sys.argv[1], float(sys.argv[2])))))
