"""The query language: each construct, Korean, choseong, errors."""

from __future__ import annotations

from datetime import date

import pytest

from reader.core.catalog import Catalog
from reader.core.model import Bullet, Paper, Source
from reader.core.query import QueryError, parse_query
from reader.core.search import Marks, highlighter, search


def paper(i, title, *, authors=("Ann Lee",), summary=(), votes=None, day=date(2024, 5, 1), arxiv="2405.0000"):
    return Paper(day, title, f"https://arxiv.org/abs/{arxiv}{i}", f"{arxiv}{i}", votes, tuple(authors), tuple(summary), None, Source("t.md", i))


PAPERS = [
    paper(0, "Diffusion Models Beat GANs", authors=("Hugh Zhang", "Ann Lee"), summary=(Bullet("What's New", "대규모 확산 모델을 제안합니다."),), votes=50),
    paper(1, "Scaling Laws for Retrieval", authors=("Bo Kim",), summary=(Bullet("Technical Details", "검색 증강 모델"),), votes=10, day=date(2024, 5, 15)),
    paper(2, "A Survey of LLM Agents", authors=("Hugh Grant",), summary=(Bullet(None, "에이전트 diffusion 없음"),), votes=None, day=date(2024, 6, 2), arxiv="2406.0000"),
    paper(3, "Video Generation with 확산 Transformers", summary=(Bullet("Performance Highlights", "FID 2.0"),), votes=20, day=date(2023, 12, 31), arxiv="2312.0000"),
]
CATALOG = Catalog.from_papers(PAPERS)


def hits(query, marks=None):
    return search(CATALOG, query, marks=marks)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [0, 1, 2, 3]),
        ("diffusion", [0, 2]),
        ("DIFFUSION models", [0]),
        ("확산", [0, 3]),
        ("확산 모델", [0]),
        ('"scaling laws"', [1]),
        ('"laws scaling"', []),
        ("-diffusion", [1, 3]),
        ('-"beat gans"', [1, 2, 3]),
        ("gans OR agents", [0, 2]),
        ("gans | agents", [0, 2]),
        ("gans or agents", []),  # lowercase "or" is a word
        ("title:diffusion", [0]),
        ("summary:diffusion", [2]),
        ("author:hugh", [0, 2]),
        ('author:"Hugh Zhang"', [0]),
        ("label:technical", [1]),
        ('label:"what\'s new"', [0]),
        ("id:2405", [0, 1]),
        ("id:2406.00002", [2]),
        ("votes:>=20", [0, 3]),
        ("votes:>20", [0]),
        ("votes:<20", [1]),
        ("votes:<=20", [1, 3]),
        ("votes:10..20", [1, 3]),
        ("votes:20", [3]),
        ("votes:..15", [1]),
        ("date:2024-05", [0, 1]),
        ("date:2024", [0, 1, 2]),
        ("date:2024-05-01..2024-05-15", [0, 1]),
        ("date:2024-05-02..2024-06", [1, 2]),
        ("date:>=2024-05-15", [1, 2]),
        ("/diff.*gans/", [0]),
        ("/^scaling/", [1]),
        ("title:/transformers$/", [3]),
        ("ㄷㄱㅁ", [0]),
        ("ㅎㅅ ㅁㄷ", [0]),
        ("title:ㅎㅅ", [3]),  # initials within one field
        ("summary:ㄷㄱㅁ", [0]),
        ("title:ㄷㄱㅁ", []),
        ("ㄷㅇ", [0]),  # 모델을 제안
        ("ㄷㅇㅈ", []),  # initials never run across a space
        ("(gans | agents) -survey", [0]),
        ("diffusion votes:>=10 -agents", [0]),
    ],
)
def test_constructs(query, expected):
    assert hits(query) == expected


