"""The screens shown over the reader: help, a paper's note, the problems met, the command palette's provider."""

from ...core import dirs

SCREENS_CSS = str(dirs.styles_dir() / "screens.tcss")
"""Their styles: read when the first of them opens, not before the reader's first frame."""
