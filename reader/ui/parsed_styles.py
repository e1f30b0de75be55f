"""Textual's parsed CSS, kept between launches: the first screen's one trick.

At every start Textual parses each stylesheet it meets (its widgets' ``DEFAULT_CSS`` and
``styles/*.tcss``), after tokenizing the theme's ~150 variables: ~6 ms of the ~35 ms from
``App.run()`` to the first frame, for text that changes only with an upgrade, an edit or another
theme. :class:`ParsedStyles` keeps the rules it made in the cache folder (``styles.pickle``, ~40
KB), each under a key of all they come from (the CSS text's digest, where it was read, Textual's
flags for it, the theme variables' digest), and gives them back when the key matches; whatever
does not match is parsed as before, and kept once the first frame is out (and at exit).
Measured in 40 alternating launches in a pty: run() → first frame 34.7 → 28.6 ms (median).

It wraps Textual's private ``Stylesheet._parse_rules`` (only where its parameters are the ones
this knows). The file begins with a header naming this format, Python's version and the size
and time of Textual's and Rich's modules whose classes the rules are made of, and is unpickled
only when they match: an upgrade starts it afresh. A damaged file, or one that does not hold
what it should, is ignored and written again; no room to write it costs the next start a parse.
The cache folder is the user's own: its pickle is trusted as the bytecode Python keeps for them is.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
import threading
import zlib
from pathlib import Path
from typing import Any

import rich.style
import textual
from textual.css import styles as css_styles
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

FILE = "styles.pickle"
FORMAT = b"daily-papers parsed styles 1\n"
MAX_ENTRIES = 400
"""Rules kept for this many stylesheets at most (~20 a theme; those used last are kept first)."""
_PARAMETERS = ("self", "css", "read_from", "is_default_rules", "tie_breaker", "scope")

Digest = tuple[int, int, int]
Key = tuple[Digest, Digest, Any, bool, int, str]
"""(theme variables' digest, CSS text's digest, read_from, is_default_rules, tie_breaker, scope)"""


def _header() -> bytes:
    """What the rules were pickled with: a change to any of it makes the file another's."""
    made_of = []
    for module in (textual, css_styles, rich.style):
        try:
            info = os.stat(module.__file__ or "")
            made_of.append((info.st_size, info.st_mtime_ns))
        except OSError:
            made_of.append((-1, -1))
    return FORMAT + repr((sys.version_info[:2], made_of)).encode() + b"\n"


def _digest(text: str) -> tuple[int, int, int]:
    """64 bits of checksum and the length (hashlib would cost the first frame 2 ms of imports)."""
    data = text.encode("utf-8", "surrogatepass")
    return zlib.crc32(data), zlib.adler32(data), len(data)