def test_nfkc_casefold_and_decomposed_hangul():
    assert hits("ＤＩＦＦＵＳＩＯＮ") == [0, 2]
    assert hits("\u1112\u116a\u11a8\u1109\u1161\u11ab") == [0, 3]  # 확산 typed as jamo


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unclosed', "unclosed quote"),
        ("/unclosed", "unclosed /regex/"),
        ("/(/", "bad regex"),
        ("votes:abc", "votes: expects"),
        ("votes:..", "votes: range needs a number"),
        ("date:2024-13-99x", "date: expects"),
        ("is:nothing", "is: takes"),
        ("(a", "unclosed parenthesis"),
        ("a)", "unexpected ')'"),
        ("title:", "title: needs a value"),
    ],
)
def test_malformed_queries_raise_query_error_with_a_message(query, message):
    with pytest.raises(QueryError) as error:
        parse_query(query)
    assert error.value.message.startswith(message)


def test_state_words():
    marks = Marks(read=frozenset({PAPERS[0].key}), starred=frozenset({PAPERS[1].key}), noted=frozenset({PAPERS[3].key}))
    assert hits("is:unread", marks) == [1, 2, 3]
    assert hits("is:read", marks) == [0]
    assert hits("is:starred", marks) == [1]
    assert hits("has:note", marks) == [3]
    assert hits("is:unread -is:starred", marks) == [2, 3]


def test_candidates_keep_their_order():
    assert search(CATALOG, "diffusion", rows=[2, 1, 0]) == [2, 0]
    assert search(CATALOG, "diffusion", rows=[2]) == [2]  # few candidates: checked row by row


def test_highlighter_spans_for_words_phrases_regex_and_choseong():
    spans = highlighter(parse_query('diffusion "beat gans" -video'))
    assert spans("Diffusion Models Beat GANs") == [(0, 9), (17, 26)]
    assert highlighter(parse_query("ㄷㄱㅁ"))("대규모 확산") == [(0, 3)]
    assert highlighter(parse_query("/b.at/"))("beat") == [(0, 4)]
    assert highlighter(parse_query("확산"))("비디오 확산 모델") == [(4, 6)]
    assert highlighter(None)("anything") == []


def test_real_digests_korean_queries(real_digests):
    from reader.core.loader import load

    papers = load([real_digests]).papers
    catalog = Catalog.from_papers(papers)
    assert len(search(catalog, "확산 모델")) > 50
    assert len(search(catalog, "ㄷㄱㅁ 언어")) > 100
    assert all(papers[r].arxiv_id.startswith("2405.0") for r in search(catalog, "id:2405.0"))
    votes = [papers[r].votes for r in search(catalog, "votes:>=100")]
    assert votes and all(v >= 100 for v in votes)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("", "d", True),
        ("d", "di", True),
        ("diff", "diffusion models", True),
        ("diffusion", "diffusion models", True),
        ("diffusion models", "diffusion model", False),  # backspace widens
        ("title:dif", "title:diff", True),
        ("dif", "title:diff", True),
        ("title:dif", "diff", False),
        ("diffusion", "diffusio", False),
        ("a", "a OR b", False),
        ("a", "-a", False),
        ("ㄷㄱ", "ㄷㄱㅁ", True),
        ("ㄷㄱ", "대규", False),
        ("votes:>=5", "votes:>=50", False),
    ],
)
def test_refines_only_when_every_new_match_is_an_old_match(old, new, expected):
    from reader.core.search import refines

    assert refines(parse_query(old), parse_query(new)) is expected
    if expected:  # and the narrowed search gives what a full search gives
        assert search(CATALOG, parse_query(new), search(CATALOG, old)) == search(CATALOG, new)


def test_narrowing_checks_only_the_changed_terms():
    from reader.core.search import narrowing

    assert narrowing(parse_query("diffusion mod"), parse_query("diffusion mode")) == parse_query("mode")
    assert narrowing(parse_query("diffusion"), parse_query("diffusion")) is None
    assert narrowing(parse_query("a OR b"), parse_query("a OR bc")) is False
    old, new = parse_query("diffusion mod"), parse_query("diffusion models")
    assert search(CATALOG, narrowing(old, new), search(CATALOG, old)) == search(CATALOG, new)


def test_the_flags_a_query_uses_anywhere():
    from reader.core.query import flags, parse_query

    assert flags(parse_query("diffusion (is:suspect | -is:starred) title:x")) == {"suspect", "starred"}
    assert flags(parse_query("diffusion")) == set() and flags(None) == set()
