"""Opening papers in a web browser, safely: web URLs only, never a shell, never a console browser.

A URL from a digest is data: it is opened only when it is an ``http``/``https`` URL to a public
host without credentials (no ``user:pass@``, no loopback, link-local or private address in any
of the numeric forms browsers accept), and only in a graphical browser (a console browser would
draw over this app). :func:`describe` names the host a URL really goes to, so a look-alike
(``аrxiv.org`` with a Cyrillic ``а``, ``arxiv.org.evil.com``) is never called "arXiv".
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import subprocess
import sys
import webbrowser
from pathlib import Path
from urllib.parse import unquote, urlsplit

CONSOLE_BROWSERS = {"www-browser", "links", "elinks", "lynx", "w3m", "links2", "browsh", "carbonyl", "edbrowse", "netrik"}
# What xdg-open tries, in order, when no desktop tells it a handler (its "generic" mode)
_XDG_GENERIC = ("x-www-browser", "firefox", "iceweasel", "seamonkey", "mozilla", "epiphany", "konqueror", "chromium", "chromium-browser", "google-chrome")
_DISPATCHERS = {"xdg-open", "gio", "gvfs-open"}
_KNOWN_HOSTS = {"arxiv.org": "arXiv", "huggingface.co": "Hugging Face"}


def _ipv4_number(host: str) -> ipaddress.IPv4Address | None:
    """The address a browser reads from a numeric host (WHATWG URL: ``127.1``, ``0x7f.1``,
    ``2130706433``, ``0177.0.0.1``); None when the host is a name. ValueError when it is numeric
    but not a valid address (a browser refuses it too)."""
    labels = host.split(".")
    if labels and labels[-1] == "":
        labels.pop()
    if not labels or not _numeric_label(labels[-1]):
        return None
    if len(labels) > 4:
        raise ValueError("too many parts")
    numbers = [_label_value(label) for label in labels]
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise ValueError("part out of range")
    value = numbers[-1]
    for index, number in enumerate(numbers[:-1]):
        value += number * 256 ** (3 - index)
    return ipaddress.IPv4Address(value)


def _numeric_label(label: str) -> bool:
    try:
        _label_value(label)
    except ValueError:
        return False
    return True


def _label_value(label: str) -> int:
    if label[:2].lower() == "0x":
        return int(label[2:] or "0", 16)
    if len(label) > 1 and label.startswith("0"):
        return int(label[1:], 8)
    if not label.isascii() or not label.isdigit():
        raise ValueError(label)
    return int(label)


def host_of(url: str) -> str | None:
    """The host ``url`` really goes to, as a browser reads it: percent-decoded, lower case,
    international names in punycode (``xn--…``); None when there is none or it is malformed."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if not host:
        return None
    host = unquote(host).rstrip(".") if "%" in host else host.rstrip(".")
    if host.isascii():
        return host.lower()
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None


def _private_reason(host: str) -> str | None:
    if host == "localhost" or host.endswith(".localhost"):
        return "a loopback host"
    try:
        address: ipaddress.IPv4Address | ipaddress.IPv6Address | None = ipaddress.ip_address(host)
    except ValueError:
        try:
            address = _ipv4_number(host)
        except ValueError:
            return "a malformed numeric host"
    if address is None:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        address = address.ipv4_mapped or address.sixtofour or address
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_private or address.is_reserved or address.is_multicast or address.is_unspecified or not address.is_global:
        return "a private network address"
    return None


def check_url(url: str) -> str | None:
    """None when ``url`` may be opened; else the reason it is refused.

    Allowed: ``http``/``https`` with a public host and no user name or password.
    """
    if any(ord(c) < 32 or c.isspace() or ord(c) == 127 for c in url):
        return "refused to open a URL containing spaces or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a malformed port raises here
    except ValueError:
        return "refused to open a malformed URL"
    if parts.scheme.lower() not in ("http", "https"):
        return f"refused to open a non-web URL ({parts.scheme or 'no'} scheme)"
    if not parts.hostname:
        return "refused to open a URL without a host"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "refused to open a URL with a user name or password in it"
    host = host_of(url)
    if host is None:
        return "refused to open a URL with a malformed host"
    if reason := _private_reason(host.strip("[]")):
        return f"refused to open a URL to {reason} ({host})"
    return None


