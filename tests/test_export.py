from __future__ import annotations

import csv
import io
import json

import pytest

from reader.cli import main
from reader.core.export import bibtex_key, to_bibtex, to_markdown
from reader.core.library import load
from reader.core.parse import parse_text

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
