"""Read Daily Papers digests (Markdown) into :class:`~reader.model.Paper` records.

A digest is cut into entries by a line scan (one entry per ``### [Title](url)`` heading under a
``## Daily Papers (YYYY-MM-DD)`` heading), so each entry keeps its line number and a broken one
cannot spoil its neighbours; each entry is then read from mistune's AST. Nothing here raises on
any input: problems become :class:`~reader.model.ParseWarning` records.
"""

from __future__ import annotations

import ast
import os
import re
import stat
from datetime import date
from pathlib import Path

from .markdown import bullet_from_inlines, first_image, heading_title_url, is_media, list_bullets, parse_markdown, plain_bullet
from .model import Bullet, Paper, ParseWarning, Source, date_from_path, make_date
from .text import clean, clean_source

_DIGEST_HEADING = re.compile(r"^##\s+Daily Papers\b\s*(?:\(\s*(\d{4}-\d{1,2}-\d{1,2})\s*\))?", re.I)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
# "(.*)" then str.strip(), not "(.*?)\s*$": a lazy group before trailing spaces is quadratic in a
# line of spaces (every regex here is linear: no two adjacent quantifiers can share characters)
_VOTE = re.compile(r"^[ \t]*(?:\*\*)?Votes?(?:\*\*)?[ \t]*:(.*)$", re.I)
_AUTHORS = re.compile(r"^[ \t]*(?:\*\*)?Authors?(?:\*\*)?[ \t]*:(.*)$", re.I)
# HTML blocks that only a closing marker ends (CommonMark types 1-5): left open, mistune reads
# the rest of the entry as HTML and every later bullet is lost
_HTML_OPENER = re.compile(r"^([ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*)<(!--|\?|!\[CDATA\[|![A-Za-z]|(?:script|pre|style|textarea)(?=[ \t>]|$))", re.I)
_HTML_CLOSER = {"!--": "-->", "?": "?>", "![cdata[": "]]>"}
_HTML_TAG_CLOSERS = ("</script>", "</pre>", "</style>", "</textarea>")
_EMPHASIS_RUN = re.compile(r"\*+|_+")
_EMPHASIS = re.compile(r"([*_])")
MAX_EMPHASIS_RUNS = 1000
"""mistune's emphasis matching grows with the square of the delimiters (155 s for 112 KB of
nested ``*a **a``); an entry with more runs of ``*``/``_`` than this is read without emphasis."""
MAX_FILE_BYTES = 16 * 1024 * 1024
"""Only the first 16 MB of a file are read (real digests are a few hundred KB): a 200 MB file
costs seconds and bounded memory, not a blank screen and 2 GB."""
_LIST_START = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
_ARXIV = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf|html)/|huggingface\.co/papers/|^arxiv:)"
    r"(\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})(?:v\d+)?",
    re.I,
)
# Text without these characters reads the same through mistune's inline parser as it is written,
# which lets plain entries skip the parser (see _fast_entry); the rest go through mistune. "&" is
# plain (mistune's AST keeps entities as written), and so is "_" between two letters or digits
# (an intraword run can neither open nor close emphasis: snake_case, D_A와), and "<" in a tag
# without attributes (<think>, </solution>: inline HTML, which mistune keeps as written) or
# before what can start neither a tag nor an autolink (<250M, < 3); not in <https://…> or
# <a@b.c> (mistune drops their brackets) or <a> (an HTML link, which ends a link's text). A
# bullet's text must not start with "<", where an HTML block may start (see _FAST_BULLET).
# [^\W_] is a letter or digit of any script, and compiles in a tenth of the time a class with
# the Hangul range takes.
_PLAIN = r"[^\\`*_\[\]<!$\x00-\x1f]"
_PLAIN_MORE = r"(?:[^\\`*_\[\]<!$\x00-\x1f]|(?<=[^\W_])_+(?=[^\W_])|<(?:/?(?![Aa]>)[A-Za-z][A-Za-z0-9\-]*>|(?![A-Za-z/!?]|[^\s<>]*@)))"
"""The same, "_" between letters or digits and "<" too: a slower pattern, tried on the lines
that have either (see _fast_pattern)."""
# URL characters mistune keeps as written (its escape_url percent-encodes the rest: non-ASCII,
# quotes, braces, "|", "^"...); a URL with any other goes through mistune, so both paths agree
_URL_CHARS = r"[A-Za-z0-9_.\-~:/?#@!$*+,;=%]"
_FAST_HEADING = re.compile(rf"^###[ \t]+\[({_PLAIN}*)\]\((https?://{_URL_CHARS}+)\)[ \t]*$")
_FAST_HEADING_MORE = re.compile(rf"^###[ \t]+\[({_PLAIN_MORE}*)\]\((https?://{_URL_CHARS}+)\)[ \t]*$")
_FAST_IMAGE = re.compile(rf"^!\[\]\((https?://{_URL_CHARS}+|/{_URL_CHARS}*)\)[ \t]*$")
# The video entries' pair of lines above their bullets: the link (or its text, when the link was
# written without brackets) reads as a media paragraph, which is no bullet, and the player as an
# HTML block, which ends at the blank line that must follow it.
_FAST_VIDEO = re.compile(rf"^\[Watch Video\](?:\(https?://{_URL_CHARS}+\)|https?://{_URL_CHARS}+)[ \t]*$")
_FAST_PLAYER = re.compile(rf'^<div><video controls src="https?://{_URL_CHARS}+" muted="false"></video></div>[ \t]*$')
_FAST_BULLET, _FAST_BULLET_MORE = (
    re.compile(rf"^- (?:(\*\*\*|\*\*)((?! ){plain}+?(?<! ))\1: )?((?![ #<>+=~|\-*]|\d+[.)]){plain}+)$")
    for plain in (_PLAIN, _PLAIN_MORE)
)

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_ENTRY_CHARS = 200_000
"""Entries longer than this are cut (with a warning) so one runaway entry cannot stall a load."""


