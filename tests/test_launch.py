"""The command's entry point (reader.launch): the collector around a launch."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from reader import cli


def test_a_launch_imports_the_reader_with_the_cyclic_collector_off():
    """Both ``daily-papers`` and ``python -m reader`` start here: importing the reader made ~30
    collections of a heap that only grows until the library is loaded."""
    shown = subprocess.run([sys.executable, "-c", "import gc, reader.launch; print(gc.isenabled())"], capture_output=True, text=True, check=True, timeout=60)
    assert shown.stdout.strip() == "False"


@pytest.mark.parametrize("command", cli.COMMANDS)
def test_the_commands_run_with_the_collector_on(command, monkeypatch):
    """``sync`` and ``fetch`` run for minutes and make cycles (HTTP clients, git's output): the
    collector is on for them whatever the launch did (export turns it off only while it loads)."""
    seen = []
    monkeypatch.setattr(cli, f"run_{command}", lambda args: seen.append(gc.isenabled()) or 0)
    gc.disable()
    try:
        assert cli.main([command]) == 0
    finally:
        gc.enable()
    assert seen == [True]


def test_ctrl_c_while_the_reader_is_imported_quits_quietly():
    """A ctrl+c in the first tens of milliseconds (the reader still importing) printed a
    KeyboardInterrupt traceback; later it quits quietly (status 130)."""
    code = "import builtins, sys; real = builtins.__import__\n" \
        "def stop(name, *args, **kwargs):\n" \
        "    if name == 'cli':\n" \
        "        raise KeyboardInterrupt\n" \
        "    return real(name, *args, **kwargs)\n" \
        "builtins.__import__ = stop\n" \
        "import reader.launch\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 130 and done.stderr == "" and done.stdout == ""
