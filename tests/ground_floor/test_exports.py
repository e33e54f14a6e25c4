"""Tests of scaling_lab._exports: a package's public namespace is the union of its submodules' ``__all__``."""

import pytest


def test_a_name_exported_twice_is_an_error():
    from types import SimpleNamespace

    from scaling_lab._exports import reexport

    one = SimpleNamespace(__name__="one", __all__=["x"], x=1)
    two = SimpleNamespace(__name__="two", __all__=["x"], x=2)
    with pytest.raises(ValueError, match="both"):
        reexport({}, (one, two))
    with pytest.raises(ValueError, match="does not define"):
        reexport({}, (SimpleNamespace(__name__="three", __all__=["y"]),))
