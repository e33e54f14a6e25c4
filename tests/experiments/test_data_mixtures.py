"""Tests of scaling_lab.experiments.data_mixtures: offset theory, measured slopes and offsets, bad input."""

import numpy as np
import pytest

from scaling_lab.experiments.data_mixtures import (
    DEFAULT_DOMAIN_VARIANCES, MixtureShiftCurves, mixture_offset, mixture_shift_curves,
)


def test_offset_closed_forms():
    # Training on the target distribution itself: tr(Sigma^-1 Sigma) = p, so C = sigma^2 p.
    assert mixture_offset(0.0, noise=2.0) == pytest.approx(4.0 * 8)
    # Two domains by hand: Sigma_A = diag(1, 4), Sigma_B = diag(4, 1), half and half -> diag(2.5, 2.5);
    # target B: C = 4/2.5 + 1/2.5 = 2.
    var = [[1.0, 4.0], [4.0, 1.0]]
    assert mixture_offset(0.5, domain_variances=var) == pytest.approx(2.0)
    assert mixture_offset([[0.5, 0.5]], domain_variances=var, target_weights=[1, 0]) == pytest.approx([2.0])
    # A vector of weights gives one offset per mix.
    assert mixture_offset([0.0, 1.0], domain_variances=var) == pytest.approx([2.0, 4 + 0.25])


def test_more_spread_training_data_can_beat_the_target_itself():
    # Covariate shift: a source 4x more spread along every feature lowers the offset below p.
    var = [[4.0] * 3, [1.0] * 3]
    assert mixture_offset(1.0, domain_variances=var) == pytest.approx(3 / 4)


@pytest.fixture(scope="module")
def curves():
    return mixture_shift_curves(seed=1)


def test_slope_stays_offset_moves(curves):
    assert isinstance(curves, MixtureShiftCurves)
    # Every mix: slope within its interval of the single-domain theory slope (about -1.03 here).
    for exponent_ci, theory in zip(curves.exponents_ci, curves.theory_exponents):
        assert exponent_ci[0] < theory < exponent_ci[1]
    assert np.ptp(curves.exponents) < 0.05
    # The offsets spread over more than a factor e and follow the theory (within their intervals).
    assert np.ptp(curves.log_offsets) > 1.0
    inside = [(lo < t < hi) for (lo, hi), t in zip(curves.log_offsets_ci, curves.theory_log_offsets)]
    assert all(inside)
    # The finite-n factor n / (n - p - 1) shifts every offset by the same amount: the ordering is C(w)'s.
    assert np.ptp(curves.theory_log_offsets - curves.asymptotic_log_offsets) < 1e-9


def test_wishart_draws_match_the_exact_gaussian_risk():
    # One domain (w = 0): E tr(Sigma (X^T X)^-1) = p / (n - p - 1) exactly; 4 standard errors.
    run = mixture_shift_curves([0.0], sample_sizes=(16, 64, 256), n_trials=4000, seed=3)
    exact = 8 / (np.array([16, 64, 256]) - 9)
    assert np.all(np.abs(run.excess_risk[0] - exact) < 4 * run.excess_risk_stderr[0])


def test_label_shift_bends_the_curve_to_a_floor():
    run = mixture_shift_curves([0.0, 0.5], label_shift=0.3, seed=2)
    assert run.exponents[0] == pytest.approx(-1.03, abs=0.05)  # trained on the target only: no bias
    assert run.exponents[1] > -0.5                              # half from the other rule: a floor


def test_three_domains_and_fast_grid():
    var = [[1.0] * 4, [2.0] * 4, [0.5] * 4]
    run = mixture_shift_curves([[0.5, 0.3, 0.2], [0.0, 0.0, 1.0]], sample_sizes=(32, 64, 128),
                               domain_variances=var, target_weights=[0, 0, 1], n_trials=50, seed=0)
    assert run.excess_risk.shape == (2, 3)
    assert "2 mixes x 3 sizes" in repr(run)


def test_determinism():
    a = mixture_shift_curves([0.2, 0.8], n_trials=20, seed=9)
    b = mixture_shift_curves([0.2, 0.8], n_trials=20, seed=9)
    assert np.array_equal(a.excess_risk, b.excess_risk)


def test_default_domains():
    a, b = np.array(DEFAULT_DOMAIN_VARIANCES)
    assert np.allclose(a, b[::-1]) and a[0] / a[-1] == pytest.approx(16.0)


@pytest.mark.parametrize("kwargs,match", [
    ({"mixing_weights": [1.2]}, "mixing_weights must be non-negative and sum to 1"),
    ({"mixing_weights": [[0.5, 0.3]]}, "mixing_weights must be non-negative and sum to 1"),
    ({"mixing_weights": [[0.2, 0.3, 0.5]]}, "one weight per domain"),
    ({"mixing_weights": [np.nan]}, "mixing_weights must be finite"),
    ({"target_weights": [0.5, 0.6]}, "target_weights must be non-negative and sum to 1"),
    ({"sample_sizes": (8, 16, 32)}, "sample_sizes must be integers >= 10"),
    ({"sample_sizes": (64, 128)}, "sample_sizes needs at least 3"),
    ({"domain_variances": [[1.0, -1.0], [1.0, 1.0]]}, "domain_variances must be > 0"),
    ({"domain_variances": [[1.0, 1.0]]}, "domain_variances must have shape"),
    ({"noise": 0.0}, "noise must be > 0"),
    ({"label_shift": -0.1}, "label_shift must be >= 0"),
    ({"n_trials": 1}, "n_trials must be >= 2"),
])
def test_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        mixture_shift_curves(**kwargs)


def test_bad_offset_input():
    with pytest.raises(ValueError, match="noise must be > 0"):
        mixture_offset(0.5, noise=-1.0)
    with pytest.raises(ValueError, match="mixing_weights must be finite"):
        mixture_offset(np.inf)
