"""Opening papers in a web browser, safely: web URLs only, never a shell, never a console browser."""

from __future__ import annotations

import os
import sys
import webbrowser
from urllib.parse import urlsplit

CONSOLE_BROWSERS = {"www-browser", "links", "elinks", "lynx", "w3m", "links2", "browsh", "carbonyl"}


def check_url(url: str) -> str | None:
    """None when ``url`` is an ``http``/``https`` URL with a host; else the reason it is refused."""
    if any(ord(c) < 32 or c.isspace() or ord(c) == 127 for c in url):
        return "refused to open a URL containing spaces or control characters"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "refused to open a malformed URL"
    if parts.scheme.lower() not in ("http", "https"):
        return f"refused to open a non-web URL ({parts.scheme or 'no'} scheme)"
    if not parts.hostname:
        return "refused to open a URL without a host"
    return None


def graphical_session() -> bool:
    """Whether a browser can open without taking over this terminal."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_url(url: str) -> str | None:
    """Open ``url`` in the browser ($BROWSER respected). Returns None on success, else why not.

    Blocking: call it from a worker thread.
    """
    if problem := check_url(url):
        return problem
    if not graphical_session():
        return "no graphical browser here (no DISPLAY or WAYLAND_DISPLAY)"
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return "no web browser found"
    name = os.path.basename(getattr(browser, "name", "") or "")
    if name in CONSOLE_BROWSERS:
        return f"the only browser found ({name}) runs in the terminal"
    try:
        if not browser.open(url):
            return "the browser did not start"
    except Exception as error:
        return f"the browser did not start ({error})"
    return None
