"""The domain layer stays free of the UI (as harlequin enforces)."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import reader

PACKAGE = Path(reader.__file__).parent
CORE = PACKAGE / "core"


def domain_modules():
    """Every module of the core package (whatever it is named: new modules are checked too)."""
    for path in sorted(CORE.rglob("*.py")):
        yield path.relative_to(PACKAGE), path


def test_domain_modules_do_not_import_textual_or_rich():
    offenders = []
    for rel, path in domain_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{rel}: {n}" for n in names if n.split(".")[0] in ("textual", "rich")]
    assert offenders == []
    assert len(list(domain_modules())) >= 8


def test_model_is_frozen():
    """A paper, once read, cannot be changed in place: a change makes another record."""
    import pytest

    from reader.core.model import Bullet, Marks, Paper, Source

    bullet = Bullet(None, "text")
    paper = Paper(date(2024, 5, 2), "T", "https://arxiv.org/abs/2405.00001", "2405.00001", 3, ("A",), (bullet,), None, Source("x.md", 1))
    for record, name in ((paper, "votes"), (bullet, "text"), (paper.source, "line"), (Marks(), "read")):
        with pytest.raises(AttributeError):
            setattr(record, name, None)
    assert paper._replace(votes=4).votes == 4 and paper.votes == 3


def test_styles_and_samples_are_in_the_wheel(tmp_path):
    """A non-editable install must carry styles/*.tcss and sample_digests/*.md inside the package."""
    import subprocess
    import sys
    import zipfile

    import pytest

    setuptools = pytest.importorskip("setuptools")
    if int(setuptools.__version__.split(".")[0]) < 77:
        pytest.skip("needs setuptools >= 77 (pip install -e '.[test]' brings it)")
    root = PACKAGE.parent
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(root)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = zipfile.ZipFile(next(tmp_path.glob("*.whl"))).namelist()
    assert "reader/styles/app.tcss" in names
    assert sum(n.startswith("reader/sample_digests/") and n.endswith(".md") for n in names) >= 6


def _imports(path: Path, module: str) -> set[str]:
    """The reader modules ``module`` imports when it runs (TYPE_CHECKING blocks are not run)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                visit(node.orelse)
                continue
            for child in ast.walk(node) if not isinstance(node, ast.If) else [node]:
                if isinstance(child, ast.Import):
                    found.update(a.name for a in child.names if a.name.startswith("reader"))
                elif isinstance(child, ast.ImportFrom):
                    base = child.module or ""
                    if child.level:
                        parts = package.split(".")
                        base = ".".join(parts[: len(parts) - child.level + 1] + ([base] if base else []))
                    if base.startswith("reader"):
                        found.add(base)
                        found.update(f"{base}.{a.name}" for a in child.names)
            if isinstance(node, ast.If):
                visit(node.body)
                visit(node.orelse)

    visit(ast.parse(path.read_text()).body)
    return found


def test_the_import_graph_has_no_cycle():
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    graph = {name: {m for m in _imports(path, name) if m in modules and m != name} for name, path in modules.items()}
    graph = {name: {m for m in deps if not name.startswith(m + ".")} for name, deps in graph.items()}  # a package's own parents
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def walk(name: str, trail: list[str]) -> None:
        state[name] = 1
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                cycles.append([*trail[trail.index(other):], other] if other in trail else [name, other])
            elif other not in state:
                walk(other, [*trail, other])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            walk(name, [name])
    assert cycles == []
    assert len(graph) > 30 and graph["reader.cli"]  # the graph was really built
