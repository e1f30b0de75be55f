"""Writing papers out: JSON, JSON Lines, CSV, Markdown (the upstream digest format) and BibTeX."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import secrets
import shutil
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from .model import Bullet, Paper, digests
from .text import safe_path

FORMATS = ("json", "jsonl", "csv", "md", "bibtex")


def bullet_record(bullet: Bullet) -> dict:
    record: dict = {"label": bullet.label, "text": bullet.text}
    if bullet.children:
        record["children"] = [bullet_record(c) for c in bullet.children]
    return record


def paper_record(paper: Paper) -> dict:
    return {
        "date": paper.date.isoformat(),
        "title": paper.title,
        "url": paper.url,
        "arxiv_id": paper.arxiv_id,
        "votes": paper.votes,
        "authors": list(paper.authors),
        "summary": [bullet_record(b) for b in paper.summary],
        "thumbnail": paper.thumbnail,
        "source": _source(paper),
    }


def _source(paper: Paper) -> str:
    """``path:line``, written even when the file name is not UTF-8 or holds escape sequences."""
    return f"{safe_path(paper.source.path)}:{paper.source.line}"


_encode_string = json.encoder.encode_basestring  # what json.dumps(..., ensure_ascii=False) uses


def pretty_json(value: Any, newline: str, out: list[str]) -> None:
    """Append ``json.dumps(value, ensure_ascii=False, indent=2)`` to ``out``, byte for byte.

    Several times faster than json.dumps, which runs its pure-Python encoder when indenting (a
    generator step per item): that was most of a warm export of thousands of papers. Pieces
    are joined once at the end, so no long text is copied at each level of nesting.
    ``newline`` is a line break and the indent of ``value``'s line.
    """
    kind = type(value)
    if kind is str:
        out.append(_encode_string(value))
    elif value is None:
        out.append("null")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        if all(type(v) is str for v in value):
            out.append("[" + inner + ("," + inner).join(map(_encode_string, value)) + newline + "]")
            return
        out.append("[" + inner)
        for n, item in enumerate(value):
            if n:
                out.append("," + inner)
            pretty_json(item, inner, out)
        out.append(newline + "]")
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            kind = type(item)
            if kind is str:  # most values: written here rather than in a call of their own
                out.append(separator + _encode_string(str(key)) + ": " + _encode_string(item))
            elif item is None:
                out.append(separator + _encode_string(str(key)) + ": null")
            else:
                out.append(separator + _encode_string(str(key)) + ": ")
                pretty_json(item, inner, out)
            separator = "," + inner
        out.append(newline + "}")
    else:  # booleans, floats: as json writes them
        out.append(json.dumps(value, ensure_ascii=False))


Extra = Callable[[Paper], dict[str, object]]
"""Keys added to each paper's record, after the documented ones (``--with-state``, ``--with-checks``)."""


def _record(paper: Paper, extra: Extra | None) -> dict[str, object]:
    record = paper_record(paper)
    if extra is not None:
        record.update(extra(paper))
    return record


def to_json(papers: Iterable[Paper], extra: Extra | None = None) -> str:
    out: list[str] = []
    pretty_json([_record(p, extra) for p in papers], "\n", out)
    out.append("\n")
    return "".join(out)


