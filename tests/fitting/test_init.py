"""Tests of the exports of scaling_lab.fitting (and scaling_lab.chinchilla): one sign convention for exponents.

The convention (stated on the book's notation page, book/notation.md):

* an attribute named ``exponent`` is the signed power p of y = c x^p: negative for a law that falls
  (a loss against model size), positive for one that grows (N_opt against compute);
* a fit of a falling law also has ``decay_exponent`` = -exponent > 0, the alpha of y = c x^-alpha,
  with ``decay_exponent_stderr`` and ``decay_exponent_ci``;
* a law fitted in a paper's own form keeps the paper's symbol for its decay exponents, positive
  (``alpha``, ``beta``, ``alpha_n``, ``alpha_d``, ``eta``).

Each test plants a known exponent, fits, and checks the sign and the value.  The last test lists every
result class the package exports, so a new one fails here until it is classified.
"""

import inspect

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.data.synthetic import (
    chinchilla_synthetic_runs, isoflop_synthetic_runs, sample_zipf_counts, training_curve_runs,
)
from scaling_lab.laws import (
    OvertrainingLawParams, bnsl, chinchilla_loss, kaplan_loss_nd, overtraining_loss, rosenfeld_loss,
)
from scaling_lab.reference import BNSLBreak, BNSLParams, ChinchillaParams, KaplanLossND, RosenfeldParams

X = np.geomspace(1e2, 1e6, 12)


def _signed_and_decay_agree(fit):
    """exponent = -decay_exponent, with the same standard error and the mirrored interval."""
    assert fit.decay_exponent == -fit.exponent
    assert fit.decay_exponent_stderr == fit.exponent_stderr
    assert fit.decay_exponent_ci == pytest.approx((-fit.exponent_ci[1], -fit.exponent_ci[0]))
    assert fit.exponent_ci[0] <= fit.exponent <= fit.exponent_ci[1]


# --------------------------------------------------------------------------- results with ``exponent``
def test_power_law_fit_is_signed_for_falling_and_growing_laws():
    falling = sl.fit_power_law(X, 3.0 * X**-0.7)
    growing = sl.fit_power_law(X, 2.0 * X**0.5)
    assert falling.exponent == pytest.approx(-0.7, abs=1e-9) and falling.decay_exponent == pytest.approx(0.7)
    assert growing.exponent == pytest.approx(0.5, abs=1e-9) and growing.decay_exponent == pytest.approx(-0.5)
    _signed_and_decay_agree(falling)


def test_saturating_fit_exponent_is_minus_alpha():
    rng = np.random.default_rng(0)
    y = (1.5 + 10.0 * X**-0.4) * np.exp(0.002 * rng.standard_normal(X.size))
    fit = sl.fit_saturating_power_law(X, y)
    # 0.2% noise on 12 points: the decay exponent is found to a few standard errors.
    assert fit.exponent < 0 < fit.decay_exponent
    assert abs(fit.decay_exponent - 0.4) < 5 * fit.decay_exponent_stderr
    _signed_and_decay_agree(fit)
    assert "decay_exponent" in fit.as_dict() and "exponent" not in fit.as_dict()


def test_zipf_fit_agrees_in_sign_with_least_squares_on_the_same_plot():
    counts = sample_zipf_counts(1.1, 1000, 200_000, seed=0)
    mle = sl.fit_zipf_mle(counts)
    seen = counts > 0
    ols = sl.fit_power_law(np.arange(1, counts.size + 1)[seen], counts[seen])
    # Zipf's s = 1.1 is the decay exponent; the signed exponent is -1.1, the sign least squares gives.
    assert abs(mle.decay_exponent - 1.1) < 4 * mle.decay_exponent_stderr
    assert mle.exponent < 0 and ols.exponent < 0
    _signed_and_decay_agree(mle)
    lo, hi = mle.decay_exponent_profile_ci
    assert lo < mle.decay_exponent < hi


def test_bnsl_fit_exponent_is_minus_c0_and_still_usable_as_params():
    x = np.geomspace(1e2, 1e8, 30)
    planted = BNSLParams(0.1, 5.0, 0.1, (BNSLBreak(0.4, 1e5, 0.3),))
    fit = sl.fit_bnsl(x, bnsl(x, planted))
    assert fit.decay_exponent == pytest.approx(0.1, abs=0.02)  # Caballero's c0, positive
    assert fit.exponent == pytest.approx(-0.1, abs=0.02)
    _signed_and_decay_agree(fit)
    # The law reads Caballero's positive c0 from ``as_params``, so a fit still works as params=.
    assert fit.as_params().exponent == fit.decay_exponent
    np.testing.assert_allclose(bnsl(x, fit), fit.predict(x))


def test_overtraining_fit_code_exponent_is_signed_and_eta_positive():
    planted = OvertrainingLawParams(1.8, 210.0, 370.0, 0.136)
    n = np.repeat(np.geomspace(1e7, 4e8, 4), 3)
    m = np.tile([10.0, 40.0, 320.0], 4)
    fit = sl.fit_overtraining(n, m * n, overtraining_loss(n, m, params=planted))
    assert fit.eta == pytest.approx(0.136, rel=1e-4)  # eq. (4): C^-eta, eta > 0
    assert fit.code_exponent == pytest.approx(-2 * fit.eta, rel=1e-9)  # their code: N^b_c, b_c < 0


