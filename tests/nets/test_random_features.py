"""Tests of scaling_lab.nets.random_features: the ridge solution, its gradient, the exact test loss.

The readout of a random-features model is a linear least-squares problem with a known solution,
so it is the course's "known solution in a linear case": the closed form is checked against the
normal equations in both (primal and dual) forms, against the zero of the objective's gradient,
and against the same objective minimised by the package's own Adam.
"""

import numpy as np
import pytest

from scaling_lab.nets import (
    Adam, PowerLawTask, fit_random_features, random_features_theory_exponent, ridge_objective_and_grad,
    ridge_readout, warmup_cosine_schedule,
)
from scaling_lab.nets.random_features import _features, _linear_features


@pytest.fixture(scope="module")
def problem():
    rng = np.random.default_rng(0)
    return rng.standard_normal((30, 12)), rng.standard_normal(30)


@pytest.mark.parametrize("shape", [(30, 12), (12, 30)])
def test_ridge_readout_solves_the_normal_equations(shape):
    rng = np.random.default_rng(1)
    phi, y, ridge = rng.standard_normal(shape), rng.standard_normal(shape[0]), 0.3
    theta = ridge_readout(phi, y, ridge)
    d, n = shape
    exact = np.linalg.solve(phi.T @ phi + d * ridge * np.eye(n), phi.T @ y)  # primal form, both cases
    np.testing.assert_allclose(theta, exact, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ridge_objective_and_grad(theta, phi, y, ridge)[1], 0.0, atol=1e-12)


def test_small_ridge_gives_least_squares(problem):
    phi, y = problem
    np.testing.assert_allclose(ridge_readout(phi, y, 1e-14), np.linalg.lstsq(phi, y, rcond=None)[0], atol=1e-8)


def test_ridge_gradient_matches_central_differences(problem):
    phi, y = problem
    theta = np.random.default_rng(2).standard_normal(12)
    value, grad = ridge_objective_and_grad(theta, phi, y, 0.1)
    numeric = np.zeros(12)
    for i in range(12):
        step = np.zeros(12)
        step[i] = 1e-6
        numeric[i] = (ridge_objective_and_grad(theta + step, phi, y, 0.1)[0]
                      - ridge_objective_and_grad(theta - step, phi, y, 0.1)[0]) / 2e-6
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)
    assert value == pytest.approx(0.5 * np.mean((phi @ theta - y) ** 2) + 0.05 * theta @ theta)


def test_adam_reaches_the_closed_form_ridge_solution(problem):
    phi, y = problem
    theta = np.zeros(12)
    adam = Adam(12, dtype=np.float64)
    for lr in warmup_cosine_schedule(4000, 0.05):
        adam.step(theta, ridge_objective_and_grad(theta, phi, y, 0.05)[1], lr)
    np.testing.assert_allclose(theta, ridge_readout(phi, y, 0.05), atol=1e-6)


def test_task_spectrum_and_sampling():
    task = PowerLawTask(n_latent=64, spectrum_exponent=0.5, noise_variance=0.01, seed=3)
    k = np.arange(1, 65)
    np.testing.assert_allclose(task.variances, k**-1.5 / np.sum(k**-1.5))
    x, clean, noisy = task.sample(20_000, seed=4)
    np.testing.assert_allclose(x.var(axis=0), task.variances, rtol=0.06)  # 20,000 draws: about 1% per entry
    assert np.var(noisy - clean) == pytest.approx(0.01, rel=0.05)
    assert random_features_theory_exponent(0.5) == 0.5


def test_linear_features_shortcut_has_the_right_law():
    """Features and labels drawn from their joint Gaussian law match those computed from latent x."""
    task = PowerLawTask(n_latent=32, noise_variance=0.01, seed=5)
    projection = np.random.default_rng(6).standard_normal((6, 32)) / np.sqrt(32)
    phi, y = _linear_features(task, projection, 200_000, (7,))
    joint = np.cov(np.column_stack([phi, y]).T)
    weighted = projection * task.variances
    expected = np.block([[weighted @ projection.T, (weighted @ task.teacher)[:, None]],
                         [(weighted @ task.teacher)[None, :], np.array([[task.teacher**2 @ task.variances + 0.01]])]])
    np.testing.assert_allclose(joint, expected, atol=4e-3 * np.abs(expected).max())
    phi_x, _, y_x = _features(task, projection, "linear", 10, (8,))
    assert phi_x.shape == (10, 6) and y_x.shape == (10,)


def test_exact_linear_loss_and_determinism():
    task = PowerLawTask(n_latent=256, seed=0)
    fit = fit_random_features(task, 32, 512, seed=1)
    assert fit == fit_random_features(task, 32, 512, seed=1)
    assert fit.loss > task.noise_variance and fit.train_loss < fit.loss
    more = fit_random_features(task, 128, 512, seed=1)
    assert more.loss < fit.loss  # more features, lower loss (far from the threshold N = D)
    fits = fit_random_features(task, 32, 512, ridge=(1e-8, 1e-2), seed=1)
    assert fits[0].loss == fit.loss and fits[1].ridge == 1e-2


def test_interpolation_and_double_descent_peak():
    task = PowerLawTask(n_latent=256, seed=0)
    losses = [fit_random_features(task, n, 64, feature_map="relu", n_test=512, seed=0) for n in (16, 64, 256)]
    assert losses[1].train_loss < 1e-6  # N = D interpolates with a tiny ridge
    assert losses[1].loss > 3 * max(losses[0].loss, losses[2].loss)  # ... and the test loss peaks there
    tamed = fit_random_features(task, 64, 64, feature_map="relu", ridge=1e-2, n_test=512, seed=0)
    assert tamed.loss < losses[1].loss / 3


def test_bad_input():
    task = PowerLawTask(n_latent=16)
    with pytest.raises(ValueError, match="task must be a PowerLawTask"):
        fit_random_features(None, 4, 4)
    with pytest.raises(ValueError, match="feature_map must be one of"):
        fit_random_features(task, 4, 4, feature_map="tanh")
    with pytest.raises(ValueError, match="ridge must be > 0"):
        fit_random_features(task, 4, 4, ridge=-1.0)
    with pytest.raises(ValueError, match="n_features must be >= 1"):
        fit_random_features(task, 0, 4)
    with pytest.raises(ValueError, match="spectrum_exponent must be > 0"):
        PowerLawTask(spectrum_exponent=0.0)
    with pytest.raises(ValueError, match="noise_variance must be >= 0"):
        PowerLawTask(noise_variance=-1e-3)
    with pytest.raises(ValueError, match="n_latent must be >= 2"):
        PowerLawTask(n_latent=1)
    with pytest.raises(ValueError, match="spectrum_exponent must be finite"):
        random_features_theory_exponent(np.nan)
    with pytest.raises(ValueError, match="features must be a 2-d"):
        ridge_readout(np.ones(3), np.ones(3), 0.1)
    with pytest.raises(ValueError, match="targets must have one entry per row"):
        ridge_readout(np.ones((3, 2)), np.ones(2), 0.1)
    with pytest.raises(ValueError, match="ridge must be > 0"):
        ridge_readout(np.ones((3, 2)), np.ones(3), 0.0)
    with pytest.raises(ValueError, match="features must be finite"):
        ridge_objective_and_grad(np.ones(2), np.full((3, 2), np.nan), np.ones(3), 0.1)
