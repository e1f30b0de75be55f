"""The system clipboard through pyperclip, when one works (no UI here)."""

from __future__ import annotations


def system_copy(text: str) -> str | None:
    """Copy with the system clipboard; return None on success, else why it could not."""
    try:
        import pyperclip

        pyperclip.copy(text)
    except Exception as error:
        return str(error).splitlines()[0][:120] if str(error) else type(error).__name__
    return None
