"""The Textual app: themes, the keymap, the config's problems and the choices that persist; the
reader itself is a screen (:mod:`reader.ui.reader_screen`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.notifications import SeverityLevel

from ..core import dirs
from ..core.lazy import lazy_module
from ..core.loader import FirstStage
from ..core.preferences import Preferences, save_preferences
from ..core.settings import Origin, Settings
from ..core.state import StateStore
from ..core.text import terminal_safe
from . import parsed_styles
from .messages import Notice
from .reader_screen import ReaderScreen

if TYPE_CHECKING:
    from ..core import query as query_language
else:  # ~6 ms, needed for a config with views (reader.core.lazy)
    query_language = lazy_module("reader.core.query")


class DailyPapersApp(App[int]):
    CSS_PATH = str(dirs.styles_dir() / "app.tcss")
    TITLE = "daily-papers"

    def __init__(self, paths: list[Path], origin: Origin = "paths", settings: Settings | None = None, first: FirstStage | None = None) -> None:
        super().__init__()
        self.parsed_styles = parsed_styles.install(dirs.cache_dir() / parsed_styles.FILE)  # before run() parses any
        self.settings = settings or Settings.load()
        self.paths = paths
        self.origin: Origin = origin
        self.preferences: Preferences = self.settings.preferences
        self.read_after_seconds = self.settings.config.read_after
        """A paper that stays on screen this long, chosen by the user, becomes read (0: only by hand)."""
        # Both before the event loop runs: no file is read on the UI thread later.
        self.first = first or FirstStage(paths)  # the newest day, read while Textual starts up
        self.store = StateStore(self.settings.state_path)

    def get_default_screen(self) -> ReaderScreen:
        return ReaderScreen(self.paths, self.origin, self.settings, self.store, self.first)

    @property
    def reader(self) -> ReaderScreen:
        """The reader's screen (the first on the stack, whatever is shown over it)."""
        screen = self.screen_stack[0]
        assert isinstance(screen, ReaderScreen)
        return screen

    def on_ready(self) -> None:
        """The first frame is out: what Textual parsed for it is kept for the next start."""
        if self.parsed_styles is not None and (rules := self.parsed_styles.unsaved()) is not None:
            self.save_parsed_styles(self.parsed_styles, rules)

    @work(thread=True, group="styles")
    def save_parsed_styles(self, styles: parsed_styles.ParsedStyles, rules: dict) -> None:
        styles.write(rules)  # no file I/O on the UI thread

    def on_unmount(self) -> None:
        parsed_styles.uninstall(self.parsed_styles)  # with what a theme or a screen parsed since

    def on_mount(self) -> None:
        config = self.settings.config
        problems = list(self.settings.problems) + self.config_mistakes()
        theme = self.preferences.theme or config.theme
        if theme and theme in self.available_themes:
            self.theme = theme
        actions = {b.id for b in self.reader.all_bindings() if b.id}
        if keys := {action: keys for action, keys in config.keys.items() if action in actions}:
            self.set_keymap(keys)
        for problem in problems:
            self.notify(problem, title="Config", severity="warning", markup=False, timeout=10)
        self.theme_changed_signal.subscribe(self, lambda _theme: self.remember(theme=self.theme))

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float | None = None, markup: bool = True) -> None:
        """Every notification passes the terminal-safety cleaner: its text may quote file names,
        config text, notes or network data, which must never reach the terminal as escape codes."""
        super().notify(terminal_safe(message), title=terminal_safe(title), severity=severity, timeout=timeout, markup=markup)

    def config_mistakes(self) -> list[str]:
        """Settings that read fine but name nothing: an unknown theme or action, a query that does not parse."""
        config, where = self.settings.config, self.settings.config.where
        problems = []
        if config.theme and config.theme not in self.available_themes:
            known = ", ".join(sorted(self.available_themes))
            problems.append(f"{where.get('ui.theme', self.settings.config_path)}: error: unknown theme {config.theme!r}; using the default (themes: {known})")
        actions = {b.id for b in self.reader.all_bindings() if b.id}
        for action in config.keys:
            if action not in actions:
                problems.append(f"{where.get(f'keys.{action}', self.settings.config_path)}: error: [keys] {action!r} is not an action; ignored (actions: {', '.join(sorted(actions))})")
        for name, query in config.views.items():
            try:
                query_language.parse_query(query)
            except query_language.QueryError as problem:
                problems.append(f"{where.get(f'views.{name}', self.settings.config_path)}: error: view {name!r}: {problem.message} (at character {problem.position + 1}); ignored")
        return problems

    def remember(self, **changes: object) -> None:
        """Keep a choice for the next start (written in a worker: no file I/O on the UI thread)."""
        updated = self.preferences.with_(**changes)
        if updated != self.preferences:
            self.preferences = updated
            self.save_preferences(updated)

    @work(thread=True, exclusive=True, group="preferences")
    def save_preferences(self, preferences: Preferences) -> None:
        if problem := save_preferences(self.settings.preferences_path, preferences):
            self.reader.post_message(Notice(problem, "warning"))
