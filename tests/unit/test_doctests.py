"""The examples in the docstrings of hoidap, ingest, index, qa and eval are run: an example
that no longer holds (``eval.fit.family_of`` said "text" after lists were scored apart) is a
wrong document of the code, so it fails the suite like any test."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("hoidap", "ingest", "index", "qa", "eval")


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        root = importlib.import_module(package)
        names.append(package)
        names += [m.name for m in pkgutil.walk_packages(root.__path__, f"{package}.")]
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_hold(name: str) -> None:
    result = doctest.testmod(
        importlib.import_module(name), optionflags=doctest.ELLIPSIS, raise_on_error=False
    )
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples fail"
