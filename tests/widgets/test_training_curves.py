"""Tests of scaling_lab.widgets.training_curves: the batch-size trade-off explorer of ``book/training_curves.md``
(its own losses, bad input).  Its drawing is covered by the contract test in test_spec.py.
"""

import numpy as np
import pytest

import scaling_lab as sl

SMALL = dict(width=120, height=80, dpi=30)


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


def test_explorer_takes_its_own_losses():
    batch = sl.batch_tradeoff_explorer(mode="static", n_params=1e9, losses=[2.7], **SMALL)
    assert len(batch.frames) == 9 and batch.values["loss"] == (2.7,)
