"""Build a benchmark corpus out of real digests, laid out like upstream.

    python -m bench.gen OUT [--from DIR] [--copies N]

Speed measured on invented text says little about the text users read: long Korean summaries with
English terms in parentheses, author lists of thousands of characters, every format era and its
oddities. So the corpus is the real digests of DIR (default ``../shared/real_digests`` next to the
repository) repeated N times (default: enough copies for about 55,000 papers), each file written to
``OUT/paper_logs/YYYY/MM/DD.md`` with its text byte-identical except for three things shifted per
copy, so every paper and every day is distinct:

- dates: copy k is ``k * step`` days older (file name and ``## Daily Papers (date)`` headings),
  ``step`` the smallest number of days for which no two files of any copies share a day;
- arXiv ids: copy k's ids are as many months older as its dates (``2311.10770`` -> ``2211.10770``
  after a year), the number raised by one while it is still taken, so no two papers share an id;
- votes: ``Vote: N`` becomes ``Vote: N+k`` (``Vote: -`` stays).

Copy 0 is the digests unchanged. The output depends only on DIR and N.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from reader.core.model import date_from_path
from reader.core.parse import parse_text

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "real_digests"
TARGET_PAPERS = 55_000
DAYS_PER_MONTH = 365.25 / 12

_HEADING_DATE = re.compile(r"^(##[ \t]+Daily Papers\b[ \t]*\([ \t]*)(\d{4})-(\d{1,2})-(\d{1,2})", re.M | re.I)
_VOTE = re.compile(r"^([ \t]*(?:\*\*)?Votes?(?:\*\*)?[ \t]*:[ \t]*)(\d+)", re.M | re.I)
_NEW_ID = re.compile(r"(\d{2})(\d{2})\.(\d{4,5})")


class SourceMissing(FileNotFoundError):
    """The folder of real digests is absent or holds no dated digest."""


@dataclass(frozen=True, slots=True)
class Digest:
    """One real digest: its day, its exact text and the arXiv ids of its papers in file order."""

    day: date
    text: str
    ids: tuple[str, ...]
    papers: int


@dataclass(frozen=True, slots=True)
class Planned:
    """One file of the corpus: which digest, which copy, and its shifted day."""

    digest: Digest
    copy: int
    day: date


def read_digests(source: Path) -> list[Digest]:
    """The dated digests under ``source`` (``YYYY-MM-DD.md`` or ``YYYY/MM/DD.md``), oldest first."""
    if not source.is_dir():
        raise SourceMissing(f"no real digests at {source}: the folder does not exist (pass --from DIR)")
    digests = []
    for path in sorted(source.rglob("*.md")):
        day = date_from_path(path.relative_to(source).as_posix())
        if day is None:
            continue  # NOTICE.md, README.md
        # surrogateescape: whatever bytes a file holds are written back unchanged
        text = path.read_bytes().decode("utf-8", "surrogateescape")
        papers, _ = parse_text(text, str(path))
        ids = tuple(dict.fromkeys(p.arxiv_id for p in papers if p.arxiv_id))
        digests.append(Digest(day, text, ids, len(papers)))
    if not digests:
        raise SourceMissing(f"no real digests at {source}: no YYYY-MM-DD.md files in it (pass --from DIR)")
    days = [d.day for d in digests]
    if len(set(days)) != len(days):
        raise SourceMissing(f"{source} holds two digests of the same day; give one digest a day")
    return sorted(digests, key=lambda d: d.day)


def default_copies(digests: list[Digest]) -> int:
    """Copies for about :data:`TARGET_PAPERS` papers (40 for the 1,392 papers of the 73 real files)."""
    return max(1, round(TARGET_PAPERS / max(1, sum(d.papers for d in digests))))


def day_step(days: Iterable[date], copies: int) -> int:
    """The fewest days between copies so that no day of one copy falls on a day of another."""
    ordinals = sorted({d.toordinal() for d in days})
    gaps = {b - a for i, a in enumerate(ordinals) for b in ordinals[i + 1 :]}
    step = 1
    while any(gap % step == 0 and gap // step < copies for gap in gaps):
        step += 1
    return step


def plan(digests: list[Digest], copies: int) -> list[Planned]:
    """Every file of the corpus, newest day first."""
    step = day_step((d.day for d in digests), copies)
    files = [Planned(d, k, d.day - timedelta(days=k * step)) for k in range(copies) for d in digests]
    return sorted(files, key=lambda f: f.day, reverse=True)


def shift_id(arxiv_id: str, months: int) -> str:
    """``2311.10770`` ``months`` months older (``2211.10770`` for 12)."""
    match = _NEW_ID.fullmatch(arxiv_id)
    if match is None:
        return arxiv_id
    year, month, number = match.groups()
    index = (int(year) * 12 + int(month) - 1 - months) % 1200
    return f"{index // 12:02d}{index % 12 + 1:02d}.{number}"


def bump(arxiv_id: str) -> str:
    """The next number in the same month, same width (``2311.10770`` -> ``2311.10771``)."""
    prefix, number = arxiv_id.split(".")
    return f"{prefix}.{(int(number) + 1) % 10 ** len(number):0{len(number)}d}"


class IdShifter:
    """Gives each copy's papers ids of their own, never one another copy already has."""

    def __init__(self, digests: list[Digest]) -> None:
        self.taken: set[str] = {i for d in digests for i in d.ids}
        self.given: dict[tuple[int, str], str] = {}

    def new_id(self, copy: int, months: int, arxiv_id: str) -> str:
        if copy == 0:
            return arxiv_id
        key = (copy, arxiv_id)
        if key not in self.given:
            candidate = shift_id(arxiv_id, months)
            while candidate in self.taken:
                candidate = bump(candidate)
            self.taken.add(candidate)
            self.given[key] = candidate
        return self.given[key]


