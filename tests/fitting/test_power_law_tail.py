"""Clauset, Shalizi and Newman's power-law tail fit: planted tails, the powerlaw package, and validation."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special

from scaling_lab.data import shakespeare_word_counts
from scaling_lab.fitting.power_law_tail import (
    PowerLawTailFit, fit_power_law_tail, power_law_tail_alpha, power_law_tail_ks, power_law_tail_pvalue,
    sample_power_law_tail,
)

# powerlaw 2.0.0 (Alstott et al.; pip install powerlaw), run on the same counts as
# powerlaw.Fit(counts, discrete=True, estimate_discrete=False): xmin, alpha and D. Its optimiser stops
# about 1e-5 (relative) short of the maximum: our alpha has the higher log-likelihood (by 2e-8), so alpha
# is compared to 2e-5 and D, which moves with alpha, to 1e-3.
POWERLAW_PACKAGE_SHAKESPEARE = {"x_min": 131.0, "alpha": 1.9616865587883874, "ks": 0.02028446168917697}


@pytest.mark.parametrize("alpha, x_min", [(2.5, 3), (1.2, 1)])
def test_sampler_matches_the_probability_mass_function(alpha, x_min):
    draws = sample_power_law_tail(alpha, x_min, 200_000, seed=4)
    assert draws.min() == x_min and np.all(draws == np.round(draws))
    for x in (x_min, x_min + 1, x_min + 2, 10):
        expected = x ** -alpha / special.zeta(alpha, x_min)
        assert abs(np.mean(draws == x) - expected) < 4 * np.sqrt(expected / draws.size)


@pytest.mark.parametrize("alpha", [1.8, 2.5, 3.2])
def test_planted_exponent_is_recovered_at_a_known_cut_off(alpha):
    draws = sample_power_law_tail(alpha, 5, 20_000, seed=1)
    fitted = power_law_tail_alpha(draws, 5)
    se = (alpha - 1) / np.sqrt(draws.size)
    assert abs(fitted - alpha) < 4 * se


def test_planted_cut_off_is_found_below_a_geometric_body():
    rng = np.random.default_rng(7)
    body = rng.integers(1, 20, size=3000)                   # flat below 20: not a power law
    tail = sample_power_law_tail(2.2, 20, 3000, seed=8)
    fit = fit_power_law_tail(np.concatenate([body, tail]))
    assert 15 <= fit.x_min <= 30
    assert abs(fit.alpha - 2.2) < 0.15
    assert fit.ks_distance == pytest.approx(np.nanmin(fit.candidate_ks))


def test_ks_distance_is_zero_for_the_exact_distribution_and_grows_with_a_wrong_exponent():
    draws = sample_power_law_tail(2.0, 1, 50_000, seed=2)
    right = power_law_tail_ks(draws, 2.0, 1)
    wrong = power_law_tail_ks(draws, 2.4, 1)
    assert right < 0.01 < wrong


def test_ks_distance_is_the_supremum_over_every_whole_number():
    values = np.array([3, 3, 3, 4, 7, 7, 12, 30, 30, 31, 95])        # gaps between the distinct values
    alpha, x_min = 1.7, 3
    grid = np.arange(x_min, 2000)
    norm = special.zeta(alpha, x_min)
    model_cdf = 1 - special.zeta(alpha, grid + 1.0) / norm
    empirical_cdf = np.searchsorted(np.sort(values), grid, side="right") / values.size
    assert power_law_tail_ks(values, alpha, x_min) == pytest.approx(np.abs(empirical_cdf - model_cdf).max(), rel=1e-12)


def test_shakespeare_tail_matches_the_powerlaw_package_values():
    counts = shakespeare_word_counts().counts
    fit = fit_power_law_tail(counts)
    ref = POWERLAW_PACKAGE_SHAKESPEARE
    assert fit.x_min == ref["x_min"]
    assert fit.alpha == pytest.approx(ref["alpha"], rel=2e-5)
    assert fit.ks_distance == pytest.approx(ref["ks"], rel=1e-3)
    assert fit.n_tail == int((counts >= 131).sum())


def test_shakespeare_tail_matches_the_powerlaw_package_live():
    powerlaw = pytest.importorskip("powerlaw")
    counts = shakespeare_word_counts().counts
    grid = np.unique(np.round(np.geomspace(1, 1000, 40)))
    for x_min in grid[[10, 20, 30]]:
        tail = counts[counts >= x_min].astype(float)

        def log_likelihood(alpha):
            return -alpha * np.log(tail).sum() - tail.size * np.log(special.zeta(alpha, x_min))

        ours_alpha = power_law_tail_alpha(counts, x_min)
        theirs = powerlaw.Fit(counts, discrete=True, estimate_discrete=False, xmin=float(x_min), verbose=False)
        # Same maximum to within powerlaw's optimiser tolerance, and ours at least as high.
        assert ours_alpha == pytest.approx(theirs.power_law.alpha, rel=1e-4)
        assert log_likelihood(ours_alpha) >= log_likelihood(theirs.power_law.alpha) - 1e-9
        # powerlaw takes the maximum over one of the two sides of each step (see power_law_tail_ks),
        # so its distance can only be smaller.
        assert power_law_tail_ks(counts, ours_alpha, x_min) >= theirs.power_law.D * (1 - 2e-3)


def test_pvalue_is_high_for_a_true_power_law_and_low_for_an_exponential():
    # The cut-off is fixed at 1: with a free x_min the search retreats into the far tail of the
    # exponential, where a few dozen values cannot tell the two laws apart.
    good = sample_power_law_tail(2.3, 1, 2000, seed=5)
    p_good = power_law_tail_pvalue(good, n_boot=40, seed=1, x_min_candidates=[1])
    bad = np.floor(np.random.default_rng(6).exponential(8.0, 2000)) + 1
    p_bad = power_law_tail_pvalue(bad, n_boot=40, seed=1, x_min_candidates=[1])
    assert p_good > 0.1 and p_bad < 0.1


def test_pvalue_is_reproducible_with_a_seed():
    counts = shakespeare_word_counts().counts
    grid = np.unique(np.round(np.geomspace(1, 1000, 30)))
    fit = fit_power_law_tail(counts, x_min_candidates=grid)
    assert power_law_tail_pvalue(counts, fit, n_boot=5, seed=3, x_min_candidates=grid) == \
        power_law_tail_pvalue(counts, fit, n_boot=5, seed=3, x_min_candidates=grid)


def test_fit_result_reports_its_scan_and_predicts_probabilities():
    fit = fit_power_law_tail(sample_power_law_tail(2.0, 2, 5000, seed=9), x_min_candidates=[1, 2, 3, 4])
    assert isinstance(fit, PowerLawTailFit)
    assert fit.candidates.tolist() == [1, 2, 3, 4]
    assert np.isnan(fit.candidate_ks[0]) or fit.candidate_ks[0] >= fit.ks_distance
    total = fit.predict(np.arange(fit.x_min, fit.x_min + 200_000)).sum()
    assert total == pytest.approx(1.0, abs=2e-3)
    assert 0 < fit.tail_fraction <= 1
    assert "alpha=" in repr(fit)


@pytest.mark.parametrize("bad, match", [
    ([1, 2, np.nan], "values must be finite"),
    ([1, 2, 0], "values must be >= 1"),
    ([1, 2.5, 3], "whole numbers"),
    ([5], "at least"),
])
def test_fit_rejects_bad_values(bad, match):
    with pytest.raises(ValueError, match=match):
        fit_power_law_tail(bad, min_tail=2)


def test_other_functions_validate_their_arguments():
    data = [1, 2, 3, 4, 5]
    with pytest.raises(ValueError, match="alpha must be > 1"):
        power_law_tail_ks(data, 1.0, 1)
    with pytest.raises(ValueError, match="x_min must be a whole number"):
        power_law_tail_alpha(data, 0.5)
    with pytest.raises(ValueError, match="at least 2 values"):
        power_law_tail_alpha(data, 5)
    with pytest.raises(ValueError, match="no value is >= x_min"):
        power_law_tail_ks(data, 2.0, 9)
    with pytest.raises(ValueError, match="fit must be a PowerLawTailFit"):
        power_law_tail_pvalue(data, fit="not a fit")
    with pytest.raises(ValueError, match="min_tail"):
        fit_power_law_tail(data, x_min_candidates=[4, 5], min_tail=3)
