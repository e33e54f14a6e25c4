"""Checkers for Lab 1, "Zipf's law in real text".

Each checker computes its expected value from the data and the package's fits
(never a typed-in number) and knows the typical wrong answers of its exercise.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from scaling_lab.checks.core import CheckResult, check_function, check_number
from scaling_lab.data import english_word_frequencies, sample_corpus_counts
from scaling_lab.fitting import fit_power_law, fit_zipf_mle
from scaling_lab.laws import zipf_pmf

__all__ = [
    "LAB1_N_WORDS",
    "LAB1_SAMPLE_TOKENS",
    "LAB1_SAMPLE_SEED",
    "lab1_sample_counts",
    "check_lab1_top_share",
    "check_lab1_loglog_slope",
    "check_lab1_forecast",
    "check_lab1_zipf_pmf",
    "check_lab1_mle_exponent",
]


#: Lab 1 works with wordfreq's 10,000 most common English words.
LAB1_N_WORDS = 10_000
#: Size and seed of the random corpus sampled in Lab 1, exercise 5.
LAB1_SAMPLE_TOKENS = 100_000
LAB1_SAMPLE_SEED = 2024


def _lab1_data():
    return english_word_frequencies(LAB1_N_WORDS)


def lab1_sample_counts() -> np.ndarray:
    """The counts given to students in Lab 1, exercise 5.

    A random corpus of ``LAB1_SAMPLE_TOKENS`` tokens drawn from wordfreq's
    10,000 most common words (:func:`scaling_lab.data.sample_corpus_counts`,
    seed ``LAB1_SAMPLE_SEED``); ``counts[r - 1]`` is the count of the word of
    wordfreq rank r.
    """
    return _lab1_sample_counts().copy()


@lru_cache(maxsize=1)
def _lab1_sample_counts() -> np.ndarray:
    return sample_corpus_counts(_lab1_data().frequencies, LAB1_SAMPLE_TOKENS, seed=LAB1_SAMPLE_SEED)


def check_lab1_top_share(answer) -> CheckResult:
    """Exercise 1: the share of all word tokens taken by the 10 most common words (a fraction)."""
    freqs = _lab1_data().frequencies
    expected = float(freqs[:10].sum())
    mistakes = [
        (100 * expected, "give a fraction between 0 and 1, not a percentage"),
        (expected / freqs.sum(), "wordfreq's frequencies are already shares of *all* tokens; "
                                 "don't divide by the sum of the 10,000 you loaded"),
        (float(freqs[:9].sum()), "that is 9 words; frequencies[:10] holds the first 10"),
        (float(freqs[:11].sum()), "that is 11 words; frequencies[:10] holds the first 10"),
        (float(freqs[0]), "that is the share of 'the' alone; add up the 10 most common words"),
        (float(freqs[9]), "that is the frequency of the 10th word; add up all 10"),
    ]
    return check_number(answer, expected, rel_tol=1e-3, mistakes=mistakes, name="top-10 share",
                        hint="add up the first 10 entries of data.frequencies (they are sorted, most common first)")


def check_lab1_loglog_slope(answer) -> CheckResult:
    """Exercise 2: least-squares slope of log frequency against log rank, ranks 1..1000 (signed)."""
    data = _lab1_data()
    ranks, freqs = data.ranks[:1000], data.frequencies[:1000]
    expected = fit_power_law(ranks, freqs).exponent
    lr, lf = np.log(ranks), np.log(freqs)
    inverted = np.polyfit(lf, lr, 1)[0]  # log rank regressed on log frequency
    linear = np.polyfit(ranks, freqs, 1)[0]  # no logs at all
    mistakes = [
        (-expected, "check the sign: frequency falls as rank grows, so the slope is negative"),
        (fit_power_law(data.ranks, data.frequencies).exponent,
         "that is the slope over all 10,000 ranks; use only ranks 1 to 1000"),
        (inverted, "you regressed log rank on log frequency; put log rank on the x-axis"),
        (1 / inverted, "you regressed log rank on log frequency and inverted the slope; "
                       "regress log frequency (y) on log rank (x)"),
        (linear, "take logs of both rank and frequency before fitting the straight line"),
    ]
    return check_number(answer, expected, rel_tol=0.0, abs_tol=2e-3, mistakes=mistakes, name="slope",
                        hint="fit log(frequency) against log(rank) for ranks 1..1000 "
                             "(e.g. fit_power_law(ranks, frequencies).exponent); ranks start at 1")


def check_lab1_forecast(answer) -> CheckResult:
    """Exercise 3: frequency of the rank-1000 word forecast by a power law fitted to ranks 1..100."""
    data = _lab1_data()
    fit = fit_power_law(data.ranks[:100], data.frequencies[:100])
    expected = float(fit.predict(1000.0))
    log_c = math.log(fit.coefficient)
    power = 1000.0**fit.exponent
    mistakes = [
        (10**log_c * power, "you fitted natural logs but undid the intercept with 10**; use np.exp "
                            "(or fit with log10 and use 10**)"),
        (math.exp(log_c / math.log(10)) * power, "you fitted log10 but undid the intercept with np.exp; "
                                                 "use 10** (or fit with natural logs)"),
        (math.log(expected), "that is the log of the forecast; return the frequency itself"),
        (math.log10(expected), "that is the log10 of the forecast; return the frequency itself"),
        (float(data.frequencies[999]), "that is the measured frequency at rank 1000, not the forecast; "
                                       "fit ranks 1..100 only, then extrapolate"),
        (float(fit_power_law(data.ranks[:1000], data.frequencies[:1000]).predict(1000.0)),
         "fit only ranks 1..100: the point is to forecast beyond the data you fitted"),
        (fit.coefficient * 1000.0 ** (-fit.exponent), "check the sign of the exponent in the forecast"),
    ]
    return check_number(answer, expected, rel_tol=1e-2, mistakes=mistakes, name="forecast",
                        hint="fit log frequency vs log rank on ranks 1..100, then evaluate "
                             "C * 1000**exponent (or fit.predict(1000))")


_PMF_INPUTS = (
    (np.arange(1, 11), 1.0, 10),
    (np.array([1, 2, 5, 100]), 1.2, 1000),
    (np.array([3, 7]), 0.5, 20),
    (np.arange(1, 6), 0.0, 5),
)


def check_lab1_zipf_pmf(func) -> CheckResult:
    r"""Exercise 4: a function ``zipf_pmf(ranks, exponent, n_types)`` giving :math:`r^{-s}/H(K, s)`."""
    def unnormalised(ranks, exponent, n_types):
        return np.asarray(ranks, dtype=float) ** (-exponent)

    def _unchecked_zipf(ranks, exponent, n_types):  # zipf_pmf rejects s < 0
        w = np.arange(1, n_types + 1, dtype=float) ** (-exponent)
        return np.asarray(ranks, dtype=float) ** (-exponent) / w.sum()

    def wrong_sign(ranks, exponent, n_types):
        return _unchecked_zipf(ranks, -exponent, n_types)

    def over_given_ranks(ranks, exponent, n_types):
        w = np.asarray(ranks, dtype=float) ** (-exponent)
        return w / w.sum()

    def off_by_one(ranks, exponent, n_types):
        norm = np.sum(np.arange(1, n_types, dtype=float) ** (-exponent))
        return np.asarray(ranks, dtype=float) ** (-exponent) / norm

    mistakes = [
        (unnormalised, "the probabilities must be normalised: divide by H(K, s) = sum of j**-s for j = 1..n_types"),
        (wrong_sign, "check the sign of the exponent: p(r) is proportional to r**(-s), so it falls with r"),
        (over_given_ranks, "normalise over all ranks 1..n_types, not only over the ranks you were given"),
        (off_by_one, "np.arange(1, n_types) stops at n_types - 1; use np.arange(1, n_types + 1)"),
    ]
    return check_function(func, zipf_pmf, _PMF_INPUTS, rel_tol=1e-6, mistakes=mistakes,
                          name="zipf_pmf", hint="p(r) = r**(-s) / sum(j**(-s) for j in 1..n_types), for an array of ranks")


def check_lab1_mle_exponent(answer) -> CheckResult:
    """Exercise 5: maximum-likelihood Zipf exponent (positive) of the sampled counts, ranks 1..10,000."""
    counts = _lab1_sample_counts()
    expected = fit_zipf_mle(counts).exponent
    ranks = np.arange(1, counts.size + 1)
    seen = counts > 0
    ols_true_rank = fit_power_law(ranks[seen], counts[seen]).exponent
    observed = np.sort(counts[seen])[::-1]
    ols_sorted = fit_power_law(np.arange(1, observed.size + 1), observed).exponent
    mistakes = [
        (-expected, "the Zipf exponent s is reported positive: p(r) is proportional to r**(-s)"),
        (-ols_true_rank, "that is the least-squares slope; use maximum likelihood (fit_zipf_mle)"),
        (ols_true_rank, "that is the least-squares slope; use maximum likelihood (fit_zipf_mle)"),
        (-ols_sorted, "that is a least-squares slope; use maximum likelihood (fit_zipf_mle)"),
        (ols_sorted, "that is a least-squares slope; use maximum likelihood (fit_zipf_mle)"),
        (fit_zipf_mle(observed).exponent, "don't re-sort the counts: keep wordfreq's rank order "
                                          "(counts[r - 1] belongs to rank r) and all 10,000 ranks"),
        (fit_zipf_mle(_lab1_data().frequencies).exponent,
         "that is the fit to wordfreq's own frequencies; fit the sampled counts"),
    ]
    return check_number(answer, expected, rel_tol=0.0, abs_tol=2e-4, mistakes=mistakes, name="exponent",
                        hint="fit_zipf_mle(counts).exponent gives the maximum-likelihood s for counts per rank")