def arxiv_id_of(url: str) -> str | None:
    """The arXiv identifier in an arXiv or Hugging Face paper URL, version suffix dropped."""
    match = _ARXIV.search(url.strip())
    return match.group(1) if match else None


def parse_text(text: str, path: str = "<string>", fallback_date: date | None = None) -> tuple[list[Paper], list[ParseWarning]]:
    """Parse one digest's text. Returns the papers in file order and the warnings met."""
    papers: list[Paper] = []
    warnings: list[ParseWarning] = []
    path_date = date_from_path(path) or fallback_date
    if not text.strip():
        return papers, [ParseWarning(path, 1, "empty file")]
    if (found := _CONTROLS.search(text)) is not None:
        count = len(_CONTROLS.findall(text))
        first = text.count("\n", 0, found.start()) + 1
        warnings.append(ParseWarning(path, first, f"removed {count} control character(s) (terminal escape codes are never shown)"))
    source = clean_source(text)
    lines = source.split("\n")
    # a fence line has three ` or ~ in a row (see _FENCE): a file with none, as every real digest,
    # skips the per-line pass (0.08 ms a file, 5 % of its parse)
    fenced = _fences(lines, path, warnings) if "```" in source or "~~~" in source else [False] * len(lines)

    in_digest = True  # until a second-level heading says otherwise (README intro is h1 + text)
    current_date = path_date
    entry_start: int | None = None
    entry_date: date | None = None
    warned_no_date = False

    def close(end: int) -> None:
        nonlocal entry_start, warned_no_date
        if entry_start is None:
            return
        start, entry_start = entry_start, None
        day = entry_date
        if day is None:
            if not warned_no_date:
                warnings.append(ParseWarning(path, start + 1, "no date heading or dated file name; papers dated 1970-01-01"))
                warned_no_date = True
            day = date(1970, 1, 1)
        try:
            paper = _parse_entry(lines[start:end], start + 1, day, path, warnings, fenced=fenced[start:end])
        except Exception as error:
            warnings.append(ParseWarning(path, start + 1, f"entry skipped: {type(error).__name__}: {error}"[:200]))
            return
        if paper is not None:
            papers.append(paper)

    for index, line in enumerate(lines):
        if fenced[index] or not line.startswith("#"):
            continue
        level = len(line) - len(line.lstrip("#"))
        if level > 3 or (len(line) > level and line[level] not in " \t"):
            continue
        close(index)
        if level == 2:
            match = _DIGEST_HEADING.match(line)
            in_digest = match is not None
            if match and match.group(1):
                heading_date = make_date(*match.group(1).split("-"))
                if heading_date is None:
                    warnings.append(ParseWarning(path, index + 1, f"invalid date in heading: {clean(line)[:80]!r}"))
                current_date = heading_date or path_date
        elif level == 3 and in_digest:
            entry_start, entry_date = index, current_date
    close(len(lines))
    return papers, warnings


