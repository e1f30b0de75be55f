"""The command's entry point (``daily-papers``, ``python -m reader``): the cyclic collector goes
off before anything else is imported (see :mod:`reader.core.memory`); :func:`reader.cli.main`
then decides. Importing the reader with it on made ~30 collections, ~2 ms of every launch."""

import gc

gc.disable()

from .cli import main  # noqa: E402  (imported with the collector off: the point of this module)

__all__ = ["main"]
