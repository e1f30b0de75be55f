"""The query language shared by the filter bar and ``export --query``.

    diffusion 확산            every word must match (title, authors, labels, summary)
    "exact phrase"           a phrase;  -word / -"phrase" exclude;  a OR b, a | b alternatives
    title: author: summary: label:  restrict a word, phrase or /regex/ to one field
    id:2405.00332            arXiv id prefix
    votes:>=50 votes:<10 votes:10..20      date:2024-05 date:2024-05-01..2024-05-15
    /regex/                  a regular expression (case-insensitive)
    ㄷㄱㅁ                    Hangul initial consonants: matches 대규모
    is:unread is:read is:starred has:note  reading state

:func:`parse_query` turns text into a tree of the node classes below, or raises
:class:`QueryError` (never anything else). Evaluation lives in :mod:`reader.search`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .text import fold, is_choseong_word

TEXT_FIELDS = {"title": "title", "author": "authors", "authors": "authors", "summary": "summary", "label": "labels", "note": "note"}
FIELDS = (*TEXT_FIELDS, "id", "votes", "vote", "date", "is", "has")
IS_WORDS = ("unread", "read", "starred", "new", "suspect")
HAS_WORDS = ("note",)


COMPLETIONS = (
    *(f"{name}:" for name in ("title", "author", "summary", "label", "note", "id", "votes", "date")),
    *(f"is:{word}" for word in IS_WORDS),
    *(f"has:{word}" for word in HAS_WORDS),
)
"""What the filter completes a query's last word to (fields and reading-state words)."""


def complete(text: str) -> str | None:
    """``text`` with its last word completed to a field or state word it begins, else None.

    ``diffusion ti`` -> ``diffusion title:``; ``-is:st`` -> ``-is:starred``.
    """
    head, _, word = text.rpartition(" ")
    sign = "-" if word.startswith("-") else ""
    word = word.removeprefix("-").lower()
    if not word:
        return None
    for completion in COMPLETIONS:
        if completion.startswith(word) and completion != word:
            return f"{head} {sign}{completion}" if head else f"{sign}{completion}"
    return None


class QueryError(ValueError):
    """A malformed query; ``position`` is the offending character's index in the text."""

    def __init__(self, message: str, position: int = 0):
        super().__init__(message)
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class Text:
    """A word or phrase (folded), in every text field or one; ``choseong`` for ㄷㄱㅁ words."""

    value: str
    field: str | None = None
    choseong: bool = False
    display: str = ""


@dataclass(frozen=True, slots=True)
class Regex:
    pattern: re.Pattern
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Range:
    """``votes`` (ints) or ``date`` (ISO text, compared as prefixes): low/high inclusive, None open."""

    field: str
    low: int | str | None
    high: int | str | None


@dataclass(frozen=True, slots=True)
class Prefix:
    field: str  # "id" or "date"
    value: str


@dataclass(frozen=True, slots=True)
class Flag:
    name: str  # "unread", "read", "starred", "new", "note"


@dataclass(frozen=True, slots=True)
class Not:
    node: Node


