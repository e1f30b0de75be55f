"""The reader's core: parsing, the model, library and cache, search, state, config, sync, export.

Nothing here imports Textual or Rich (a test enforces it): the command line and the app both
use it.
"""