def describe(url: str) -> str:
    """Who a URL goes to, for "Opened …": ``arXiv`` or ``Hugging Face`` only when the host is
    exactly arxiv.org / huggingface.co (or www. of them); otherwise the real host, in punycode
    when it is international (``xn--rxiv-53d.org``), with its port when it has one."""
    host = host_of(url)
    if host is None:
        return "an unknown host"
    bare = host.removeprefix("www.")
    try:
        port = urlsplit(url).port
    except ValueError:
        port = None
    if bare in _KNOWN_HOSTS and port is None:
        return _KNOWN_HOSTS[bare]
    return f"{host}:{port}" if port is not None else host


def graphical_session() -> bool:
    """Whether a browser can open without taking over this terminal."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _desktop_file(name: str) -> Path | None:
    homes = [os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")]
    homes += (os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share").split(":")
    for home in homes:
        candidate = Path(home) / "applications" / name
        if home and candidate.is_file():
            return candidate
    return None


def _runs_in_terminal(desktop: Path) -> bool:
    try:
        lines = desktop.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    for line in lines:
        key, _, value = line.partition("=")
        if key.strip() == "Terminal" and value.strip().lower() == "true":
            return True
        if key.strip() == "Exec" and value.split() and os.path.basename(value.split()[0]) in CONSOLE_BROWSERS:
            return True
    return False


def console_handler() -> str | None:
    """The console browser xdg-open would start for an https URL, if it would start one.

    Asks ``xdg-mime`` for the https handler and reads its desktop file (``Terminal=true`` or a
    console browser's command); with no handler, xdg-open falls back to a list in which the
    console browsers come last, so it is graphical only when one of the graphical ones exists.
    """
    handler = ""
    if xdg_mime := shutil.which("xdg-mime"):
        try:
            done = subprocess.run([xdg_mime, "query", "default", "x-scheme-handler/https"], capture_output=True, text=True,
                                  stdin=subprocess.DEVNULL, timeout=5, check=False)
            handler = done.stdout.strip()
        except (OSError, subprocess.SubprocessError):
            handler = ""
    if handler:
        desktop = _desktop_file(handler)
        if desktop is not None and _runs_in_terminal(desktop):
            return handler.removesuffix(".desktop")
        if desktop is not None or handler.removesuffix(".desktop") not in CONSOLE_BROWSERS:
            return None
        return handler.removesuffix(".desktop")
    if os.environ.get("BROWSER"):
        first = os.environ["BROWSER"].split(":")[0].split()
        name = os.path.basename(first[0]) if first else ""
        return name if name in CONSOLE_BROWSERS else None
    if any(shutil.which(name) for name in _XDG_GENERIC):
        return None
    return next((name for name in sorted(CONSOLE_BROWSERS) if shutil.which(name)), "no graphical browser")


def _browser_problem(browser: webbrowser.BaseBrowser) -> str | None:
    name = os.path.basename(getattr(browser, "name", "") or "")
    command = shutil.which(name) if name else None
    real = os.path.basename(os.path.realpath(command)) if command else name
    if name in CONSOLE_BROWSERS or real in CONSOLE_BROWSERS:
        return f"the only browser found ({real}) runs in the terminal"
    if name in _DISPATCHERS and (console := console_handler()):
        return f"{name} would open the page in a terminal browser ({console})"
    return None


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
    if problem := _browser_problem(browser):
        return problem
    try:
        if not _start(browser, url):
            return "the browser did not start"
    except Exception as error:
        return f"the browser did not start ({error})"
    return None


BROWSER_FAILS_WITHIN = 2.0
"""Seconds a browser command (xdg-open, $BROWSER) is watched for failing before it counts as started."""


def _start(browser: webbrowser.BaseBrowser, url: str) -> bool:
    """Open ``url`` with ``browser``: True once it started.

    A command run in the background (xdg-open, a $BROWSER entry) is watched for a moment
    instead of the library's one look right after it starts, which called a dispatcher that
    hands the page on and exits at once "not started" (and let its output reach the terminal).
    """
    if not isinstance(browser, webbrowser.BackgroundBrowser):
        return bool(browser.open(url))
    command = [browser.name, *(arg.replace("%s", url) for arg in browser.args)]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               close_fds=True, start_new_session=True)
    try:
        return process.wait(BROWSER_FAILS_WITHIN) == 0
    except subprocess.TimeoutExpired:
        return True  # still running: a browser that stays in the foreground of its own session