@dataclass(frozen=True, slots=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    nodes: tuple[Node, ...]


Node = Text | Regex | Range | Prefix | Flag | Not | And | Or
"""A parsed query: one of the node classes above (``None`` stands for the empty query)."""


_TOKEN_BREAK = re.compile(r'[\s()|"]')
_VOTES = re.compile(r"^(>=|<=|>|<|=)?(\d+)$")
_VOTE_RANGE = re.compile(r"^(\d*)\.\.(\d*)$")
_DATE = re.compile(r"^\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?$")


def parse_query(text: str) -> Node | None:
    """Parse ``text``; ``None`` for an empty query (everything matches)."""
    parser = _Parser(unicodedata.normalize("NFC", text))
    node = parser.parse_or()
    if parser.pos < len(parser.text):
        raise QueryError(f"unexpected {parser.text[parser.pos]!r}", parser.pos)
    return node


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def at_or(self) -> bool:
        self.skip_space()
        rest = self.text[self.pos :]
        if rest.startswith("|"):
            self.pos += 1
            return True
        if rest.startswith("OR") and (len(rest) == 2 or rest[2].isspace() or rest[2] in "(\""):
            self.pos += 2
            return True
        return False

    def parse_or(self) -> Node | None:
        found = [self.parse_and()]
        while self.at_or():
            found.append(self.parse_and())
        parts = [p for p in found if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def parse_and(self) -> Node | None:
        parts = []
        while True:
            self.skip_space()
            if self.pos >= len(self.text) or self.text[self.pos] in "|)":
                break
            if self.text.startswith("OR", self.pos) and (self.pos + 2 == len(self.text) or self.text[self.pos + 2].isspace()):
                break
            parts.append(self.parse_unary())
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def parse_unary(self) -> Node:
        if self.text[self.pos] == "-" and self.pos + 1 < len(self.text) and not self.text[self.pos + 1].isspace():
            self.pos += 1
            return Not(self.parse_atom())
        return self.parse_atom()

    def parse_atom(self) -> Node:
        start = self.pos
        char = self.text[start]
        if char == "(":
            self.pos += 1
            node = self.parse_or()
            self.skip_space()
            if self.pos >= len(self.text) or self.text[self.pos] != ")":
                raise QueryError("unclosed parenthesis", start)
            self.pos += 1
            return node if node is not None else And(())
        if char == '"':
            return self.text_node(self.read_quoted(), None, start)
        if char == "/":
            return Regex(self.read_regex(), None)
        word = self.read_word()
        name, colon, value = word.partition(":")
        if colon and name.lower() in FIELDS:
            return self.field_node(name.lower(), value, start)
        return self.text_node(word, None, start)

    def read_word(self) -> str:
        match = _TOKEN_BREAK.search(self.text, self.pos)
        end = match.start() if match else len(self.text)
        # a field may be followed directly by a quoted phrase or regex: author:"Hugh Zhang"
        word = self.text[self.pos : end]
        self.pos = end
        return word

    def read_quoted(self) -> str:
        start = self.pos
        end = self.text.find('"', start + 1)
        if end < 0:
            raise QueryError("unclosed quote", start)
        self.pos = end + 1
        return self.text[start + 1 : end]

    def read_regex(self) -> re.Pattern:
        start = self.pos
        index = start + 1
        while index < len(self.text):
            if self.text[index] == "\\":
                index += 2
                continue
            if self.text[index] == "/":
                break
            index += 1
        else:
            raise QueryError("unclosed /regex/", start)
        source = self.text[start + 1 : index]
        self.pos = index + 1
        if not source:
            raise QueryError("empty /regex/", start)
        try:
            return re.compile(source, re.IGNORECASE)
        except (re.error, RecursionError, OverflowError) as error:
            raise QueryError(f"bad regex: {error}", start) from None

    def text_node(self, value: str, field: str | None, start: int) -> Text:
        if not value.strip():
            raise QueryError("empty phrase" if field is None else f"{field}: needs a value", start)
        if is_choseong_word(value):
            return Text(value, field, choseong=True, display=value)
        return Text(fold(value), field, display=value)

    def field_node(self, name: str, value: str, start: int) -> Node:
        if name in TEXT_FIELDS:
            field = TEXT_FIELDS[name]
            if not value and self.pos < len(self.text) and self.text[self.pos] == '"':
                return self.text_node(self.read_quoted(), field, start)
            if value.startswith("/"):
                self.pos = start + len(name) + 1
                return Regex(self.read_regex(), field)
            return self.text_node(value, field, start)
        if not value:
            raise QueryError(f"{name}: needs a value", start)
        if name in ("votes", "vote"):
            return _votes(value, start)
        if name == "date":
            return _date(value, start)
        if name == "id":
            return Prefix("id", value.lower().removeprefix("arxiv:"))
        words = IS_WORDS if name == "is" else HAS_WORDS
        if value.lower() not in words:
            raise QueryError(f"{name}: takes {', '.join(words)}", start)
        return Flag(value.lower())


def _votes(value: str, start: int) -> Range:
    if match := _VOTE_RANGE.match(value):
        low, high = (int(v) if v else None for v in match.groups())
        if low is None and high is None:
            raise QueryError("votes: range needs a number", start)
        return Range("votes", low, high)
    match = _VOTES.match(value)
    if not match:
        raise QueryError(f"votes: expects a number, >=N, <N or A..B, not {value!r}", start)
    op, number = match.group(1) or "=", int(match.group(2))
    low, high = {
        "=": (number, number),
        ">=": (number, None),
        ">": (number + 1, None),
        "<=": (None, number),
        "<": (None, number - 1),
    }[op]
    return Range("votes", low, high)


def _date(value: str, start: int) -> Node:
    for op in (">=", "<=", ">", "<"):
        if value.startswith(op):
            bound = _date_bound(value[len(op) :], start)
            return Range("date", bound, None) if op[0] == ">" else Range("date", None, bound)
    if ".." in value:
        low, _, high = value.partition("..")
        return Range("date", _date_bound(low, start) if low else None, _date_bound(high, start) if high else None)
    return Prefix("date", _date_bound(value, start))


def _date_bound(value: str, start: int) -> str:
    if not _DATE.match(value):
        raise QueryError(f"date: expects YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}", start)
    parts = value.split("-")
    return "-".join([parts[0], *(p.zfill(2) for p in parts[1:])])


def positive_terms(node: Node) -> list[Text | Regex]:
    """The words, phrases and regexes a result matched (not the excluded ones), for highlighting."""
    if isinstance(node, (Text, Regex)):
        return [node]
    if isinstance(node, (And, Or)):
        return [t for child in node.nodes for t in positive_terms(child)]
    return []


def flags(node: Node | None) -> set[str]:
    """The ``is:`` words a query uses anywhere (negated or not)."""
    if isinstance(node, Flag):
        return {node.name}
    if isinstance(node, Not):
        return flags(node.node)
    if isinstance(node, (And, Or)):
        return set().union(*(flags(child) for child in node.nodes))
    return set()
