"""Tests of the training sweeps in scaling_lab.experiments (language model, teacher-student, μP, random features).

The sweeps here are tiny versions of the presets (a few runs of a few steps): they check the
bookkeeping (sizes, FLOPs, order, shapes), determinism under a seed, and that the result does not
depend on the number of worker processes.  The presets themselves are measured by
``tests/benchmarks/bench_sweeps.py``.
"""

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.experiments import (
    char_mlp_hidden_for, isoflop_design, learning_rate_sweep, lm_sweep, mlp_width_for, random_features_sweep,
    student_sweep,
)


# ----------------------------------------------------------------------------- language model
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
                  sl.lm_extrapolation_run, sl.mlp_optimizer_sweep,
                  sl.mlp_depth_sweep, sl.mlp_shape_sweep, sl.mlp_data_sweep, sl.mlp_learning_curves,
                  sl.hyperparameter_transfer_sweep, sl.rf_size_sweep, sl.rf_data_sweep, sl.rf_double_descent):
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


# ----------------------------------------------------------------------------- teacher-student
def test_student_sweep_workers_and_select():
    kwargs = dict(n_steps=30, seed=1)
    one = student_sweep([4, 8, 4], [1, 1, 2], ["adam", "sgd", "adam"], n_jobs=1, **kwargs)
    two = student_sweep([4, 8, 4], [1, 1, 2], ["adam", "sgd", "adam"], n_jobs=2, **kwargs)
    np.testing.assert_array_equal(one.loss, two.loss)
    np.testing.assert_array_equal(one.n_params, [41, 81, 4 * 4 + 4 + 41])
    adam = one.select(optimizer="adam")
    assert len(adam) == 2 and set(adam.depth.tolist()) == {1, 2}
    data = student_sweep([4, 4], 1, "adam", n_samples=[16, 64], n_steps=30, n_curve_points=5, n_jobs=1)
    np.testing.assert_array_equal(data.n_samples, [16, 64])
    assert data.curve_loss.shape[0] == 2 and np.all(np.isfinite(data.curve_loss[:, -1]))


def test_mlp_width_for():
    assert mlp_width_for(2561, 1) == 256
    w = mlp_width_for(2500, 2)
    assert abs(8 * w + w + w * w + w + w + 1 - 2500) < 2 * w + 12
    with pytest.raises(ValueError, match="depth must be >= 1"):
        mlp_width_for(100, 0)
    with pytest.raises(ValueError, match="n_params must be finite"):
        mlp_width_for(np.inf, 1)


def test_student_sweep_bad_input():
    with pytest.raises(ValueError, match="optimizers must be"):
        student_sweep([4], 1, "rmsprop")
    with pytest.raises(ValueError, match="widths must be >= 1"):
        student_sweep([0], 1, "adam")


# ----------------------------------------------------------------------------- hyperparameter transfer
def test_learning_rate_sweep_shapes_and_workers():
    one = learning_rate_sweep([8, 16], [1e-3, 1e-2, 1e2], n_jobs=1)
    two = learning_rate_sweep([8, 16], [1e-3, 1e-2, 1e2], n_jobs=2)
    np.testing.assert_array_equal(one.loss, two.loss)
    assert one.loss.shape == (2, 2, 3) and one.parametrizations == ("standard", "mup")
    assert one.best_learning_rate("mup").shape == (2,)
    assert np.all(one.best_loss("standard") <= one.loss[0].min(axis=1))
    with pytest.raises(ValueError, match="parametrization must be one of"):
        one.best_learning_rate("ntk")
    with pytest.raises(ValueError, match="parametrizations must be drawn from"):
        learning_rate_sweep([8], [1e-3], parametrizations=("sp",))
    with pytest.raises(ValueError, match="learning_rates must be > 0"):
        learning_rate_sweep([8], [0.0])


# ----------------------------------------------------------------------------- random features
def test_random_features_sweep_workers_and_shapes():
    one = random_features_sweep([8, 16], 64, ridges=(1e-8, 1e-2), seeds=(0, 1), n_jobs=1)
    two = random_features_sweep([8, 16], 64, ridges=(1e-8, 1e-2), seeds=(0, 1), n_jobs=2)
    np.testing.assert_array_equal(one.loss, two.loss)
    assert one.loss.shape == (2, 2, 2) and one.mean_loss.shape == (2, 2)
    assert one.theory_exponent == 1.0 and np.all(one.loss > one.noise_variance)
    with pytest.raises(ValueError, match="feature_map must be one of"):
        random_features_sweep([8], 64, feature_map="tanh")
    with pytest.raises(ValueError, match="ridges must be > 0"):
        random_features_sweep([8], 64, ridges=(0.0,))
