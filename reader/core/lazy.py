"""Modules loaded on first use: the one place start-up defers imports.

The first screen needs the list, the detail pane and the newest day; exporting (csv, json), opening
(webbrowser) and syncing (tempfile, shutil) are needed only when a key asks for them, and the
suspect-summary check (~10 ms of word lists and patterns) only when a file is parsed. Importing them
up front cost the first screen ~25 ms of its ~0.2 s (``python -X importtime``, warm bytecode), so
they are named through :func:`lazy_module`, and type checkers see the ordinary import.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """``name`` imported, but executed only when one of its attributes is first read."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ImportError(f"no module named {name!r}")
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:  # as an import does: the package knows its submodule
        setattr(sys.modules[parent], child, module)
    return module
