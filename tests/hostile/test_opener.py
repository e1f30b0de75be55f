"""Opening links: a graphical browser only, public hosts only, and the real host named."""

from __future__ import annotations

import os
import time
import webbrowser
from pathlib import Path

import pytest

from reader.core import opener


@pytest.mark.parametrize("url", [
    "https://user:pass@arxiv.org/abs/2401.00001", "https://arxiv.org@evil.example/", "http://127.0.0.1/", "http://127.1/",
    "http://2130706433/", "http://0x7f.0.0.1/", "http://0177.0.0.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
    "http://localhost:8080/", "http://10.1.2.3/", "http://172.16.0.1/", "http://192.168.0.1/", "http://169.254.169.254/latest/meta-data",
    "http://[fe80::1]/", "http://[fd00::1]/", "http://0/", "http://1.2.3.4.5/",
])
def test_credentials_loopback_link_local_and_private_hosts_are_refused(url):
    assert opener.check_url(url) is not None
    assert opener.open_url(url).startswith("refused")


@pytest.mark.parametrize(("url", "named"), [
    ("https://arxiv.org/abs/2401.00001", "arXiv"), ("https://www.arxiv.org/pdf/2401.00001", "arXiv"),
    ("https://huggingface.co/papers/2401.00001", "Hugging Face"),
    ("https://\u0430rxiv.org/abs/2401.00001", "xn--rxiv-43d.org"),  # Cyrillic а
    ("https://%D0%B0rxiv.org/abs/2401.00001", "xn--rxiv-43d.org"),  # the same, as mistune writes it
    ("https://arxiv.org.evil.com/abs/2401.00001", "arxiv.org.evil.com"), ("https://arxiv.org:8443/abs/1", "arxiv.org:8443"),
    ("https://export.arxiv.org/abs/1", "export.arxiv.org"),
])
def test_describe_names_the_real_host_unless_it_is_exactly_arxiv_or_hugging_face(url, named):
    assert opener.check_url(url) is None
    assert opener.describe(url) == named


@pytest.fixture
def fake_desktop(tmp_path, monkeypatch):
    """A PATH holding only fake xdg-open, xdg-mime and browsers, with a display."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "opened.txt"
    data = tmp_path / "data"
    (data / "applications").mkdir(parents=True)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_DATA_DIRS", str(data))
    for name in ("DESKTOP_SESSION", "GNOME_DESKTOP_SESSION_ID", "KDE_FULL_SESSION", "XDG_CURRENT_DESKTOP", "BROWSER", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})

    def tool(name: str, body: str = "") -> None:
        script = bin_dir / name
        record = 'printf "%s %s\\n" ' + name + ' "$1" >> ' + str(log)
        script.write_text("#!/bin/sh\n" + (body or record) + "\n")
        script.chmod(0o755)

    def handler(desktop: str, text: str) -> None:
        tool("xdg-mime", f"echo {desktop}")
        (data / "applications" / desktop).write_text(f"[Desktop Entry]\nType=Application\n{text}\n")

    return tool, handler, log


def wait_for(path: Path) -> str:
    deadline = time.monotonic() + 20
    # the browser runs in the background: wait for its whole line (the file exists before it is written)
    while not (path.exists() and path.read_text().endswith("\n")) and time.monotonic() < deadline:
        os.sched_yield()
    return path.read_text()


def test_xdg_open_whose_https_handler_is_lynx_is_not_used(fake_desktop):
    tool, handler, log = fake_desktop
    tool("xdg-open")
    tool("lynx")
    handler("lynx.desktop", "Exec=lynx %u\nTerminal=true")
    problem = opener.open_url("https://arxiv.org/abs/2401.00001")
    assert problem is not None and "terminal browser (lynx)" in problem
    assert not log.exists()


def test_xdg_open_with_no_handler_and_only_console_browsers_is_not_used(fake_desktop):
    tool, _, log = fake_desktop
    tool("xdg-open")
    tool("xdg-mime", "true")
    tool("lynx")
    assert "terminal browser" in opener.open_url("https://arxiv.org/abs/2401.00001")
    assert not log.exists()


def test_a_lynx_behind_x_www_browser_is_not_used(fake_desktop, tmp_path):
    tool, _, log = fake_desktop
    tool("lynx")
    (tmp_path / "bin" / "x-www-browser").symlink_to(tmp_path / "bin" / "lynx")
    assert "runs in the terminal" in opener.open_url("https://arxiv.org/abs/2401.00001")
    assert not log.exists()


def test_a_browser_command_that_fails_is_reported_and_one_that_exits_at_once_is_not(fake_desktop):
    tool, handler, _ = fake_desktop
    handler("firefox.desktop", "Exec=firefox %u\nTerminal=false")
    tool("xdg-open", "echo 'no method available' >&2; exit 3")
    assert opener.open_url("https://arxiv.org/abs/2401.00001") == "the browser did not start"
    tool("xdg-open", "exit 0")  # handed the page to a running browser
    assert opener.open_url("https://arxiv.org/abs/2401.00001") is None


def test_xdg_open_with_a_graphical_handler_opens(fake_desktop):
    tool, handler, log = fake_desktop
    tool("xdg-open")
    handler("firefox.desktop", "Exec=firefox %u\nTerminal=false")
    assert opener.open_url("https://arxiv.org/abs/2401.00001") is None
    assert wait_for(log) == "xdg-open https://arxiv.org/abs/2401.00001\n"
