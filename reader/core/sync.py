"""``daily-papers sync``: clone or fast-forward digest repositories into the library, with git.

Every failure leaves the library as it was: a first clone goes to a temporary folder that is
renamed into place only once it is known to hold digests, and an update is fetched and checked
before a fast-forward-only merge.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import dirs
from .library import digest_root, find_digest_files
from .model import date_from_path
from .parse import parse_file
from .text import terminal_safe

Output = Callable[[str], None]
ALLOWED_PROTOCOLS = "https:ssh:git:file"
GIT_HINT = "install git (Debian/Ubuntu: apt install git; macOS: xcode-select --install; Windows: winget install Git.Git)"


class SyncError(Exception):
    """A sync that failed; the library is unchanged."""


@dataclass(frozen=True)
class SyncResult:
    source: str
    folder: Path
    new_days: int
    new_papers: int
    cloned: bool


def folder_for(source: str) -> Path:
    """``https://github.com/l-yohai/daily_papers_ko`` -> ``<library>/daily_papers_ko``."""
    name = re.sub(r"\.git$", "", source.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1].rsplit(":", 1)[-1])
    name = re.sub(r"[^A-Za-z0-9._-]", "_", name).strip("._") or "digests"
    return dirs.library_dir() / name


def _git(args: list[str], cwd: Path | None = None, output: Output | None = None) -> str:
    """Run git (never through a shell); stream its progress to ``output``; raise SyncError on failure."""
    git = shutil.which("git")
    if git is None:
        raise SyncError(f"git is not installed; {GIT_HINT}")
    # GIT_ALLOW_PROTOCOL: no "fd::" (reads our stdin: hangs), no "ext::" (runs a command)
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "", "LC_ALL": "C", "GIT_ALLOW_PROTOCOL": ALLOWED_PROTOCOLS}
    if output is None:
        done = subprocess.run([git, *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, check=False)
        lines = terminal_safe(done.stderr.decode("utf-8", "replace")).splitlines()
        code, stdout = done.returncode, done.stdout.decode("utf-8", "replace")
    else:  # clone and fetch: stream git's progress lines (split on CR too); they print nothing else
        process = subprocess.Popen([git, *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert isinstance(process.stderr, io.BufferedReader)
        lines, buffer = [], b""
        try:
            while chunk := process.stderr.read1(4096):
                *parts, buffer = re.split(rb"[\r\n]", buffer + chunk)
                for part in parts:
                    if text := terminal_safe(part.decode("utf-8", "replace")).strip():
                        lines.append(text)
                        output(text)
            code, stdout = process.wait(), ""
        finally:  # interrupted (Ctrl-C): git must not go on writing into a folder being removed
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stderr.close()
    if code != 0:
        detail = next((line for line in reversed(lines) if line.startswith(("fatal:", "error:"))), lines[-1] if lines else "")
        raise SyncError(detail.removeprefix("fatal: ").removeprefix("error: ") or f"git {args[0]} failed")
    return stdout


def _digest_files(root: Path) -> list[Path]:
    """Dated digests under ``root``, found as the reader finds them (regular files inside only)."""
    files, _ = find_digest_files([root])
    return sorted(Path(f) for f in files if date_from_path(f))


def _check_tree(source: str, revision: str, cwd: Path) -> None:
    """Refuse a repository whose digests (or their folders) are symbolic links: ``02.md ->
    /dev/zero`` or ``paper_logs -> /`` would make the reader read what is not a digest."""
    try:
        listing = _git(["ls-tree", "-r", "-z", "--full-tree", revision], cwd=cwd)
    except SyncError:  # an empty repository has no HEAD: nothing to check (and no digests)
        return
    for record in listing.split("\0"):
        meta, _, name = record.partition("\t")
        if meta.startswith("120000 ") and (name.lower().endswith(".md") or name == "paper_logs" or name.startswith("paper_logs/")):
            raise SyncError(f"{source} holds a symbolic link where digests belong ({terminal_safe(name)[:80]}); not synced")


def _count(files: list[Path]) -> tuple[int, int]:
    days = {date_from_path(str(f)) for f in files}
    return len(days), sum(len(parse_file(f)[0]) for f in files)


def sync(source: str, folder: Path | None = None, output: Output | None = None) -> SyncResult:
    folder = folder or folder_for(source)
    if (folder / ".git").is_dir():
        return _update(source, folder, output)
    if folder.exists() and any(folder.iterdir()):
        raise SyncError(f"{folder} exists and is not a git clone; move it away to sync into it")
    folder.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=".sync-", dir=folder.parent))
    try:
        _git(["clone", "--progress", "--", source, str(temporary / "clone")], output=output)
        _check_tree(source, "HEAD", temporary / "clone")
        files = _digest_files(digest_root(temporary / "clone"))
        if not files:
            raise SyncError(f"{source} holds no digests (no dated .md files such as paper_logs/2024/05/02.md)")
        if folder.exists():
            folder.rmdir()
        (temporary / "clone").rename(folder)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    days, papers = _count(_digest_files(digest_root(folder)))
    return SyncResult(source, folder, days, papers, cloned=True)


def _update(source: str, folder: Path, output: Output | None) -> SyncResult:
    status = _git(["status", "--porcelain", "--untracked-files=no"], cwd=folder)
    if status.strip():
        changed = terminal_safe(", ".join(line[3:] for line in status.splitlines()[:3]))
        raise SyncError(f"the library clone {folder} has local changes ({changed}); commit or discard them, then sync again")
    before = _git(["rev-parse", "HEAD"], cwd=folder).strip()
    _git(["fetch", "--progress", "--", source, "HEAD"], cwd=folder, output=output)
    fetched = _git(["rev-parse", "FETCH_HEAD"], cwd=folder).strip()
    _check_tree(source, fetched, folder)
    names = _git(["ls-tree", "-r", "--name-only", fetched], cwd=folder).splitlines()
    if not any(n.endswith(".md") and date_from_path(n) for n in names):
        raise SyncError(f"{source} holds no digests; the library is unchanged")
    if fetched == before:
        return SyncResult(source, folder, 0, 0, cloned=False)
    _git(["merge", "--ff-only", "--quiet", fetched], cwd=folder)
    added = _git(["diff", "--name-only", "--diff-filter=A", before, fetched], cwd=folder).splitlines()
    root = digest_root(folder)
    files = [folder / n for n in added if n.endswith(".md") and date_from_path(n) and (folder / n).is_relative_to(root)]
    days, papers = _count(files)
    return SyncResult(source, folder, days, papers, cloned=False)


@dataclass(frozen=True)
class LibrarySource:
    """One folder of the library: a synced clone, or the days ``fetch`` wrote."""

    name: str
    folder: Path
    origin: str
    """The clone's remote, or how the folder was made."""
    days: int


def library_sources(library: Path) -> list[LibrarySource]:
    """Every folder of the library, by name, with where it came from and how many days it holds."""
    if not library.is_dir():
        return []
    sources = []
    for folder in sorted(p for p in library.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")):
        if (folder / ".git").is_dir():
            try:
                origin = _git(["config", "--get", "remote.origin.url"], cwd=folder).strip() or "a git clone"
            except SyncError:
                origin = "a git clone"
        else:
            origin = "written by daily-papers fetch" if folder.name == "huggingface" else "a folder"
        days = len({date_from_path(str(f)) for f in _digest_files(digest_root(folder))})
        sources.append(LibrarySource(folder.name, folder, terminal_safe(origin), days))
    return sources


def remove_source(library: Path, name: str) -> Path:
    """Delete the library folder ``name`` (a clone, or fetched days); SyncError when there is none."""
    names = {source.name: source.folder for source in library_sources(library)}
    if name not in names:
        known = ", ".join(names) or "none"
        raise SyncError(f"no library source named {terminal_safe(name)!r} (sources: {known})")
    folder = names[name]
    shutil.rmtree(folder)
    return folder
