"""Hostile digests, round 2: nothing loses later papers or bullets, nothing hangs."""

from __future__ import annotations

import os
import re
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core import parse
from reader.core.parse import parse_file, parse_text

from .make import PLANTED


def good(n: int) -> str:
    return f"### [Paper {n}](https://arxiv.org/abs/2401.{n:05d})\n\nVote: {n}\n\n- first {n}\n- second {n}\n\n"


def texts(text: str) -> list[tuple[str, list[str]]]:
    papers, _ = parse_text(text, "2024-01-01.md")
    return [(p.title, [b.text for _, b in p.bullets()]) for p in papers]


def test_an_unclosed_code_fence_keeps_every_later_paper_with_a_warning():
    text = "## Daily Papers (2024-01-01)\n\n" + good(1) + "```\n\n" + good(2) + good(3)
    papers, warnings = parse_text(text, "2024-01-01.md")
    assert [p.title for p in papers] == ["Paper 1", "Paper 2", "Paper 3"]
    assert [str(w) for w in warnings] == ["2024-01-01.md:10: warning: code fence is never closed; read as text"]
    # a closed fence still hides what it holds, and a longer fence is not closed by a shorter one
    fenced = "## Daily Papers (2024-01-01)\n\n" + good(1) + "````\n" + good(2) + "```\n````\n" + good(3)
    assert [t for t, _ in texts(fenced)] == ["Paper 1", "Paper 3"]


@pytest.mark.parametrize("opener", ["<!--", "<script>", "<pre>", "<?php", "<![CDATA[", "<!DOCTYPE", "  <style", "- <!--"])
def test_an_html_block_opener_between_bullets_keeps_the_later_bullets(opener):
    text = "## Daily Papers (2024-01-01)\n\n### [P](https://arxiv.org/abs/2401.00001)\n\n- a\n" + opener + "\n- b\n- c\n\n" + good(2)
    papers, warnings = parse_text(text, "2024-01-01.md")
    bullets = [b.text for _, b in papers[0].bullets()]
    assert bullets[-2:] == ["b", "c"] and len(papers) == 2
    assert any(w.line == 6 and "HTML block" in w.message for w in warnings)


def test_html_closed_on_its_line_is_still_hidden():
    text = "### [P](https://arxiv.org/abs/2401.00001)\n\n- a\n\n<!-- a comment -->\n\n- b\n"
    assert texts(text) == [("P", ["a", "b"])]


@pytest.mark.parametrize("line", ["Vote: a" + " " * 100_000 + "b", "Authors: a" + " " * 100_000 + "b", "**Vote**:" + "\t" * 100_000 + "x"])
def test_long_runs_of_spaces_in_header_lines_take_no_time(line):
    started = time.perf_counter()
    parse_text("### [T](https://arxiv.org/abs/2401.00001)\n\n" + line + "\n\n- x\n", "2024-01-01.md")
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize("body", [
    "Watch Video " * 20_000 + "x y",  # the media-paragraph regex backtracked exponentially on this
    "[ Watch Video ]" * 10_000 + "!", "- " + "[" * 50_000 + "](x" * 1000, "- " + "`" * 30_000, "- " + "$" * 30_000 + "x",
    "- " + "<a " * 30_000, "- " + "&#" * 30_000, "- " + "![x](" * 20_000, "> " * 50_000 + "x", "- " + "1. " * 30_000,
    "- ***" + "a" * 100_000 + "**: b", "- " + "1" * 100_000 + "x", "\x1b[" + "0;" * 100_000,
])
def test_pathological_bodies_finish_quickly(body):
    started = time.perf_counter()
    papers, _ = parse_text("### [T](https://arxiv.org/abs/2401.00001)\n\n" + body + "\n\n" + good(2), "2024-01-01.md")
    assert time.perf_counter() - started < 2
    assert len(papers) == 2


@pytest.mark.parametrize(("text", "media"), [
    ("[Watch Video]https://cdn/x.mp4", True), ("[Watch Video]https://cdn/x.mp4 [Watch Video]https://cdn/y.mp4", True),
    ("  [ Watch Video ] ", True), ("[watch video]x", True), ("Watch Video then text", False), ("[Watch Video]x y", False), ("요약", False),
])
def test_media_paragraphs_are_still_recognised(text, media):
    from reader.core.markdown import _MEDIA_TEXT

    assert bool(_MEDIA_TEXT.match(text)) is media


@pytest.mark.parametrize("where", ["body", "title"])
def test_nested_emphasis_is_read_without_emphasis_in_well_under_seconds(where):
    bomb = "*a **a " * 8000 + " b** a*" * 8000  # 112 KB: 155 s through mistune unguarded
    text = f"### [T {bomb}](https://arxiv.org/abs/2401.00001)\n\n- x\n" if where == "title" else f"### [T](https://arxiv.org/abs/2401.00001)\n\n- {bomb}\n"
    started = time.perf_counter()
    papers, warnings = parse_text("## Daily Papers (2024-01-01)\n\n" + text + "\n" + good(2), "2024-01-01.md")
    assert time.perf_counter() - started < 3
    assert len(papers) == 2 and "*a **a" in (papers[0].title if where == "title" else papers[0].summary[0].text)
    assert any("read without emphasis" in w.message for w in warnings)


