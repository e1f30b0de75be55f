"""export reads the app's cache and lists papers in the app's order."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.core.export import to_json
from reader.core.loader import load_catalog
from reader.core.model import Sort
from reader.core.view import Browser

from .conftest import SAMPLES

# The documented orders, written out here once more as the specification.
SPEC = {
    "votes": lambda p: (p.votes is None, -(p.votes or 0), -p.date.toordinal(), p.title.casefold()),
    "date": lambda p: (-p.date.toordinal(), p.votes is None, -(p.votes or 0), p.title.casefold()),
    "title": lambda p: (p.title.casefold(), -p.date.toordinal()),
}


def export(capsys, *argv: str) -> list[dict]:
    assert main(["export", *argv, "-f", "json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("sort", list(Sort))
def test_export_lists_papers_in_the_documented_order(capsys, sort):
    catalog = load_catalog([SAMPLES], use_cache=False)
    papers = catalog.papers(range(len(catalog)))
    expected = [(p.title, str(p.source)) for p in sorted(papers, key=SPEC[sort])]
    assert [(r["title"], r["source"]) for r in export(capsys, str(SAMPLES), "--sort", sort)] == expected


def test_the_orders_on_the_real_digests(real_digests):
    catalog = load_catalog([real_digests], use_cache=False)
    papers = catalog.papers(range(len(catalog)))
    browser = Browser(catalog)
    for sort in Sort:
        assert catalog.papers(browser.order(None, sort)) == sorted(papers, key=SPEC[sort]), sort


def test_a_warm_export_reads_the_cache_alone_and_gives_what_a_cold_one_gave(capsys, monkeypatch, tmp_path):
    import shutil

    folder = tmp_path / "library"
    shutil.copytree(SAMPLES, folder)
    cold = export(capsys, str(folder), "--query", "diffusion")
    from reader.core import parse

    def no_parsing(path):
        raise AssertionError(f"parsed {path}")

    monkeypatch.setattr(parse, "parse_file", no_parsing)
    assert export(capsys, str(folder), "--query", "diffusion") == cold and cold
    assert len(export(capsys, str(folder))) == 16


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_the_json_writer_writes_what_json_dumps_writes(value):
    from reader.core.export import pretty_json

    out: list[str] = []
    pretty_json(value, "\n", out)
    assert "".join(out) == json.dumps(value, ensure_ascii=False, indent=2)


def test_the_json_of_every_paper_is_what_json_dumps_writes(real_digests):
    from reader.core.export import paper_record

    catalog = load_catalog([real_digests, SAMPLES], use_cache=False)
    papers = catalog.papers(range(len(catalog)))
    assert to_json(papers) == json.dumps([paper_record(p) for p in papers], ensure_ascii=False, indent=2) + "\n"
