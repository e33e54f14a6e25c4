"""Tests of scaling_lab.widgets.transfer_limits: the repetition explorer of ``book/transfer_limits.md``.

Its 15 frames (5 budgets x 3 amounts of unique data) share fixed axes, epochs 1 to 100 and losses up to 3.6
nats: every frame's marked optimum must fall inside them.  Its drawing is covered by the contract test in
test_spec.py.
"""

import pytest

import scaling_lab as sl
from scaling_lab.widgets.transfer_limits import repetition_explorer

SMALL = dict(width=160, height=100, dpi=30)


def test_slider_values_and_the_opening_frame():
    ex = repetition_explorer("live", **SMALL)
    assert ex.values == {"compute_flops": (1e20, 1e21, 1e22, 1e23, 1e24), "unique_tokens": (1e9, 1e10, 1e11)}
    assert ex.current_values() == {"compute_flops": 1e22, "unique_tokens": 1e10}


def test_every_frames_optimum_lies_inside_the_fixed_axes():
    ex = repetition_explorer("live", **SMALL)
    for compute in ex.values["compute_flops"]:
        for unique in ex.values["unique_tokens"]:
            profile = sl.repeated_data_profile(compute, unique)
            assert 1.0 <= profile.best_epochs <= 100.0, (compute, unique)
            assert profile.best_loss < 3.6 and profile.loss_if_fresh.min() < 3.6


@pytest.mark.parametrize("kwargs, name", [({"width": -1}, "width"), ({"height": 0}, "height"),
                                          ({"dpi": 0}, "dpi")])
def test_bad_sizes_are_named(kwargs, name):
    with pytest.raises(ValueError, match=name):
        repetition_explorer("live", **{**SMALL, **kwargs})
