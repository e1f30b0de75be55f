"""Writing papers out: JSON, JSON Lines, CSV, Markdown (the upstream digest format) and BibTeX."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence

from .model import Bullet, Paper, digests

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
        "source": str(paper.source),
    }


def to_json(papers: Iterable[Paper]) -> str:
    out: list[str] = []
    _pretty([paper_record(p) for p in papers], "\n", out)
    out.append("\n")
    return "".join(out)


_encode_string = json.encoder.encode_basestring  # what json.dumps(..., ensure_ascii=False) uses


def _pretty(value: object, newline: str, out: list[str]) -> None:
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
            _pretty(item, inner, out)
        out.append(newline + "]")
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():  # type: ignore[attr-defined]
            kind = type(item)
            if kind is str:  # most values: written here rather than in a call of their own
                out.append(separator + _encode_string(str(key)) + ": " + _encode_string(item))
            elif item is None:
                out.append(separator + _encode_string(str(key)) + ": null")
            else:
                out.append(separator + _encode_string(str(key)) + ": ")
                _pretty(item, inner, out)
            separator = "," + inner
        out.append(newline + "}")
    else:  # booleans, floats: as json writes them
        out.append(json.dumps(value, ensure_ascii=False))


def to_jsonl(papers: Iterable[Paper]) -> str:
    return "".join(json.dumps(paper_record(p), ensure_ascii=False) + "\n" for p in papers)


def to_csv(papers: Iterable[Paper]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "title", "url", "arxiv_id", "votes", "authors", "summary", "thumbnail", "source"])
    for p in papers:
        summary = "\n".join("  " * depth + "- " + (f"{b.label}: " if b.label else "") + b.text for depth, b in p.bullets())
        writer.writerow([p.date.isoformat(), p.title, p.url, p.arxiv_id or "", "" if p.votes is None else p.votes, "; ".join(p.authors), summary, p.thumbnail or "", str(p.source)])
    return out.getvalue()


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


def _bib_value(text: str) -> str:
    text = re.sub(r"(?<!\\)([&%#])", r"\\\1", text)
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        text = text.replace("{", r"\{").replace("}", r"\}")
    return text


def bibtex_entry(paper: Paper, key: str | None = None) -> str:
    fields = [
        ("title", "{" + _bib_value(paper.title) + "}"),
        ("author", _bib_value(" and ".join(paper.authors)) if paper.authors else None),
        ("year", f"20{paper.arxiv_id[:2]}" if paper.arxiv_id and paper.arxiv_id[:4].isdigit() else str(paper.date.year)),
        ("eprint", paper.arxiv_id),
        ("archivePrefix", "arXiv" if paper.arxiv_id else None),
        ("url", paper.abs_url),
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
        key = bibtex_key(paper)
        if key in used:
            key = f"{key}-{paper.arxiv_id or used[key] + 1}"
        used[key] = used.get(key, 0) + 1
        entries.append(bibtex_entry(paper, key))
    return "\n".join(entries)


WRITERS = {"json": to_json, "jsonl": to_jsonl, "csv": to_csv, "md": to_markdown, "bibtex": to_bibtex}


def export(papers: Sequence[Paper], fmt: str) -> str:
    return WRITERS[fmt](papers)
