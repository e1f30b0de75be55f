from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
from datetime import date
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.core import export as export_module
from reader.core.export import bibtex_key, to_bibtex, to_csv, to_json, to_markdown, write_output
from reader.core.loader import load
from reader.core.model import Paper, Source
from reader.core.parse import parse_text
from reader.core.text import clean

from .conftest import SAMPLES

KEYS = ["date", "title", "url", "arxiv_id", "votes", "authors", "summary", "thumbnail", "source"]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_exactly_the_documented_keys_in_default_order(capsys):
    code, out, err = run(capsys, "export", str(SAMPLES), "--format", "json")
    assert code == 0 and err == ""
    records = json.loads(out)
    assert len(records) == 16
    assert all(list(r) == KEYS for r in records)
    votes = [r["votes"] for r in records]
    numbered = [v for v in votes if v is not None]
    assert numbered == sorted(numbered, reverse=True) and votes[len(numbered):] == [None] * (len(votes) - len(numbered))
    top = records[0]
    assert top["arxiv_id"] == "2503.14001" and top["votes"] == 131 and len(top["authors"]) == 240
    assert top["summary"][0] == {"label": "What's New", "text": top["summary"][0]["text"]}
    assert top["source"].endswith("2025-03-20.md:3")


def test_jsonl_csv_and_sorts(capsys):
    _, out, _ = run(capsys, "export", str(SAMPLES), "-f", "jsonl", "--sort", "date")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["date"] for r in lines] == sorted((r["date"] for r in lines), reverse=True)
    _, out, _ = run(capsys, "export", str(SAMPLES), "-f", "csv", "--sort", "title")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["title"].casefold() for r in rows] == sorted(r["title"].casefold() for r in rows)
    assert rows[0].keys() == set(KEYS)


def test_query_plain_words_all_must_match(capsys):
    _, out, _ = run(capsys, "export", str(SAMPLES), "--query", "확산 레지스터")
    assert [r["arxiv_id"] for r in json.loads(out)] == ["2407.05120"]
    _, out, _ = run(capsys, "export", str(SAMPLES), "--query", "DIFFUSION transformers")
    assert [r["arxiv_id"] for r in json.loads(out)] == ["2407.05120"]


def test_markdown_round_trip_gives_the_same_records(tmp_path):
    library = load([SAMPLES])
    text = to_markdown(library.papers)
    back, warnings = parse_text(text, "round.md")
    assert not warnings

    def strip(p):
        return (p.date, p.title, p.url, p.arxiv_id, p.votes, p.authors, p.summary, p.thumbnail)

    assert sorted(map(strip, back), key=repr) == sorted(map(strip, library.papers), key=repr)


def test_markdown_round_trip_of_awkward_text():
    text = "## Daily Papers (2024-01-02)\n### [a \\*b\\* [c] $x_1$ \\<d\\> \\`e\\`](https://arxiv.org/abs/2401.1)\n\n- 1\\) not a list *x* _y_ # z\n"
    papers, _ = parse_text(text, "a.md")
    again, _ = parse_text(to_markdown(papers), "b.md")
    assert [(p.title, p.summary) for p in again] == [(p.title, p.summary) for p in papers]


def test_bibtex_entries_have_eprint_and_stable_unique_keys():
    from reader.core.loader import load_catalog
    from reader.core.view import Browser

    catalog = load_catalog([SAMPLES])
    papers = catalog.papers(Browser(catalog).order(None, "votes"))
    text = to_bibtex(papers)
    assert text.count("@misc{") == len({p.key for p in papers})
    assert "eprint = {2503.14001}" in text and "archivePrefix = {arXiv}" in text
    assert bibtex_key(papers[0]) == "kim2025open"
    assert to_bibtex(reversed(papers)).count("@misc{kim2025open,") == 1
    keys = [line.split("{")[1].rstrip(",") for line in text.splitlines() if line.startswith("@misc")]
    assert len(keys) == len(set(keys))


def test_output_file(capsys, tmp_path):
    target = tmp_path / "out.bib"
    code, out, _ = run(capsys, "export", str(SAMPLES), "-f", "bibtex", "-o", str(target))
    assert code == 0 and out == "" and target.read_text().startswith("@misc{")