@pytest.mark.parametrize("fitter, runs", [
    (sl.fit_isoflops, isoflop_synthetic_runs(noise=0.0)),
    (sl.fit_training_curve_minima, training_curve_runs(n_models=16, noise=0.0)),
], ids=["isoflops", "training-curve minima"])
def test_compute_optimal_fit_growth_exponents_are_positive(fitter, runs):
    fit = fitter(runs.n_params, runs.compute_flops, runs.loss)
    a_planted = sl.HOFFMANN_2022.beta / (sl.HOFFMANN_2022.alpha + sl.HOFFMANN_2022.beta)
    # N_opt grows with compute: a = n_opt_fit.exponent > 0, as the signed convention says.
    assert fit.a == fit.n_opt_fit.exponent and fit.b == fit.d_opt_fit.exponent
    assert fit.a == pytest.approx(a_planted, abs=0.02) and fit.a + fit.b == pytest.approx(1.0, abs=1e-6)


def test_bootstrap_keys_follow_the_fit_results():
    y = 1.5 + 10.0 * X**-0.4
    rng = np.random.default_rng(1)
    y = y * np.exp(0.002 * rng.standard_normal(X.size))
    sat = sl.bootstrap(sl.fit_saturating_power_law, X, y, n_boot=20, seed=0)
    pure = sl.bootstrap(sl.fit_power_law, X, 3.0 * X**-0.7 * np.exp(0.01 * rng.standard_normal(X.size)),
                        n_boot=20, seed=0)
    assert np.all(sat.samples["decay_exponent"] > 0)
    assert np.all(pure.samples["exponent"] < 0)


# --------------------------------------------------------------------------- laws in a paper's form
def test_chinchilla_fit_alpha_beta_positive_and_a_b_growth():
    planted = ChinchillaParams(E=1.7, A=400.0, B=1400.0, alpha=0.34, beta=0.28)
    runs = chinchilla_synthetic_runs(60, params=planted, noise=0.0, seed=0)
    fit = sl.fit_chinchilla(runs.n_params, runs.n_tokens, runs.loss)
    assert fit.alpha == pytest.approx(0.34, rel=1e-3) and fit.beta == pytest.approx(0.28, rel=1e-3)
    assert fit.a == pytest.approx(0.28 / 0.62, rel=1e-3) and fit.b == pytest.approx(0.34 / 0.62, rel=1e-3)


def test_kaplan_joint_fit_exponents_positive():
    n, d = (a.ravel() for a in np.meshgrid(np.geomspace(1e6, 1e9, 6), np.geomspace(1e7, 1e10, 6)))
    fit = sl.fit_kaplan_joint(n, d, kaplan_loss_nd(n, d, params=sl.KAPLAN_2020_LOSS_ND))
    # Kaplan et al. 2020, Table 2: alpha_N = 0.076, alpha_D = 0.103, both positive decay exponents.
    assert fit.alpha_n == pytest.approx(0.076, rel=1e-3) and fit.alpha_d == pytest.approx(0.103, rel=1e-3)
    assert isinstance(sl.KAPLAN_2020_LOSS_ND, KaplanLossND)


def test_rosenfeld_fit_exponents_positive():
    n, d = (a.ravel() for a in np.meshgrid(np.geomspace(1e3, 1e6, 6), np.geomspace(1e4, 1e7, 6)))
    eps0 = np.log2(39)
    planted = RosenfeldParams(a=40.0, alpha=0.4, b=30.0, beta=0.35, c_inf=1.5, eps0=eps0, eta=4.0)
    fit = sl.fit_rosenfeld(n, d, rosenfeld_loss(n, d, params=planted), random_guess_loss=eps0)
    assert fit.alpha == pytest.approx(0.4, rel=1e-3) and fit.beta == pytest.approx(0.35, rel=1e-3)


def test_chinchilla_params_and_loss_use_positive_alpha_beta():
    # The same planted law evaluated directly: a larger N lowers the loss because alpha > 0.
    p = ChinchillaParams(E=1.7, A=400.0, B=1400.0, alpha=0.34, beta=0.28)
    assert chinchilla_loss(1e10, 1e11, p) < chinchilla_loss(1e9, 1e11, p)


def test_power_law_tail_fit_alpha_is_positive():
    # Clauset, Shalizi and Newman's P(X = x) proportional to x^-alpha: alpha is their positive decay exponent.
    draws = sl.sample_power_law_tail(2.4, 3, 20_000, seed=1)
    fit = sl.fit_power_law_tail(draws, x_min=3)
    assert fit.alpha > 1 and fit.alpha == pytest.approx(2.4, abs=4 * fit.alpha_stderr)
    assert not hasattr(fit, "exponent")


# --------------------------------------------------------------------------- every result type is covered
#: Result classes with an exponent-like value, and the test above that checks each.
COVERED = {
    "PowerLawFit", "SaturatingPowerLawFit", "ZipfFit", "BNSLFit", "OvertrainingFit", "ComputeOptimalFit",
    "ChinchillaFit", "KaplanJointFit", "RosenfeldFit", "BootstrapResult",
    # ResampledChinchillaFits holds ChinchillaFit's alpha and beta for each resample (same names, same sign).
    "ResampledChinchillaFits",
    "PowerLawTailFit",
}
#: Result classes with no power-law exponent: a sigmoid link, a linear model of benchmark scores, an
#: exponential error law, per-budget minima, a comparison table and a forecast.
NO_EXPONENT = {"SigmoidLinkFit", "ObservationalFit", "DownstreamErrorFit", "ComputeOptima", "JointFitComparison",
               "JointForecast", "ObservationalForecast"}


def test_every_exported_result_class_is_classified():
    exported = {name for mod in (sl.fitting, sl.chinchilla) for name in mod.__all__
                if inspect.isclass(getattr(mod, name))}
    assert exported == COVERED | NO_EXPONENT, (
        "classify each new fit result: check its exponent's sign here, or list it in NO_EXPONENT")
