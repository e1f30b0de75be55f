"""Measure the real app on a corpus and print one JSON object.

    python -m bench.gen /tmp/corpus       # about 55,000 papers of real text
    python -m bench.run /tmp/corpus

First screens are whole-process launches in a pseudo-terminal (time until the screen shows the
newest day); indexing, filtering and memory come from the app run headless with Pilot in a
fresh process. "cold" starts with an empty parse cache, "warm" with the one a cold run wrote.
Every process runs from compiled bytecode (kept in a temporary PYTHONPYCACHEPREFIX), as an
installed package does, even where PYTHONDONTWRITEBYTECODE is set. First screens are the
median of --launches rounds (a launch takes a fraction of a second, and single launches on a
shared machine vary by tens of percent); the other figures the median of --repeat runs. Launches
of the bare app and the reader are interleaved and each ratio is the median of per-round
ratios, so the machine's load cancels out.

Every median is followed by ``<key>_min`` and ``<key>_max``, the least and greatest of the
measurements it is the median of, so one run's spread can be reported with it; ``filter_ms_max``
and ``rss_peak_mb`` are already the worst of all runs.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reader.ui import FRAMES_PER_SECOND

ROOT = Path(__file__).resolve().parent.parent


def launch_until(argv: list[str], marker: bytes, env: dict, timeout: float = 120.0) -> float:
    """Seconds from starting ``argv`` in a 100x30 pseudo-terminal until ``marker`` is drawn."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True)
    os.close(slave)
    seen = b""
    elapsed = None
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                seen = (seen + chunk)[-200_000:]
                if marker in seen:
                    elapsed = time.perf_counter() - started
                    break
            if process.poll() is not None and not ready:
                break
    finally:
        # the whole process group: a cold launch has parse workers, which would otherwise go on
        # using the CPU while the next launch is timed
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        deadline = time.perf_counter() + 5
        while time.perf_counter() < deadline:  # until every process of the group is gone
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.01)
        os.close(master)
    if elapsed is None:
        raise RuntimeError(f"{argv} never drew {marker!r}; last output: {seen[-400:]!r}")
    return elapsed


def probe(corpus: Path, env: dict) -> dict:
    start = time.time()
    out = subprocess.run([sys.executable, "-m", "bench.probe", str(corpus), str(start)], env=env, cwd=ROOT, capture_output=True, text=True, check=True, timeout=900)
    return json.loads(out.stdout.strip().splitlines()[-1])


