"""The domain layer stays free of the UI (as harlequin enforces)."""

from __future__ import annotations

import ast
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
    import dataclasses

    from reader.core import model

    for cls in (model.Paper, model.Bullet, model.Digest, model.Source):
        assert cls.__dataclass_params__.frozen, cls
        assert dataclasses.is_dataclass(cls)


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


def test_the_catalog_knows_the_signature_size():
    from reader.core import catalog, ngrams

    assert catalog.SIGNATURE_BYTES == ngrams.BYTES


def test_the_collector_is_on_again_whatever_the_command_did(tmp_path):
    import gc

    from reader.cli import main

    assert main([str(tmp_path / "missing")]) == 2  # the reader's path turns it off while starting
    assert gc.isenabled()