class ParsedStyles:
    """The rules of the stylesheets parsed at earlier launches, from and to ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stored: dict[Key, list[RuleSet]] = {}
        self.used: dict[Key, None] = {}  # in the order first asked for
        self.parsed = 0
        """Stylesheets Textual parsed in this process because they were not stored."""
        self._changes = 0  # stylesheets stored since the file was read
        self._written = 0  # of those, how many the file holds
        self._newest: tuple[int, dict[Key, list[RuleSet]]] | None = None  # the last rules :meth:`unsaved` gave
        self._writing = threading.Lock()
        self._variables: tuple[dict[str, str], Digest] | None = None  # the last dict seen, and its digest
        self._load()

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                if handle.readline() != FORMAT or FORMAT + handle.readline() != _header():
                    return
                stored = pickle.load(handle)
        except Exception:  # none yet, unreadable, damaged: parsed as if there were none
            return
        if isinstance(stored, dict) and all(
            isinstance(key, tuple) and len(key) == len(_PARAMETERS) and isinstance(rules, list) and all(isinstance(r, RuleSet) for r in rules)
            for key, rules in stored.items()
        ):
            self.stored = stored

    def variables_digest(self, variables: dict[str, str]) -> Digest:
        """Textual replaces its variables' dict when they change, never edits it: one digest each."""
        known = self._variables
        if known is None or known[0] is not variables:
            known = self._variables = (variables, _digest(repr(sorted(variables.items()))))
        return known[1]

    def rules(self, stylesheet: Stylesheet, parse: Any, css: str, read_from: Any, is_default_rules: bool, tie_breaker: int, scope: str) -> list[RuleSet]:
        """Textual's ``_parse_rules``, from the stored rules when they are of the same text and variables."""
        key: Key = (self.variables_digest(stylesheet._variables), _digest(css), read_from, is_default_rules, tie_breaker, scope)
        self.used[key] = None
        found = self.stored.get(key)
        if found is None:
            found = parse(stylesheet, css, read_from, is_default_rules, tie_breaker, scope)
            self.parsed += 1
            if not any(rule.errors for rule in found):  # Textual raises for these: parsed again, to say so again
                self.stored[key] = found
                self._changes += 1
        return found

    def unsaved(self) -> dict[Key, list[RuleSet]] | None:
        """What :meth:`write` should write (the rules used, then the others), when the file lacks
        some parsed since it was read; None when it has them all. They count as written only once
        :meth:`write` has written them (a worker cancelled first leaves them to the exit's save)."""
        if self._changes == self._written:
            return None
        order = [*self.used, *(key for key in self.stored if key not in self.used)][:MAX_ENTRIES]
        self._newest = (self._changes, {key: self.stored[key] for key in order})
        return self._newest[1]

    def save(self) -> None:
        """Write the rules parsed since the file was read, if any (:meth:`unsaved`, :meth:`write`)."""
        rules = self.unsaved()
        if rules is not None:
            self.write(rules)

    def write(self, rules: dict[Key, list[RuleSet]]) -> None:
        """Write ``rules`` to the file, whole or not at all, from any thread; not when :meth:`unsaved`
        has given newer rules since (a worker late for the exit's write leaves that one)."""
        with self._writing:
            newest = self._newest
            if newest is not None and rules is newest[1] and self._write(rules):
                self._written = max(self._written, newest[0])

    def _write(self, rules: dict[Key, list[RuleSet]]) -> bool:
        """Whether ``rules`` are in the file now."""
        try:
            data = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".styles-", dir=self.path.parent)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(_header())
                    out.write(data)
                os.replace(temporary, self.path)
            except BaseException:
                os.unlink(temporary)
                raise
        except Exception:  # no room, no folder, a rule that does not pickle: the next start parses
            return False
        return True


_active: list[ParsedStyles] = []  # the running app's (at most one)


def install(path: Path) -> ParsedStyles | None:
    """Give Textual's stylesheets the rules stored at ``path`` from now on; None (and nothing
    changed) when Textual's ``_parse_rules`` is not the one this knows."""
    parse = Stylesheet._parse_rules
    original = getattr(parse, "_parsed_styles_original", parse)
    code = getattr(original, "__code__", None)
    if code is None or code.co_varnames[: len(_PARAMETERS)] != _PARAMETERS:
        return None
    if parse is original:

        def _parse_rules(self: Stylesheet, css: str, read_from: Any, is_default_rules: bool = False, tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
            if _active:
                return _active[0].rules(self, original, css, read_from, is_default_rules, tie_breaker, scope)
            return original(self, css, read_from, is_default_rules, tie_breaker, scope)

        _parse_rules._parsed_styles_original = original  # type: ignore[attr-defined]
        Stylesheet._parse_rules = _parse_rules  # type: ignore[method-assign]
    styles = ParsedStyles(path)
    _active[:] = [styles]
    return styles


def uninstall(styles: ParsedStyles | None) -> None:
    """``styles`` saved and no longer used (the app is done: written here, there is no screen left
    to keep responsive)."""
    if styles is None:
        return
    styles.save()
    if _active and _active[0] is styles:
        _active.clear()
