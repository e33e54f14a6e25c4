"""Tests of scaling_lab.plotting.glued: values computed on a page, recorded for the book's ``{glue}`` roles.

With myst_nb present (the book build) every value goes to ``myst_nb.glue`` with ``display=False`` and NumPy
scalars as Python numbers; without it (Colab, Binder, JupyterLite) nothing happens; either way a value the
book could not show is refused, naming it.  A recorder stands in for myst_nb.
"""

import sys
import types

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure

from scaling_lab.plotting.glued import glue


@pytest.fixture
def recorded(monkeypatch):
    calls = []
    fake = types.ModuleType("myst_nb")
    fake.glue = lambda name, value, display=True: calls.append((name, value, display))
    monkeypatch.setitem(sys.modules, "myst_nb", fake)
    return calls


def test_values_go_to_myst_nb_without_being_displayed(recorded):
    figure = Figure()
    assert glue(slope=np.float64(-1.00012), n=np.int64(3), label="fit", fig=figure) is None
    assert recorded == [("slope", -1.00012, False), ("n", 3, False), ("label", "fit", False),
                        ("fig", figure, False)]
    assert type(recorded[0][1]) is float and type(recorded[1][1]) is int  # plain Python numbers


def test_without_myst_nb_nothing_is_recorded(monkeypatch):
    monkeypatch.setitem(sys.modules, "myst_nb", None)  # importing it raises ImportError, as in Colab
    assert glue(slope=-1.0) is None


@pytest.mark.parametrize("value, match", [
    (float("nan"), "glue value slope must be finite"),
    (np.inf, "glue value slope must be finite"),
    (True, "glue value slope must be a number, a string or a figure; got a boolean"),
    (np.bool_(False), "got a boolean"),
    ([1.0, 2.0], "got list"),
    (np.array([1.0]), "got ndarray"),
    (None, "got NoneType"),
])
def test_what_the_book_cannot_show_is_refused_with_its_name(recorded, value, match):
    with pytest.raises(ValueError, match=match):
        glue(slope=value)
    assert recorded == []  # nothing is recorded when any value is refused


def test_at_least_one_value(recorded):
    with pytest.raises(ValueError, match="at least one"):
        glue()
