"""Modules loaded on first use: the one place start-up defers imports.

The first screen needs the list, the detail pane and the newest day; exporting (csv, json), opening
(webbrowser) and syncing (tempfile, shutil) are needed only when a key asks for them, and the
suspect-summary check (~10 ms of word lists and patterns) only when a file is parsed. Importing them
up front cost the first screen ~25 ms of its ~0.2 s (``python -X importtime``, warm bytecode), so
they are named through :func:`lazy_module`, and type checkers see the ordinary import.

Even finding a module costs: ``importlib.util.find_spec`` asks each finder and, for the standard
library's, stats the path's folders. Done for the fifteen modules named so at a launch it took
~1 ms of the first screen, so the module is found, too, only when it is first used.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from types import ModuleType
from typing import Any

_loading = threading.RLock()  # two threads' first uses: the module is executed once
_executing: dict[str, int] = {}  # modules being executed, and the thread executing each


class _Deferred(ModuleType):
    """A module's placeholder, already in ``sys.modules``: its first missing attribute finds and
    executes the module into it, and it becomes a plain module once executed (until then, another
    thread's read waits for it; the executing thread's own reads see what is defined so far)."""

    def __getattribute__(self, attribute: str) -> Any:
        # a name the module has already defined, read by another thread while it runs: only once
        # the run is over (its functions may need names defined after them)
        if not attribute.startswith("__") and _executing and _executing.get(ModuleType.__getattribute__(self, "__name__"), threading.get_ident()) != threading.get_ident():
            with _loading:
                pass
        return ModuleType.__getattribute__(self, attribute)

    def __getattr__(self, attribute: str) -> Any:
        with _loading:
            if type(self) is _Deferred and self.__name__ not in _executing:
                name = self.__name__
                sys.modules.pop(name, None)  # found as any import would find it, not as this placeholder
                try:
                    spec = importlib.util.find_spec(name)
                finally:
                    sys.modules[name] = self
                if spec is None or spec.loader is None:
                    raise ImportError(f"no module named {name!r}", name=name)
                self.__spec__, self.__loader__, self.__package__ = spec, spec.loader, spec.parent
                self.__file__, self.__cached__ = spec.origin, spec.cached
                if spec.submodule_search_locations is not None:
                    self.__path__ = list(spec.submodule_search_locations)
                _executing[name] = threading.get_ident()
                try:
                    spec.loader.exec_module(self)
                except BaseException:
                    del sys.modules[name]  # as a failed import leaves it: the next import tries again
                    raise
                finally:
                    del _executing[name]
                self.__class__ = ModuleType  # type: ignore[assignment]  # from here on, read as any module
        return ModuleType.__getattribute__(self, attribute)


def lazy_module(name: str) -> ModuleType:
    """``name`` imported, but found and executed only when one of its attributes is first read
    (a name that is no module raises :class:`ImportError` then)."""
    if name in sys.modules:
        return sys.modules[name]
    parent, _, child = name.rpartition(".")
    package = importlib.import_module(parent) if parent else None  # imported, as an import would
    module = _Deferred(name)
    sys.modules[name] = module
    if package is not None:  # as an import does: the package knows its submodule
        setattr(package, child, module)
    return module
