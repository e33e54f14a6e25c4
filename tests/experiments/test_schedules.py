"""Tests of scaling_lab.experiments.schedules: WSD with branched cooldowns against cosine runs.

The runs here are tiny (a 16-wide model, a few hundred steps); the chapter's comparison is asserted in
book/schedules.md.  What is tested: the branching is exact (a branch equals a WSD run of its own length
trained from scratch), the step accounting, determinism under a seed, and bad input.
"""

import math

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.experiments.schedules import _cosine_run, _wsd_run

TINY = dict(hidden=16, n_steps=(50, 100, 200), seeds=(0,), n_validation=4096, n_curve_points=4, warmup_steps=5)


@pytest.fixture(scope="module")
def tiny():
    return sl.schedule_comparison(**TINY)


def test_step_accounting(tiny):
    # cosine: 50 + 100 + 200 steps; WSD: the 200-step run plus cooldowns of ceil(0.2 S): 10 and 20
    assert tiny.cosine_steps_total == 350 and tiny.wsd_steps_total == 230
    assert tiny.compute_saved == pytest.approx(1 - 230 / 350)
    np.testing.assert_array_equal(tiny.n_tokens, [6400, 12800, 25600])
    np.testing.assert_allclose(tiny.compute_flops, 6.0 * tiny.n_params * tiny.n_tokens)
    assert tiny.n_params == sl.CharMLP(16).n_params


def test_shapes_and_values(tiny):
    assert tiny.cosine_loss.shape == tiny.wsd_loss.shape == tiny.stable_loss.shape == (1, 3)
    assert np.all(np.isfinite(tiny.cosine_loss)) and np.all(np.isfinite(tiny.wsd_loss))
    # Training lowers the loss below the uniform guess over 39 symbols, log2(39) = 5.29 bits
    assert np.all(tiny.wsd_loss < math.log2(39)) and np.all(tiny.cosine_loss < math.log2(39))
    # the longest run is cooling at its end, so it has no stable-phase loss there
    assert np.isnan(tiny.stable_loss[0, -1]) and np.all(np.isfinite(tiny.stable_loss[0, :-1]))
    np.testing.assert_allclose(tiny.gap, tiny.wsd_loss - tiny.cosine_loss)
    assert tiny.curve_steps.shape == (3, 4) and tiny.curve_steps[2, -1] == 200
    assert "saved" in repr(tiny)


def test_branch_equals_a_wsd_run_from_scratch():
    """A cooldown branched from the long run gives the same loss as a WSD run of that length alone."""
    args = dict(hidden=16, seed=3, batch_size=128, peak=4e-3, warmup=5, n_validation=4096, n_curve_points=4)
    wsd = dict(fraction=0.2, shape="1-sqrt")
    branched = _wsd_run(lengths=np.array([50, 200]), **args, **wsd)
    alone = _wsd_run(lengths=np.array([50]), **args, **wsd)
    # The 50-step WSD run alone is the "longest" run of its own comparison: no branching involved
    assert branched["wsd_loss"][0] == pytest.approx(alone["wsd_loss"][0], abs=1e-6)
    # A cosine run is a job of its own: the same whatever other lengths its comparison has
    assert _cosine_run(lengths=np.array([50, 200]), index=0, **args) == _cosine_run(lengths=np.array([50]), index=0,
                                                                                    **args)


def test_deterministic_under_a_seed(tiny):
    again = sl.schedule_comparison(**TINY)
    np.testing.assert_array_equal(again.wsd_loss, tiny.wsd_loss)
    np.testing.assert_array_equal(again.cosine_curve, tiny.cosine_curve)


@pytest.mark.parametrize("kwargs, name", [
    (dict(n_steps=(100, 50)), "n_steps"), (dict(n_steps=(0, 50)), "n_steps"), (dict(n_steps=(1, 50)), "n_steps"),
    (dict(n_steps=(50, 40_000)), "n_steps"), (dict(seeds=()), "seeds"), (dict(seeds=(-1,)), "seeds"),
    (dict(seeds=3), "seeds"), (dict(hidden=0), "hidden"), (dict(peak_learning_rate=-1.0), "peak_learning_rate"),
    (dict(peak_learning_rate=np.nan), "peak_learning_rate"), (dict(cooldown_fraction=0.0), "cooldown_fraction"),
    (dict(cooldown_shape="cosine"), "cooldown_shape"), (dict(warmup_steps=45), "warmup_steps"),
    (dict(n_validation=100), "n_validation"), (dict(n_curve_points=0), "n_curve_points"),
])
def test_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        sl.schedule_comparison(**{**TINY, **kwargs})
