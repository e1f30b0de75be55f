from __future__ import annotations

from datetime import date

import pytest

from reader.core.model import Bullet, date_from_path
from reader.core.parse import arxiv_id_of, parse_bytes, parse_file, parse_text

from .conftest import SAMPLES


def one(text: str, path: str = "2024-05-02.md"):
    papers, warnings = parse_text(text, path)
    assert len(papers) == 1, (papers, warnings)
    return papers[0]


def test_labelled_era_with_votes_and_thumbnail():
    paper = one(
        "## Daily Papers (2024-05-02)\n\n"
        "### [A *Good* Title](https://arxiv.org/abs/2405.00332v2)\n\n"
        "![](https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2405.00332.png)\n\n"
        "Vote: 16\n\nAuthors: Russell Kaplan, Dylan Slack\n\n"
        "- **What's New**: 새로운 **방법**.\n- ***Technical Details***: 세부 사항\n"
    )
    assert paper.date == date(2024, 5, 2)
    assert paper.title == "A Good Title"
    assert paper.url == "https://arxiv.org/abs/2405.00332v2"
    assert paper.arxiv_id == "2405.00332"
    assert paper.votes == 16
    assert paper.authors == ("Russell Kaplan", "Dylan Slack")
    assert paper.summary == (Bullet("What's New", "새로운 방법."), Bullet("Technical Details", "세부 사항"))
    assert paper.thumbnail.endswith("2405.00332.png")
    assert (paper.source.path, paper.source.line) == ("2024-05-02.md", 3)


def test_earliest_era_no_blank_lines_no_vote_nested_bullets():
    paper = one(
        "## Daily Papers (2023-11-20)\n### [T](https://arxiv.org/abs/2311.10770)\n![](https://x/t.png)\n"
        "Authors: A B, C D\n- 첫째\n  - 안쪽\n    1. 더 안쪽\n- 둘째\n"
    )
    assert paper.votes is None
    assert paper.thumbnail == "https://x/t.png"
    assert paper.authors == ("A B", "C D")
    assert paper.summary == (Bullet(None, "첫째", (Bullet(None, "안쪽", (Bullet(None, "1. 더 안쪽"),)),)), Bullet(None, "둘째"))
    assert [(d, b.text) for d, b in paper.bullets()] == [(0, "첫째"), (1, "안쪽"), (2, "1. 더 안쪽"), (0, "둘째")]


def test_numbered_items_keep_their_numbers_and_belong_to_the_bullet_before():
    paper = one("### [T](https://arxiv.org/abs/2407.10973)\n\n- **Technical Details**: 다음과 같습니다:\n1) 첫째\n2) 둘째\n- **Performance**: 끝\n- 3) 셋째\n")
    assert paper.summary == (
        Bullet("Technical Details", "다음과 같습니다:", (Bullet(None, "1) 첫째"), Bullet(None, "2) 둘째"))),
        Bullet("Performance", "끝"),
        Bullet(None, "3) 셋째"),
    )


def test_video_entries_are_not_summary():
    paper = one(
        "## Daily Papers (2023-11-28)\n\n### [V](https://arxiv.org/abs/2311.15233)\n\n"
        "[Watch Video]https://cdn/x.mp4\n<div><video controls src=\"https://cdn/x.mp4\"></video></div>\n\n"
        "<video src='https://cdn/y.mp4'></video>\n\nAuthors: A\n\n- 요약\n"
    )
    assert paper.summary == (Bullet(None, "요약"),)
    assert paper.thumbnail is None


def test_vote_dash_is_none_and_bad_vote_warns():
    assert one("### [T](https://arxiv.org/abs/2401.00001)\nVote: -\n").votes is None
    papers, warnings = parse_text("### [T](https://arxiv.org/abs/2401.00001)\n\nVote: many\n", "2024-01-01.md")
    assert papers[0].votes is None
    assert [str(w) for w in warnings] == ["2024-01-01.md:3: warning: vote count is not a number: 'many'"]


def test_titles_keep_brackets_latex_code_and_html():
    paper = one(r"### [I Don't Know: an [IDK] Token, $\textit{a}_b$ and `cat.n.01` <think>](https://arxiv.org/abs/2412.06676)")
    assert paper.title == r"I Don't Know: an [IDK] Token, $\textit{a}_b$ and cat.n.01 <think>"


def test_list_literal_authors_and_long_author_lines():
    paper = one("### [T](https://arxiv.org/abs/2410.10210)\n\nAuthors: ['Jintao Huang', \"Aoife O'Connor\"]\n")
    assert paper.authors == ("Jintao Huang", "Aoife O'Connor")
    many = ", ".join(f"Author {i}" for i in range(2000))
    assert len(one(f"### [T](https://arxiv.org/abs/2410.10210)\nAuthors: {many}\n").authors) == 2000


