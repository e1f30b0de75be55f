from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_digests"
REAL = Path(os.environ.get("DAILY_PAPERS_REAL_DIGESTS", ROOT.parent / "shared" / "real_digests"))


@pytest.fixture
def real_digests() -> Path:
    if not REAL.is_dir() or not any(REAL.glob("*.md")):
        pytest.skip(f"real digests not present at {REAL}")
    return REAL


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path, monkeypatch):
    """Never touch the developer's own library, state, cache or config."""
    home = tmp_path / "home"
    monkeypatch.setenv("DAILY_PAPERS_DATA", str(home / "data"))
    monkeypatch.setenv("DAILY_PAPERS_CACHE", str(home / "cache"))
    monkeypatch.setenv("DAILY_PAPERS_CONFIG", str(home / "config.toml"))
    monkeypatch.delenv("DAILY_PAPERS_STATE", raising=False)
    monkeypatch.delenv("BROWSER", raising=False)
    return home


def record_texts(record) -> list[str]:
    """A file record's texts, one string per paper."""
    from reader.core.texts import Texts

    return list(Texts.joined([(record.texts, len(record.rows))])) if record.rows else []