def test_a_huge_file_is_read_only_up_to_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(parse, "MAX_FILE_BYTES", 64 * 1024)
    path = tmp_path / "2024-01-01.md"
    path.write_text("## Daily Papers (2024-01-01)\n\n" + "".join(good(n) for n in range(20_000)))
    papers, warnings = parse_file(path)
    assert 0 < len(papers) < 1000
    assert str(warnings[0]).startswith(f"{path}:1: warning: file is ") and "only the first 0 MB read" not in str(warnings[0])
    assert papers[-1].summary[-1].text.startswith("second")  # cut at a line end


def test_the_limit_is_far_above_real_digests(real_digests):
    assert max(p.stat().st_size for p in real_digests.glob("*.md")) * 10 < parse.MAX_FILE_BYTES


def test_devices_and_pipes_named_directly_are_not_read(tmp_path):
    papers, warnings = parse_file("/dev/zero")
    assert papers == [] and "not a regular file" in warnings[0].message
    fifo = tmp_path / "2024-01-01.md"
    os.mkfifo(fifo)
    papers, warnings = parse_file(fifo)  # would block for ever without O_NONBLOCK
    assert papers == [] and "not a regular file" in warnings[0].message


URL_TEXT = st.text(alphabet=st.sampled_from(list("ab09/._-~:?#@!$*+,;=%'\"{}|^[]`<>&\\ 한é")), max_size=20)


@settings(max_examples=600, deadline=None)
@given(URL_TEXT, st.sampled_from(["", "![](https://x/t{}.png)", "![](/a/{}.png)"]))
def test_fast_path_and_mistune_agree_on_urls(path, image):
    lines = [f"### [Title](https://example.org/{path})", "", image.format(path) if image else "", "- bullet"]
    fast = parse._parse_entry(lines, 1, date(2024, 1, 1), "f.md", [], fast=True)
    slow = parse._parse_entry(lines, 1, date(2024, 1, 1), "f.md", [], fast=False)
    assert fast == slow


# --- fuzz: mutated real digests lose no paper that still has its heading ---------------------

HEADING = re.compile(r"^### \[.*\S.*\]\(https?://[^\s()]+\)\s*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
SNIPPETS = [
    "```", "~~~~", "```python", "<!--", "<script>", "<pre>", "<?php", "<![CDATA[", "<div>", "-->",
    *PLANTED.values(), "Vote: a" + " " * 5000 + "b", "- " + "*a **a " * 300 + " b** a*" * 300, "> " * 300 + "q",
    "- [" * 200, "    ### [indented](https://arxiv.org/abs/2401.1)", "#### [deeper](https://arxiv.org/abs/2401.2)",
]


def expected_papers(lines: list[str]) -> int:
    """Paper headings outside code fences; a fence nothing closes is no fence (see parse._fences)."""
    count, index = 0, 0
    while index < len(lines):
        fence = FENCE.match(lines[index])
        if fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
            mark = fence.group(1)
            close = next((j for j in range(index + 1, len(lines)) if (f := FENCE.match(lines[j])) and not f.group(2).strip()
                          and f.group(1)[0] == mark[0] and len(f.group(1)) >= len(mark)), None)
            if close is not None:
                index = close + 1
                continue
        count += bool(HEADING.match(lines[index]))
        index += 1
    return count


@st.composite
def mutated(draw, files: list[Path]) -> list[str]:
    lines = draw(st.sampled_from(files)).read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(lines)))
        kind = draw(st.sampled_from(["insert", "insert", "delete", "duplicate", "inline"]))
        if kind == "insert":
            lines.insert(at, draw(st.sampled_from(SNIPPETS)))
        elif kind == "delete" and at < len(lines) and not lines[at].startswith("## "):
            del lines[at]
        elif kind == "duplicate" and at < len(lines):
            lines.insert(at, lines[at])
        elif kind == "inline" and at < len(lines) and lines[at].startswith("### ["):
            lines[at] = lines[at].replace("[", "[" + draw(st.sampled_from(list(PLANTED.values()))) + "x ", 1)
    return lines


def test_fuzz_mutated_real_digests_keep_every_paper_with_a_heading(real_digests):
    files = sorted(real_digests.glob("*.md"))[:20]

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(mutated(files))
    def check(lines: list[str]) -> None:
        started = time.perf_counter()
        papers, _ = parse_text("\n".join(lines), "2024-01-01.md")
        assert time.perf_counter() - started < 5
        assert len(papers) == expected_papers(lines)

    check()


@settings(max_examples=300, deadline=None)
@given(URL_TEXT, st.sampled_from(["Title", "-x", "+ y", "1. z", "=t", "> q"]))  # titles the export escapes
def test_a_markdown_round_trip_keeps_a_non_arxiv_url_and_its_key(path, title):
    from reader.core.export import to_markdown

    papers, _ = parse_text(f"## Daily Papers (2024-01-01)\n\n### [{title}](https://example.org/{path})\n\n- bullet\n", "x.md")
    again, _ = parse_text(to_markdown(papers), "y.md")
    assert [(p.url, p.key) for p in again] == [(p.url, p.key) for p in papers]
