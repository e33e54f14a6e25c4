"""Tests of scaling_lab.laws.moe: Clark et al.'s (2022) routed law and effective parameter count, and the
form of Krajewski et al.'s (2024) fine-grained law."""

import math

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.reference import (
    CLARK_2022_DATA_POINTS, CLARK_2022_PUBLISHED, CLARK_2022_REFIT, KRAJEWSKI_2024, FineGrainedMoEParams,
)

# Planted constants to test the form of Krajewski et al.'s law (not the paper's, which are KRAJEWSKI_2024).
PLANTED = FineGrainedMoEParams(a=20.0, alpha=0.1, b=30.0, beta=0.15, g=2.0, gamma=0.6, c=0.5, source="planted")


@pytest.mark.parametrize("point", CLARK_2022_DATA_POINTS, ids=lambda p: f"{p.router}-{p.n_dense:.0e}-{p.n_experts}")
def test_routed_loss_meets_released_losses(point):
    # The released final losses of Clark et al.'s runs; our refit's RMSE is 0.0032 in log10 loss (0.75%),
    # so 2% covers every point with room for the worst residual.
    router = "S-BASE" if point.router == "Dense" else point.router
    got = sl.routed_loss(point.n_dense, point.n_experts, params=CLARK_2022_REFIT[router])
    assert got == pytest.approx(point.loss, rel=0.02)


def test_saturation_limits():
    p = CLARK_2022_REFIT["S-BASE"]
    assert sl.saturated_experts(1, params=p) == pytest.approx(p.e_start)
    assert sl.saturated_experts(1e12, params=p) == pytest.approx(p.e_max, rel=1e-6)
    e_hat = sl.saturated_experts(np.array([1, 2, 8, 64, 512]), params=p)
    assert np.all(np.diff(e_hat) > 0) and e_hat[-1] < p.e_max


def test_one_expert_is_a_dense_power_law():
    p = CLARK_2022_REFIT["S-BASE"]
    n = np.array([1e7, 1e8, 1e9])
    loss = sl.routed_loss(n, 1, params=p)
    slope = np.diff(np.log10(loss)) / np.diff(np.log10(n))
    assert slope == pytest.approx([p.a + p.c * math.log10(p.e_start)] * 2, rel=1e-12)
    assert sl.routed_effective_params(n, 1, params=p) == pytest.approx(n, rel=1e-12)


def test_effective_params_gives_the_routed_loss():
    p = CLARK_2022_REFIT["RL-R"]
    n, e = np.array([1.3e8, 1.3e9]), np.array([64, 512])
    n_bar = sl.routed_effective_params(n, e, params=p)
    assert sl.routed_loss(n_bar, 1, params=p) == pytest.approx(sl.routed_loss(n, e, params=p), rel=1e-10)
    assert np.all(n_bar > n)


def test_more_experts_help_less_at_larger_n():
    p = CLARK_2022_REFIT["S-BASE"]
    gain = sl.routed_loss([1.65e7, 1.3e9], 1, params=p) / sl.routed_loss([1.65e7, 1.3e9], 64, params=p)
    assert gain[0] > gain[1] > 1
    ratio = sl.routed_effective_params([1.65e7, 1.3e9], 64, params=p) / np.array([1.65e7, 1.3e9])
    assert ratio[0] > ratio[1] > 1


def test_fine_grained_limits_and_monotonicity():
    n, d = 1e9, 2e10
    dense_like = PLANTED.c + PLANTED.a / n**PLANTED.alpha + PLANTED.b / d**PLANTED.beta
    assert sl.fine_grained_moe_loss(n, d, 1e12, params=PLANTED) == pytest.approx(dense_like, rel=1e-6)
    at_one = PLANTED.c + (PLANTED.g + PLANTED.a) / n**PLANTED.alpha + PLANTED.b / d**PLANTED.beta
    assert sl.fine_grained_moe_loss(n, d, 1, params=PLANTED) == pytest.approx(at_one, rel=1e-12)
    losses = sl.fine_grained_moe_loss(n, d, np.array([1, 2, 4, 8, 16, 64]), params=PLANTED)
    assert np.all(np.diff(losses) < 0)
    assert np.all(np.diff(sl.fine_grained_moe_loss([1e8, 1e9, 1e10], d, 8, params=PLANTED)) < 0)
    assert np.all(np.diff(sl.fine_grained_moe_loss(n, [1e9, 1e10, 1e11], 8, params=PLANTED)) < 0)


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf])
def test_bad_input_names_the_argument(bad):
    with pytest.raises(ValueError, match="n_dense"):
        sl.routed_loss(bad, 8)
    with pytest.raises(ValueError, match="n_experts"):
        sl.routed_effective_params(1e8, bad)
    with pytest.raises(ValueError, match="n_experts"):
        sl.saturated_experts(bad)
    with pytest.raises(ValueError, match="granularity"):
        sl.fine_grained_moe_loss(1e8, 1e9, bad, params=PLANTED)
    with pytest.raises(ValueError, match="n_tokens"):
        sl.fine_grained_moe_loss(1e8, bad, 2, params=PLANTED)


def test_bad_shapes_and_params():
    with pytest.raises(ValueError, match="n_dense, n_experts"):
        sl.routed_loss([1e8, 1e9], [1, 2, 4])
    with pytest.raises(ValueError, match="n_experts must be >= 1"):
        sl.routed_loss(1e8, 0.5)
    with pytest.raises(ValueError, match="e_start"):
        sl.routed_loss(1e8, 4, params=CLARK_2022_REFIT["Hash"].__class__(-0.08, -0.1, 0.01, 1.1, 500.0, 400.0))
    with pytest.raises(ValueError, match="params.c"):
        sl.fine_grained_moe_loss(1e8, 1e9, 2, params=PLANTED.__class__(1, 0.1, 1, 0.1, 1, 0.5, -1.0))


def test_defaults_are_the_published_constants():
    p = CLARK_2022_PUBLISHED["S-BASE"]
    assert sl.routed_loss(1.3e9, 64) == sl.routed_loss(1.3e9, 64, params=p)
    assert sl.routed_effective_params(1.3e8, 8) == sl.routed_effective_params(1.3e8, 8, params=p)
    assert sl.saturated_experts(1) == pytest.approx(p.e_start)
    assert sl.fine_grained_moe_loss(6.4e9, 4.37e9, 8) == sl.fine_grained_moe_loss(6.4e9, 4.37e9, 8,
                                                                                   params=KRAJEWSKI_2024)