def _fences(lines: list[str], path: str, warnings: list[ParseWarning]) -> list[bool]:
    """Which lines are inside a code fence (its fence lines included), in one linear pass.

    A fence is closed by a bare line of the same character, at least as long. An opener that
    nothing closes would hide every later paper (CommonMark runs it to the end of the file): it
    is read as text instead (escaped in ``lines``), with a warning.
    """
    fences = [_FENCE.match(line) for line in lines]
    # longest closing line of each character from each line on, so an opener knows at once
    # whether anything closes it (no rescan: linear however many openers are left open)
    longest = {"`": [0] * (len(lines) + 1), "~": [0] * (len(lines) + 1)}
    for index in range(len(lines) - 1, -1, -1):
        for column in longest.values():
            column[index] = column[index + 1]
        if (fence := fences[index]) and not fence.group(2).strip():
            column = longest[fence.group(1)[0]]
            column[index] = max(column[index], len(fence.group(1)))
    flags = [False] * len(lines)
    opener: re.Match | None = None
    for index, fence in enumerate(fences):
        if opener is not None:
            flags[index] = True
            if fence and not fence.group(2).strip() and fence.group(1)[0] == opener.group(1)[0] and len(fence.group(1)) >= len(opener.group(1)):
                opener = None
        elif fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
            if longest[fence.group(1)[0]][index + 1] >= len(fence.group(1)):
                opener, flags[index] = fence, True
            else:
                warnings.append(ParseWarning(path, index + 1, "code fence is never closed; read as text"))
                lines[index] = lines[index][: fence.start(1)] + "\\" + lines[index][fence.start(1) :]
    return flags


def parse_file(path: str | Path, fallback_date: date | None = None) -> tuple[list[Paper], list[ParseWarning]]:
    """Read and parse one file. Unreadable, binary and mis-encoded files give warnings, not errors.

    Only a regular file is read (a device or pipe would never end, or block), and only its first
    :data:`MAX_FILE_BYTES`, cut at a line end, with a warning.
    """
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return [], [ParseWarning(name, 0, "not a regular file (pipe or device); skipped")]
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return [], [ParseWarning(name, 0, f"cannot read file: {error.strerror or error}")]
    if len(data) <= MAX_FILE_BYTES:
        return parse_bytes(data, name, fallback_date)
    data = data[: data.rfind(b"\n", 0, MAX_FILE_BYTES) + 1 or MAX_FILE_BYTES]
    size = max(info.st_size, MAX_FILE_BYTES + 1) / 1024 / 1024
    cut = ParseWarning(name, 1, f"file is {size:,.1f} MB; only the first {MAX_FILE_BYTES / 1024 / 1024:,.{0 if MAX_FILE_BYTES % 1048576 == 0 else 1}f} MB read")
    papers, warnings = parse_bytes(data, name, fallback_date)
    return papers, [cut, *warnings]


