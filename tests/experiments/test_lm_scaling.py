"""Tests of scaling_lab.experiments.lm_scaling: the character-level language-model sweeps.

The sweeps here are tiny versions of the presets (a few runs of a few steps): they check the bookkeeping
(sizes, FLOPs, order, shapes), determinism under a seed, and that the result does not depend on the number
of worker processes.  The presets themselves are measured by ``tests/benchmarks/bench_sweeps.py``.
"""

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.experiments import char_mlp_hidden_for, isoflop_design, lm_sweep


def test_lm_sweep_bookkeeping_and_workers():
    one = lm_sweep([4, 8], [1280, 2560], seed=3, n_curve_points=3, n_jobs=1)
    two = lm_sweep([4, 8], [1280, 2560], seed=3, n_curve_points=3, n_jobs=2)
    np.testing.assert_array_equal(one.loss, two.loss)  # bit-identical however many processes
    np.testing.assert_array_equal(one.curve_loss, two.curve_loss)
    np.testing.assert_array_equal(one.n_params, [4 * 4 + 169 * 4 + 39, 8 * 8 + 169 * 8 + 39])
    np.testing.assert_array_equal(one.n_params_total - one.n_params, [624, 624])
    np.testing.assert_array_equal(one.compute_flops, 6.0 * one.n_params * one.n_tokens)
    np.testing.assert_array_equal(one.budget_flops, one.compute_flops)
    assert one.curve_loss.shape[0] == 2 and np.isnan(one.curve_loss[0]).sum() <= one.curve_loss.shape[1]
    assert np.all(one.loss < np.log2(39)) and "2 runs" in repr(one)
    other = lm_sweep([4, 8], [1280, 2560], seed=4, n_jobs=1)
    assert not np.array_equal(other.loss, one.loss)


def test_char_mlp_hidden_for():
    assert char_mlp_hidden_for(8 * 8 + 169 * 8 + 39) == 8
    assert char_mlp_hidden_for(23_349) == 90
    assert char_mlp_hidden_for(1) == 1


def test_isoflop_design_spends_each_budget():
    hidden, tokens, budget = isoflop_design([3e9, 1.2e10], 5)
    n = hidden * hidden + 169 * hidden + 39
    assert hidden.size == 10
    # D is rounded to whole characters only (the last batch holds the remainder), so 6ND meets the budget
    # to 1e-4: inside fit_isoflops' 0.1% grouping tolerance, so compute_flops can be passed to it directly.
    np.testing.assert_allclose(6.0 * n * tokens, budget, rtol=1e-4)
    # Sizes rise by about a factor 2 within a budget, centred near sqrt(C / 150).
    assert np.all(np.diff(hidden[:5]) > 0)
    assert n[2] == pytest.approx(np.sqrt(3e9 / 150), rel=0.15)


def test_isoflop_runs_group_by_their_own_compute():
    """fit_isoflops(n_params, compute_flops, loss) on an IsoFLOP design finds every budget (no budget_flops needed)."""
    hidden, tokens, budget = isoflop_design([3e9, 1.2e10, 4.8e10], 5)
    n = hidden * hidden + 169 * hidden + 39
    loss = sl.isoflop_curve(n, 6.0 * n * tokens)  # any convex profile per budget will do
    fit = sl.fit_isoflops(n, 6.0 * n * tokens, loss)
    assert len(fit.minima) == 3 and fit.n_dropped == 0
    np.testing.assert_allclose(fit.minima.compute_flops, [3e9, 1.2e10, 4.8e10], rtol=1e-4)


def test_char_mlp_hidden_for_other_contexts():
    assert char_mlp_hidden_for(16 * 16 + 73 * 16 + 39, context=2) == 16
    with pytest.raises(ValueError, match="context must be >= 1"):
        char_mlp_hidden_for(1000, context=0)


def test_presets_reject_bad_arguments_before_training():
    for sweep in (sl.lm_size_sweep, sl.lm_data_sweep, sl.lm_isoflop_sweep, sl.lm_grid_sweep, sl.lm_context_sweep,
                  sl.lm_extrapolation_run):
        with pytest.raises(ValueError, match="full must be True or False"):
            sweep(full=1)
        with pytest.raises(ValueError, match="seed must be >= 0"):
            sweep(seed=-1)


def test_lm_size_sweep_signature():
    import inspect
    params = inspect.signature(sl.lm_size_sweep).parameters
    assert list(params) == ["seed", "full"]
    assert all(p.kind is p.KEYWORD_ONLY for p in params.values())
    assert params["seed"].default == 0 and params["full"].default is False


def test_lm_sweep_bad_input():
    with pytest.raises(ValueError, match="n_tokens must have the same shape as hidden"):
        lm_sweep([4, 8], [1280])
    with pytest.raises(ValueError, match="hidden must be > 0"):
        lm_sweep([0], [1280])
    with pytest.raises(ValueError, match="n_jobs must be >= 1"):
        lm_sweep([4], [1280], n_jobs=0)
    with pytest.raises(ValueError, match="n_params must be > 0"):
        char_mlp_hidden_for(-5)
    with pytest.raises(ValueError, match="budgets must be > 0"):
        isoflop_design([0.0], 3)
