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


def test_cosine_schedule_with_fixed_warmup_steps():
    """warmup_steps gives the same warm-up to runs of every length; it matches the fraction it stands for."""
    np.testing.assert_allclose(warmup_cosine_schedule(200, 0.1, warmup_steps=10),
                               warmup_cosine_schedule(200, 0.1, warmup_fraction=0.05))
    for n in (100, 1000):
        lr = warmup_cosine_schedule(n, 1.0, warmup_steps=7)
        np.testing.assert_allclose(lr[:7], np.arange(1, 8) / 7)
    for bad in (-1, 100, 1.5):
        with pytest.raises(ValueError, match="warmup_steps"):
            warmup_cosine_schedule(100, 1.0, warmup_steps=bad)


def test_wsd_schedule_closed_form():
    """Warm-up, a flat peak, then 1 - sqrt(u) over the last ceil(c S) steps, reaching zero."""
    from scaling_lab.nets import cooldown_steps, warmup_stable_decay_schedule

    lr = warmup_stable_decay_schedule(100, 0.5, warmup_steps=10, cooldown_fraction=0.2)
    assert cooldown_steps(100, 0.2) == 20
    np.testing.assert_allclose(lr[:10], 0.5 * np.arange(1, 11) / 10)
    np.testing.assert_allclose(lr[10:80], 0.5)
    np.testing.assert_allclose(lr[80:], 0.5 * (1 - np.sqrt(np.arange(1, 21) / 20)))
    assert lr[-1] == 0.0
    linear = warmup_stable_decay_schedule(100, 0.5, warmup_steps=10, cooldown_shape="linear")
    np.testing.assert_allclose(linear[80:], 0.5 * (1 - np.arange(1, 21) / 20))
    # 1 - sqrt drops faster than linear at the start of the cooldown, so it spends less time near the peak
    assert np.all(lr[80:-1] < linear[80:-1])


def test_wsd_runs_share_their_stable_phase():
    """A WSD run of any length is the longest run's prefix up to its own cooldown: what makes branching exact."""
    from scaling_lab.nets import cooldown_steps, warmup_stable_decay_schedule

    long = warmup_stable_decay_schedule(16000, 3e-3, warmup_steps=50)
    for n in (1000, 2000, 4000, 8000):
        short = warmup_stable_decay_schedule(n, 3e-3, warmup_steps=50)
        start = n - cooldown_steps(n, 0.2)
        np.testing.assert_array_equal(short[:start], long[:start])
        assert short[start] < long[start]


def test_wsd_schedule_rejects_bad_input():
    from scaling_lab.nets import cooldown_steps, warmup_stable_decay_schedule

    for kwargs, name in [(dict(n_steps=1), "n_steps"), (dict(peak_learning_rate=0), "peak_learning_rate"),
                         (dict(peak_learning_rate=np.nan), "peak_learning_rate"),
                         (dict(cooldown_fraction=0.0), "cooldown_fraction"),
                         (dict(cooldown_fraction=1.5), "cooldown_fraction"),
                         (dict(cooldown_fraction=np.inf), "cooldown_fraction"),
                         (dict(warmup_steps=-1), "warmup_steps"), (dict(warmup_steps=90), "warmup_steps"),
                         (dict(cooldown_shape="cosine"), "cooldown_shape")]:
        args = dict(n_steps=100, peak_learning_rate=1.0, warmup_steps=5) | kwargs
        with pytest.raises(ValueError, match=name):
            warmup_stable_decay_schedule(args.pop("n_steps"), args.pop("peak_learning_rate"), **args)
    with pytest.raises(ValueError, match="cooldown_fraction"):
        cooldown_steps(100, -0.1)