def to_jsonl(papers: Iterable[Paper], extra: Extra | None = None) -> str:
    return "".join(json.dumps(_record(p, extra), ensure_ascii=False) + "\n" for p in papers)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A text cell no spreadsheet runs as a formula: one starting with ``= + - @``, tab or CR
    gets a leading ``'`` (what Excel and LibreOffice take as "this is text"). A CR becomes a
    newline, which the writer quotes (it quotes only what is in its line terminator)."""
    text = "'" + text if text.startswith(_FORMULA_START) else text
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def to_csv(papers: Iterable[Paper], extra: Extra | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["date", "title", "url", "arxiv_id", "votes", "authors", "summary", "thumbnail", "source"]
    papers = list(papers)
    extra_keys = list(extra(papers[0])) if extra is not None and papers else []
    writer.writerow(header + extra_keys)
    for p in papers:
        summary = "\n".join("  " * depth + "- " + (f"{b.label}: " if b.label else "") + b.text for depth, b in p.bullets())
        text = [csv_cell(cell) for cell in (p.title, p.url, "; ".join(p.authors), summary, p.thumbnail or "", _source(p))]
        more = [_csv_value(v) for v in extra(p).values()] if extra is not None else []
        writer.writerow([p.date.isoformat(), text[0], text[1], p.arxiv_id or "", "" if p.votes is None else p.votes, *text[2:], *more])
    return out.getvalue()


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return csv_cell(str(value))


# --- Markdown in the upstream digest format -----------------------------------------------

_ESCAPE = re.compile(r"([\\`*_\[\]<>$~|])")
_LEADING = re.compile(r"^([#+\-=>]|\d+[.)])")


def md_escape(text: str) -> str:
    """Escape text so that a Markdown parser reads it back unchanged."""
    text = _ESCAPE.sub(r"\\\1", text)
    return _LEADING.sub(lambda m: "\\" + m.group(0) if not m.group(0)[0].isdigit() else m.group(0)[:-1] + "\\" + m.group(0)[-1], text)


def _md_url(url: str) -> str:
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def _md_bullets(bullets: Sequence[Bullet], depth: int = 0) -> list[str]:
    lines = []
    for b in bullets:
        label = f"***{md_escape(b.label)}***: " if b.label is not None else ""
        lines.append("  " * depth + "- " + label + md_escape(b.text))
        lines.extend(_md_bullets(b.children, depth + 1))
    return lines


def _md_authors(authors: Sequence[str]) -> str:
    if any("," in a or a != a.strip("'\"[] ") for a in authors):
        return repr(list(authors))
    return ", ".join(authors)


def to_markdown(papers: Iterable[Paper]) -> str:
    """Digests as upstream writes them, one ``## Daily Papers (date)`` section per day."""
    out: list[str] = []
    for digest in digests(papers):
        out += [f"## Daily Papers ({digest.date.isoformat()})", ""]
        for p in digest.papers:
            out += [f"### [{md_escape(p.title)}]({_md_url(p.url)})", ""]
            if p.thumbnail:
                out += [f"![]({_md_url(p.thumbnail)})", ""]
            out += [f"Vote: {'-' if p.votes is None else p.votes}", ""]
            if p.authors:
                out += [f"Authors: {_md_authors(p.authors)}", ""]
            out += [*_md_bullets(p.summary), ""]
    return "\n".join(out)


# --- BibTeX --------------------------------------------------------------------------------

_STOP = {"a", "an", "the", "on", "of", "for", "to", "in", "and", "with", "is", "are", "can", "do", "does", "how", "what", "why", "towards", "toward"}


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


def bibtex_key(paper: Paper) -> str:
    """``{first author's surname}{year}{first title word}``: stable for the same paper."""
    surname = _ascii_word(paper.authors[0].split()[-1]) if paper.authors and paper.authors[0].split() else ""
    year = f"20{paper.arxiv_id[:2]}" if paper.arxiv_id and paper.arxiv_id[:4].isdigit() else str(paper.date.year)
    words = (_ascii_word(w) for w in re.split(r"[\s:\-]+", paper.title))
    word = next((w for w in words if w and w not in _STOP), "")
    return f"{surname or 'paper'}{year}{word}"


_BIB_BACKSLASH = re.compile(r"\\(?=[{}&%#]|$)")
_BIB_SPECIAL = re.compile(r"([&%#])")
_BIB_AND = re.compile(r"\sand\s", re.I)
_URL_UNSAFE = re.compile(r"[{}\\\s\"]")


