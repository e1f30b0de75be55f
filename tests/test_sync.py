"""daily-papers sync against local git repositories (no network)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.core import dirs
from reader.core.settings import Settings, library_paths
from reader.core.sync import SyncError, sync

from .conftest import SAMPLES

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=cwd, check=True, capture_output=True)


def make_source(tmp_path: Path, names: list[str]) -> Path:
    """A digest repository laid out like upstream: paper_logs/YYYY/MM/DD.md plus an aggregate README."""
    repo = tmp_path / "upstream"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    add_days(repo, names)
    return repo


def add_days(repo: Path, names: list[str]) -> None:
    for name in names:
        year, month, day = name.removesuffix(".md").split("-")
        target = repo / "paper_logs" / year / month / f"{day}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLES / name, target)
        shutil.copy(SAMPLES / name, repo / "README.md")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "days")


def test_first_sync_then_an_update_that_adds_a_day(tmp_path, capsys):
    source = make_source(tmp_path, ["2023-11-20.md", "2024-03-14.md"])
    assert main(["sync", "--source", str(source)]) == 0
    out = capsys.readouterr().out
    assert "2 new days, 5 new papers" in out
    paths, origin = library_paths(Settings.load())
    assert origin == "library" and paths == [dirs.library_dir() / "upstream" / "paper_logs"]
    add_days(source, ["2025-03-20.md"])
    assert main(["sync", "--source", f"file://{source}"]) == 0
    assert "1 new day, 4 new papers" in capsys.readouterr().out
    assert main(["sync", "--source", str(source)]) == 0
    assert "already up to date" in capsys.readouterr().out
    # export with no PATH reads the library (README's repeated day not counted twice)
    assert main(["export", "-f", "jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 9


def test_bad_source_changes_nothing(tmp_path, capsys):
    assert main(["sync", "--source", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert "daily-papers: error: sync" in err and "does not exist" in err
    assert not dirs.library_dir().exists() or not any(p for p in dirs.library_dir().iterdir() if not p.name.startswith("."))


def test_source_without_digests(tmp_path):
    repo = tmp_path / "empty"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "notes.md").write_text("# nothing here\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "x")
    with pytest.raises(SyncError, match="holds no digests"):
        sync(str(repo))
    assert list(dirs.library_dir().iterdir()) == []


def test_update_from_a_source_that_lost_its_digests_changes_nothing(tmp_path):
    source = make_source(tmp_path, ["2024-03-14.md"])
    result = sync(str(source))
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    (other / "x.txt").write_text("x")
    git(other, "add", "-A")
    git(other, "commit", "-q", "-m", "x")
    with pytest.raises(SyncError, match="no digests"):
        sync(str(other), result.folder)
    assert (result.folder / "paper_logs" / "2024" / "03" / "14.md").exists()


def test_local_changes_in_the_library_are_not_overwritten(tmp_path):
    source = make_source(tmp_path, ["2024-03-14.md"])
    result = sync(str(source))
    edited = result.folder / "paper_logs" / "2024" / "03" / "14.md"
    edited.write_text("my edit\n")
    add_days(source, ["2025-03-20.md"])
    with pytest.raises(SyncError, match="local changes"):
        sync(str(source))
    assert edited.read_text() == "my edit\n"
    assert not (result.folder / "paper_logs" / "2025").exists()


def test_no_git_installed(tmp_path, monkeypatch):
    monkeypatch.setattr("reader.core.sync.shutil.which", lambda name: None)
    with pytest.raises(SyncError, match="git is not installed; install git"):
        sync(str(tmp_path))


def test_unreachable_network_source_fails_cleanly(capsys):
    # a URL on a closed local port: git fails at once, nothing leaves this machine
    assert main(["sync", "--source", "http://127.0.0.1:9/digests.git"]) == 1
    assert "daily-papers: error: sync http://127.0.0.1:9/digests.git:" in capsys.readouterr().err


async def test_sync_from_the_command_palette_shows_new_days_without_restart(tmp_path, monkeypatch):
    from reader.core.config import Config

    from .apptools import make_app, ready, until

    source = make_source(tmp_path, ["2024-03-14.md"])
    paths, origin = library_paths(Settings.load())
    assert origin == "samples"
    app = make_app(paths, origin=origin, settings=Settings(config=Config(sources=(str(source),))))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        assert len(app.reader.session.browser.catalog) == 16
        names = [name for name, _, _ in app.reader.palette_commands()]
        assert "Sync digests" in names
        dict((n, c) for n, _, c in app.reader.palette_commands())["Sync digests"]()
        assert await until(pilot, lambda: app.reader.origin == "library" and not app.reader.indexing, 60)
        await ready(app, pilot)
        assert app.reader.origin == "library"
        assert set(app.reader.session.browser.catalog.ids) == {"2403.08811", "2403.08950", "2403.09014"}
        assert any("1 new day, 3 new papers" in n.message for n in app._notifications)


# --- hostile repositories and sources ----------------------------------------------------------


@pytest.mark.parametrize("link", [("paper_logs/2024/05/02.md", "/dev/zero"), ("paper_logs/2024/05/03.md", "/etc/passwd"), ("paper_logs", "/")])
def test_a_repository_with_symlinked_digests_is_refused_before_anything_moves(tmp_path, link):
    repo = tmp_path / "evil"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    name, target = link
    if name != "paper_logs":
        (repo / "paper_logs" / "2024" / "05").mkdir(parents=True)
        shutil.copy(SAMPLES / "2024-03-14.md", repo / "paper_logs" / "2024" / "05" / "01.md")
    (repo / name).symlink_to(target)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "evil")
    with pytest.raises(SyncError, match="symbolic link where digests belong"):
        sync(str(repo))
    assert not (dirs.library_dir() / "evil").exists()
    assert [p.name for p in dirs.library_dir().iterdir()] == []  # no .sync-* left behind


def test_an_update_that_brings_a_symlinked_digest_is_refused(tmp_path):
    source = make_source(tmp_path, ["2024-03-14.md"])
    result = sync(str(source))
    (source / "paper_logs" / "2024" / "03" / "15.md").symlink_to("/dev/zero")
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "evil")
    with pytest.raises(SyncError, match="symbolic link"):
        sync(str(source))
    assert not (result.folder / "paper_logs" / "2024" / "03" / "15.md").is_symlink()


@pytest.mark.parametrize("source", ["fd::0", "fd::0,1", "ext::sh -c touch% /tmp/daily-papers-ext-pwned"])
def test_fd_and_ext_transports_are_refused_at_once(source):
    done = subprocess.run(
        [sys.executable, "-c", f"from reader.core.sync import sync, SyncError\ntry:\n    sync({source!r})\nexcept SyncError as e:\n    print('refused:', e)"],
        capture_output=True, text=True, timeout=60, stdin=None, env={**os.environ},
    )
    assert done.stdout.startswith("refused:"), done.stderr[-2000:]
    assert not Path("/tmp/daily-papers-ext-pwned").exists()
    assert not any(p.name.startswith(".sync-") for p in dirs.library_dir().glob(".*"))


def test_git_output_reaching_the_terminal_loses_escape_sequences(tmp_path):
    seen: list[str] = []
    with pytest.raises(SyncError) as failure:
        sync(str(tmp_path / "no\x1b]0;PWNED\x07repo"), output=seen.append)
    assert "\x1b" not in str(failure.value) and all("\x1b" not in line for line in seen)


def test_sources_can_be_listed_and_removed(tmp_path, capsys):
    source = make_source(tmp_path, ["2023-11-20.md", "2024-03-14.md"])
    assert main(["sync", "--source", str(source)]) == 0
    capsys.readouterr()
    assert main(["sync", "--list"]) == 0
    assert capsys.readouterr().out == f"upstream\t2 days\t{source}\n"
    assert main(["sync", "--remove", "nothing-here"]) == 2
    assert "no library source named 'nothing-here' (sources: upstream)" in capsys.readouterr().err
    assert main(["sync", "--remove", "upstream"]) == 0
    assert capsys.readouterr().out.startswith("removed ") and not (dirs.library_dir() / "upstream").exists()
    assert main(["sync", "--list"]) == 0 and capsys.readouterr().out == ""