def parse_bytes(data: bytes, name: str, fallback_date: date | None = None) -> tuple[list[Paper], list[ParseWarning]]:
    if b"\x00" in data[:8192]:
        return [], [ParseWarning(name, 1, "not a text file (binary data); skipped")]
    warnings: list[ParseWarning] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        warnings.append(ParseWarning(name, line, "invalid UTF-8; bad bytes replaced with U+FFFD"))
        text = data.decode("utf-8-sig", errors="replace")
    papers, more = parse_text(text, name, fallback_date)
    return papers, warnings + more


# --- one entry ------------------------------------------------------------------------------


def _fast_pattern(line: str, plain: re.Pattern[str], more: re.Pattern[str]) -> re.Pattern[str]:
    """``more`` for the lines with "_" or "<", whose plain form only that slower pattern reads."""
    return more if "_" in line or "<" in line else plain


def _parse_entry(
    lines: list[str], line_no: int, day: date, path: str, warnings: list[ParseWarning], fast: bool = True, fenced: list[bool] | None = None
) -> Paper | None:
    fast_heading = _fast_pattern(lines[0], _FAST_HEADING, _FAST_HEADING_MORE).match(lines[0]) if fast else None
    if fast_heading:
        title, url = clean(fast_heading.group(1)), fast_heading.group(2)
    else:
        heading = parse_markdown(_without_deep_emphasis(lines[0][:MAX_ENTRY_CHARS], path, line_no, warnings))
        title, url = heading_title_url(heading[0].get("children", []) if heading else [])
    if not title:
        warnings.append(ParseWarning(path, line_no, "paper heading has no title; skipped"))
        return None
    if not url:
        warnings.append(ParseWarning(path, line_no, f"paper heading has no link; skipped: {title[:60]!r}"))
        return None

    if not re.match(r"(?i)https?://[^/\s]", url):
        warnings.append(ParseWarning(path, line_no, f"link is not a web address and will not be opened: {url[:60]!r}"))
    votes: int | None = None
    authors: tuple[str, ...] = ()
    body: list[str] = []
    in_header = True
    fenced = fenced or [False] * len(lines)
    for offset, line in enumerate(lines[1:], start=1):
        if not fenced[offset] and (html := _HTML_OPENER.match(line)) is not None and not _closes_on_its_line(html, line):
            # an HTML block left open would swallow every later bullet: read it as text
            warnings.append(ParseWarning(path, line_no + offset, f"HTML block <{html.group(2)} is not closed on its line; read as text"))
            line = line[: html.end(1)] + "\\" + line[html.end(1) :]
        if in_header and _LIST_START.match(line):
            in_header = False
        vote = _VOTE.match(line) if in_header else None
        author = _AUTHORS.match(line) if in_header and not vote else None
        if vote:
            votes = _parse_votes(vote.group(1), path, line_no + offset, warnings)
        elif author:
            authors = parse_authors(author.group(1))
        else:
            body.append(line)

    fast_body = _fast_body(body) if fast else None
    if fast_body is not None:
        return Paper(day, title, url, arxiv_id_of(url), votes, authors, fast_body[1], fast_body[0], Source(path, line_no))
    source = "\n".join(body)
    if len(source) > MAX_ENTRY_CHARS:
        warnings.append(ParseWarning(path, line_no, f"entry is {len(source):,} characters long; cut to {MAX_ENTRY_CHARS:,}"))
        source = source[:MAX_ENTRY_CHARS]
    source = _without_deep_emphasis(source, path, line_no, warnings)
    thumbnail: str | None = None
    summary: list[Bullet] = []
    previous = None
    for block in parse_markdown(source):
        kind = block.get("type")
        if kind == "blank_line":
            continue
        if kind == "list":
            items = list_bullets(block)
            if summary and previous == "list" and (block.get("attrs") or {}).get("ordered"):
                # "- Details: as follows\n1) ...\n2) ..." : the numbered list belongs to that bullet
                summary[-1] = summary[-1]._replace(children=summary[-1].children + tuple(items))
            else:
                summary.extend(items)
        elif kind in ("paragraph", "block_text", "block_quote", "block_code", "heading"):
            children = block.get("children") or []
            if thumbnail is None:
                thumbnail = first_image(children)
            if not is_media(children):
                bullet = bullet_from_inlines(children) if kind != "block_code" else plain_bullet(block.get("raw", ""))
                if bullet is not None:
                    summary.append(bullet)
        previous = kind
    return Paper(
        date=day,
        title=title,
        url=url,
        arxiv_id=arxiv_id_of(url),
        votes=votes,
        authors=authors,
        summary=tuple(summary),
        thumbnail=thumbnail,
        source=Source(path, line_no),
    )


