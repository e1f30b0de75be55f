"""Evaluating queries over a :class:`~reader.core.catalog.Catalog`, once per keystroke.

:class:`SearchEngine` is what callers use: the rows a view lists (its order, narrowed by the
query and the reading-state toggles), remembering the last search so that typing one more letter
re-checks one word on the last results. Below it, :func:`search` evaluates a query tree.

Nodes narrow a list of candidate rows. A word is looked up in the search index
(:mod:`reader.core.index`): one to three characters are answered by it alone, a longer word is
verified on the text of the rows the index leaves (each row's folded text is UTF-8 in one
buffer, ``catalog.texts``, and a word or a field's word a bounded ``find`` in it, so no keystroke
allocates text; see :mod:`reader.core.texts`). Regular expressions and negations run last, on
the rows the other terms left. The passes over many rows run their loop in C. Without an index
(while it is built) the same words are found by reading every row's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from .catalog import Catalog
from .model import Marks
from .query import And, Flag, Node, Not, Or, Prefix, Range, Regex, Text, parse_query, positive_terms
from .rows import kept
from .text import choseong, choseong_pattern
from .view import Browser, ViewState

Highlighter = Callable[[str], list[tuple[int, int]]]
"""Gives the ``(start, end)`` spans of a display text that a query's terms match."""


@dataclass(frozen=True)
class _LastSearch:
    view: ViewState  # without its query text
    marks: Marks
    node: Node | None
    rows: list[int]


class SearchEngine:
    """The rows one :class:`~reader.core.view.Browser` lists for a view, a parsed query and marks.

    Remembers the last search: when the new query only narrows it (typing extends a word or adds
    one) and nothing else changed, only the changed words are checked, on the last results.
    """

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self._last: _LastSearch | None = None

    def rows(self, view: ViewState, node: Node | None, marks: Marks) -> list[int]:
        context = view._replace(query="")
        last = self._last
        left: Node | Literal[False] | None = False
        if node is not None and last is not None and last.view == context and last.marks == marks:
            left = narrowing(last.node, node)
        if last is not None and left is not False:
            rows = search(self.browser.catalog, left, last.rows, marks) if left is not None else last.rows
        else:
            rows = self.scan(view, node, marks)
        self._last = _LastSearch(context, marks, node, rows)
        return rows

    def scan(self, view: ViewState, node: Node | None, marks: Marks) -> list[int]:
        """The rows for ``view`` and ``node``, computed afresh (nothing remembered)."""
        base = self.browser.order(view.order_day, view.sort)
        flags: list[Node] = []
        flags += [Flag("unread")] * view.unread_only
        flags += [Flag("starred")] * view.starred_only
        if node is None and not flags:
            return list(base)
        if flags:
            node = And(tuple(n for n in (node, *flags) if n is not None))
        return search(self.browser.catalog, node, base, marks)


def search(catalog: Catalog, query: str | Node | None, rows: Sequence[int] | None = None, marks: Marks | None = None) -> list[int]:
    """Rows matching ``query`` (text or a parsed tree), in the order of ``rows`` (default: all).

    Raises :class:`~reader.query.QueryError` for malformed text.
    """
    node = parse_query(query) if isinstance(query, str) else query
    candidates = list(range(len(catalog))) if rows is None else list(rows)
    if node is None:
        return candidates
    return _Evaluator(catalog, marks or Marks()).eval(node, candidates)


def _cost(node: Node) -> int:
    """Which terms of an AND go first: the ones the index answers, then negations, then regular
    expressions (which read each row's text) on whatever rows are left."""
    if isinstance(node, Regex):
        return 2
    if isinstance(node, Not | Or):
        return 1
    return 0


INDEX_MIN_ROWS = 256
"""Fewer rows than this are checked on their text at once: cheaper than a look-up in the index."""


