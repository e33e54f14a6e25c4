"""Tests of scaling_lab.fitting.zipf: the maximum-likelihood exponent of a truncated Zipf law from counts per
rank, its Fisher standard error and its profile-likelihood interval.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lab.data.synthetic import sample_zipf_counts
from scaling_lab.fitting import fit_power_law, fit_zipf_mle

FAST = settings(max_examples=25, deadline=None)


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
    assert abs(fit.decay_exponent - exponent) < 4.5 * fit.decay_exponent_stderr
    assert fit.n_types == n_types and fit.n_tokens == n_tokens
    assert fit.decay_exponent_ci[0] < exponent + 4.5 * fit.decay_exponent_stderr and fit.decay_exponent_profile_ci[0] < fit.decay_exponent < fit.decay_exponent_profile_ci[1]


def test_zipf_stderr_matches_sampling_spread():
    fits = [fit_zipf_mle(sample_zipf_counts(1.0, 1000, 20_000, seed=s)) for s in range(300)]
    spread = np.std([f.decay_exponent for f in fits], ddof=1)
    # Fisher-information stderr vs the Monte-Carlo SD of 300 replicates (whose own relative
    # error is about 1/sqrt(2*299) = 4%): agree within 15%.
    assert np.mean([f.decay_exponent_stderr for f in fits]) == pytest.approx(spread, rel=0.15)


def test_zipf_stderr_is_inverse_sqrt_of_numerical_curvature():
    counts = sample_zipf_counts(1.1, 2000, 100_000, seed=3)
    fit = fit_zipf_mle(counts)
    log_r = np.log(np.arange(1, 2001))

    def loglik(s):
        return -s * (counts @ log_r) - counts.sum() * np.log(np.sum(np.exp(-s * log_r)))

    h = 1e-4
    curvature = (loglik(fit.decay_exponent + h) - 2 * loglik(fit.decay_exponent) + loglik(fit.decay_exponent - h)) / h**2
    # Central differences have O(h^2) error; 1e-4 relative is ample.
    assert fit.decay_exponent_stderr == pytest.approx(1 / math.sqrt(-curvature), rel=1e-4)
    assert fit.log_likelihood == pytest.approx(loglik(fit.decay_exponent), rel=1e-12)
    # At the maximum the score is zero: the likelihood falls off on both sides.
    assert loglik(fit.decay_exponent + 1e-3) < fit.log_likelihood > loglik(fit.decay_exponent - 1e-3)


def test_zipf_mle_differs_from_least_squares_on_a_sparse_sample():
    # 50,000 tokens over 20,000 types: most types are seen 0-2 times.
    counts = sample_zipf_counts(1.0, 20_000, 50_000, seed=11)
    mle = fit_zipf_mle(counts)
    ranks = np.arange(1, counts.size + 1)
    seen = counts > 0
    ols = fit_power_law(ranks[seen], counts[seen])
    # The MLE uses the zero counts and weights ranks by the tokens they carry, so it stays near 1.
    assert abs(mle.decay_exponent - 1.0) < 4 * mle.decay_exponent_stderr
    # OLS treats each of the thousands of tail ranks as one equal point. Dropping the zeros
    # and taking logs of counts of 1 and 2 flattens the tail, so the OLS slope is far from -1:
    # the two estimates differ by many standard errors.
    assert abs(-ols.exponent - mle.decay_exponent) > 0.2
    assert abs(ols.exponent + 1.0) > 10 * ols.exponent_stderr


def test_zipf_profile_ci_close_to_wald_for_large_samples():
    fit = fit_zipf_mle(sample_zipf_counts(1.0, 1000, 1_000_000, seed=0))
    # The log-likelihood is nearly quadratic at n = 1e6: the intervals agree to 1% of their width.
    width = fit.decay_exponent_ci[1] - fit.decay_exponent_ci[0]
    assert fit.decay_exponent_profile_ci[0] == pytest.approx(fit.decay_exponent_ci[0], abs=0.01 * width)
    assert fit.decay_exponent_profile_ci[1] == pytest.approx(fit.decay_exponent_ci[1], abs=0.01 * width)


def test_zipf_n_types_and_frequencies():
    counts = sample_zipf_counts(1.2, 500, 50_000, seed=5)
    base = fit_zipf_mle(counts)
    # Zero counts beyond the last rank are the same as a larger n_types.
    padded = fit_zipf_mle(np.concatenate([counts, np.zeros(100)]))
    assert fit_zipf_mle(counts, n_types=600).decay_exponent == pytest.approx(padded.decay_exponent, abs=1e-9)
    # Truncating drops the tail ranks.
    assert fit_zipf_mle(counts, n_types=100).n_types == 100
    # Relative frequencies with a stated sample size give the same fit as the counts.
    freq = fit_zipf_mle(counts / counts.sum(), n_tokens=counts.sum())
    assert freq.decay_exponent == pytest.approx(base.decay_exponent, abs=1e-9)
    assert freq.decay_exponent_stderr == pytest.approx(base.decay_exponent_stderr, rel=1e-9)
    # predict is a normalised pmf over ranks 1..K.
    assert fit_zipf_mle(counts).predict(np.arange(1, 501)).sum() == pytest.approx(1.0, rel=1e-12)
    assert "ZipfFit(decay_exponent=" in repr(base)


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
