"""The real upstream digests (skipped when ../shared/real_digests is absent)."""

from __future__ import annotations

import re

from reader.core.loader import load


def raw_entries(path):
    """An independent, line-based reading of a digest: what each entry's fields say."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^### \[.*\]\(https://arxiv\.org/abs/([0-9.]+)\)$", line):
            entries.append({"id": m.group(1), "votes": None, "authors": None, "bullets": 0})
        elif entries and (m := re.match(r"^Vote: (\d+)$", line)):
            entries[-1]["votes"] = int(m.group(1))
        elif entries and line.startswith("Authors: "):
            entries[-1]["authors"] = line
        elif entries and line.startswith("- "):
            entries[-1]["bullets"] += 1
    return entries


def test_all_1392_papers_load_with_every_field(real_digests):
    library = load([real_digests])
    assert len(library.papers) == 1392
    # the only problems in the real files are control characters from mis-decoded escapes
    assert library.warnings and all("control character" in w.message for w in library.warnings)
    by_file: dict[str, list] = {}
    for paper in library.papers:
        by_file.setdefault(paper.source.path, []).append(paper)
    for file in sorted(real_digests.glob("*.md")):
        if file.name == "NOTICE.md":
            continue
        papers = sorted(by_file[str(file)], key=lambda p: p.source.line)
        expected = raw_entries(file)
        assert len(papers) == len(expected), file
        for paper, raw in zip(papers, expected, strict=True):
            assert paper.arxiv_id == raw["id"]
            assert paper.votes == raw["votes"], paper.source
            assert paper.authors, paper.source
            assert len(paper.summary) == raw["bullets"], paper.source
            assert all(b.text for b in paper.summary)


def test_labels_and_eras(real_digests):
    library = load([real_digests])
    labels = {b.label for p in library.papers for _, b in p.bullets()}
    assert {"What's New", "Technical Details", "Performance Highlights", "비전 인코더 (Vision Encoder)"} <= labels
    first = [p for p in library.papers if p.date.isoformat() == "2023-11-21"]
    assert first and all(p.votes is None for p in first)
    assert any(p.thumbnail and p.thumbnail.startswith("/avatars/") for p in library.papers)
    titles = {p.title for p in library.papers}
    assert "I Don't Know: Explicit Modeling of Uncertainty with an [IDK] Token" in titles
    assert r"$\textit{Trans-LoRA}$: towards data-free Transferable Parameter Efficient Finetuning" in titles
    biggest = max(library.papers, key=lambda p: len(p.authors))
    assert len(biggest.authors) > 300
    text = "".join(b.text for p in library.papers for _, b in p.bullets())
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", text)


def test_newest_day_first(real_digests):
    library = load([real_digests])
    dates = [p.date for p in library.papers]
    assert dates == sorted(dates, reverse=True)
    assert library.days[0].isoformat() == "2025-05-09"


def test_the_fast_path_reads_every_real_entry_as_mistune_does_and_most_take_it(real_digests, monkeypatch):
    from reader.core import parse

    files = [f for f in sorted(real_digests.glob("*.md")) if f.name != "NOTICE.md"]
    taken = []
    fast_body = parse._fast_body

    def counted(body):
        found = fast_body(body)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(parse, "_fast_body", counted)
    fast = [parse.parse_file(str(f)) for f in files]
    monkeypatch.setattr(parse, "_fast_body", lambda body: None)  # every entry through mistune
    for heading in ("_FAST_HEADING", "_FAST_HEADING_MORE"):
        monkeypatch.setattr(parse, heading, re.compile(r"(?!)"))
    slow = [parse.parse_file(str(f)) for f in files]
    assert fast == slow
    assert sum(taken) / len(taken) >= 0.95  # 0.91 before video lines, "&" and intraword "_"
