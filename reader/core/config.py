"""The TOML config file (``daily-papers --config-path`` prints where it is).

    [library]
    folders = ["~/papers"]          # extra digest folders read along with the synced library
    sources = ["https://github.com/l-yohai/daily_papers_ko"]   # what `daily-papers sync` fetches

    [ui]
    sort = "votes"                  # votes | date | title
    scope = "day"                   # day | all
    theme = "textual-dark"          # any Textual theme name

    [keys]                          # Textual keymap: binding id = "keys"
    open = "o,enter"

    [views]                         # saved searches, listed in the command palette
    diffusion = "diffusion votes:>=20"

    [fetch]                         # daily-papers fetch
    endpoint = "https://huggingface.co"   # $HF_ENDPOINT wins
    jobs = 4                        # model requests at a time

    [summarize]
    provider = "openai"             # none | openai (default: openai when a model is set)
    model = "gpt-4o-mini"
    base_url = "http://localhost:11434/v1"  # $OPENAI_BASE_URL wins
    api_key_env = "OPENAI_API_KEY"  # the variable holding the key (never the key itself)

A broken file is reported with its line and the defaults are used: it never stops the app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import dirs
from .model import Scope, Sort

DEFAULT_SOURCE = "https://github.com/l-yohai/daily_papers_ko"


@dataclass(frozen=True)
class Config:
    folders: tuple[Path, ...] = ()
    sources: tuple[str, ...] = (DEFAULT_SOURCE,)
    sort: Sort = Sort.VOTES
    scope: Scope = Scope.DAY
    theme: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    views: dict[str, str] = field(default_factory=dict)
    read_after: float = 2.0
    """Seconds a paper stays on screen before it counts as read; 0: only by hand (r)."""
    where: dict[str, str] = field(default_factory=dict, compare=False)
    """Where each setting was read, ``path:line``, by ``section.key`` (for messages about its value)."""
    fetch_endpoint: str | None = None
    fetch_jobs: int | None = None
    summarize_provider: str | None = None
    summarize_model: str | None = None
    summarize_base_url: str | None = None
    summarize_api_key_env: str | None = None


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """Read the config; return it with problems as ``path:line: error: ...`` messages."""
    path = path or dirs.config_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(), []
    except (OSError, UnicodeDecodeError) as problem:
        return Config(), [f"{path}: error: cannot read config: {problem}; using defaults"]
    import tomllib

    try:
        data = tomllib.loads(raw)
    except RecursionError:  # arrays or tables nested thousands deep
        return Config(), [f"{path}: error: values nested too deeply; using defaults"]
    except tomllib.TOMLDecodeError as problem:
        match = re.search(r"line (\d+)", str(problem))
        line = match.group(1) if match else "1"
        return Config(), [f"{path}:{line}: error: {problem}; using defaults"]
    return _from_dict(data, path, raw)


def _line_of(raw: str, key: str) -> str:
    """The line a key is set on (for messages), best effort."""
    pattern = re.compile(rf"^\s*(\[\s*{re.escape(key)}\s*\]|[\"']?{re.escape(key)}[\"']?\s*=)")
    for number, line in enumerate(raw.splitlines(), start=1):
        if pattern.match(line):
            return f":{number}"
    return ""


def table_keys(data: dict, name: str) -> list[str]:
    value = data.get(name)
    return [str(k) for k in value] if isinstance(value, dict) else []


def _from_dict(data: dict, path: Path, raw: str = "") -> tuple[Config, list[str]]:
    problems: list[str] = []

    def where(key: str) -> str:
        return f"{path}{_line_of(raw, key)}"

    def table(name: str) -> dict:
        value = data.get(name, {})
        if not isinstance(value, dict):
            problems.append(f"{where(name)}: error: [{name}] must be a table; ignored")
            return {}
        return value

    def text(section: dict[str, Any], key: str, default: Any, allowed: tuple[str, ...] | None = None) -> Any:
        value = section.get(key, default)
        if value is default:
            return default
        if not isinstance(value, str) or (allowed and value not in allowed):
            expected = " | ".join(allowed) if allowed else "a string"
            problems.append(f"{where(key)}: error: {key} must be {expected}, not {value!r}; using {default!r}")
            return default
        return value

    library, ui = table("library"), table("ui")
    def strings_list(key: str, default: list[str]) -> list[str]:
        value = library.get(key, default)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"{where(key)}: error: library.{key} must be a list of strings; ignored")
            return default
        return value

    folders = strings_list("folders", [])
    sources = strings_list("sources", [DEFAULT_SOURCE])
    strings = {}
    for name in ("keys", "views"):
        section = table(name)
        strings[name] = {str(k): v for k, v in section.items() if isinstance(v, str)}
        for k, v in section.items():
            if not isinstance(v, str):
                problems.append(f"{where(k)}: error: {name}.{k} must be a string; ignored")
    def folder(value: str) -> Path | None:
        try:
            return Path(value).expanduser()
        except RuntimeError as error:  # "~nosuchuser/papers": no such user's home
            problems.append(f"{where('folders')}: error: library.folders: {value!r}: {error}; ignored")
            return None

    fetch, summarize = table("fetch"), table("summarize")
    jobs = fetch.get("jobs")
    if jobs is not None and (not isinstance(jobs, int) or isinstance(jobs, bool) or not 1 <= jobs <= 64):
        problems.append(f"{where('jobs')}: error: fetch.jobs must be a whole number from 1 to 64, not {jobs!r}; using 4")
        jobs = None
    key_env = text(summarize, "api_key_env", None)
    if key_env is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key_env):
        problems.append(f"{where('api_key_env')}: error: summarize.api_key_env must name an environment variable (the key itself never goes in the file); ignored")
        key_env = None
    read_after = ui.get("read_after", 2.0)
    if isinstance(read_after, bool) or not isinstance(read_after, int | float) or not 0 <= read_after <= 3600:
        problems.append(f"{where('read_after')}: error: ui.read_after must be a number of seconds from 0 to 3600, not {read_after!r}; using 2")
        read_after = 2.0
    places = {f"{name}.{key}": where(key) for name in ("ui", "keys", "views") for key in table_keys(data, name)}
    config = Config(
        read_after=float(read_after),
        where=places,
        folders=tuple(p for p in map(folder, folders) if p is not None),
        sources=tuple(sources),
        sort=Sort(text(ui, "sort", "votes", tuple(Sort))),
        scope=Scope(text(ui, "scope", "day", tuple(Scope))),
        theme=text(ui, "theme", None),
        keys=strings["keys"],
        views=strings["views"],
        fetch_endpoint=text(fetch, "endpoint", None),
        fetch_jobs=jobs,
        summarize_provider=text(summarize, "provider", None, ("none", "openai")),
        summarize_model=text(summarize, "model", None),
        summarize_base_url=text(summarize, "base_url", None),
        summarize_api_key_env=key_env,
    )
    return config, problems
