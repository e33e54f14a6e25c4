"""Checkers of ``labs/lab01_zipf.md``, "Zipf's law in real text", declared as data.

Every expected value is computed from the data and the package's fits, never
typed in, so it follows the data; each exercise lists its typical mistakes with
their own hints.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from scaling_lab.checks.spec import FunctionExercise, Mistake, NumberExercise
from scaling_lab.data import english_word_frequencies, sample_corpus_counts
from scaling_lab.fitting.power_law import fit_power_law
from scaling_lab.fitting.zipf import fit_zipf_mle
from scaling_lab.laws import zipf_pmf

__all__ = ["N_WORDS", "SAMPLE_TOKENS", "SAMPLE_SEED", "EXERCISES"]

#: The lab works with wordfreq's 10,000 most common English words.
N_WORDS = 10_000
#: Size and seed of the random corpus the lab draws for its last exercise.
SAMPLE_TOKENS = 100_000
SAMPLE_SEED = 2024


@cache
def _data():
    return english_word_frequencies(N_WORDS)


@cache
def _counts() -> np.ndarray:
    """The corpus of exercise 5, drawn exactly as the lab draws it."""
    return sample_corpus_counts(_data().frequencies, n_tokens=SAMPLE_TOKENS, seed=SAMPLE_SEED)


# --------------------------------------------------------------------------- exercise 1
def _top_share() -> float:
    return float(_data().frequencies[:10].sum())


def _top_share_mistakes():
    freqs = _data().frequencies
    share = _top_share()
    return (
        Mistake(100 * share, "give a fraction between 0 and 1, not a percentage"),
        Mistake(share / freqs.sum(), "wordfreq's frequencies are already shares of *all* tokens; "
                                     "don't divide by the sum of the 10,000 you loaded"),
        Mistake(float(freqs[:9].sum()), "that is 9 words; frequencies[:10] holds the first 10"),
        Mistake(float(freqs[:11].sum()), "that is 11 words; frequencies[:10] holds the first 10"),
        Mistake(float(freqs[0]), "that is the share of 'the' alone; add up the 10 most common words"),
        Mistake(float(freqs[9]), "that is the frequency of the 10th word; add up all 10"),
    )


# --------------------------------------------------------------------------- exercise 2
def _slope() -> float:
    data = _data()
    return fit_power_law(data.ranks[:1000], data.frequencies[:1000]).exponent


def _slope_mistakes():
    data = _data()
    ranks, freqs = data.ranks[:1000], data.frequencies[:1000]
    inverted = np.polyfit(np.log(freqs), np.log(ranks), 1)[0]  # log rank regressed on log frequency
    return (
        Mistake(-_slope(), "check the sign: frequency falls as rank grows, so the slope is negative"),
        Mistake(fit_power_law(data.ranks, data.frequencies).exponent,
                "that is the slope over all 10,000 ranks; use only ranks 1 to 1000"),
        Mistake(inverted, "you regressed log rank on log frequency; put log rank on the x-axis"),
        Mistake(1 / inverted, "you regressed log rank on log frequency and inverted the slope; "
                              "regress log frequency (y) on log rank (x)"),
        Mistake(np.polyfit(ranks, freqs, 1)[0], "take logs of both rank and frequency before fitting the line"),
    )


# --------------------------------------------------------------------------- exercise 3
@cache
def _head_fit():
    data = _data()
    return fit_power_law(data.ranks[:100], data.frequencies[:100])


def _forecast() -> float:
    return float(_head_fit().predict(1000.0))


def _forecast_mistakes():
    data, fit, expected = _data(), _head_fit(), _forecast()
    log_c, power = math.log(fit.coefficient), 1000.0**fit.exponent
    return (
        Mistake(10**log_c * power, 'you fitted natural logs but undid the intercept with a power of 10; a natural '
                                   'log is undone by the exponential'),
        Mistake(math.exp(log_c / math.log(10)) * power, 'you fitted base-10 logs but undid the intercept with the '
                                                        'exponential; a base-10 log is undone by a power of 10'),
        Mistake(math.log(expected), "that is the log of the forecast; return the frequency itself"),
        Mistake(math.log10(expected), "that is the log10 of the forecast; return the frequency itself"),
        Mistake(float(data.frequencies[999]), "that is the measured frequency at rank 1000, not the forecast; "
                                              "fit ranks 1..100 only, then extrapolate"),
        Mistake(float(fit_power_law(data.ranks[:1000], data.frequencies[:1000]).predict(1000.0)),
                "fit only ranks 1..100: the point is to forecast beyond the data you fitted"),
        Mistake(fit.coefficient * 1000.0 ** (-fit.exponent), "check the sign of the exponent in the forecast"),
    )


# --------------------------------------------------------------------------- exercise 4
def _unnormalised(ranks, exponent, n_types):
    return np.asarray(ranks, dtype=float) ** (-exponent)


def _wrong_sign(ranks, exponent, n_types):
    weights = np.arange(1, n_types + 1, dtype=float) ** exponent
    return np.asarray(ranks, dtype=float) ** exponent / weights.sum()


def _over_given_ranks(ranks, exponent, n_types):
    weights = np.asarray(ranks, dtype=float) ** (-exponent)
    return weights / weights.sum()


def _off_by_one(ranks, exponent, n_types):
    norm = np.sum(np.arange(1, n_types, dtype=float) ** (-exponent))
    return np.asarray(ranks, dtype=float) ** (-exponent) / norm


def _pmf_mistakes():
    return (
        Mistake(_unnormalised, "the probabilities must be normalised: divide by H(K, s) = sum of j**-s "
                               "for j = 1..n_types"),
        Mistake(_wrong_sign, "check the sign of the exponent: p(r) is proportional to r**(-s), so it falls with r"),
        Mistake(_over_given_ranks, "normalise over all ranks 1..n_types, not only over the ranks you were given"),
        Mistake(_off_by_one, 'your ranks stop at n_types - 1: a NumPy range leaves out its end, so ranks 1..n_types '
                             'need the end n_types + 1'),
    )


_PMF_INPUTS = (
    (np.arange(1, 11), 1.0, 10),
    (np.array([1, 2, 5, 100]), 1.2, 1000),
    (np.array([3, 7]), 0.5, 20),
    (np.arange(1, 6), 0.0, 5),
)


# --------------------------------------------------------------------------- exercise 5
def _mle() -> float:
    return fit_zipf_mle(_counts()).decay_exponent


def _mle_mistakes():
    counts = _counts()
    ranks = np.arange(1, counts.size + 1)
    seen = counts > 0
    ols_true_rank = fit_power_law(ranks[seen], counts[seen]).exponent
    observed = np.sort(counts[seen])[::-1]
    ols_sorted = fit_power_law(np.arange(1, observed.size + 1), observed).exponent
    least_squares = ('that is a least-squares slope; the exercise asks for the exponent that maximises the '
                     'likelihood of the counts')
    return (
        Mistake(-_mle(), "the Zipf exponent s is reported positive: p(r) is proportional to r**(-s)"),
        Mistake(-ols_true_rank, least_squares),
        Mistake(ols_true_rank, least_squares),
        Mistake(-ols_sorted, least_squares),
        Mistake(ols_sorted, least_squares),
        Mistake(fit_zipf_mle(observed).decay_exponent, "don't re-sort the counts: keep wordfreq's rank order "
                                                 "(counts[r - 1] belongs to rank r) and all 10,000 ranks"),
        Mistake(fit_zipf_mle(_data().frequencies).decay_exponent,
                "that is the fit to wordfreq's own frequencies; fit the sampled counts"),
    )


EXERCISES = {
    "lab1-top-share": NumberExercise(
        expected=_top_share, mistakes=_top_share_mistakes, rel_tol=1e-3, name="top-10 share",
        hint="add up the first 10 entries of data.frequencies (they are sorted, most common first)"),
    "lab1-slope": NumberExercise(
        expected=_slope, mistakes=_slope_mistakes, rel_tol=0.0, abs_tol=2e-3, name="slope",
        hint='fit a straight line to log(frequency) against log(rank) for ranks 1..1000; ranks start at 1, and the '
             'slope is the exponent'),
    "lab1-forecast": NumberExercise(
        expected=_forecast, mistakes=_forecast_mistakes, rel_tol=1e-2, name="forecast",
        hint="fit log frequency vs log rank on ranks 1..100, then evaluate C * 1000**exponent "
             "(or fit.predict(1000))"),
    "lab1-pmf": FunctionExercise(
        reference=zipf_pmf, test_inputs=_PMF_INPUTS, mistakes=_pmf_mistakes, rel_tol=1e-6, name="zipf_pmf",
        hint="p(r) = r**(-s) / sum(j**(-s) for j in 1..n_types), for an array of ranks"),
    "lab1-mle": NumberExercise(
        expected=_mle, mistakes=_mle_mistakes, rel_tol=0.0, abs_tol=2e-4, name="exponent",
        hint='maximise the log-likelihood of the counts per rank over s (the normaliser sums rank^-s over every '
             'rank); a least-squares slope is not the maximum-likelihood estimate'),
}
