"""Every module: its docstring examples run, its ``__all__`` is honest, and the packages are
only importable as ``govkg.*`` (doctests are run by importable module name, never as files)."""

import ast
import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["govkg.extract", "govkg.graph", "govkg.ontology", "govkg.queries", "govkg.viz"]


def _modules(*, packages: bool = True) -> list[str]:
    names = []
    for pkg in PACKAGES:
        mod = importlib.import_module(pkg)
        if packages:
            names.append(pkg)
        names.extend(f"{pkg}.{info.name}" for info in pkgutil.iter_modules(mod.__path__) if info.name != "__main__")
    return names


@pytest.mark.parametrize("name", _modules())
def test_modules_doctests_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"


@pytest.mark.parametrize("name", _modules(packages=False))
def test_modules_have_a_runnable_example(name):
    module = importlib.import_module(name)
    if name.endswith(".cli") or not getattr(module, "__all__", None):
        return
    assert any(t.examples for t in doctest.DocTestFinder().find(module)), f"{name} has no docstring example"


@pytest.mark.parametrize("name", _modules(packages=False))
def test_modules_all_names_exist(name):
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    missing = [n for n in exported if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ names missing attributes: {missing}"


def test_modules_no_bare_top_level_imports():
    offenders = []
    for folder in ("extract", "graph", "ontology", "queries", "viz", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for n in names:
                    if n.split(".")[0] in ("extract", "graph", "ontology", "queries", "viz"):
                        offenders.append(f"{path.relative_to(ROOT)}: import {n}")
    assert not offenders, offenders


def test_modules_version_from_metadata():
    from importlib.metadata import version

    assert version("govkg")
