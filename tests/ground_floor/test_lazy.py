"""Tests of scaling_lab._lazy: a module imported on first attribute access.

A throwaway module written to a temporary folder stands for SciPy and Matplotlib: its import is recorded,
so the tests see exactly when it happens.  That ``import scaling_lab`` itself imports none of the heavy
modules is checked in tests/repository/test_layout.py.
"""

import sys
import uuid

import pytest

from scaling_lab._lazy import LazyModule, lazy_module


@pytest.fixture
def probe(tmp_path, monkeypatch):
    """The name of a fresh importable module that counts its imports in ``IMPORTS``."""
    name = f"lazy_probe_{uuid.uuid4().hex}"
    (tmp_path / f"{name}.py").write_text("import builtins\nVALUE = 42\n"
                                         "builtins.__dict__.setdefault('LAZY_PROBE_IMPORTS', []).append(__name__)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)


def imports_of(name):
    import builtins

    return builtins.__dict__.get("LAZY_PROBE_IMPORTS", []).count(name)


def test_nothing_is_imported_until_an_attribute_is_read(probe):
    module = lazy_module(probe)
    assert isinstance(module, LazyModule) and module.__name__ == probe
    assert probe not in sys.modules and imports_of(probe) == 0
    assert "not imported yet" in repr(module)
    assert module.VALUE == 42
    assert probe in sys.modules and imports_of(probe) == 1
    assert "(imported)" in repr(module)


def test_the_module_is_imported_once(probe):
    module = lazy_module(probe)
    assert module.VALUE == module.VALUE == 42
    assert "VALUE" in dir(module)
    assert imports_of(probe) == 1


def test_a_missing_module_fails_at_first_use_not_at_declaration():
    module = lazy_module("no_such_module_for_scaling_lab")
    with pytest.raises(ModuleNotFoundError):
        module.anything


def test_a_missing_attribute_is_an_attribute_error(probe):
    with pytest.raises(AttributeError):
        lazy_module(probe).NOT_THERE