def _closes_on_its_line(opener: re.Match, line: str) -> bool:
    rest = line[opener.end() :].lower()
    kind = opener.group(2).lower()
    if kind in _HTML_CLOSER:
        return _HTML_CLOSER[kind] in rest
    if kind.startswith("!"):
        return ">" in rest
    return any(tag in rest for tag in _HTML_TAG_CLOSERS)


def _without_deep_emphasis(text: str, path: str, line_no: int, warnings: list[ParseWarning]) -> str:
    """``text`` with ``*`` and ``_`` escaped when it has too many of them for mistune to pair in
    reasonable time (see :data:`MAX_EMPHASIS_RUNS`): read as written, without emphasis."""
    if text.count("*") + text.count("_") <= MAX_EMPHASIS_RUNS:
        return text
    runs = sum(1 for _ in _EMPHASIS_RUN.finditer(text))
    if runs <= MAX_EMPHASIS_RUNS:
        return text
    warnings.append(ParseWarning(path, line_no, f"{runs:,} runs of * or _ (nested emphasis); read without emphasis"))
    return _EMPHASIS.sub(r"\\\1", text)


def _fast_body(body: list[str]) -> tuple[str | None, tuple[Bullet, ...]] | None:
    """Thumbnail and bullets of a body made only of image (and video) lines and one-line plain bullets.

    Returns None when anything else appears; mistune then reads the entry. The result is the same
    as mistune's for such bodies (a test compares the two on generated entries).
    """
    thumbnail: str | None = None
    bullets: list[Bullet] = []
    in_list = False
    for number, line in enumerate(body):
        if not line.strip():
            continue
        if (bullet := _fast_pattern(line, _FAST_BULLET, _FAST_BULLET_MORE).match(line)) is not None:
            label, text = bullet.group(2), clean(bullet.group(3))
            if label is not None:
                label = clean(label)
            bullets.append(Bullet(label or None, text))
            in_list = True
        elif in_list:
            return None  # a line after a bullet may continue it (a lazy continuation line)
        elif (image := _FAST_IMAGE.match(line)) is not None:
            thumbnail = thumbnail or image.group(1)
        elif _FAST_VIDEO.match(line) is None and not (_FAST_PLAYER.match(line) and (number + 1 == len(body) or not body[number + 1].strip())):
            return None
    return thumbnail, tuple(bullets)


def _parse_votes(raw: str, path: str, line: int, warnings: list[ParseWarning]) -> int | None:
    raw = raw.strip().replace(",", "")
    if raw in ("", "-", "—", "N/A", "n/a"):
        return None
    try:
        return int(raw)
    except ValueError:
        warnings.append(ParseWarning(path, line, f"vote count is not a number: {clean(raw)[:40]!r}"))
        return None


def parse_authors(raw: str) -> tuple[str, ...]:
    """``A, B`` or a Python-style list ``['A', 'B']`` -> ``("A", "B")``."""
    raw = raw.strip()
    if raw.startswith("[") and raw.endswith("]"):
        try:
            value = ast.literal_eval(raw)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            value = None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            names = (clean(v) for v in value)
            return tuple(n for n in names if n)
    # cleaned once as a whole (what clean does is local, so the same as cleaning each name)
    names = (part.strip() for part in clean(raw).split(","))
    return tuple(n for n in names if n)
