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

from .model import Bullet, Paper, ParseWarning, Source
from .text import clean, clean_source

_parser = None


def _markdown(text: str) -> list[dict]:
    """mistune's AST of ``text`` (mistune is imported on first use: plain entries never need it)."""
    global _parser
    if _parser is None:
        import mistune

        _parser = mistune.create_markdown(renderer=None, plugins=["math"])
    return _parser(text)

_DIGEST_HEADING = re.compile(r"^##\s+Daily Papers\b\s*(?:\(\s*(\d{4}-\d{1,2}-\d{1,2})\s*\))?", re.I)
_PATH_DATE = re.compile(r"(\d{4})[-/_](\d{1,2})[-/_](\d{1,2})(?:\.md)?$", re.I)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_VOTE = re.compile(r"^\s*(?:\*\*)?Votes?(?:\*\*)?\s*:\s*(.*?)\s*$", re.I)
_AUTHORS = re.compile(r"^\s*(?:\*\*)?Authors?(?:\*\*)?\s*:\s*(.*?)\s*$", re.I)
_LIST_START = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
_ARXIV = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf|html)/|huggingface\.co/papers/|^arxiv:)"
    r"(\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})(?:v\d+)?",
    re.I,
)
_MEDIA_TEXT = re.compile(r"^\s*(?:\[?\s*Watch Video\s*\]?\S*\s*)*$", re.I)
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


def date_from_path(path: str) -> date | None:
    """``2024-05-02.md`` or ``paper_logs/2024/05/02.md`` -> 2024-05-02."""
    match = _PATH_DATE.search(path.replace("\\", "/"))
    return _make_date(*match.groups()) if match else None


def _make_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


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
                heading_date = _make_date(*match.group(1).split("-"))
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
        heading = _markdown(lines[0][:MAX_ENTRY_CHARS])
        title, url = _heading_title_url(heading[0].get("children", []) if heading else [])
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
    for block in _markdown(source):
        kind = block.get("type")
        if kind == "blank_line":
            continue
        if kind == "list":
            items = _list_bullets(block)
            if summary and previous == "list" and (block.get("attrs") or {}).get("ordered"):
                # "- Details: as follows\n1) ...\n2) ..." : the numbered list belongs to that bullet
                summary[-1] = replace(summary[-1], children=summary[-1].children + tuple(items))
            else:
                summary.extend(items)
        elif kind in ("paragraph", "block_text", "block_quote", "block_code", "heading"):
            children = block.get("children") or []
            if thumbnail is None:
                thumbnail = _first_image(children)
            if not _is_media(children):
                bullet = _bullet_from_inlines(children) if kind != "block_code" else _plain_bullet(block.get("raw", ""))
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
    names = (clean(part) for part in raw.split(","))
    return tuple(n for n in names if n)


def _heading_title_url(children: list[dict]) -> tuple[str, str | None]:
    url = None
    for child in children:
        if child.get("type") == "link":
            url = clean(child.get("attrs", {}).get("url", "")) or None
            break
    return clean(inline_text(children)), url


def inline_text(children: list[dict]) -> str:
    """What a reader sees of inline Markdown: emphasis and link syntax gone, code and math kept."""
    parts: list[str] = []
    stack = list(reversed(children))
    while stack:
        node = stack.pop()
        kind = node.get("type")
        if kind in ("softbreak", "linebreak"):
            parts.append(" ")
        elif kind == "image":
            continue
        elif kind == "inline_math":
            parts.append(f"${node.get('raw', '')}$")
        elif "children" in node and kind != "codespan":
            stack.extend(reversed(node["children"] or []))
        else:
            parts.append(node.get("raw", "") or "")
    return "".join(parts)


def _first_image(children: list[dict]) -> str | None:
    for child in children:
        if child.get("type") == "image":
            return clean(child.get("attrs", {}).get("url", "")) or None
        if child.get("type") == "link" and child.get("children"):
            found = _first_image(child["children"])
            if found:
                return found
    return None


def _is_media(children: list[dict]) -> bool:
    """A paragraph of only images, links, raw HTML and "[Watch Video]" text (video entries)."""
    text = []
    for child in children:
        kind = child.get("type")
        if kind in ("image", "inline_html", "softbreak", "linebreak", "link"):
            continue
        text.append(inline_text([child]))
    return bool(_MEDIA_TEXT.match("".join(text)))


def _plain_bullet(raw: str) -> Bullet | None:
    text = clean(raw)
    return Bullet(None, text) if text else None


def _bullet_from_inlines(children: list[dict], nested: tuple[Bullet, ...] = ()) -> Bullet | None:
    label = None
    if children and children[0].get("type") in ("strong", "emphasis"):
        first = clean(inline_text([children[0]]))
        rest = inline_text(children[1:])
        if first.endswith(":") and len(first) > 1:
            label, text = first[:-1].strip(), rest
        elif rest.lstrip().startswith(":") and first:
            label, text = first, rest.lstrip()[1:]
        else:
            text = inline_text(children)
    else:
        text = inline_text(children)
    text = clean(text)
    if not text and not label and not nested:
        return None
    return Bullet(label, text, nested)


def _list_bullets(block: dict) -> list[Bullet]:
    """Bullets of a list; an ordered list's items keep their numbers ("1) ...") as a reader sees them."""
    bullets = []
    attrs = block.get("attrs") or {}
    number: int | None = attrs.get("start", 1) if attrs.get("ordered") else None
    for item in block.get("children") or []:
        inlines: list[dict] = []
        nested: list[Bullet] = []
        children = list(item.get("children") or [])
        if children and children[0].get("type") == "list" and children[0].get("children"):
            # "- 1) text" reads as one bullet whose text starts "1)", not an empty bullet
            inner = children.pop(0)
            marker = "" if (inner.get("attrs") or {}).get("ordered") else inner.get("bullet", "-") + " "
            first, *rest = _list_bullets(inner) or [Bullet(None, "")]
            bullets.append(Bullet(first.label, clean(marker + first.text), first.children + tuple(rest)))
            if not children:
                continue
        for child in children:
            kind = child.get("type")
            if kind == "list":
                nested.extend(_list_bullets(child))
            elif kind == "block_code":
                if plain := _plain_bullet(child.get("raw", "")):
                    nested.append(plain)
            elif child.get("children") is not None:
                if inlines:
                    inlines.append({"type": "softbreak"})
                inlines.extend(child["children"] if kind in ("block_text", "paragraph", "heading") else [{"type": "text", "raw": inline_text(child["children"])}])
        if number is not None:
            inlines.insert(0, {"type": "text", "raw": f"{number}{block.get('bullet', '.')} "})
            number += 1
        bullet = _bullet_from_inlines(inlines, tuple(nested))
        if bullet is not None:
            bullets.append(bullet)
    return bullets
