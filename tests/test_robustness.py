"""No input of any kind makes the parser or the query language raise."""

from __future__ import annotations

from hypothesis import event, given, settings
from hypothesis import strategies as st

from reader.core.catalog import Catalog
from reader.core.export import to_markdown
from reader.core.parse import parse_bytes, parse_text
from reader.core.query import QueryError, parse_query
from reader.core.search import search

from .conftest import SAMPLES

MARKDOWNISH = st.text(alphabet=st.sampled_from(list("#[]()!*_`$<>-+|\\:\n \t가나ㄱ1.\x1b\x07\x00Vote:Authors,'\"")), max_size=400)


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH)
def test_parse_text_never_raises(text):
    papers, _warnings = parse_text("## Daily Papers (2024-01-01)\n### [T](https://arxiv.org/abs/2401.1)\n" + text, "f.md")
    for paper in papers:
        assert "\x1b" not in paper.title and all("\x1b" not in b.text for _, b in paper.bullets())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_parse_bytes_never_raises(data):
    parse_bytes(data, "b.md")


@settings(max_examples=150, deadline=None)
@given(MARKDOWNISH)
def test_markdown_export_reads_back_the_same(text):
    papers, _ = parse_text("## Daily Papers (2024-01-01)\n### [T](https://arxiv.org/abs/2401.1)\n\nAuthors: A\n\n- " + text, "f.md")
    again, _ = parse_text(to_markdown(papers), "g.md")
    assert [(p.title, p.authors, p.summary) for p in again] == [(p.title, p.authors, p.summary) for p in papers]


_index = None


def index():
    global _index
    if _index is None:
        from reader.core.loader import load

        _index = Catalog.from_papers(load([SAMPLES]).papers)
    return _index


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab "()-|/OR:.<>=0123456789ㄱㄷ확산*[]\\?+titleauthorvotesdateidis')), max_size=40))
def test_no_query_string_raises_anything_but_query_error(query):
    try:
        parse_query(query)
        search(index(), query)
    except QueryError:
        pass


ENTRY_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from(list("ab 가나 ()':.,-1#~|+=")), min_size=0, max_size=30),  # mostly plain: the fast path
    st.text(alphabet=st.sampled_from(list("ab 가나 ()':.,-*_`$[]<>!&#\\~|+=1")), min_size=0, max_size=30),
    st.text(alphabet=st.sampled_from(list("ab 가ж漢2 _&;#.-/:")), min_size=0, max_size=30),  # "&" and "_" where they are plain, and where not
    # "<" in tags, which read as written, and in autolinks and HTML, which do not
    st.lists(st.sampled_from(["<think>", "</solution>", "<EOS>", "<250M", "a<b", "< ", "<", ">", "->", "a>b", "가<나>", "<a href=\"x\">", "<!-- c -->",
                              "<a>", "</a>", "<b>", "<https://x.y/z>", "<1@b.c>", "<http:x>", "<mailto:a@b.c>", "<a@b.c>", "<a.b@c>", "<x+y:z>", "<ab:", "@", ":", " ", "a", "가", "_"]),
             max_size=8).map("".join),
)
LABEL = st.sampled_from(["What's New", "Technical Details", "a: b", " x", "x ", "비전 (V)", "*", ""])


@st.composite
def entries(draw):
    title = draw(ENTRY_TEXT)
    lines = [f"### [{title}](https://arxiv.org/abs/2401.00001)", ""]
    for _ in range(draw(st.integers(0, 3))):
        lines.append(draw(st.sampled_from([
            "![](https://x/t.png)", "![](/avatars/a.png)", "![](https://x/a&b.png)", "",
            "[Watch Video](https://x/v_1.mp4)", "[Watch Video]https://x/v.mp4", "[Watch Video](https://x/v.mp4) b",
            '<div><video controls src="https://x/v.mp4" muted="false"></video></div>', "<div>b</div>",
        ])))
    for _ in range(draw(st.integers(0, 5))):
        stars = draw(st.sampled_from(["", "**", "***"]))
        label = draw(LABEL)
        prefix = f"{stars}{label}{stars}: " if stars else ""
        lines.append(f"- {prefix}{draw(ENTRY_TEXT)}")
        if draw(st.booleans()):
            lines.append("")
    return lines


@settings(max_examples=1500, deadline=None)
@given(entries())
def test_fast_path_reads_plain_entries_exactly_as_mistune_does(lines):
    from datetime import date

    from reader.core.parse import _FAST_HEADING, _fast_body, _parse_entry

    if _FAST_HEADING.match(lines[0]) and _fast_body(lines[2:]) is not None:
        event("fast path")
    fast = _parse_entry(lines, 1, date(2024, 1, 1), "f.md", [], fast=True)
    slow = _parse_entry(lines, 1, date(2024, 1, 1), "f.md", [], fast=False)
    assert fast == slow


@settings(max_examples=400)
@given(st.text(alphabet=st.sampled_from(list("ab 가각\u1100\u1161\u0301e\t\n\r\x1b\x07\u00a0\u3000\u202e\ufeff\u200b\u2028"))) | st.text())
def test_clean_takes_a_shortcut_that_changes_nothing(text):
    from reader.core.text import _clean_any, clean

    assert clean(text) == _clean_any(text)
