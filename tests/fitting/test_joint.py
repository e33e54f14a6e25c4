"""Tests of scaling_lab.fitting.joint: Kaplan's and Rosenfeld's joint laws recover planted constants.

Noiseless data from the laws themselves (scaling_lab.laws.kaplan_loss_nd and rosenfeld_loss) must
be fitted to rounding (RMS log residual < 1e-6) with the planted exponents; with 0.5% log noise the
95% intervals must cover them.  The grids span 3 decades in N and D, as a scaling study would.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lab import (
    JointFitComparison, KaplanJointFit, RosenfeldFit, compare_joint_fits, fit_kaplan_joint, fit_rosenfeld,
    kaplan_loss_nd, rosenfeld_loss,
)
from scaling_lab.reference import KaplanLossND, RosenfeldParams

N, D = (a.ravel() for a in np.meshgrid(np.geomspace(1e3, 1e6, 6), np.geomspace(1e4, 1e7, 6)))
EPS0 = np.log2(39)


def planted_rosenfeld(alpha=0.4, beta=0.35, c_inf=1.5):
    return RosenfeldParams(a=40.0, alpha=alpha, b=30.0, beta=beta, c_inf=c_inf, eps0=EPS0, eta=4.0)


def test_kaplan_recovers_the_published_constants():
    # Kaplan et al. 2020 Table 2: N_c = 6.4e13, D_c = 1.8e13, alpha_N = 0.076, alpha_D = 0.103.
    from scaling_lab.reference import KAPLAN_2020_LOSS_ND as k
    n, d = N * 1e3, D * 1e3  # their range: 1e6 - 1e9 parameters, 1e7 - 1e10 tokens
    fit = fit_kaplan_joint(n, d, kaplan_loss_nd(n, d, params=k))
    assert isinstance(fit, KaplanJointFit) and fit.rms_log_residual < 1e-6
    assert fit.alpha_n == pytest.approx(0.076, rel=1e-3) and fit.alpha_d == pytest.approx(0.103, rel=1e-3)
    assert fit.n_c == pytest.approx(6.4e13, rel=1e-2) and fit.d_c == pytest.approx(1.8e13, rel=1e-2)
    np.testing.assert_allclose(fit.predict(n, d), kaplan_loss_nd(n, d, params=k), rtol=1e-6)


@settings(max_examples=10, deadline=None)
@given(alpha_d=st.floats(0.05, 0.3), ratio=st.floats(0.5, 2.0), seed=st.integers(0, 100))
def test_kaplan_intervals_cover_planted_exponents(alpha_d, ratio, seed):
    # Both terms of the law must matter on the grid, or an exponent is not identified: make them
    # equal at the grid's centre (N = 3e4, D = 3e5).
    alpha_n = ratio * alpha_d
    n_c = 1e8
    params = KaplanLossND(n_c=n_c, d_c=3e5 * (n_c / 3e4) ** ratio, alpha_n=alpha_n, alpha_d=alpha_d)
    noise = 0.005 * np.random.default_rng(seed).standard_normal(N.size)
    fit = fit_kaplan_joint(N, D, kaplan_loss_nd(N, D, params=params) * np.exp(noise))
    # 0.5% noise on 36 points: the exponents' standard errors are ~1e-3-1e-2; allow 4 of them.
    assert abs(fit.alpha_n - alpha_n) < 4 * fit.alpha_n_stderr + 1e-3
    assert abs(fit.alpha_d - alpha_d) < 4 * fit.alpha_d_stderr + 1e-3


def test_rosenfeld_recovers_planted_constants():
    params = planted_rosenfeld()
    loss = rosenfeld_loss(N, D, params=params)
    fit = fit_rosenfeld(N, D, loss, random_guess_loss=EPS0)
    assert isinstance(fit, RosenfeldFit) and fit.rms_log_residual < 1e-6
    assert fit.alpha == pytest.approx(0.4, rel=1e-3) and fit.beta == pytest.approx(0.35, rel=1e-3)
    # (a, b, c_inf, eta) are determined only up to a common factor; the fit sets eta = 1.
    assert fit.eta == 1.0 and fit.c_inf == pytest.approx(1.5 / 4.0, rel=1e-3)
    assert fit.a == pytest.approx(40.0 / 4.0, rel=1e-3) and fit.b == pytest.approx(30.0 / 4.0, rel=1e-3)
    np.testing.assert_allclose(fit.predict(N, D), loss, rtol=1e-6)


def test_rosenfeld_intervals_cover_with_noise():
    params = planted_rosenfeld(alpha=0.5, beta=0.3)
    loss = rosenfeld_loss(N, D, params=params) * np.exp(0.003 * np.random.default_rng(1).standard_normal(N.size))
    fit = fit_rosenfeld(N, D, loss, random_guess_loss=EPS0)
    assert fit.alpha_ci[0] < 0.5 < fit.alpha_ci[1] and fit.beta_ci[0] < 0.3 < fit.beta_ci[1]


def test_compare_joint_fits_on_a_chinchilla_law():
    from scaling_lab import ChinchillaParams, chinchilla_loss
    params = ChinchillaParams(E=1.5, A=10.0, B=20.0, alpha=0.4, beta=0.3)
    loss = chinchilla_loss(N, D, params)
    result = compare_joint_fits(N, D, loss, random_guess_loss=EPS0)
    assert isinstance(result, JointFitComparison)
    assert set(result.rms_log_residual) == {"kaplan", "rosenfeld", "chinchilla"}
    assert result.rms_log_residual["chinchilla"] < 1e-5  # the true form fits exactly ...
    assert result.rms_log_residual["kaplan"] > 10 * result.rms_log_residual["chinchilla"]  # ... the floorless one not
    assert np.isfinite(result.holdout_rms_log_error["chinchilla"]) and "held out" in repr(result)


def test_bad_input():
    loss = np.full(N.size, 3.0)
    with pytest.raises(ValueError, match="n_params must be > 0"):
        fit_kaplan_joint(-N, D, loss)
    with pytest.raises(ValueError, match="loss must be finite"):
        fit_kaplan_joint(N, D, np.full(N.size, np.nan))
    with pytest.raises(ValueError, match="n_tokens must have the same shape as n_params"):
        fit_kaplan_joint(N, D[:5], loss)
    with pytest.raises(ValueError, match="n_params needs at least 6 points"):
        fit_kaplan_joint(N[:5], D[:5], loss[:5])
    with pytest.raises(ValueError, match="confidence must lie in"):
        fit_kaplan_joint(N, D, loss, confidence=1.5)
    with pytest.raises(ValueError, match="loss must be below random_guess_loss"):
        fit_rosenfeld(N, D, np.full(N.size, 6.0), random_guess_loss=EPS0)
    with pytest.raises(ValueError, match="random_guess_loss must be > 0"):
        fit_rosenfeld(N, D, loss, random_guess_loss=0.0)
    with pytest.raises(ValueError, match="n_params needs at least 7 points"):
        compare_joint_fits(N[:6], D[:6], loss[:6], random_guess_loss=EPS0)
