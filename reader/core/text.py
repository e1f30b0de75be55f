"""Text hygiene and terminal-cell geometry, shared by the parser, search and the UI.

Everything read from a digest passes through :func:`clean` so that no control character
(ESC, BEL, backspace, ...) can reach a terminal, and Korean is compared in one normal form.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# C0 and C1 controls (TAB and LF handled apart), DEL, and the bidirectional overrides and
# isolates that can make text display in an order other than the one it is stored in.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


# Whole escape sequences, so that removing them leaves no stray "[" or "]" (a title's link
# text keeps its brackets balanced). Every alternative starts with ESC or a C1 introducer and
# its repeated parts exclude the introducers, so a scan is linear in the text (no backtracking
# across sequences). A string sequence (OSC, DCS, SOS, PM, APC) without its terminator on the
# same line loses only its introducer: the text after it stays (a terminal would swallow it,
# but a reader would lose the rest of a line).
_SEQUENCE = re.compile(
    "\x1b\\[[0-?]*[ -/]*[@-~]?"  # CSI: parameters, intermediates, final byte
    "|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
    "|(?:\x1b[]PX^_]|[\x90\x98\x9d\x9e\x9f])(?:[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\\\|\x9c))?"  # OSC/DCS/SOS/PM/APC
    "|\x1b[ -/]*[0-~]?"  # two-character forms (ESC 7, ESC c, ESC ( B), and a lone ESC
)
_ANY_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]")


def terminal_safe(text: str) -> str:
    """``text`` with no way to drive a terminal: escape sequences removed whole, other C0/C1
    controls, DEL and bidi overrides removed, newlines kept, tabs made spaces, the rest unchanged.

    The one boundary every string from outside (digests, file names, state files, git) passes
    before it can reach a terminal, stderr or an export. Linear time; idempotent.
    """
    if _ANY_CONTROL.search(text) is None:  # the usual case, one scan in C
        return text
    text = _SEQUENCE.sub("", text.replace("\r\n", "\n").replace("\t", " "))
    return _CONTROL.sub("", text)


def safe_path(path: str) -> str:
    """A file name fit for one line of output: bytes that are not UTF-8 (``os.fsdecode`` keeps
    them as lone surrogates, which no UTF-8 writer accepts) become U+FFFD, no escape sequences,
    newlines shown as spaces."""
    if not path.isprintable():
        path = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        path = terminal_safe(path).replace("\n", " ")
    return path


def clean_source(text: str) -> str:
    """Normalise a whole file before parsing: LF line ends, no BOM, no control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", terminal_safe(text))


def clean(text: str) -> str:
    """Normalise one field for display: NFC, no control characters, single spaces, trimmed."""
    if text.isprintable():  # the usual case, checked in C: no controls, tabs, newlines or odd spaces
        text = unicodedata.normalize("NFC", text)
        return (_SPACES.sub(" ", text) if "  " in text else text).strip()
    return _clean_any(text)


def _clean_any(text: str) -> str:
    text = terminal_safe(text).replace("\n", " ")
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Fold text for case-insensitive matching: NFKC then casefold (Korean stays as typed)."""
    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Width of one character in terminal cells: 2 for wide/fullwidth (Hangul, CJK), 0 for combining."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(char_width(c) for c in text)


def truncate(text: str, cells: int, ellipsis: str = "…") -> str:
    """Cut ``text`` to at most ``cells`` terminal cells, never through a character."""
    if cell_width(text) <= cells:
        return text
    if cells <= 0:
        return ""
    room = cells - cell_width(ellipsis)
    out: list[str] = []
    used = 0
    for char in text:
        width = char_width(char)
        if used + width > room:
            break
        out.append(char)
        used += width
    return "".join(out) + ellipsis


# --- Hangul initial consonants (choseong), for searches such as "ㄷㄱㅁ" -> "대규모" ---------

CHOSEONG_LETTERS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"  # in the order of Unicode's syllables
_CHOSEONG = CHOSEONG_LETTERS
_CHOSEONG_SET = frozenset(_CHOSEONG)


def is_choseong_word(word: str) -> bool:
    return bool(word) and all(c in _CHOSEONG_SET for c in word)


def choseong(text: str) -> str:
    """Replace each Hangul syllable by its initial consonant; other characters are kept."""
    out = []
    for char in text:
        code = ord(char) - 0xAC00
        out.append(_CHOSEONG[code // 588] if 0 <= code < 11172 else char)
    return "".join(out)


@lru_cache(maxsize=64)
def choseong_pattern(word: str) -> re.Pattern:
    """A pattern of adjacent Hangul syllables with the initials of ``word`` (ㄷㄱㅁ matches 대규모)."""
    first = 0xAC00
    ranges = (f"[{chr(first + 588 * i)}-{chr(first + 588 * i + 587)}]" for i in map(CHOSEONG_LETTERS.index, word))
    return re.compile("".join(ranges))


def plural(count: int, word: str) -> str:
    """``1 paper``, ``2 papers``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