def copy_text(file: Planned, shifter: IdShifter) -> str:
    """The digest's text with its dates, arXiv ids and votes shifted for its copy."""
    text, copy = file.digest.text, file.copy
    if copy == 0:
        return text
    delta = file.digest.day - file.day

    def heading(match: re.Match[str]) -> str:
        try:
            day = date(int(match[2]), int(match[3]), int(match[4])) - delta
        except ValueError:
            return match[0]
        return f"{match[1]}{day.isoformat()}"

    text = _HEADING_DATE.sub(heading, text)
    text = _VOTE.sub(lambda m: f"{m[1]}{int(m[2]) + copy}", text)
    if file.digest.ids:
        months = round(delta.days / DAYS_PER_MONTH)
        mapping = {i: shifter.new_id(copy, months, i) for i in file.digest.ids}
        pattern = re.compile(r"(?<![\d.])(" + "|".join(re.escape(i) for i in mapping) + r")(?!\d)")
        text = pattern.sub(lambda m: mapping[m[1]], text)
    return text


def first_entries(text: str, papers: int) -> str:
    """The text up to its ``papers + 1``-th ``### `` entry heading."""
    starts = [m.start() for m in re.finditer(r"^### ", text, re.M)]
    return text[: starts[papers]] if len(starts) > papers else text


def write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write(out: Path, files: list[Planned], digests: list[Digest], papers: int | None = None) -> tuple[int, int]:
    """Write ``files`` under ``out/paper_logs``; returns (papers, bytes) written."""
    shifter = IdShifter(digests)
    written = size = 0
    for file in sorted(files, key=lambda f: (f.copy, f.digest.day)):  # ids given in a fixed order
        text = copy_text(file, shifter)
        if papers is not None:
            text = first_entries(text, papers)
        data = text.encode("utf-8", "surrogateescape")
        write_atomic(out / "paper_logs" / f"{file.day:%Y}" / f"{file.day:%m}" / f"{file.day:%d}.md", data)
        written += min(file.digest.papers, papers) if papers is not None else file.digest.papers
        size += len(data)
    return written, size


def build(out: Path, source: Path = DEFAULT_SOURCE, copies: int | None = None) -> tuple[int, int, int]:
    """The corpus of ``copies`` copies of ``source``; returns (papers, files, bytes)."""
    digests = read_digests(source)
    files = plan(digests, copies or default_copies(digests))
    papers, size = write(out, files, digests)
    return papers, len(files), size


def generate(out: Path, days: int, papers: int, source: Path = DEFAULT_SOURCE) -> tuple[int, int]:
    """A small corpus: the newest ``days`` files of the copied digests, each cut to its first
    ``papers`` entries (tests use it for "new days arrive"; the newest day is the newest real one).
    Returns (papers, bytes) written."""
    digests = read_digests(source)
    files = plan(digests, math.ceil(days / len(digests)))[:days]
    return write(out, files, digests, papers)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.gen", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--from", dest="source", type=Path, default=DEFAULT_SOURCE, help=f"folder of real digests (default {DEFAULT_SOURCE})")
    parser.add_argument("--copies", type=int, default=None, help="copies of the digests (default: about 55,000 papers)")
    args = parser.parse_args()
    if args.copies is not None and args.copies < 1:
        parser.error("--copies must be at least 1")
    try:
        papers, files, size = build(args.out, args.source, args.copies)
    except SourceMissing as error:
        parser.error(str(error))
    print(f"{papers} papers in {files} files, {size / 1e6:.1f} MB, under {args.out}", file=sys.stdout)


if __name__ == "__main__":
    main()
