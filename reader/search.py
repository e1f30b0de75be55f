"""Evaluating queries over a library: a folded-text index built once, searched per keystroke.

Each paper's searchable text is folded once into one string ``title \\x1f authors \\x1f labels
\\x1f summary`` with the field boundaries remembered, so a field search is a bounded
``str.find`` and no per-keystroke work allocates text. Nodes are evaluated as filters over a list
of candidate row numbers (narrowing, not per-row predicates), which keeps the Python overhead per
row to one comprehension step.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from .model import Paper
from .query import And, Flag, Not, Or, Prefix, Range, Regex, Text, parse_query, positive_terms
from .text import choseong, fold

SEP = "\x1f"


@dataclass
class Marks:
    """Reading state as sets of paper keys, for ``is:`` and ``has:`` words."""

    read: frozenset[str] = frozenset()
    starred: frozenset[str] = frozenset()
    noted: frozenset[str] = frozenset()
    new: frozenset[str] = frozenset()


@dataclass
class Index:
    papers: list[Paper]
    text: list[str] = field(default_factory=list)
    bounds: list[tuple[int, int, int]] = field(default_factory=list)  # ends of title, authors, labels
    _choseong: list[str] | None = None

    @classmethod
    def build(cls, papers: Iterable[Paper]) -> Index:
        index = cls(list(papers))
        index.extend_rows(index.papers)
        return index

    def extend_rows(self, papers: Sequence[Paper]) -> None:
        """Fold text for papers already appended to ``self.papers`` (background indexing)."""
        for paper in papers:
            title = fold(paper.title)
            authors = fold(", ".join(paper.authors))
            labels = fold(" ".join(b.label for _, b in paper.bullets() if b.label))
            summary = fold("\n".join(b.text for _, b in paper.bullets()))
            a = len(title)
            b = a + 1 + len(authors)
            c = b + 1 + len(labels)
            self.text.append(SEP.join((title, authors, labels, summary)))
            self.bounds.append((a, b, c))
        self._choseong = None

    def add(self, papers: Sequence[Paper]) -> None:
        self.papers.extend(papers)
        self.extend_rows(papers)

    def __len__(self) -> int:
        return len(self.text)

    # --- evaluation ------------------------------------------------------------------------

    def search(self, query: str | object | None, rows: Sequence[int] | None = None, marks: Marks | None = None) -> list[int]:
        """Row numbers matching ``query`` (text or a parsed tree), in the order of ``rows``.

        Raises :class:`~reader.query.QueryError` for malformed text.
        """
        node = parse_query(query) if isinstance(query, str) else query
        candidates = list(range(len(self.text))) if rows is None else list(rows)
        if node is None:
            return candidates
        return self._eval(node, candidates, marks or Marks())

    def _eval(self, node: object, rows: list[int], marks: Marks) -> list[int]:
        if not rows:
            return rows
        if isinstance(node, Text):
            return self._text(node, rows)
        if isinstance(node, And):
            for child in node.nodes:
                rows = self._eval(child, rows, marks)
            return rows
        if isinstance(node, Or):
            hit: set[int] = set()
            for child in node.nodes:
                hit.update(self._eval(child, [r for r in rows if r not in hit], marks))
            return [r for r in rows if r in hit]
        if isinstance(node, Not):
            drop = set(self._eval(node.node, rows, marks))
            return [r for r in rows if r not in drop]
        if isinstance(node, Regex):
            return self._regex(node, rows)
        if isinstance(node, Range):
            return self._range(node, rows)
        if isinstance(node, Prefix):
            papers = self.papers
            if node.field == "id":
                return [r for r in rows if (papers[r].arxiv_id or "").startswith(node.value)]
            return [r for r in rows if papers[r].date.isoformat().startswith(node.value)]
        if isinstance(node, Flag):
            return self._flag(node.name, rows, marks)
        raise TypeError(f"unknown query node {node!r}")

    def _span(self, row: int, field_name: str | None) -> tuple[int, int]:
        a, b, c = self.bounds[row]
        return {
            None: (0, len(self.text[row])),
            "title": (0, a),
            "authors": (a + 1, b),
            "labels": (b + 1, c),
            "summary": (c + 1, len(self.text[row])),
        }[field_name]

    def _text(self, node: Text, rows: list[int]) -> list[int]:
        value = node.value
        texts = self._choseong_text() if node.choseong else self.text
        if node.field is None:
            return [r for r in rows if value in texts[r]]
        span = self._span
        return [r for r in rows if texts[r].find(value, *span(r, node.field)) >= 0]

    def _regex(self, node: Regex, rows: list[int]) -> list[int]:
        search = node.pattern.search
        if node.field is None:
            return [r for r in rows if search(self.text[r])]
        span, text = self._span, self.text  # sliced, so ^ and $ anchor at the field's ends
        return [r for r in rows if search(text[r][slice(*span(r, node.field))])]

    def _range(self, node: Range, rows: list[int]) -> list[int]:
        papers = self.papers
        low, high = node.low, node.high
        if node.field == "votes":
            def ok(r: int) -> bool:
                v = papers[r].votes
                return v is not None and (low is None or v >= low) and (high is None or v <= high)
        else:
            def ok(r: int) -> bool:
                d = papers[r].date.isoformat()
                return (low is None or d >= low) and (high is None or d[: len(high)] <= high)
        return [r for r in rows if ok(r)]

    def _flag(self, name: str, rows: list[int], marks: Marks) -> list[int]:
        papers = self.papers
        if name == "unread":
            return [r for r in rows if papers[r].key not in marks.read]
        keys = {"read": marks.read, "starred": marks.starred, "note": marks.noted, "new": marks.new}[name]
        return [r for r in rows if papers[r].key in keys]

    def _choseong_text(self) -> list[str]:
        if self._choseong is None or len(self._choseong) != len(self.text):
            self._choseong = [choseong(t) for t in self.text]
        return self._choseong


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