def newest_marker(corpus: Path) -> bytes:
    from reader.core.library import find_digest_files
    from reader.core.loader import split_newest
    from reader.core.model import date_from_path

    files, _ = find_digest_files([corpus])
    first, _ = split_newest(files)
    day = date_from_path(str(first[0])) if first else None
    return f"{day.isoformat()} · day".encode() if day else b"papers"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the app for indexing, keystrokes and memory (default 3)")
    parser.add_argument("--launches", type=int, default=15, help="rounds of first-screen launches (default 15)")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    work = Path(tempfile.mkdtemp(prefix="daily-papers-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAILY_PAPERS_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        PYTHONPYCACHEPREFIX=str(work / "pycache"),  # the first probe compiles; launches then load bytecode
        TERM="xterm-256color",
        DAILY_PAPERS_DATA=str(work / "data"),
        DAILY_PAPERS_CACHE=str(work / "cache"),
        DAILY_PAPERS_CONFIG=str(work / "config.toml"),
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    # the bare Textual app paints at the app's frame rate: the floor it gives is like for like
    env.setdefault("TEXTUAL_FPS", str(FRAMES_PER_SECOND))
    marker = newest_marker(corpus)
    reader = [sys.executable, "-m", "reader", str(corpus)]

    def cold_env() -> dict:
        subprocess.run(["rm", "-rf", str(work / "cache"), str(work / "data")], check=True)
        return env

    # Bare, cold and warm launches are interleaved, so a busy moment on this shared machine hits
    # all three alike; each ratio is the median of the ratios within one round. Warm launches
    # read a cache kept aside (a launch stopped at its first screen never rewrites it).
    probe(corpus, cold_env())  # leaves a warm cache
    warm_env = dict(env, DAILY_PAPERS_CACHE=str(work / "warm-cache"), DAILY_PAPERS_DATA=str(work / "warm-data"))
    subprocess.run(["mv", str(work / "cache"), str(work / "warm-cache")], check=True)
    subprocess.run(["mv", str(work / "data"), str(work / "warm-data")], check=True)
    # the probe pressed "a", which the app remembers: warm launches open as a new user's would
    (work / "warm-data" / "preferences.json").unlink(missing_ok=True)
    bare, cold_screen, warm_screen = [], [], []
    for _ in range(args.launches):
        bare.append(launch_until([sys.executable, str(ROOT / "bench" / "bare_app.py")], b"bare-ready", env))
        cold_screen.append(launch_until(reader, marker, cold_env()))
        warm_screen.append(launch_until(reader, marker, warm_env))
    cold = [probe(corpus, cold_env()) for _ in range(args.repeat)]
    warm = [probe(corpus, warm_env) for _ in range(args.repeat)]
    bare_filter = json.loads(
        subprocess.run([sys.executable, "-m", "bench.probe", "--bare"], env=env, cwd=ROOT, capture_output=True, text=True, check=True, timeout=600)
        .stdout.strip().splitlines()[-1]
    )

    def med(values: list[float], digits: int = 3) -> float:
        return round(statistics.median(values), digits)

    cold_ratios = [c / b for c, b in zip(cold_screen, bare, strict=True)]
    warm_ratios = [w / b for w, b in zip(warm_screen, bare, strict=True)]
    # each figure that is the median of several measurements, with those measurements and the
    # digits it is printed with: "<key>_min" and "<key>_max" show the spread of this one run
    measured: dict[str, tuple[list[float], int]] = {
        "bare_textual_first_screen_s": (bare, 3),
        "first_screen_cold_s": (cold_screen, 3),
        "first_screen_warm_s": (warm_screen, 3),
        "first_screen_cold_ratio": (cold_ratios, 2),
        "first_screen_warm_ratio": (warm_ratios, 2),
        "index_cold_s": ([c["index_s"] for c in cold], 3),
        "index_warm_s": ([w["index_s"] for w in warm], 3),
        "filter_ms_p50": ([w["filter_ms_p50"] for w in warm], 1),
        "filter_ms_p95": ([w["filter_ms_p95"] for w in warm], 1),
        "rss_mb": ([w["rss_mb"] for w in warm], 1),
    }
    result: dict[str, object] = {
        "papers": warm[0]["papers"],
        "files": sum(1 for _ in corpus.rglob("*.md")),
        "corpus_mb": round(sum(p.stat().st_size for p in corpus.rglob("*.md")) / 1e6, 1),
        "cores": os.cpu_count(),
        "runs": args.repeat,
        "launch_rounds": args.launches,
        **{key: med(values, digits) for key, (values, digits) in measured.items() if key.startswith(("bare_textual_first", "first_screen", "index"))},
        "bare_textual_keystroke_ms_p50": round(bare_filter["bare_filter_ms_p50"], 1),
        "filter_ms_p50": med(measured["filter_ms_p50"][0], 1),
        "filter_ms_p95": med(measured["filter_ms_p95"][0], 1),
        "filter_ms_max": round(max(w["filter_ms_max"] for w in warm), 1),  # the worst of all runs
        "filter_keystrokes": warm[0]["filter_keystrokes"],
        "rss_mb": med(measured["rss_mb"][0], 1),
        "rss_peak_mb": round(max(w["rss_peak_mb"] for w in warm + cold), 1),  # the worst of all runs
    }
    for key, (values, digits) in measured.items():
        result[f"{key}_min"] = round(min(values), digits)
        result[f"{key}_max"] = round(max(values), digits)
    subprocess.run(["rm", "-rf", str(work)], check=False)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
