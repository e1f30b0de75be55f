"""The newest day, read in a thread that starts with the app, while Textual starts up.

Finding the files and reading the newest day's snapshot (~10 ms at 1,100 files) is I/O, which the
UI thread does not do; started before the event loop, it overlaps Textual's own start (~150 ms)
and is nearly always done when the screen mounts, so the first frame already shows the newest day
(waiting for it in the loading worker instead cost a second frame: ~1.5 × the bare app's first
screen instead of ~1.2 ×, ``python -m bench.run``).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from ..core.library import MissingPathError
from ..core.loader import Found, first_stage


class FirstStage:
    """``first_stage(paths)`` running in a thread; :meth:`result` when it is done."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self._done = threading.Event()
        self._found: Found | None = None
        self._problem: MissingPathError | None = None
        threading.Thread(target=self._run, args=(list(paths),), name="first-stage", daemon=True).start()

    def _run(self, paths: list[Path]) -> None:
        try:
            self._found = first_stage(paths)
        except MissingPathError as problem:
            self._problem = problem
        finally:
            self._done.set()

    def ready(self) -> bool:
        return self._done.is_set()

    def result(self) -> Found:
        """The stage (waiting for it): raises :class:`MissingPathError` as first_stage would."""
        self._done.wait()
        if self._problem is not None:
            raise self._problem
        assert self._found is not None
        return self._found
