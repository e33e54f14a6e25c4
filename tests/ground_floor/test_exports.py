"""Tests of scaling_lab._exports: a package's public namespace is the union of its submodules' ``__all__``.

That every package of scaling_lab is built this way, and that the top level is exactly the union of the
public modules' lists, is checked in tests/repository/test_vocabulary.py.
"""

from types import SimpleNamespace

import pytest

from scaling_lab._exports import reexport


def test_names_are_copied_in_order_and_listed_once():
    one = SimpleNamespace(__name__="one", __all__=["b", "a"], a=1, b=2, hidden=3)
    two = SimpleNamespace(__name__="two", __all__=["c"], c=4)
    namespace = {}
    assert reexport(namespace, (one, two)) == ["b", "a", "c"]
    assert namespace == {"b": 2, "a": 1, "c": 4}  # names not in __all__ stay out
    assert reexport({}, ()) == []


def test_a_name_exported_twice_is_an_error():
    one = SimpleNamespace(__name__="one", __all__=["x"], x=1)
    two = SimpleNamespace(__name__="two", __all__=["x"], x=2)
    with pytest.raises(ValueError, match="both"):
        reexport({}, (one, two))
    with pytest.raises(ValueError, match="does not define"):
        reexport({}, (SimpleNamespace(__name__="three", __all__=["y"]),))


def test_the_error_names_both_modules():
    one = SimpleNamespace(__name__="pkg.one", __all__=["x"], x=1)
    two = SimpleNamespace(__name__="pkg.two", __all__=["x"], x=2)
    with pytest.raises(ValueError, match=r"'x' is exported by both pkg\.one and pkg\.two"):
        reexport({}, (one, two))
