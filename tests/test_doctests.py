"""Every public docstring example runs, module by importable name (never as a file path)."""

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ["govkg.extract", "govkg.graph", "govkg.ontology", "govkg.queries", "govkg.viz"]


def _modules():
    names = []
    for pkg in PACKAGES:
        mod = importlib.import_module(pkg)
        names.append(pkg)
        for info in pkgutil.iter_modules(mod.__path__):
            if info.name != "__main__":
                names.append(f"{pkg}.{info.name}")
    return names


@pytest.mark.parametrize("name", _modules())
def test_doctests_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"


def test_doctests_public_functions_have_examples_somewhere():
    # every module with public functions carries at least one runnable example
    missing = []
    for name in _modules():
        module = importlib.import_module(name)
        if getattr(module, "__all__", None) and not doctest.DocTestFinder().find(module) and name.count(".") > 1:
            if not any(t.examples for t in doctest.DocTestFinder().find(module)):
                missing.append(name)
    assert not missing, f"modules without a docstring example: {missing}"
