"""Tests of scaling_lab.widgets.overtraining: the inference-cost explorer of ``book/overtraining.md`` (its own
slider values, what a frame's title reports, bad input).  Its drawing is covered by the contract test in
test_spec.py.
"""

import numpy as np
import pytest

import scaling_lab as sl

SMALL = dict(width=120, height=80, dpi=30)


@pytest.mark.parametrize("kwargs, name", [
    (dict(inference_tokens=[0.0, -1e12]), "inference_tokens"),
    (dict(inference_tokens=[np.nan]), "inference_tokens"),
    (dict(inference_tokens=[]), "inference_tokens"),
    (dict(target_losses=[1.5]), "target_losses"),  # below the refit's E = 1.817
    (dict(target_losses=[0.0]), "target_losses"),
    (dict(width=0), "width"),
])
def test_inference_cost_explorer_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        sl.inference_cost_explorer(mode="live", **{**SMALL, **kwargs})


def test_explorer_takes_its_own_values_and_draws_distinct_frames():
    ex = sl.inference_cost_explorer(mode="static", inference_tokens=[0.0, 1e13], target_losses=[2.1], **SMALL)
    assert ex.values["inference_tokens"] == (0.0, 1e13) and ex.values["target_loss"] == (2.1,)
    assert len(ex.frames) == 2 and len(set(ex.frames)) == 2 and len(set(ex.axis_limits)) == 1


def test_default_explorer_has_21_frames():
    ex = sl.inference_cost_explorer(mode="static", **SMALL)
    assert len(ex.frames) == 21