def _bib_value(text: str) -> str:
    """``text`` as the inside of a braced BibTeX value that every reader splits the same way.

    BibTeX readers disagree on a backslash before a brace (bibtexparser skips ``\\}``, pybtex
    counts it), so such a backslash, and one at the end, becomes ``\\textbackslash{}``; ``& % #``
    are escaped; braces that pair up are kept (LaTeX such as ``$\\mathcal{O}$``) and the others
    become ``\\textbraceleft{}`` / ``\\textbraceright{}``, so a ``}`` in a title can never end
    the field (and let the rest inject ``@preamble`` or entries).
    """
    text = _BIB_SPECIAL.sub(r"\\\1", _BIB_BACKSLASH.sub(r"\\textbackslash{}", text))
    if "{" not in text and "}" not in text:
        return text
    unmatched: set[int] = set()
    opened: list[int] = []
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}":
            if opened:
                opened.pop()
            else:
                unmatched.add(index)
    unmatched.update(opened)
    if not unmatched:
        return text
    return "".join(
        ("\\textbraceleft{}" if char == "{" else "\\textbraceright{}") if index in unmatched else char for index, char in enumerate(text)
    )


def _bib_name(name: str) -> str:
    """One author: braced when it holds a comma or a word "and", which BibTeX would split on."""
    value = _bib_value(name)
    return f"{{{value}}}" if "," in name or _BIB_AND.search(f" {name} ") else value


def _bib_url(url: str) -> str:
    """A URL with nothing a BibTeX reader treats specially (braces, backslash, quotes, spaces)
    percent-encoded; ``%`` is kept (URLs arrive already encoded)."""
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode()), url)


def bibtex_entry(paper: Paper, key: str | None = None) -> str:
    fields = [
        ("title", "{" + _bib_value(paper.title) + "}"),
        ("author", " and ".join(_bib_name(a) for a in paper.authors) if paper.authors else None),
        ("year", f"20{paper.arxiv_id[:2]}" if paper.arxiv_id and paper.arxiv_id[:4].isdigit() else str(paper.date.year)),
        ("eprint", _bib_value(paper.arxiv_id) if paper.arxiv_id else None),
        ("archivePrefix", "arXiv" if paper.arxiv_id else None),
        ("url", _bib_url(paper.abs_url)),
        ("note", f"Hugging Face Daily Papers, {paper.date.isoformat()}"),
    ]
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields if value)
    return f"@misc{{{key or bibtex_key(paper)},\n{body}}}\n"


def to_bibtex(papers: Iterable[Paper]) -> str:
    """One entry per paper (a paper featured on two days once), keys made unique in the file."""
    entries: list[str] = []
    seen_papers: set[str] = set()
    used: dict[str, int] = {}
    for paper in papers:
        if paper.key in seen_papers:
            continue
        seen_papers.add(paper.key)
        base = key = bibtex_key(paper)
        if key in used:
            key = f"{base}-{paper.arxiv_id}" if paper.arxiv_id else key
            while key in used:  # a third paper with the same key must not get the second's
                used[base] += 1
                key = f"{base}-{used[base]}"
        used.setdefault(base, 1)
        used[key] = used.get(key, 0) + 1
        entries.append(bibtex_entry(paper, key))
    return "\n".join(entries)


WRITERS = {"json": to_json, "jsonl": to_jsonl, "csv": to_csv, "md": to_markdown, "bibtex": to_bibtex}


def export(papers: Sequence[Paper], fmt: str, extra: Extra | None = None) -> str:
    """``papers`` in ``fmt``; ``extra`` adds keys to JSON, JSON Lines and CSV records (the other
    formats have no place for them)."""
    if extra is not None and fmt in ("json", "jsonl", "csv"):
        return {"json": to_json, "jsonl": to_jsonl, "csv": to_csv}[fmt](papers, extra)
    return WRITERS[fmt](papers)


def write_output(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically: a temporary file in the same folder, synced
    to disk, then renamed over ``path``. On any failure (a full disk) the OSError is raised, the
    temporary file removed and ``path`` left as it was, never replaced by a truncated file.
    """
    path = Path(path)
    data = text.encode("utf-8", "replace")  # lone surrogates (never from the cleaned fields) become "?"
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        # "x": a new file with the usual permissions (umask), not mkstemp's private 0600
        with open(temporary, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
