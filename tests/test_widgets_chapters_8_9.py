"""Bad input of the explorers of chapters 8 and 9 (their drawing is covered by the contract test of
tests/test_widgets.py, which walks every registered explorer)."""

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


@pytest.mark.parametrize("kwargs, name", [
    (dict(n_params=0.0), "n_params"),
    (dict(n_params=np.inf), "n_params"),
    (dict(losses=[3.0, -1.0]), "losses"),
    (dict(losses=[]), "losses"),
    (dict(losses=[2.5]), "losses must all exceed"),  # a 1e8 model converges to 2.80: 2.5 is out of reach
    (dict(dpi=-1), "dpi"),
])
def test_batch_tradeoff_explorer_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        sl.batch_tradeoff_explorer(mode="live", **{**SMALL, **kwargs})


def test_explorers_take_their_own_ranges():
    iso = sl.isoflop_explorer(mode="static", budgets=[1e19, 1e22], **SMALL)
    assert len(iso.frames) == 4 and iso.values["compute_flops"] == (1e19, 1e22)
    batch = sl.batch_tradeoff_explorer(mode="static", n_params=1e9, losses=[2.7], **SMALL)
    assert len(batch.frames) == 9 and batch.values["loss"] == (2.7,)
