"""Read Daily Papers digests (Markdown) into :class:`~reader.model.Paper` records.

A digest is cut into entries by a line scan (one entry per ``### [Title](url)`` heading under a
``## Daily Papers (YYYY-MM-DD)`` heading), so each entry keeps its line number and a broken one
cannot spoil its neighbours; each entry is then read from mistune's AST. Nothing here raises on
any input: problems become :class:`~reader.model.ParseWarning` records.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from .markdown import bullet_from_inlines, first_image, heading_title_url, is_media, list_bullets, parse_markdown, plain_bullet
from .model import Bullet, Paper, ParseWarning, Source, date_from_path, make_date
from .text import clean, clean_source

_DIGEST_HEADING = re.compile(r"^##\s+Daily Papers\b\s*(?:\(\s*(\d{4}-\d{1,2}-\d{1,2})\s*\))?", re.I)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_VOTE = re.compile(r"^\s*(?:\*\*)?Votes?(?:\*\*)?\s*:\s*(.*?)\s*$", re.I)
_AUTHORS = re.compile(r"^\s*(?:\*\*)?Authors?(?:\*\*)?\s*:\s*(.*?)\s*$", re.I)
_LIST_START = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
_ARXIV = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf|html)/|huggingface\.co/papers/|^arxiv:)"
    r"(\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})(?:v\d+)?",
    re.I,
)
# Text without these characters reads the same through mistune's inline parser as it is written,
# which lets plain entries skip the parser (see _fast_entry); the rest go through mistune.
_PLAIN = r"[^\\`*_\[\]<>!&$\x00-\x1f]"
_FAST_HEADING = re.compile(rf"^###[ \t]+\[({_PLAIN}*)\]\((https?://[^\s()<>\\`&]+)\)[ \t]*$")
_FAST_IMAGE = re.compile(r"^!\[\]\((https?://[^\s()<>\\`&]+|/[^\s()<>\\`&]*)\)[ \t]*$")
_FAST_BULLET = re.compile(
    rf"^- (?:(\*\*\*|\*\*)((?! ){_PLAIN}+?(?<! ))\1: )?((?![ #>+=~|\-*]|\d+[.)]){_PLAIN}+)$"
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
        line = text.count("\n", 0, found.start()) + 1
        warnings.append(ParseWarning(path, line, f"removed {count} control character(s) (terminal escape codes are never shown)"))
    lines = clean_source(text).split("\n")

    in_digest = True  # until a second-level heading says otherwise (README intro is h1 + text)
    current_date = path_date
    entry_start: int | None = None
    entry_date: date | None = None
    in_fence = False
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
            paper = _parse_entry(lines[start:end], start + 1, day, path, warnings)
        except Exception as error:
            warnings.append(ParseWarning(path, start + 1, f"entry skipped: {type(error).__name__}: {error}"[:200]))
            return
        if paper is not None:
            papers.append(paper)

    for index, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence or not line.startswith("#"):
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


def parse_file(path: str | Path, fallback_date: date | None = None) -> tuple[list[Paper], list[ParseWarning]]:
    """Read and parse one file. Unreadable, binary and mis-encoded files give warnings, not errors."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        return [], [ParseWarning(name, 0, f"cannot read file: {error.strerror or error}")]
    return parse_bytes(data, name, fallback_date)


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


def _parse_entry(lines: list[str], line_no: int, day: date, path: str, warnings: list[ParseWarning], fast: bool = True) -> Paper | None:
    fast_heading = _FAST_HEADING.match(lines[0]) if fast else None
    if fast_heading:
        title, url = clean(fast_heading.group(1)), fast_heading.group(2)
    else:
        heading = parse_markdown(lines[0][:MAX_ENTRY_CHARS])
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
    for offset, line in enumerate(lines[1:], start=1):
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
        thumbnail, summary = fast_body
        return Paper(day, title, url, arxiv_id_of(url), votes, authors, summary, thumbnail, Source(path, line_no))
    source = "\n".join(body)
    if len(source) > MAX_ENTRY_CHARS:
        warnings.append(ParseWarning(path, line_no, f"entry is {len(source):,} characters long; cut to {MAX_ENTRY_CHARS:,}"))
        source = source[:MAX_ENTRY_CHARS]
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
                summary[-1] = replace(summary[-1], children=summary[-1].children + tuple(items))
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


def _fast_body(body: list[str]) -> tuple[str | None, tuple[Bullet, ...]] | None:
    """Thumbnail and bullets of a body made only of image lines and one-line plain bullets.

    Returns None when anything else appears; mistune then reads the entry. The result is the same
    as mistune's for such bodies (a test compares the two on generated entries).
    """
    thumbnail: str | None = None
    bullets: list[Bullet] = []
    in_list = False
    for line in body:
        if not line.strip():
            continue
        if (bullet := _FAST_BULLET.match(line)) is not None:
            label, text = bullet.group(2), clean(bullet.group(3))
            if label is not None:
                label = clean(label)
            bullets.append(Bullet(label or None, text))
            in_list = True
        elif not in_list and (image := _FAST_IMAGE.match(line)) is not None:
            thumbnail = thumbnail or image.group(1)
        else:
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
