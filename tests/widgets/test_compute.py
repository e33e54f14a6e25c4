"""Tests of scaling_lab.widgets.compute: the IsoFLOP explorer of ``book/compute.md`` (its own budgets, bad
input).  Its drawing is covered by the contract test in test_spec.py.
"""

import numpy as np
import pytest

import scaling_lab as sl

SMALL = dict(width=120, height=80, dpi=30)


@pytest.mark.parametrize("kwargs, name", [
    (dict(budgets=[1e20, -1e21]), "budgets"),
    (dict(budgets=[1e20, np.nan]), "budgets"),
    (dict(budgets=[1e20]), "budgets"),
    (dict(budgets=[]), "budgets"),
    (dict(width=0), "width"),
])
def test_isoflop_explorer_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        sl.isoflop_explorer(mode="live", **{**SMALL, **kwargs})


def test_explorer_takes_its_own_budgets():
    iso = sl.isoflop_explorer(mode="static", budgets=[1e19, 1e22], **SMALL)
    assert len(iso.frames) == 4 and iso.values["compute_flops"] == (1e19, 1e22)
