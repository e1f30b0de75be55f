"""The garbage collector and the allocator around loading a library: speed tricks, measured.

Loading creates hundreds of thousands of long-lived objects (Textual's, then the library's). Two
measured effects, each handled here and nowhere else:

- While they are created, the cyclic collector walks the growing heap again and again (~180 full
  passes): turning it off from the start of the command until the library is loaded saves ~15 ms of
  the first screen and ~60-100 ms of a warm load (55,000 papers).
- Once loaded, every full collection would walk them all, a ~100 ms pause in the middle of typing:
  :func:`freeze_loaded` moves them out of its reach, and full passes then come ten times less often.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from .loader import release_freed_memory


def pause_collector() -> None:
    """Off until :func:`collector_paused` ends (:mod:`reader.launch` turns it off before it imports
    the reader, and the command line calls this for the app)."""
    gc.disable()


def resume_collector() -> None:
    gc.enable()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off while the body runs, and on again afterwards whatever happens."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def freeze_loaded() -> None:
    """Keep what is loaded now out of the collector's full passes, and give freed memory back."""
    gc.freeze()
    gen0, gen1, _ = gc.get_threshold()
    gc.set_threshold(gen0, gen1, 100)
    release_freed_memory()
