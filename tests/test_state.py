"""Reading state: the SQLite store, two writers, corruption, and export --starred."""

from __future__ import annotations

import json
import multiprocessing
import os
from datetime import date

from reader.cli import main
from reader.core.state import StateError, StateStore, state_path

from .conftest import SAMPLES


def test_round_trip(tmp_path):
    store = StateStore(tmp_path / "s.sqlite3")
    store.set_read("2405.00001")
    store.set_starred("2405.00002", True)
    store.set_note("2405.00003", "  읽어볼 것  ")
    store.close()
    again = StateStore(tmp_path / "s.sqlite3")
    marks = again.marks()
    assert marks.read == {"2405.00001"} and marks.starred == {"2405.00002"} and marks.noted == {"2405.00003"}
    assert again.note("2405.00003") == "읽어볼 것"
    again.set_starred("2405.00002", False)
    again.set_note("2405.00003", "")
    assert not again.marks().starred and not again.marks().noted


def _writer(path, prefix, count):
    store = StateStore(path)
    for i in range(count):
        store.set_starred(f"{prefix}.{i}", True)
    store.close()


def test_two_writers_at_once_lose_nothing(tmp_path):
    path = tmp_path / "s.sqlite3"
    StateStore(path).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(path, p, 200)) for p in ("a", "b")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0]
    starred = StateStore(path).marks().starred
    assert len(starred) == 400


def test_two_open_stores_interleaved(tmp_path):
    path = tmp_path / "s.sqlite3"
    one, two = StateStore(path), StateStore(path)
    one.set_starred("x", True)
    two.set_starred("y", True)
    one.set_note("x", "from one")
    assert StateStore(path).marks().starred == {"x", "y"}


def test_garbage_state_file_is_moved_aside_and_kept(tmp_path):
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store = StateStore(path)
    assert store.moved_aside is not None and store.moved_aside.read_bytes().startswith(b"this is not a database")
    assert store.moved_aside.name.startswith("s.sqlite3.corrupt-")
    store.set_starred("k", True)
    assert StateStore(path).marks().starred == {"k"}


def test_unwritable_state_directory_works_in_memory(tmp_path):
    blocker = tmp_path / "a-file"  # a folder that cannot be made, whoever runs the test (even root)
    blocker.write_text("x")
    store = StateStore(blocker / "sub" / "s.sqlite3")
    assert store.problem and "cannot be saved" in store.problem
    store.set_starred("k", True)
    assert store.marks().starred == {"k"}
    assert blocker.read_text() == "x"


def test_write_failure_raises_state_error(tmp_path):
    store = StateStore(tmp_path / "s.sqlite3")
    store.db.execute("PRAGMA query_only = ON")
    try:
        store.set_starred("k", True)
    except StateError as error:
        assert "could not save" in str(error)
    else:
        raise AssertionError("expected StateError")


def test_new_days_since_last_session(tmp_path):
    store = StateStore(tmp_path / "s.sqlite3")
    assert store.record_days([date(2024, 1, 1), date(2024, 1, 2)]) == set()  # first run: nothing is "new"
    assert store.record_days([date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 3)]) == {date(2024, 1, 3)}
    assert store.record_days([date(2024, 1, 3)]) == set()
    assert store.record_days([date(2023, 6, 1), date(2024, 1, 4)]) == {date(2024, 1, 4)}  # an old archive is not "new"


def test_export_starred_and_unread(capsys, tmp_path):
    os.environ["DAILY_PAPERS_STATE"] = str(tmp_path / "state")
    try:
        store = StateStore(state_path())
        store.set_starred("2503.14001", True)
        store.set_starred("2407.05120", True)
        store.set_read("2503.14001")
        store.close()
        assert main(["export", str(SAMPLES), "--starred"]) == 0
        assert [r["arxiv_id"] for r in json.loads(capsys.readouterr().out)] == ["2503.14001", "2407.05120"]
        assert main(["export", str(SAMPLES), "--starred", "--unread", "-f", "bibtex"]) == 0
        assert capsys.readouterr().out.count("@misc") == 1
        assert main(["export", str(SAMPLES), "--query", "is:starred -is:unread", "-f", "jsonl"]) == 0
        assert len(capsys.readouterr().out.splitlines()) == 1
    finally:
        del os.environ["DAILY_PAPERS_STATE"]


def test_state_dir_option(capsys, tmp_path):
    store = StateStore(tmp_path / "elsewhere" / "state.sqlite3")
    store.set_starred("2503.14001", True)
    store.close()
    assert main(["export", str(SAMPLES), "--starred", "--state-dir", str(tmp_path / "elsewhere")]) == 0
    assert [r["arxiv_id"] for r in json.loads(capsys.readouterr().out)] == ["2503.14001"]
