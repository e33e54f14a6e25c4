"""Tests of scaling_lab.fitting: power-law, saturating and Zipf fits, and the bootstrap."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from scaling_lab.fitting import (
    PowerLawFit,
    fit_power_law,
    fit_saturating_power_law,
    fit_zipf_mle,
)
from scaling_lab.fitting.resampling import BootstrapResult, bootstrap
from scaling_lab.data.synthetic import sample_zipf_counts

FAST = settings(max_examples=25, deadline=None)


# --------------------------------------------------------------------------- fit_power_law
def test_power_law_exact_data_recovered_to_rounding():
    x = np.geomspace(1, 1e6, 12)
    fit = fit_power_law(x, 4.2 * x**-0.076)
    # Noise-free data: only floating-point error remains.
    assert fit.exponent == pytest.approx(-0.076, abs=1e-12)
    assert fit.coefficient == pytest.approx(4.2, rel=1e-10)
    assert fit.r_squared == pytest.approx(1.0, abs=1e-12)
    assert fit.predict(1e3) == pytest.approx(4.2 * 1e3**-0.076, rel=1e-10)
    assert isinstance(fit, PowerLawFit) and "exponent=-0.076" in repr(fit)


@FAST
@given(
    exponent=st.floats(-2.0, 2.0),
    coefficient=st.floats(1e-3, 1e3),
    noise=st.floats(1e-3, 0.2),
    n_points=st.integers(8, 60),
    seed=st.integers(0, 2**16),
)
def test_power_law_recovers_planted_parameters(exponent, coefficient, noise, n_points, seed):
    rng = np.random.default_rng(seed)
    x = np.geomspace(1.0, 1e4, n_points)
    y = coefficient * x**exponent * np.exp(noise * rng.standard_normal(n_points))
    fit = fit_power_law(x, y)
    # The true standard error of the OLS slope is noise / sqrt(Sxx); 5 of them is a
    # 1-in-a-million miss for Gaussian errors.
    lx = np.log(x)
    se_true = noise / math.sqrt(np.sum((lx - lx.mean()) ** 2))
    assert abs(fit.exponent - exponent) < 5 * se_true
    se_log_c = noise * math.sqrt(1 / n_points + lx.mean() ** 2 / np.sum((lx - lx.mean()) ** 2))
    assert abs(math.log(fit.coefficient / coefficient)) < 5 * se_log_c
    # The reported stderr estimates the true one (chi-square with n-2 dof; factor 3 is generous).
    assert se_true / 3 < fit.exponent_stderr < 3 * se_true
    assert fit.exponent_ci[0] < fit.exponent < fit.exponent_ci[1]
    assert fit.coefficient_ci[0] < fit.coefficient < fit.coefficient_ci[1]


def test_power_law_confidence_interval_has_nominal_coverage():
    rng = np.random.default_rng(7)
    x = np.geomspace(1, 100, 10)
    covered_k = covered_c = 0
    n_rep = 600
    for _ in range(n_rep):
        y = 2.0 * x**-0.5 * np.exp(0.1 * rng.standard_normal(x.size))
        fit = fit_power_law(x, y, confidence=0.9)
        covered_k += fit.exponent_ci[0] <= -0.5 <= fit.exponent_ci[1]
        covered_c += fit.coefficient_ci[0] <= 2.0 <= fit.coefficient_ci[1]
    # t intervals are exact for Gaussian log errors: coverage 0.90 +- 3 binomial SE (0.012 each).
    assert abs(covered_k / n_rep - 0.9) < 0.036
    assert abs(covered_c / n_rep - 0.9) < 0.036


def test_power_law_wider_interval_for_higher_confidence():
    rng = np.random.default_rng(1)
    x = np.arange(1.0, 21.0)
    y = x**1.5 * np.exp(0.05 * rng.standard_normal(20))
    narrow, wide = fit_power_law(x, y, confidence=0.5), fit_power_law(x, y, confidence=0.99)
    assert np.ptp(wide.exponent_ci) > np.ptp(narrow.exponent_ci)
    # Width ratio equals the ratio of t quantiles (same stderr).
    ratio = stats.t.ppf(0.995, 18) / stats.t.ppf(0.75, 18)
    assert np.ptp(wide.exponent_ci) / np.ptp(narrow.exponent_ci) == pytest.approx(ratio, rel=1e-10)


@pytest.mark.parametrize(
    "x, y, match",
    [
        ([1, 2, np.nan], [1, 2, 3], "x must be finite"),
        ([1, 2, 3], [1, np.inf, 3], "y must be finite"),
        ([0, 2, 3], [1, 2, 3], "x must be > 0"),
        ([1, 2, 3], [1, -2, 3], "y must be > 0"),
        ([1, 2, 3], [1, 2], "same shape"),
        ([1, 2], [1, 2], "at least 3"),
        ([2, 2, 2], [1, 2, 3], "distinct"),
    ],
)
def test_power_law_bad_input(x, y, match):
    with pytest.raises(ValueError, match=match):
        fit_power_law(x, y)


@pytest.mark.parametrize("confidence", [0, 1, 1.5, np.nan, "high"])
def test_power_law_bad_confidence(confidence):
    with pytest.raises(ValueError, match="confidence"):
        fit_power_law([1, 2, 3], [1, 2, 4], confidence=confidence)


# --------------------------------------------------------------------------- saturating
@FAST
@given(
    floor=st.floats(0.5, 3.0),
    coefficient=st.floats(1.0, 100.0),
    exponent=st.floats(0.1, 0.8),
)
def test_saturating_exact_data_recovered(floor, coefficient, exponent):
    x = np.geomspace(10, 1e7, 25)
    fit = fit_saturating_power_law(x, floor + coefficient * x**-exponent)
    # Noise-free data: the optimiser should land on the planted point (rel. 1e-5 leaves room
    # for the conditioning of E against A when the power-law term is small at large x).
    assert fit.irreducible_loss == pytest.approx(floor, rel=1e-5)
    assert fit.coefficient == pytest.approx(coefficient, rel=1e-5)
    assert fit.exponent == pytest.approx(exponent, rel=1e-5)
    assert fit.rms_log_residual < 1e-8


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_saturating_noisy_data_within_stderr(seed):
    rng = np.random.default_rng(seed)
    x = np.geomspace(1e6, 1e10, 40)
    truth = dict(irreducible_loss=1.69, coefficient=406.4, exponent=0.34)  # Hoffmann et al. 2022 eq. 10 N-term
    y = (truth["irreducible_loss"] + truth["coefficient"] * x ** -truth["exponent"]) * np.exp(
        0.003 * rng.standard_normal(x.size)
    )
    fit = fit_saturating_power_law(x, y)
    # Jacobian standard errors are asymptotic; 5 of them bounds the miss for 0.3% noise.
    assert abs(fit.irreducible_loss - 1.69) < 5 * fit.irreducible_loss_stderr
    assert abs(fit.exponent - 0.34) < 5 * fit.exponent_stderr
    assert abs(fit.coefficient - 406.4) < 5 * fit.coefficient_stderr
    assert fit.predict(1e8) == pytest.approx(1.69 + 406.4 * 1e8**-0.34, rel=0.01)
    assert "SaturatingPowerLawFit(irreducible_loss=" in repr(fit)


@pytest.mark.parametrize(
    "x, y, match",
    [
        ([1, 2, 3, np.nan], [4, 3, 2, 1], "x must be finite"),
        ([1, 2, 3, 4], [4, 3, 0, 1], "y must be > 0"),
        ([1, 2, 3, 4], [4, 3, 2], "same shape"),
        ([1, 2, 3], [3, 2, 1], "at least 4"),
        ([1, 1, 2, 2], [4, 3, 2, 1], "distinct"),
    ],
)
def test_saturating_bad_input(x, y, match):
    with pytest.raises(ValueError, match=match):
        fit_saturating_power_law(x, y)


# --------------------------------------------------------------------------- Zipf MLE
@FAST
@given(
    exponent=st.floats(0.6, 1.6),
    n_types=st.integers(100, 5000),
    n_tokens=st.integers(10_000, 500_000),
    seed=st.integers(0, 2**16),
)
def test_zipf_mle_recovers_planted_exponent(exponent, n_types, n_tokens, seed):
    counts = sample_zipf_counts(exponent, n_types, n_tokens, seed=seed)
    fit = fit_zipf_mle(counts)
    # The MLE is asymptotically normal with the reported stderr: 4.5 stderr ~ a 1-in-150,000 miss.
    assert abs(fit.exponent - exponent) < 4.5 * fit.exponent_stderr
    assert fit.n_types == n_types and fit.n_tokens == n_tokens
    assert fit.exponent_ci[0] < exponent + 4.5 * fit.exponent_stderr and fit.exponent_profile_ci[0] < fit.exponent < fit.exponent_profile_ci[1]


def test_zipf_stderr_matches_sampling_spread():
    fits = [fit_zipf_mle(sample_zipf_counts(1.0, 1000, 20_000, seed=s)) for s in range(300)]
    spread = np.std([f.exponent for f in fits], ddof=1)
    # Fisher-information stderr vs the Monte-Carlo SD of 300 replicates (whose own relative
    # error is about 1/sqrt(2*299) = 4%): agree within 15%.
    assert np.mean([f.exponent_stderr for f in fits]) == pytest.approx(spread, rel=0.15)


def test_zipf_stderr_is_inverse_sqrt_of_numerical_curvature():
    counts = sample_zipf_counts(1.1, 2000, 100_000, seed=3)
    fit = fit_zipf_mle(counts)
    log_r = np.log(np.arange(1, 2001))

    def loglik(s):
        return -s * (counts @ log_r) - counts.sum() * np.log(np.sum(np.exp(-s * log_r)))

    h = 1e-4
    curvature = (loglik(fit.exponent + h) - 2 * loglik(fit.exponent) + loglik(fit.exponent - h)) / h**2
    # Central differences have O(h^2) error; 1e-4 relative is ample.
    assert fit.exponent_stderr == pytest.approx(1 / math.sqrt(-curvature), rel=1e-4)
    assert fit.log_likelihood == pytest.approx(loglik(fit.exponent), rel=1e-12)
    # At the maximum the score is zero: the likelihood falls off on both sides.
    assert loglik(fit.exponent + 1e-3) < fit.log_likelihood > loglik(fit.exponent - 1e-3)


def test_zipf_mle_differs_from_least_squares_on_a_sparse_sample():
    # 50,000 tokens over 20,000 types: most types are seen 0-2 times.
    counts = sample_zipf_counts(1.0, 20_000, 50_000, seed=11)
    mle = fit_zipf_mle(counts)
    ranks = np.arange(1, counts.size + 1)
    seen = counts > 0
    ols = fit_power_law(ranks[seen], counts[seen])
    # The MLE uses the zero counts and weights ranks by the tokens they carry, so it stays near 1.
    assert abs(mle.exponent - 1.0) < 4 * mle.exponent_stderr
    # OLS treats each of the thousands of tail ranks as one equal point. Dropping the zeros
    # and taking logs of counts of 1 and 2 flattens the tail, so the OLS slope is far from -1:
    # the two estimates differ by many standard errors.
    assert abs(-ols.exponent - mle.exponent) > 0.2
    assert abs(ols.exponent + 1.0) > 10 * ols.exponent_stderr


def test_zipf_profile_ci_close_to_wald_for_large_samples():
    fit = fit_zipf_mle(sample_zipf_counts(1.0, 1000, 1_000_000, seed=0))
    # The log-likelihood is nearly quadratic at n = 1e6: the intervals agree to 1% of their width.
    width = fit.exponent_ci[1] - fit.exponent_ci[0]
    assert fit.exponent_profile_ci[0] == pytest.approx(fit.exponent_ci[0], abs=0.01 * width)
    assert fit.exponent_profile_ci[1] == pytest.approx(fit.exponent_ci[1], abs=0.01 * width)


def test_zipf_n_types_and_frequencies():
    counts = sample_zipf_counts(1.2, 500, 50_000, seed=5)
    base = fit_zipf_mle(counts)
    # Zero counts beyond the last rank are the same as a larger n_types.
    padded = fit_zipf_mle(np.concatenate([counts, np.zeros(100)]))
    assert fit_zipf_mle(counts, n_types=600).exponent == pytest.approx(padded.exponent, abs=1e-9)
    # Truncating drops the tail ranks.
    assert fit_zipf_mle(counts, n_types=100).n_types == 100
    # Relative frequencies with a stated sample size give the same fit as the counts.
    freq = fit_zipf_mle(counts / counts.sum(), n_tokens=counts.sum())
    assert freq.exponent == pytest.approx(base.exponent, abs=1e-9)
    assert freq.exponent_stderr == pytest.approx(base.exponent_stderr, rel=1e-9)
    # predict is a normalised pmf over ranks 1..K.
    assert fit_zipf_mle(counts).predict(np.arange(1, 501)).sum() == pytest.approx(1.0, rel=1e-12)
    assert "ZipfFit(exponent=" in repr(base)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(counts=[5, 3, np.nan]), "counts must be finite"),
        (dict(counts=[5, -3, 1]), "counts must be >= 0"),
        (dict(counts=[0, 0, 0]), "positive sum"),
        (dict(counts=[5]), "at least 2"),
        (dict(counts=[5, 3, 1], n_types=1), "n_types"),
        (dict(counts=[5, 3, 1], n_types=2.5), "n_types"),
        (dict(counts=[5, 3, 1], n_tokens=0), "n_tokens"),
        (dict(counts=[5, 3, 1], confidence=2), "confidence"),
        (dict(counts=[5, 3, 1], bounds=(2, 1)), "bounds"),
    ],
)
def test_zipf_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        fit_zipf_mle(**kwargs)


# --------------------------------------------------------------------------- bootstrap
def _power_data(seed=0):
    rng = np.random.default_rng(seed)
    x = np.geomspace(1, 1e3, 30)
    return x, 3.0 * x**-0.7 * np.exp(0.05 * rng.standard_normal(30))


def test_bootstrap_power_law_intervals_and_reproducibility():
    x, y = _power_data()
    result = bootstrap(fit_power_law, x, y, n_boot=300, seed=1)
    again = bootstrap(fit_power_law, x, y, n_boot=300, seed=1)
    assert isinstance(result, BootstrapResult)
    assert np.array_equal(result.samples["exponent"], again.samples["exponent"])
    assert set(result.intervals) == {"exponent", "coefficient"}
    lo, hi = result.intervals["exponent"]
    assert lo < result.estimates["exponent"] < hi
    # The case bootstrap SD of the slope approximates the OLS stderr (homoscedastic data):
    # within 30% at 300 replicates of 30 points.
    assert result.stderr("exponent") == pytest.approx(fit_power_law(x, y).exponent_stderr, rel=0.3)
    assert "BootstrapResult(exponent=" in repr(result)


def test_bootstrap_saturating_and_custom_statistic():
    rng = np.random.default_rng(2)
    x = np.geomspace(10, 1e6, 30)
    y = (1.5 + 20 * x**-0.4) * np.exp(0.005 * rng.standard_normal(30))
    result = bootstrap(fit_saturating_power_law, x, y, n_boot=40, seed=0)
    assert set(result.samples) == {"irreducible_loss", "coefficient", "exponent"}
    assert result.intervals["exponent"][0] < 0.4 < result.intervals["exponent"][1]
    custom = bootstrap(fit_power_law, x, y, n_boot=20, statistic=lambda f: {"slope": f.exponent})
    assert list(custom.samples) == ["slope"] and custom.samples["slope"].size == 20


@pytest.mark.parametrize(
    "args, kwargs, match",
    [
        (("not callable", [1, 2, 3], [1, 2, 3]), {}, "fit_function"),
        ((fit_power_law,), {}, "at least one"),
        ((fit_power_law, [1, 2, 3], [1, 2]), {}, "first dimension"),
        ((fit_power_law, [1, 2, np.nan], [1, 2, 3]), {}, "finite"),
        ((fit_power_law, [1, 2], [1, 2]), {}, "at least 3"),
        ((fit_power_law, [1, 2, 3], [1, 2, 4]), {"n_boot": 5}, "n_boot"),
        ((fit_power_law, [1, 2, 3], [1, 2, 4]), {"confidence": 0}, "confidence"),
        ((fit_power_law, [1, 2, 3], [1, 2, 4]), {"statistic": 3}, "statistic"),
    ],
)
def test_bootstrap_bad_input(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        bootstrap(*args, **kwargs)


def test_bootstrap_reports_too_many_failures():
    def picky_mean(values):
        if np.unique(values).size < values.size:
            raise ValueError("duplicates")
        return float(values.mean())

    # A resample of 10 rows nearly always repeats a row, so almost every refit fails.
    with pytest.raises(ValueError, match="refits failed"):
        bootstrap(picky_mean, np.arange(1.0, 11.0), n_boot=50, seed=0)


def test_bootstrap_plain_number_statistic_and_skipped_failures():
    def picky_mean(values):
        if np.sum(values == 1.0) >= 2:  # about 26% of resamples repeat the row 1.0
            raise ValueError("repeated row")
        return float(values.mean())

    result = bootstrap(picky_mean, np.arange(1.0, 41.0), n_boot=100, seed=0)
    assert list(result.estimates) == ["value"]
    assert result.n_failed + result.samples["value"].size == 100 and result.n_failed > 0