class _Evaluator:
    def __init__(self, catalog: Catalog, marks: Marks):
        self.catalog = catalog
        self.marks = marks

    def eval(self, node: Node, rows: list[int]) -> list[int]:
        if not rows:
            return rows
        if isinstance(node, Text):
            return self.text(node, rows)
        if isinstance(node, And):
            for child in sorted(node.nodes, key=_cost):
                rows = self.eval(child, rows)
            return rows
        if isinstance(node, Or):
            hit: set[int] = set()
            for child in node.nodes:
                hit.update(self.eval(child, [r for r in rows if r not in hit]))
            return [r for r in rows if r in hit]
        if isinstance(node, Not):
            drop = set(self.eval(node.node, rows))
            return [r for r in rows if r not in drop]
        if isinstance(node, Regex):
            return self.regex(node, rows)
        if isinstance(node, Range):
            return self.range(node, rows)
        if isinstance(node, Prefix):
            return self.prefix(node, rows)
        if isinstance(node, Flag):
            return self.flag(node.name, rows)
        raise TypeError(f"unknown query node {node!r}")

    def spans(self, field: str | None) -> tuple[list[int] | None, list[int] | None]:
        """Per-row (start, end) lists of a field within each row's text, in bytes (None: the whole row)."""
        c = self.catalog
        if field == "title":
            return None, c.title_ends
        if field == "authors":
            return [a + 1 for a in c.title_ends], c.author_ends  # small lists, built per query
        if field == "labels":
            return [b + 1 for b in c.author_ends], c.label_ends
        return [e + 1 for e in c.label_ends], None  # summary: to the end

    def text(self, node: Text, rows: list[int]) -> list[int]:
        if node.field == "note" or (node.field is None and self.marks.notes):
            noted = self.noted(node, rows)
            if node.field == "note":
                return noted
            if noted:  # a plain word matches a paper whose note has it, whatever its text
                found = set(noted).union(self.in_text(node, rows))
                return [r for r in rows if r in found]
        return self.in_text(node, rows)

    def noted(self, node: Text, rows: list[int]) -> list[int]:
        """Rows whose note contains the word (notes are few: checked key by key)."""
        notes, keys = self.marks.notes, self.catalog.keys
        if node.choseong:
            pattern = choseong_pattern(node.value)
            hits = {key for key, note in notes.items() if pattern.search(note)}
        elif node.value:
            hits = {key for key, note in notes.items() if node.value in note}
        else:
            hits = set()
        return [r for r in rows if keys[r] in hits] if hits else []

    def indexed(self, word: str, rows: list[int], initials: bool) -> tuple[list[int], bool]:
        """The rows of ``rows`` the index says may hold ``word``, and whether they surely do."""
        index = self.catalog.index
        if index is None or len(rows) < INDEX_MIN_ROWS:
            return rows, False
        found = index.candidates(word, initials)
        if found is None:
            return rows, False
        flags, exact = found
        return kept(rows, flags), exact

    def in_text(self, node: Text, rows: list[int]) -> list[int]:
        if node.choseong:
            return self.initials(node, rows)
        needle = node.value
        rows, exact = self.indexed(needle, rows, initials=False)
        if node.field is None:
            return rows if exact else self.catalog.texts.containing(rows, needle)
        starts, ends = self.spans(node.field)
        return self.catalog.texts.found_between(rows, needle, starts, ends)

    def initials(self, node: Text, rows: list[int]) -> list[int]:
        """Rows with adjacent Hangul syllables whose initials are the word's (ㄷㄱㅁ: 대규모)."""
        rows, exact = self.indexed(node.value, rows, initials=True)
        if exact and node.field is None:
            return rows
        return self.regex(Regex(choseong_pattern(node.value), node.field), rows)

    def regex(self, node: Regex, rows: list[int]) -> list[int]:
        if node.field is None:
            return self.catalog.texts.matching(rows, node.pattern.search)
        starts, ends = self.spans(node.field)
        return self.catalog.texts.matching(rows, node.pattern.search, starts, ends)  # the field alone: ^ and $ anchor at its ends

    def range(self, node: Range, rows: list[int]) -> list[int]:
        if node.field == "votes":
            low = node.low if isinstance(node.low, int) else None
            high = node.high if isinstance(node.high, int) else None
            votes = self.catalog.votes
            return [r for r in rows if (v := votes[r]) is not None and (low is None or v >= low) and (high is None or v <= high)]
        first = node.low if isinstance(node.low, str) else None
        last = node.high if isinstance(node.high, str) else None
        return self.on_days(rows, lambda iso: (first is None or iso >= first) and (last is None or iso[: len(last)] <= last))

    def prefix(self, node: Prefix, rows: list[int]) -> list[int]:
        catalog = self.catalog
        if node.field == "id":
            ids = catalog.ids
            return [r for r in rows if (ids[r] or "").startswith(node.value)]
        return self.on_days(rows, lambda iso: iso.startswith(node.value))

    def on_days(self, rows: list[int], test: Callable[[str], bool]) -> list[int]:
        """The rows whose day's ``YYYY-MM-DD`` passes ``test``: tested once per day, not per row."""
        catalog, days = self.catalog, self.catalog.days
        wanted = {d for d in set(days) if test(catalog.iso_day(d))}
        if len(rows) * 4 < len(days):
            return [r for r in rows if days[r] in wanted]
        return kept(rows, list(map(wanted.__contains__, days)))

    def flag(self, name: str, rows: list[int]) -> list[int]:
        keys = self.catalog.keys
        if name == "unread":
            read = self.marks.read
            return [r for r in rows if keys[r] not in read]
        if name == "suspect":  # a property of the summary, not of the reading state
            suspects = self.catalog.suspects
            return [r for r in rows if suspects[r] is not None]
        wanted = {"read": self.marks.read, "starred": self.marks.starred, "note": self.marks.noted, "new": self.marks.new}[name]
        return [r for r in rows if keys[r] in wanted]


