"""Tests of scaling_lab.fitting.huber_objective: the objective of Hoffmann et al.'s (2022) Approach 3 (eq. 11,
the sum of Huber losses of log residuals), its analytic gradient and Hessian, and their batched and
weighted forms (the weighted form is what the bootstrap of scaling_lab.chinchilla.bootstrap evaluates).
"""

import numpy as np
import pytest
from scipy import optimize

from scaling_lab import HOFFMANN_INIT_GRID
from scaling_lab.data.synthetic import chinchilla_synthetic_runs
from scaling_lab.fitting import huber_objective as chinchilla_module
from scaling_lab.fitting.huber_objective import huber_hessian, huber_objective, weighted_huber


# --------------------------------------------------------------------------- the starting grid
def test_hoffmann_grid_has_4500_points():
    # Hoffmann et al. 2022, Appendix D.2: alpha, beta in {0,...,2}, e in {-1,...,1}, a, b in {0,...,25}.
    assert chinchilla_module.hoffmann_grid().shape == (4500, 5)
    assert HOFFMANN_INIT_GRID["a"] == (0, 5, 10, 15, 20, 25) and HOFFMANN_INIT_GRID["e"] == (-1, -0.5, 0, 0.5, 1)


# --------------------------------------------------------------------------- derivatives and their forms
def test_analytic_gradient_matches_finite_differences():
    runs = chinchilla_synthetic_runs(40, noise=0.01, seed=2)
    args = (np.log(runs.n_params), np.log(runs.n_tokens), np.log(runs.loss))
    rng = np.random.default_rng(0)
    for theta in [np.array([6.0, 6.0, 0.5, 0.34, 0.28]), rng.uniform([0, 0, -1, 0, 0], [25, 25, 1, 2, 2])]:
        err = optimize.check_grad(lambda t: chinchilla_module.huber_objective(t, *args)[0],
                                  lambda t: chinchilla_module.huber_objective(t, *args)[1], theta)
        scale = np.linalg.norm(chinchilla_module.huber_objective(theta, *args)[1])
        # Forward differences with step 1.5e-8: relative error ~1e-6 of the gradient norm.
        assert err <= 1e-5 * max(scale, 1e-3)


def test_analytic_hessian_matches_differences_of_the_gradient():
    runs = chinchilla_synthetic_runs(40, noise=0.01, seed=2)
    args = (np.log(runs.n_params), np.log(runs.n_tokens), np.log(runs.loss))
    theta = np.array([5.0, 6.0, 0.4, 0.3, 0.3])
    step = 1e-6
    numeric = np.array([
        (chinchilla_module.huber_objective(theta + step * unit, *args)[1]
         - chinchilla_module.huber_objective(theta - step * unit, *args)[1]) / (2 * step)
        for unit in np.eye(5)])
    exact = chinchilla_module.huber_hessian(theta, *args)
    # Central differences of an exact gradient: error ~1e-10 relative (measured 2e-11).
    assert np.max(np.abs(exact - numeric)) <= 1e-8 * np.max(np.abs(exact))
    assert np.allclose(exact, exact.T)


def test_one_formula_for_single_batched_and_weighted_objectives():
    # huber_objective, huber_hessian and huber_objective_batch are views of weighted_huber; the batched
    # rows, the one-vector call and unit weights must agree (same sums in another order: 1e-12).
    runs = chinchilla_synthetic_runs(40, noise=0.01, seed=3)
    args = (np.log(runs.n_params), np.log(runs.n_tokens), np.log(runs.loss))
    thetas = np.random.default_rng(1).uniform([0, 0, -1, 0, 0], [25, 25, 1, 2, 2], size=(7, 5))
    thetas[0] = [6.0, 6.0, 0.5, 0.34, 0.28]
    f, g, h = chinchilla_module.weighted_huber(thetas, *args)
    f_w, g_w, h_w = chinchilla_module.weighted_huber(thetas, *args, np.ones((7, args[0].size)))
    batch = chinchilla_module.huber_objective_batch(thetas, *args, chunk=3)
    for k, theta in enumerate(thetas):
        f_k, g_k = chinchilla_module.huber_objective(theta, *args)
        assert f[k] == pytest.approx(f_k, rel=1e-12) and batch[k] == pytest.approx(f_k, rel=1e-12)
        assert f_w[k] == pytest.approx(f_k, rel=1e-12)
        np.testing.assert_allclose(g[k], g_k, rtol=1e-10, atol=1e-14 * np.abs(g_k).max())
        np.testing.assert_allclose(g_w[k], g_k, rtol=1e-10, atol=1e-14 * np.abs(g_k).max())
        h_k = chinchilla_module.huber_hessian(theta, *args)
        tol = 1e-12 * np.abs(h_k).max() + 1e-16  # entries that cancel to ~1e-17 differ in their last bits
        np.testing.assert_allclose(h[k], h_k, rtol=1e-10, atol=tol)
        np.testing.assert_allclose(h_w[k], h_k, rtol=1e-10, atol=tol)
    assert chinchilla_module.huber_objective_batch(np.empty((0, 5)), *args).shape == (0,)


def test_weighted_derivatives_equal_the_objective_on_the_resampled_rows():
    data = chinchilla_synthetic_runs(60, noise=0.01, seed=4)
    logs = np.log(data.n_params), np.log(data.n_tokens), np.log(data.loss)
    rng = np.random.default_rng(0)
    idx = rng.integers(0, 60, size=(3, 60))
    weights = np.stack([np.bincount(row, minlength=60) for row in idx]).astype(float)
    thetas = np.array([[6.0, 6.0, 0.5, 0.34, 0.28], [5.0, 7.0, 0.6, 0.3, 0.35], [20.0, 1.0, -1.0, 1.5, 0.1]])
    f, g, h = weighted_huber(thetas, *logs, weights)
    assert np.array_equal(weighted_huber(thetas, *logs, weights, order=0), f)
    np.testing.assert_array_equal(weighted_huber(thetas, *logs, weights, order=1)[1], g)
    for k in range(3):
        rows = tuple(v[idx[k]] for v in logs)
        f_ref, g_ref = huber_objective(thetas[k], *rows)
        # Same sums in another order: equal to rounding (1e-12 relative).
        assert f[k] == pytest.approx(f_ref, rel=1e-12)
        np.testing.assert_allclose(g[k], g_ref, rtol=1e-10, atol=1e-14 * np.abs(g_ref).max())
        h_ref = huber_hessian(thetas[k], *rows)
        np.testing.assert_allclose(h[k], h_ref, rtol=1e-10, atol=1e-12 * np.abs(h_ref).max())
