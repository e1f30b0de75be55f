"""The Textual app: themes, the keymap and the config's problems; the reader itself is a screen."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from ..core import dirs
from ..core.settings import Origin, Settings
from ..core.state import StateStore
from .reader_screen import ReaderScreen


class DailyPapersApp(App[int]):
    CSS_PATH = str(dirs.styles_dir() / "app.tcss")
    TITLE = "daily-papers"

    read_after_seconds = 2.0
    """A paper that stays selected this long becomes read."""

    def __init__(self, paths: list[Path], origin: Origin = "paths", settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings.load()
        self.paths = paths
        self.origin: Origin = origin
        # Opened here, before the event loop runs: SQLite reads no file on the UI thread later.
        self.store = StateStore(self.settings.state_path)

    def get_default_screen(self) -> ReaderScreen:
        return ReaderScreen(self.paths, self.origin, self.settings, self.store)

    @property
    def reader(self) -> ReaderScreen:
        """The reader's screen (the first on the stack, whatever is shown over it)."""
        screen = self.screen_stack[0]
        assert isinstance(screen, ReaderScreen)
        return screen

    def on_mount(self) -> None:
        config = self.settings.config
        if config.theme and config.theme in self.available_themes:
            self.theme = config.theme
        if config.keys:
            self.set_keymap(config.keys)
        for problem in self.settings.problems:
            self.notify(problem, title="Config", severity="warning", markup=False, timeout=10)