def _plain_terms(node: Node | None) -> list[Text] | None:
    if node is None:
        return []
    if isinstance(node, Text):
        return [node]
    if isinstance(node, And):
        words = [n for n in node.nodes if isinstance(n, Text)]
        return words if len(words) == len(node.nodes) else None
    return None


def narrowing(old: Node | None, new: Node | None) -> Node | Literal[False] | None:
    """What still has to be checked on ``old``'s results to get ``new``'s, or False if they can't be reused.

    When ``new`` refines ``old`` (see :func:`refines`), the terms ``old`` already had are true of
    all its results, so only the changed or added terms are left: typing one more letter
    re-checks one word, not the whole query. None means nothing is left to check.
    """
    if not refines(old, new):
        return False
    kept = set(_plain_terms(old) or [])
    left = [t for t in _plain_terms(new) or [] if t not in kept]
    if not left:
        return None
    return left[0] if len(left) == 1 else And(tuple(left))


def refines(old: Node | None, new: Node | None) -> bool:
    """Whether every match of ``new`` is a match of ``old``, so ``new`` may search only old's results.

    True for what typing does to a query of plain words: extend the last word or add another.
    """
    old_terms, new_terms = _plain_terms(old), _plain_terms(new)
    if old_terms is None or new_terms is None:
        return False
    return all(
        any(o.choseong == n.choseong and o.value in n.value and o.field in (None, n.field) for n in new_terms)
        for o in old_terms
    )


def highlighter(node: Node | None) -> Highlighter:
    """A function giving the ``(start, end)`` spans of display text that the query's terms match."""
    patterns: list[re.Pattern] = []
    choseong_words: list[str] = []
    for term in positive_terms(node) if node is not None else []:
        if isinstance(term, Regex):
            patterns.append(term.pattern)
        elif term.choseong:
            choseong_words.append(term.value)
        elif term.display.strip():
            patterns.append(re.compile(re.escape(term.display), re.IGNORECASE))

    def spans(text: str) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        if not text:
            return found
        for pattern in patterns:
            found.extend(m.span() for m in pattern.finditer(text) if m.end() > m.start())
        if choseong_words:
            initials = choseong(text)
            for word in choseong_words:
                start = initials.find(word)
                while start >= 0:
                    found.append((start, start + len(word)))
                    start = initials.find(word, start + len(word))
        return sorted(found)

    return spans


