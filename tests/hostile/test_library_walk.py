"""Finding digests reads only regular files inside the folder given."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from reader.core.library import find_digest_files
from reader.core.loader import load

from .make import good

ROOT = Path(__file__).resolve().parents[2]


def library(tmp_path: Path) -> Path:
    root = tmp_path / "library" / "paper_logs"
    (root / "2024" / "05").mkdir(parents=True)
    (root / "2024" / "05" / "01.md").write_text("## Daily Papers (2024-05-01)\n\n" + good(1))
    return root


def test_links_leading_outside_the_folder_are_skipped_with_a_warning(tmp_path):
    root = library(tmp_path)
    outside = tmp_path / "outside.md"
    outside.write_text("## Daily Papers (2024-05-09)\n\n" + good(9))
    (root / "2024" / "05" / "02.md").symlink_to("/dev/zero")
    (root / "2024" / "05" / "03.md").symlink_to("/etc/passwd")
    (root / "2024" / "05" / "04.md").symlink_to(outside)
    (root / "2024" / "everything").symlink_to("/", target_is_directory=True)
    (root / "2024" / "05" / "05.md").symlink_to(root / "2024" / "05" / "01.md")  # inside: fine (read once)
    os.mkfifo(root / "2024" / "05" / "06.md")
    started = time.perf_counter()
    files, warnings = find_digest_files([root])
    assert time.perf_counter() - started < 2
    assert files == [str(root / "2024" / "05" / "01.md")]
    messages = {Path(w.path).name: w.message for w in warnings}
    for name in ("02.md", "03.md", "04.md", "everything"):
        assert "outside" in messages[name], name
    assert "not a regular file" in messages["06.md"]
    assert [p.title for p in load([root]).papers] == ["Good paper 1"]


def test_a_link_into_proc_never_crashes_a_start(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "p").symlink_to("/proc/1", target_is_directory=True)
    done = subprocess.run([sys.executable, "-m", "reader", "export", str(folder)], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert "Traceback" not in done.stderr and "outside" in done.stderr
    files, _ = find_digest_files([folder])
    assert files == []


def test_system_folders_are_never_walked_even_when_named():
    files, warnings = find_digest_files(["/proc"])
    assert files == [] and "system folder" in warnings[0].message


def test_a_file_named_directly_may_be_anywhere_but_must_be_regular(tmp_path):
    elsewhere = tmp_path / "notes.txt"
    elsewhere.write_text(good(3))
    link = tmp_path / "link.md"
    link.symlink_to(elsewhere)
    assert find_digest_files([elsewhere, link]) == ([str(elsewhere)], [])
    files, warnings = find_digest_files(["/dev/zero"])
    assert files == [] and "not a regular file" in warnings[0].message
    os.mkfifo(tmp_path / "pipe.md")
    files, warnings = find_digest_files([tmp_path / "pipe.md"])
    assert files == [] and "not a regular file" in warnings[0].message


def test_loops_inside_the_folder_are_read_once(tmp_path):
    root = library(tmp_path)
    (root / "2024" / "again").symlink_to(root, target_is_directory=True)
    files, warnings = find_digest_files([root])
    assert files == [str(root / "2024" / "05" / "01.md")]
    assert any("already read" in w.message for w in warnings)
