"""Choices made in the app that outlive it: theme, sort, scope, the split, saved searches, problems seen.

Kept as a small JSON file beside the reading state (``preferences.json``), written atomically. A
choice made in the app wins over the config file's default for it; deleting the file goes back to
the config. A damaged or unreadable file counts as empty (and is replaced on the next choice).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .lazy import lazy_module
from .model import Scope, Sort

if TYPE_CHECKING:
    import json
else:  # ~4 ms, and needed only when there is a file to read or a choice to write
    json = lazy_module("json")

FILE = "preferences.json"
SPLIT_RANGE = (20, 80)
"""The list's share of the width, in percent, that the split can be set to."""


@dataclass(frozen=True)
class Preferences:
    theme: str | None = None
    sort: Sort | None = None
    scope: Scope | None = None
    split: int | None = None
    """The list's share of the window's width, in percent (two-pane layout)."""
    views: dict[str, str] = field(default_factory=dict)
    """Searches saved from the app (the config's [views] are listed too)."""
    problems_seen: tuple[str, ...] = ()
    """Parse problems already shown once: only new ones are notified at start."""

    def with_(self, **changes: object) -> Preferences:
        return replace(self, **changes)  # type: ignore[arg-type]


def load_preferences(path: Path) -> Preferences:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return Preferences()
    if not isinstance(data, dict):
        return Preferences()

    def pick(name: str, kind: type, choices: tuple[str, ...] | None = None) -> object:
        value = data.get(name)
        if not isinstance(value, kind) or isinstance(value, bool) or (choices is not None and value not in choices):
            return None
        return value

    split = pick("split", int)
    views = data.get("views")
    seen = data.get("problems_seen")
    theme, sort, scope = pick("theme", str), pick("sort", str, tuple(Sort)), pick("scope", str, tuple(Scope))
    return Preferences(
        theme=theme if isinstance(theme, str) else None,
        sort=Sort(sort) if isinstance(sort, str) else None,
        scope=Scope(scope) if isinstance(scope, str) else None,
        split=split if isinstance(split, int) and SPLIT_RANGE[0] <= split <= SPLIT_RANGE[1] else None,
        views={str(k): v for k, v in views.items() if isinstance(v, str)} if isinstance(views, dict) else {},
        problems_seen=tuple(p for p in seen if isinstance(p, str)) if isinstance(seen, list) else (),
    )


def save_preferences(path: Path, preferences: Preferences) -> str | None:
    """Write ``preferences`` atomically; return the problem, or None."""
    data = {k: v for k, v in asdict(preferences).items() if v not in (None, {}, ())}
    if "problems_seen" in data:
        data["problems_seen"] = list(data["problems_seen"])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".preferences-", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError as error:
        return f"could not save your choices in {path}: {error.strerror or error}"
    return None
