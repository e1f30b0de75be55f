"""The benchmark keeps working: a deterministic corpus, and bench.run end to end on a tiny one.

No timing assertions here (shared, noisy machines): figures belong in the README, measured by hand.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from bench.gen import generate
from reader.core.loader import load

ROOT = Path(__file__).resolve().parent.parent


def digest_of(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.rglob("*.md")):
        sha.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return sha.hexdigest()


def test_generator_is_deterministic_and_realistic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert generate(a, 12, 6) == generate(b, 12, 6)
    assert digest_of(a) == digest_of(b)
    library = load([a])
    assert len(library.papers) == 72 and not library.warnings
    assert len({p.date for p in library.papers}) == 12
    assert any(b.label == "What's New" for p in library.papers for _, b in p.bullets())
    assert any(p.votes is None for p in library.papers)  # the early era has no Vote lines
    lengths = [sum(len(b.text) for b in p.summary) for p in library.papers]
    assert min(lengths) >= 250 and max(lengths) <= 1400
    assert (a / "paper_logs" / "2025" / "05" / "09.md").exists()


def test_bench_run_prints_every_figure(tmp_path):
    corpus = tmp_path / "corpus"
    generate(corpus, 3, 4)
    done = subprocess.run([sys.executable, "-m", "bench.run", str(corpus), "--repeat", "1", "--launches", "1"], cwd=ROOT, capture_output=True, text=True, timeout=400)
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout)
    for key in (
        "bare_textual_first_screen_s", "first_screen_cold_s", "first_screen_warm_s", "index_cold_s", "index_warm_s",
        "filter_ms_p50", "filter_ms_p95", "rss_mb",
    ):
        assert isinstance(figures[key], (int, float)) and figures[key] > 0, key
    assert figures["papers"] == 12
