"""Where daily-papers keeps things on disk (platformdirs), with environment overrides for tests."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "daily-papers"


def _env_dir(variable: str, default: str) -> Path:
    value = os.environ.get(variable)
    return Path(value).expanduser() if value else Path(default)


def data_dir() -> Path:
    """Synced library and reading state live here (``~/.local/share/daily-papers`` on Linux)."""
    return _env_dir("DAILY_PAPERS_DATA", platformdirs.user_data_dir(APP, appauthor=False))


def library_dir() -> Path:
    return data_dir() / "library"


def state_dir() -> Path:
    return _env_dir("DAILY_PAPERS_STATE", str(data_dir()))


def cache_dir() -> Path:
    return _env_dir("DAILY_PAPERS_CACHE", platformdirs.user_cache_dir(APP, appauthor=False))


def config_path() -> Path:
    default = Path(platformdirs.user_config_dir(APP, appauthor=False)) / "config.toml"
    return _env_dir("DAILY_PAPERS_CONFIG", str(default))


def _packaged(name: str) -> Path:
    """A folder shipped in the wheel as ``reader/<name>``, or the checkout's top-level ``<name>/``."""
    package = Path(__file__).resolve().parent.parent  # reader/, not reader/core/
    installed = package / name
    return installed if installed.is_dir() else package.parent / name


def samples_dir() -> Path:
    return _packaged("sample_digests")


def styles_dir() -> Path:
    return _packaged("styles")
