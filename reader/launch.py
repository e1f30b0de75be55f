"""The command's entry point (``daily-papers``, ``python -m reader``): the cyclic collector goes
off before anything else is imported (see :mod:`reader.core.memory`); :func:`reader.cli.main`
then decides. Importing the reader with it on made ~30 collections, ~2 ms of every launch."""

import gc

gc.disable()

try:
    from .cli import main
except KeyboardInterrupt:  # ctrl+c while the reader is imported: quit as quietly as later on
    raise SystemExit(130) from None

__all__ = ["main"]