def test_missing_path_is_an_error_with_exit_2_and_no_output(capsys, tmp_path):
    code, out, err = run(capsys, "export", str(tmp_path / "nope"))
    assert code == 2 and out == ""
    assert err == f"daily-papers: error: {tmp_path / 'nope'}: no such file or directory\n"


def test_broken_entry_warns_and_the_rest_exports(capsys, tmp_path):
    bad = tmp_path / "2024-01-02.md"
    bad.write_text("## Daily Papers (2024-01-02)\n### [A](https://arxiv.org/abs/2401.1)\n### broken\n### [C](https://arxiv.org/abs/2401.3)\n")
    code, out, err = run(capsys, "export", str(bad))
    assert code == 0
    assert [r["title"] for r in json.loads(out)] == ["A", "C"]
    assert err == f"{bad}:3: warning: paper heading has no link; skipped: 'broken'\n"
    code, quiet_out, err = run(capsys, "export", "--quiet", str(bad))
    assert code == 0 and quiet_out == out and err == ""  # the same papers, no warning


def test_bad_query_is_an_error(capsys):
    code, out, err = run(capsys, "export", str(SAMPLES), "--query", '"unclosed')
    assert code == 2 and out == "" and err.startswith("daily-papers: error: bad query: unclosed quote")


def test_no_path_uses_bundled_samples(capsys):
    code, out, _ = run(capsys, "export", "-f", "jsonl")
    assert code == 0 and len(out.splitlines()) == 16


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.startswith("daily-papers 0.")
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert "--format" in capsys.readouterr().out


def test_real_digests_export_all(capsys, real_digests):
    code, out, err = run(capsys, "export", str(real_digests), "--format", "json")
    records = json.loads(out)
    assert code == 0 and len(records) == 1392
    assert all("warning: removed" in line for line in err.splitlines())
    assert all(r["arxiv_id"] and r["authors"] and r["summary"] for r in records)


# --- exports that must not break their readers -----------------------------------------------

BIB_PIECES = st.sampled_from([*"ab Z09{}\\&%#@$_^~,=\"'()[]한", " and ", "}\n@preamble{", "\\{", "\\}"])
BIB_TEXT = st.lists(BIB_PIECES, max_size=12).map("".join).map(clean)
BIB_DECODE = re.compile(r"\\textbraceleft\{\}|\\textbraceright\{\}|\\textbackslash\{\}|\\([&%#])")


def bib_decode(value: str) -> str:
    """Undo the export's escapes (the inverse of export._bib_value)."""
    table = {"\\textbraceleft{}": "{", "\\textbraceright{}": "}", "\\textbackslash{}": "\\"}
    return BIB_DECODE.sub(lambda m: m.group(1) or table[m.group(0)], value)


def bib_paper(title: str, authors: list[str], url: str, n: int) -> Paper:
    return Paper(date(2024, 1, 2), title, url, None, None, tuple(authors), (), None, Source("x.md", n))


@settings(max_examples=250, deadline=None)
@given(st.lists(st.tuples(BIB_TEXT.filter(bool), st.lists(BIB_TEXT.filter(bool), max_size=3), BIB_TEXT), min_size=1, max_size=3))
def test_bibtex_reads_back_exactly_in_bibtexparser_and_pybtex(rows):
    import bibtexparser
    from pybtex.database import parse_string

    papers = [bib_paper(title, authors, f"https://example.org/{n}/" + path, n) for n, (title, authors, path) in enumerate(rows)]
    text = to_bibtex(papers)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == len(papers)
    assert not library.strings and not library.preambles and not library.comments
    pybtex = parse_string(text, "bibtex")
    assert list(pybtex.entries) == [e.key for e in library.entries]
    for paper, entry, key in zip(papers, library.entries, pybtex.entries, strict=True):
        fields = {name: field.value for name, field in entry.fields_dict.items()}
        assert set(fields) == {"title", "year", "url", "note"} | ({"author"} if paper.authors else set())
        assert bib_decode(fields["title"][1:-1]) == paper.title
        assert unquote(fields["url"]) == unquote(paper.url) and not re.search(r"[\s{}\\\\\"]", fields["url"])
        assert dict(pybtex.entries[key].fields) == {k: v for k, v in fields.items() if k != "author"}
        assert len(pybtex.entries[key].persons.get("author", [])) == len(paper.authors)


