"""Tests of scaling_lab.nets.optim: Adam and momentum SGD on a flat parameter vector (known least-squares
optimum, Adam's first step), the warmup-cosine schedule, and named views of the flat vector.
"""

import numpy as np
import pytest

from scaling_lab.nets import SGD, Adam, flat_views, warmup_cosine_schedule


def test_schedule_shape():
    lr = warmup_cosine_schedule(100, 0.1)
    assert lr.shape == (100,) and lr[4] == pytest.approx(0.1) and lr.max() == pytest.approx(0.1)
    assert lr[0] == pytest.approx(0.02) and 0 < lr[-1] < 1e-3
    assert np.all(np.diff(lr[5:]) < 0)
    np.testing.assert_allclose(warmup_cosine_schedule(3, 1.0, warmup_fraction=0.0),
                               [0.5 * (1 + np.cos(np.pi * k / 4)) for k in (1, 2, 3)])


def _least_squares_problem():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((40, 5))
    y = x @ rng.standard_normal(5) + 0.1 * rng.standard_normal(40)
    return x, y, np.linalg.lstsq(x, y, rcond=None)[0]


@pytest.mark.parametrize("make", [lambda n: Adam(n, dtype=np.float64), lambda n: SGD(n, dtype=np.float64)])
def test_optimisers_reach_the_least_squares_solution(make):
    """A linear model trained by full-batch Adam or momentum SGD converges to the least-squares optimum."""
    x, y, exact = _least_squares_problem()
    theta = np.zeros(5)
    optimizer = make(5)
    rate = 0.05 if isinstance(optimizer, Adam) else 0.02
    for lr in warmup_cosine_schedule(3000, rate):
        optimizer.step(theta, x.T @ (x @ theta - y) / len(y), lr)
    np.testing.assert_allclose(theta, exact, atol=1e-6)


def test_adam_first_step_and_lr_scale():
    """Adam's first step is -lr * sign(g) (bias-corrected moments, eps negligible), times lr_scale."""
    params = np.zeros(3)
    Adam(3, lr_scale=np.array([1.0, 0.5, 0.0]), dtype=np.float64).step(params, np.array([2.0, -3.0, 1.0]), 0.1)
    np.testing.assert_allclose(params, [-0.1, 0.05, 0.0], rtol=1e-6)


# ----------------------------------------------------------------------------- bad input
def test_bad_input():
    with pytest.raises(ValueError, match="flat must be a 1-d array of size 6"):
        flat_views(np.zeros(5), {"a": (2, 3)})
    with pytest.raises(ValueError, match="beta1 must lie in"):
        Adam(3, beta1=1.0)
    with pytest.raises(ValueError, match="lr_scale must be"):
        SGD(3, lr_scale=np.ones(2))
    with pytest.raises(ValueError, match="momentum must lie in"):
        SGD(3, momentum=-0.1)
    with pytest.raises(ValueError, match="warmup_fraction must lie in"):
        warmup_cosine_schedule(10, 0.1, warmup_fraction=1.0)
    with pytest.raises(ValueError, match="n_steps must be >= 1"):
        warmup_cosine_schedule(0, 0.1)
