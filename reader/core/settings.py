"""Everything a command needs to know before it starts, built once and passed down.

:class:`Settings` holds the config file as read (with its problems, to report once) and the places
on disk this run uses, with ``--state-dir`` applied. The command line builds it; the app, ``export``,
``sync`` and ``fetch`` take it instead of reading the config or the environment again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from . import dirs
from .config import Config, load_config
from .library import digest_root
from .preferences import FILE as PREFERENCES_FILE
from .preferences import Preferences, load_preferences
from .state import STATE_FILE

Origin = Literal["paths", "library", "samples"]
"""Where the digests shown came from: paths the user named, the library, or the bundled samples."""


@dataclass(frozen=True)
class Settings:
    config: Config = field(default_factory=Config)
    problems: tuple[str, ...] = ()
    """Problems found in the config file, as ``path:line: error: …`` lines (reported once, at start)."""
    config_path: Path = field(default_factory=dirs.config_path)
    library_dir: Path = field(default_factory=dirs.library_dir)
    state_path: Path = field(default_factory=lambda: dirs.state_dir() / STATE_FILE)
    preferences: Preferences = field(default_factory=Preferences)
    """Choices made in the app last time (they win over the config's defaults)."""

    @property
    def preferences_path(self) -> Path:
        return self.state_path.parent / PREFERENCES_FILE

    @classmethod
    def load(cls, state_dir: str | Path | None = None) -> Settings:
        """Read the config file once; ``state_dir`` (``--state-dir``) overrides where reading state is kept."""
        path = dirs.config_path()
        config, problems = load_config(path)
        state = (Path(state_dir).expanduser() if state_dir else dirs.state_dir()) / STATE_FILE
        return cls(config, tuple(problems), path, dirs.library_dir(), state, load_preferences(state.parent / PREFERENCES_FILE))


def library_paths(settings: Settings) -> tuple[list[Path], Origin]:
    """What to read when no path is given: the synced library and the config's folders, else the samples."""
    root = settings.library_dir
    synced = sorted(digest_root(p) for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")) if root.is_dir() else []
    paths = [p for p in [*synced, *settings.config.folders] if p.is_dir() and any(p.rglob("*.md"))]
    if paths:
        return paths, "library"
    return [dirs.samples_dir()], "samples"
