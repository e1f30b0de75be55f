"""Runs inside a fresh process: the real app headless (Pilot), timing indexing and filtering.

    python -m bench.probe CORPUS START_TIME        (prints one JSON object)

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


async def measure(corpus: str, start: float) -> dict:
    from reader.app import DailyPapersApp

    app = DailyPapersApp([Path(corpus)])
    result: dict = {}
    async with app.run_test(size=(120, 40)) as pilot:
        while app.browser is None:
            await asyncio.sleep(0.005)
        result["first_screen_headless_s"] = time.time() - start
        while app.indexing is not None or app.browser is None:
            await asyncio.sleep(0.005)
        await pilot.pause()
        result["index_s"] = time.time() - start
        result["papers"] = len(app.browser.catalog)
        await pilot.press("a")
        await pilot.pause()
        timings = []
        for query in QUERIES:
            await pilot.press("slash")
            for key in query:
                started = time.perf_counter()
                await pilot.press(key if key != " " else "space")
                await pilot.pause()
                timings.append((time.perf_counter() - started) * 1000)
            app.filter_bar.input.value = ""
            await pilot.press("enter")
            await pilot.pause()
        timings.sort()
        result["filter_ms_p50"] = statistics.median(timings)
        result["filter_ms_p95"] = timings[int(len(timings) * 0.95) - 1]
        result["filter_keystrokes"] = len(timings)
        result["rss_mb"] = rss_mb("VmRSS")
        result["rss_peak_mb"] = rss_mb("VmHWM")
    return result


if __name__ == "__main__":
    print(json.dumps(asyncio.run(measure(sys.argv[1], float(sys.argv[2])))))
