"""Evaluating queries over a :class:`~reader.catalog.Catalog`, once per keystroke.

Every paper's folded text lives in one string (``catalog.text``), so a word is found by
``str.find`` in C: over the whole corpus when most rows are candidates (then each hit jumps to
the next row), or row by row within a short candidate list. Nodes narrow a list of candidate
rows, so the Python work per keystroke is one comprehension step per row at most.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .catalog import Catalog
from .query import And, Flag, Not, Or, Prefix, Range, Regex, Text, parse_query, positive_terms
from .text import CHOSEONG_CODES, choseong, choseong_codes


@dataclass(frozen=True)
class Marks:
    """Reading state as sets of paper keys, for ``is:`` and ``has:`` words."""

    read: frozenset[str] = frozenset()
    starred: frozenset[str] = frozenset()
    noted: frozenset[str] = frozenset()
    new: frozenset[str] = frozenset()


def search(catalog: Catalog, query: str | object | None, rows: Sequence[int] | None = None, marks: Marks | None = None) -> list[int]:
    """Rows matching ``query`` (text or a parsed tree), in the order of ``rows`` (default: all).

    Raises :class:`~reader.query.QueryError` for malformed text.
    """
    node = parse_query(query) if isinstance(query, str) else query
    candidates = list(range(len(catalog))) if rows is None else list(rows)
    if node is None:
        return candidates
    return _Evaluator(catalog, marks or Marks()).eval(node, candidates)


class _Evaluator:
    def __init__(self, catalog: Catalog, marks: Marks):
        self.catalog = catalog
        self.marks = marks

    def eval(self, node: object, rows: list[int]) -> list[int]:
        if not rows:
            return rows
        if isinstance(node, Text):
            return self.text(node, rows)
        if isinstance(node, And):
            for child in node.nodes:
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

    def span(self, row: int, field: str | None) -> tuple[int, int]:
        start, end = self.catalog.starts[row], self.catalog.starts[row + 1] - 1
        if field is None:
            return start, end
        a, b, c = self.catalog.bounds[row]
        return {
            "title": (start, start + a),
            "authors": (start + a + 1, start + b),
            "labels": (start + b + 1, start + c),
            "summary": (start + c + 1, end),
        }[field]

    def text(self, node: Text, rows: list[int]) -> list[int]:
        catalog = self.catalog
        if node.choseong:
            haystack, needle = catalog.choseong_bytes(), choseong_codes(node.value)
        else:
            haystack, needle = catalog.text, node.value
        if node.field is not None:
            span = self.span
            return [r for r in rows if haystack.find(needle, *span(r, node.field)) >= 0]
        starts = catalog.starts
        if len(rows) * 8 < len(catalog):
            return [r for r in rows if haystack.find(needle, starts[r], starts[r + 1]) >= 0]
        hits = set()
        position = haystack.find(needle)
        while position >= 0:
            row = bisect_right(starts, position) - 1
            hits.add(row)
            position = haystack.find(needle, starts[row + 1])
        return [r for r in rows if r in hits]

    def regex(self, node: Regex, rows: list[int]) -> list[int]:
        search_, text, span = node.pattern.search, self.catalog.text, self.span
        # sliced, so ^ and $ anchor at the row's (or field's) ends
        return [r for r in rows if search_(text[slice(*span(r, node.field))])]

    def range(self, node: Range, rows: list[int]) -> list[int]:
        low, high = node.low, node.high
        if node.field == "votes":
            votes = self.catalog.votes
            return [r for r in rows if votes[r] is not None and (low is None or votes[r] >= low) and (high is None or votes[r] <= high)]
        iso = self.catalog.iso
        return [r for r in rows if (low is None or iso(r) >= low) and (high is None or iso(r)[: len(high)] <= high)]

    def prefix(self, node: Prefix, rows: list[int]) -> list[int]:
        catalog = self.catalog
        if node.field == "id":
            ids = catalog.ids
            return [r for r in rows if (ids[r] or "").startswith(node.value)]
        return [r for r in rows if catalog.iso(r).startswith(node.value)]

    def flag(self, name: str, rows: list[int]) -> list[int]:
        keys = self.catalog.keys
        if name == "unread":
            read = self.marks.read
            return [r for r in rows if keys[r] not in read]
        wanted = {"read": self.marks.read, "starred": self.marks.starred, "note": self.marks.noted, "new": self.marks.new}[name]
        return [r for r in rows if keys[r] in wanted]


def highlighter(node: object | None) -> Callable[[str], list[tuple[int, int]]]:
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


__all__ = ["CHOSEONG_CODES", "Marks", "highlighter", "search"]