def test_a_crafted_url_injects_nothing_into_bibtex():
    import bibtexparser

    url = "https://evil.example/}, note = {x}}\n@preamble{\"\\immediate\\write18{id}\"}\n@misc{extra, title = {y}"
    text = to_bibtex([bib_paper("T } {", ["A, B", "C and D"], clean(url), 1)])
    library = bibtexparser.parse_string(text)
    assert len(library.entries) == 1 and not library.preambles and not library.failed_blocks
    assert [line for line in text.splitlines() if line.lstrip().startswith("@")] == [text.splitlines()[0]]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_starting_like_a_formula_are_text(start):
    paper = Paper(date(2024, 1, 2), start + "HYPERLINK(\"http://evil\")", "https://arxiv.org/abs/2401.1", "2401.1", 3,
                  (start + "cmd|' /C calc'!A0",), (), None, Source("x.md", 1))
    row = next(csv.DictReader(io.StringIO(to_csv([paper]))))
    assert row["title"] == "'" + paper.title.replace("\r", "\n") and row["authors"] == "'" + paper.authors[0].replace("\r", "\n")
    assert row["votes"] == "3" and row["url"] == paper.url


def test_write_output_on_a_full_disk_keeps_the_good_file(tmp_path, monkeypatch):
    target = tmp_path / "refs.bib"
    target.write_text("good old content")
    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_module.os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        write_output(target, "new content " * 10_000)
    assert target.read_text() == "good old content" and os.listdir(tmp_path) == ["refs.bib"]
    monkeypatch.setattr(export_module.os, "fsync", real_fsync)
    write_output(target, "새 내용\n")
    assert target.read_text(encoding="utf-8") == "새 내용\n" and os.listdir(tmp_path) == ["refs.bib"]


def test_json_export_of_a_file_not_named_in_utf8_can_be_written(tmp_path):
    name = os.fsencode(tmp_path) + b"/2024-01-02-\xff\xfe.md"
    with open(name, "wb") as handle:
        handle.write(b"### [A](https://arxiv.org/abs/2401.00001)\n\n- x\n")
    papers = load([os.fsdecode(name)]).papers
    write_output(tmp_path / "out.json", to_json(papers))
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))[0]["source"].endswith("2024-01-02-\ufffd\ufffd.md:1")


def test_cli_json_export_to_a_file_with_a_non_utf8_source_name(tmp_path, capsys):
    folder = tmp_path / "digests"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/2024-01-02-\xff.md", "wb") as handle:
        handle.write(b"### [A](https://arxiv.org/abs/2401.00001)\n\n- x\n")
    out = tmp_path / "out.json"
    assert main(["export", str(folder), "-f", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))[0]["source"].endswith("2024-01-02-\ufffd.md:1")


def test_with_state_adds_read_starred_and_note_and_the_default_keys_stay(capsys):
    from reader.cli import main
    from reader.core.state import StateStore, state_path

    from .conftest import SAMPLES

    assert main(["export", str(SAMPLES), "-f", "json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert set(plain[0]) == {"date", "title", "url", "arxiv_id", "votes", "authors", "summary", "thumbnail", "source"}
    store = StateStore(state_path())
    store.set_starred(plain[0]["arxiv_id"], True)
    store.set_note(plain[0]["arxiv_id"], "zebra 메모")
    store.close()
    assert main(["export", str(SAMPLES), "-f", "json", "--with-state", "--query", "zebra"]) == 0
    [record] = json.loads(capsys.readouterr().out)
    assert record["arxiv_id"] == plain[0]["arxiv_id"] and record["starred"] is True and record["read"] is False and record["note"] == "zebra 메모"
    assert main(["export", str(SAMPLES), "-f", "csv", "--with-state"]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith(",source,read,starred,note")