def test_control_characters_stripped_tab_becomes_space_and_nfc():
    decomposed = "\u1112\u1161\u11ab"  # 한 as jamo
    paper = one(f"### [A\x1bP52;c;ZXZpbA==\x07B\tC {decomposed}](https://arxiv.org/abs/2401.00001)\n\n- x\x08y\x0cz\n")
    assert paper.title == "AB C 한"  # the whole DCS string goes, not just ESC
    assert paper.summary[0].text == "xyz"


def test_date_from_heading_else_path_and_two_identical_headings():
    text = "## Daily Papers (2024-10-18)\n### [A](https://arxiv.org/abs/2410.1)\n## Daily Papers (2024-10-18)\n### [B](https://arxiv.org/abs/2410.2)\n"
    papers, _ = parse_text(text, "whatever.md")
    assert [p.title for p in papers] == ["A", "B"] and {p.date for p in papers} == {date(2024, 10, 18)}
    papers, _ = parse_text("### [A](https://arxiv.org/abs/2405.00332)\n", "paper_logs/2024/05/02.md")
    assert papers[0].date == date(2024, 5, 2)
    assert date_from_path("x/2023-12-06.md") == date(2023, 12, 6)


def test_aggregate_readme_reads_only_the_daily_papers_section():
    text = (
        "# Daily Papers\n\nIntro with ### not a heading.\n\n## Daily Papers (2025-05-09)\n\n"
        "### [Real](https://arxiv.org/abs/2505.00001)\n\nVote: 3\n\n- 요약\n\n"
        "## License\n\n### [Not a paper](https://example.com)\n\n## Citation\n\n```\n### [code](x)\n```\n"
    )
    papers, warnings = parse_text(text, "README.md")
    assert [p.title for p in papers] == ["Real"] and not warnings


def test_broken_entry_is_skipped_with_a_warning_and_neighbours_load():
    text = "## Daily Papers (2024-01-02)\n### [A](https://arxiv.org/abs/2401.1)\n### No link here\n### [C](https://arxiv.org/abs/2401.3)\n"
    papers, warnings = parse_text(text, "d.md")
    assert [p.title for p in papers] == ["A", "C"]
    assert [str(w) for w in warnings] == ["d.md:3: warning: paper heading has no link; skipped: 'No link here'"]


def test_non_arxiv_link_has_no_id():
    assert one("### [T](https://example.com/paper)").arxiv_id is None
    assert arxiv_id_of("https://huggingface.co/papers/2405.00332") == "2405.00332"
    assert arxiv_id_of("https://arxiv.org/pdf/hep-th/9901001v3") == "hep-th/9901001"


def test_invalid_utf8_binary_and_unreadable(tmp_path):
    papers, warnings = parse_bytes(b"## Daily Papers (2024-01-02)\n### [A\xff](https://arxiv.org/abs/2401.1)\n", "bad.md")
    assert papers[0].title == "A\ufffd"
    assert str(warnings[0]) == "bad.md:2: warning: invalid UTF-8; bad bytes replaced with U+FFFD"
    papers, warnings = parse_bytes(b"\x89PNG\r\n\x00\x00", "img.md")
    assert papers == [] and "not a text file" in str(warnings[0])
    papers, warnings = parse_file(tmp_path / "missing.md")
    assert papers == [] and "cannot read file" in str(warnings[0])


def test_crlf_and_bom():
    papers, _ = parse_bytes("\ufeff## Daily Papers (2024-01-02)\r\n### [A](https://arxiv.org/abs/2401.1)\r\nVote: 4\r\n".encode(), "x.md")
    assert papers[0].votes == 4 and papers[0].date == date(2024, 1, 2)


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.md")))
def test_every_sample_digest_parses_cleanly(name):
    papers, warnings = parse_file(SAMPLES / name)
    assert papers and not warnings
    assert all(p.arxiv_id and p.authors and p.summary for p in papers)


def test_digests_group_papers_by_day_newest_first():
    from reader.core.model import digests

    papers, _ = parse_text("## Daily Papers (2024-01-01)\n### [A](https://arxiv.org/abs/2401.1)\n### [B](https://arxiv.org/abs/2401.2)\n"
                           "## Daily Papers (2024-01-03)\n### [C](https://arxiv.org/abs/2401.3)\n", "x.md")
    assert [(d.date.isoformat(), [p.title for p in d.papers]) for d in digests(papers)] == [("2024-01-03", ["C"]), ("2024-01-01", ["A", "B"])]
