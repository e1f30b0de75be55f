"""The config file: every setting, and a broken file that still lets the app start."""

from __future__ import annotations

from pathlib import Path

from reader.cli import main
from reader.core import dirs
from reader.core.config import DEFAULT_SOURCE, Config, load_config

from .apptools import make_app, ready


def write(text: str) -> Path:
    path = dirs.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_defaults_without_a_file():
    config, problems = load_config()
    assert config == Config() and problems == [] and config.sources == (DEFAULT_SOURCE,)


def test_every_setting(tmp_path):
    write(
        f'[library]\nfolders = ["{tmp_path}"]\nsources = ["file:///x"]\n'
        '[ui]\nsort = "date"\nscope = "all"\ntheme = "textual-light"\n'
        '[keys]\ncopy_url = "c"\n'
        '[views]\ndiffusion = "diffusion votes:>=20"\n'
    )
    config, problems = load_config()
    assert problems == []
    assert config.folders == (tmp_path,) and config.sources == ("file:///x",)
    assert (config.sort, config.scope, config.theme) == ("date", "all", "textual-light")
    assert config.keys == {"copy_url": "c"} and config.views == {"diffusion": "diffusion votes:>=20"}


def test_broken_toml_names_the_line_and_uses_defaults():
    path = write('[ui]\nsort = "votes"\nscope = = "all"\n')
    config, problems = load_config()
    assert config == Config()
    assert problems[0].startswith(f"{path}:3: error:")


def test_bad_values_are_reported_and_defaulted():
    write('[ui]\nsort = "random"\n[library]\nfolders = "not a list"\n[views]\nx = 3\n')
    config, problems = load_config()
    assert config.sort == "votes" and config.folders == () and config.views == {}
    path = dirs.config_path()
    assert sorted(problems) == sorted([
        f"{path}:2: error: sort must be votes | date | title, not 'random'; using 'votes'",
        f"{path}:4: error: library.folders must be a list of strings; ignored",
        f"{path}:6: error: views.x must be a string; ignored",
    ])


def test_config_path_option(capsys):
    assert main(["--config-path"]) == 0
    assert capsys.readouterr().out.strip() == str(dirs.config_path())


async def test_app_uses_config_keys_views_theme_sort_and_scope():
    write('[ui]\nscope = "all"\nsort = "title"\ntheme = "textual-light"\n[keys]\ncopy_url = "c"\n[views]\n"Korean papers" = "확산"\n')
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        assert app.theme == "textual-light"
        assert app.reader.session.view.scope == "all" and app.reader.session.view.sort == "title"
        await pilot.press("c")
        assert app.clipboard == app.reader.paper_list.current.abs_url
        commands = {name: callback for name, _, callback in app.reader.palette_commands()}
        app.call_later(commands["View: Korean papers"])  # as the palette runs a command
        await pilot.pause()
        assert app.reader.filter_bar.value == "확산" and len(app.reader.paper_list.papers) == 2


async def test_app_starts_with_a_broken_config_and_says_so():
    path = write("this is not toml [[[\n")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        assert len(app.reader.paper_list.papers) == 4
        assert any(n.message.startswith(f"{path}:1: error:") for n in app._notifications)


async def test_the_readme_config_example_applies_without_a_problem(isolated_dirs, monkeypatch):
    """Every line of the README's example config does what its comment says."""
    import re

    from reader.core import opener
    from reader.core.settings import Settings

    from .apptools import make_app, ready
    from .conftest import ROOT

    example = re.search(r"```toml\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    (isolated_dirs / "config.toml").write_text(example, encoding="utf-8")
    settings = Settings.load()
    assert settings.problems == ()
    config = settings.config
    assert (config.sort, config.scope, config.theme, config.read_after) == ("votes", "day", "textual-light", 2.0)
    assert config.summarize_model == "qwen3:8b" and config.fetch_jobs == 4
    opened: list[str] = []
    monkeypatch.setattr(opener, "graphical_session", lambda: True)
    monkeypatch.setattr(opener, "open_url", lambda url: opened.append(url))
    monkeypatch.setattr("reader.core.clipboard.system_copy", lambda text: None)
    app = make_app(settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        assert app.theme == "textual-light" and not [n for n in app._notifications if n.title == "Config"]
        await pilot.press("c")
        await pilot.press("ctrl+o")
        await app.workers.wait_for_complete()
        current = app.reader.paper_list.current.abs_url
        assert app.clipboard == current and opened == [current]
        names = [name for name, _, _ in app.reader.palette_commands()]
        assert "View: diffusion" in names and "View: Korean LLMs" in names
