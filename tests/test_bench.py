"""The benchmark keeps working: a corpus of real text, and bench.run end to end on a tiny one.

No timing assertions here (shared, noisy machines): figures belong in the README, measured by hand.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from bench.gen import build, default_copies, generate, plan, read_digests
from reader.core.loader import load
from reader.core.parse import parse_text

ROOT = Path(__file__).resolve().parent.parent
SHIFTED = re.compile(r"\d{4}\.\d{5}|\d{4}-\d{2}-\d{2}|(?<=Vote: )\d+")


def digest_of(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.rglob("*.md")):
        sha.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return sha.hexdigest()


def test_corpus_is_the_real_digests_copied_with_every_paper_and_day_distinct(real_digests, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert build(a, real_digests, 2) == build(b, real_digests, 2)
    assert digest_of(a) == digest_of(b)
    source = load([real_digests])
    corpus = load([a])
    assert len(corpus.papers) == 2 * len(source.papers)
    assert len({p.key for p in corpus.papers}) == 2 * len({p.key for p in source.papers})
    assert len({p.date for p in corpus.papers}) == 2 * len({p.date for p in source.papers})
    assert len(corpus.warnings) == 2 * len(source.warnings)  # every oddity, once a copy
    # copy 0 is the digests as they are; copy 1 differs only in ids, dates and votes
    assert (a / "paper_logs" / "2025" / "05" / "09.md").read_bytes() == (real_digests / "2025-05-09.md").read_bytes()
    ids = {p.arxiv_id for p in source.papers}
    for file in plan(read_digests(real_digests), 2):
        original = (real_digests / f"{file.digest.day.isoformat()}.md").read_text(encoding="utf-8")
        path = a / "paper_logs" / f"{file.day:%Y}" / f"{file.day:%m}" / f"{file.day:%d}.md"
        copied = path.read_text(encoding="utf-8")
        assert SHIFTED.sub("#", copied) == SHIFTED.sub("#", original), file
        if file.copy == 0:
            continue
        real, _ = parse_text(original, f"{file.digest.day.isoformat()}.md")
        older, _ = parse_text(copied, str(path))
        assert len(older) == len(real) and older
        for new, old in zip(older, real, strict=True):
            assert new.arxiv_id not in ids and new.date == file.day < old.date
            assert new.votes == (None if old.votes is None else old.votes + 1)
            assert (new.title, new.authors, new.summary) == (old.title, old.authors, old.summary)


def test_default_corpus_holds_about_55000_papers(real_digests):
    digests = read_digests(real_digests)
    copies = default_copies(digests)
    assert 54_000 <= copies * sum(d.papers for d in digests) <= 56_000


def test_generator_says_plainly_when_the_real_digests_are_missing(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "bench.gen", str(tmp_path / "out"), "--from", str(tmp_path / "absent")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert f"no real digests at {tmp_path / 'absent'}" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_small_corpus_has_the_newest_days(real_digests, tmp_path):
    papers, _ = generate(tmp_path / "c", 10, 2, real_digests)
    library = load([tmp_path / "c"])
    assert papers == len(library.papers)
    assert 10 < papers <= 20  # two a day, or the one paper of a quiet day
    assert len({p.date for p in library.papers}) == 10
    assert max(p.date for p in library.papers) == date(2025, 5, 9)


def test_bench_run_prints_every_figure_with_its_spread(real_digests, tmp_path):
    corpus = tmp_path / "corpus"
    papers, _ = generate(corpus, 3, 4, real_digests)
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", str(corpus), "--repeat", "2", "--launches", "1"], cwd=ROOT, capture_output=True, text=True, timeout=400
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout)
    for key in (
        "bare_textual_first_screen_s", "first_screen_cold_s", "first_screen_warm_s", "index_cold_s", "index_warm_s",
        "filter_ms_p50", "filter_ms_p95", "rss_mb",
    ):
        assert isinstance(figures[key], (int, float)) and figures[key] > 0, key
        assert figures[f"{key}_min"] <= figures[key] <= figures[f"{key}_max"], key
    for key in ("first_screen_cold_ratio", "first_screen_warm_ratio"):
        assert figures[f"{key}_min"] <= figures[key] <= figures[f"{key}_max"], key
    assert figures["papers"] == papers and figures["runs"] == 2
