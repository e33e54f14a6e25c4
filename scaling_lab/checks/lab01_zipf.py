"""Checkers of ``labs/lab01_zipf.md``, "Zipf's law in real text", declared as data.

Every expected value is computed from the data and the package's fits, never
typed in, so it follows the data; each exercise lists its typical mistakes with
their own hints.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from scaling_lab.checks.spec import ChoiceExercise, FunctionExercise, LazyInputs, Mistake, NumberExercise
from scaling_lab.data import english_word_frequencies, sample_corpus_counts, shakespeare_word_counts
from scaling_lab.fitting.power_law import fit_power_law
from scaling_lab.fitting.power_law_tail import (
    fit_power_law_tail, power_law_tail_alpha, power_law_tail_ks, power_law_tail_pvalue, sample_power_law_tail,
)
from scaling_lab.fitting.zipf import fit_zipf_mle
from scaling_lab.laws import zipf_pmf
from scaling_lab.laws.basic import zipf_log_normaliser

__all__ = ["N_WORDS", "TOP_WORDS", "MLE_WORDS", "SAMPLE_TOKENS", "SAMPLE_SEED", "TAIL_CANDIDATES", "PVALUE_BOOTSTRAPS", "PVALUE_SEED",
           "EXERCISES"]

#: The lab works with wordfreq's 10,000 most common English words.
N_WORDS = 10_000
#: Exercise 1 adds up the shares of this many of the most common words, and exercise 6 fits the tokens of this
#: many (the power-law chapter prints the top ten's share and the fit to all 10,000: the lab asks for others).
TOP_WORDS = 100
MLE_WORDS = 1_000
#: Size and seed of the random corpus the lab draws in exercise 5.
SAMPLE_TOKENS = 100_000
SAMPLE_SEED = 2024
#: The cut-offs the lab's x_min search tries: 25 values spaced evenly in log from 1 to 1000, rounded
#: to whole numbers (23 distinct).
TAIL_CANDIDATES = tuple(float(x) for x in np.unique(np.round(np.geomspace(1, 1000, 25))))
#: The lab's bootstrap: synthetic data sets and seed of the goodness-of-fit test.
PVALUE_BOOTSTRAPS = 100
PVALUE_SEED = 11
#: The checker's own p-value uses more synthetic data sets, so a student's 100 land within its tolerance.
_REFERENCE_BOOTSTRAPS = 200


@cache
def _data():
    return english_word_frequencies(N_WORDS)


@cache
def _counts() -> np.ndarray:
    """The corpus of exercise 5, drawn exactly as the lab draws it."""
    return sample_corpus_counts(_data().frequencies, n_tokens=SAMPLE_TOKENS, seed=SAMPLE_SEED)


# --------------------------------------------------------------------------- exercise 1
def _top_share() -> float:
    return float(_data().frequencies[:TOP_WORDS].sum())


def _top_share_mistakes():
    freqs = _data().frequencies
    share = _top_share()
    return (
        Mistake(100 * share, "give a fraction between 0 and 1, not a percentage"),
        Mistake(share / freqs.sum(), "wordfreq's frequencies are already shares of *all* tokens; "
                                     "don't divide by the sum of the 10,000 you loaded"),
        Mistake(float(freqs[:99].sum()), "that is 99 words; frequencies[:100] holds the first 100"),
        Mistake(float(freqs[:101].sum()), "that is 101 words; frequencies[:100] holds the first 100"),
        Mistake(float(freqs[:10].sum()), "that is the 10 most common words; add up the first 100"),
        Mistake(float(freqs[0]), "that is the share of 'the' alone; add up the 100 most common words"),
        Mistake(float(freqs[99]), "that is the frequency of the 100th word; add up all 100"),
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


# --------------------------------------------------------------------------- exercise 6: maximum likelihood
def _mle() -> float:
    return fit_zipf_mle(_counts()[:MLE_WORDS]).decay_exponent


def _mle_mistakes():
    counts = _counts()[:MLE_WORDS]
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
                                                 "(counts[r - 1] belongs to rank r)"),
        Mistake(fit_zipf_mle(_data().frequencies[:MLE_WORDS]).decay_exponent,
                "that is the fit to wordfreq's own frequencies; fit the sampled counts"),
        Mistake(fit_zipf_mle(_counts()).decay_exponent,
                "that is the fit to all 10,000 ranks; the exercise fits the 1,000 most common words"),
    )



# --------------------------------------------------------------------------- exercise 5: the log-likelihood
def _log_likelihood(exponent, counts):
    counts = np.asarray(counts, dtype=float)
    log_r = np.log(np.arange(1, counts.size + 1, dtype=float))
    return float(-exponent * (counts @ log_r) - counts.sum() * zipf_log_normaliser(exponent, counts.size))


def _loglik_no_normaliser(exponent, counts):
    counts = np.asarray(counts, dtype=float)
    return float(-exponent * (counts @ np.log(np.arange(1, counts.size + 1, dtype=float))))


def _loglik_normaliser_once(exponent, counts):
    counts = np.asarray(counts, dtype=float)
    log_r = np.log(np.arange(1, counts.size + 1, dtype=float))
    return float(-exponent * (counts @ log_r) - zipf_log_normaliser(exponent, counts.size))


def _loglik_over_observed(exponent, counts):
    counts = np.asarray(counts, dtype=float)
    log_r = np.log(np.arange(1, counts.size + 1, dtype=float))
    seen = counts > 0
    weights = np.exp(-exponent * log_r[seen])
    return float(-exponent * (counts @ log_r) - counts.sum() * np.log(weights.sum()))


def _loglik_negated(exponent, counts):
    return -_log_likelihood(exponent, counts)


def _loglik_mistakes():
    return (
        Mistake(_loglik_no_normaliser, "you left out the normaliser: each token's probability is r**-s divided "
                                       "by H(K, s), which depends on s too"),
        Mistake(_loglik_normaliser_once, "the normaliser is paid once per token: multiply log H(K, s) by the "
                                         "total count n"),
        Mistake(_loglik_over_observed, "H(K, s) sums over all K ranks, including the ones with a count of zero"),
        Mistake(_loglik_negated, "that is the negative log-likelihood; return the log-likelihood itself (minimise "
                                 "its negative in the next exercise)"),
    )


_LOGLIK_INPUTS = (
    (1.0, np.array([50.0, 20.0, 12.0, 10.0, 8.0])),
    (0.7, np.array([5.0, 0.0, 3.0, 0.0, 0.0, 1.0])),
    (1.3, np.arange(40, 0, -1, dtype=float)),
    (0.0, np.array([1.0, 1.0, 1.0])),
)


# --------------------------------------------------------------------------- exercise 7: the tail exponent
@cache
def _shakespeare() -> np.ndarray:
    return np.asarray(shakespeare_word_counts().counts, dtype=float)


def _tail_alpha_continuous(values, x_min):
    tail = np.asarray(values, dtype=float)
    tail = tail[tail >= x_min]
    return 1.0 + tail.size / np.log(tail / x_min).sum()


def _tail_alpha_all_values(values, x_min):
    return power_law_tail_alpha(values, 1)


def _tail_alpha_strict(values, x_min):
    values = np.asarray(values, dtype=float)
    return power_law_tail_alpha(values[values > x_min], x_min + 1)


def _tail_alpha_mistakes():
    return (
        Mistake(_tail_alpha_continuous, "that is the continuous approximation 1 + n / sum(log(x / x_min)); counts "
                                        "are whole numbers, so normalise with the Hurwitz zeta function instead"),
        Mistake(_tail_alpha_all_values, "fit only the values at or above x_min: the tail starts there"),
        Mistake(_tail_alpha_strict, "the tail includes x_min itself: keep values >= x_min"),
    )


_TAIL_INPUTS = (
    (np.array([1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89], dtype=float), 2),
    (np.array([4, 4, 4, 5, 6, 9, 12, 40, 41, 300], dtype=float), 4),
)


def _tail_inputs():
    counts = _shakespeare()
    return _TAIL_INPUTS + ((counts, 10.0), (counts, 100.0))


# --------------------------------------------------------------------------- exercise 8: the KS distance
def _ks_at_values_only(values, alpha, x_min):
    from scipy import special

    tail = np.sort(np.asarray(values, dtype=float))
    tail = tail[tail >= x_min]
    uniq, counts = np.unique(tail, return_counts=True)
    model = 1 - special.zeta(alpha, uniq + 1.0) / special.zeta(alpha, x_min)
    return float(np.max(np.abs(np.cumsum(counts) / tail.size - model)))


def _ks_below_values_only(values, alpha, x_min):
    from scipy import special

    tail = np.sort(np.asarray(values, dtype=float))
    tail = tail[tail >= x_min]
    uniq, counts = np.unique(tail, return_counts=True)
    model = 1 - special.zeta(alpha, uniq) / special.zeta(alpha, x_min)
    return float(np.max(np.abs((np.cumsum(counts) - counts) / tail.size - model)))


def _ks_whole_sample(values, alpha, x_min):
    values = np.asarray(values, dtype=float)
    uniq, counts = np.unique(values, return_counts=True)
    from scipy import special

    norm = special.zeta(alpha, x_min)
    at = np.cumsum(counts) / values.size
    model_at = 1 - special.zeta(alpha, np.maximum(uniq, x_min - 1) + 1.0) / norm
    model_below = 1 - special.zeta(alpha, np.maximum(uniq, x_min)) / norm
    return float(max(np.abs(at - model_at).max(), np.abs(at - counts / values.size - model_below).max()))


def _ks_mistakes():
    return (
        Mistake(_ks_at_values_only, "between two values in the data your empirical CDF is flat while the model's "
                                    "keeps rising: compare them also just before each value, at x = u - 1"),
        Mistake(_ks_below_values_only, "compare the two CDFs also at each value u itself, not only just below it"),
        Mistake(_ks_whole_sample, "the empirical CDF is that of the tail: drop the values below x_min first"),
    )


_KS_INPUTS = (
    (np.array([3, 3, 3, 4, 7, 7, 12, 30, 30, 31, 95], dtype=float), 1.7, 3),
    (np.array([1, 1, 1, 1, 2, 2, 3, 5, 9], dtype=float), 2.2, 1),
    (np.array([10, 11, 15, 15, 20, 60, 61, 62, 500], dtype=float), 1.9, 10),
    (np.array([5, 5, 5, 5, 6, 6, 6, 7, 100], dtype=float), 1.5, 5),   # the gap is widest at a value itself
    (np.array([1, 2, 2, 3, 3, 3, 4, 7, 7, 12, 30, 95], dtype=float), 1.8, 3),  # values below x_min to drop
)


# --------------------------------------------------------------------------- exercise 9: x_min and alpha
@cache
def _tail_fit():
    return fit_power_law_tail(_shakespeare(), x_min_candidates=TAIL_CANDIDATES)


def _x_min_mistakes():
    fit = _tail_fit()
    order = np.argsort(fit.candidate_ks)
    worst = float(fit.candidates[np.nanargmax(fit.candidate_ks)])
    second = float(fit.candidates[order[1]])
    full = fit_power_law_tail(_shakespeare())
    mistakes = [Mistake(worst, "that cut-off has the largest KS distance; keep the one with the smallest")]
    if abs(second - fit.x_min) > 0.5:
        mistakes.append(Mistake(second, "that is the runner-up; the smallest KS distance is at another cut-off"))
    if abs(full.x_min - fit.x_min) > 0.5 and abs(full.x_min - worst) > 0.5 and abs(full.x_min - second) > 0.5:
        mistakes.append(Mistake(full.x_min, "search only the lab's candidate cut-offs"))
    return tuple(mistakes)


def _alpha_mistakes():
    fit = _tail_fit()
    counts = _shakespeare()
    return (
        Mistake(power_law_tail_alpha(counts, 1), "that is the exponent with x_min = 1; report it at the x_min your "
                                                 "search chose"),
        Mistake(_tail_alpha_continuous(counts, fit.x_min), "that is the continuous approximation; use the "
                                                            "discrete likelihood with the Hurwitz zeta function"),
        Mistake(1.0 + 1.0 / fit.alpha, "alpha is the exponent of the distribution of counts; you may have "
                                       "converted it as if it were Zipf's s"),
    )


# --------------------------------------------------------------------------- exercise 10: the p-value
@cache
def _pvalue() -> float:
    return power_law_tail_pvalue(_shakespeare(), _tail_fit(), n_boot=_REFERENCE_BOOTSTRAPS, seed=PVALUE_SEED,
                                 x_min_candidates=TAIL_CANDIDATES)


def _pvalue_mistakes():
    p = _pvalue()
    candidates = [Mistake(1.0 - p, "p is the share of synthetic data sets whose KS distance is at least the data's "
                                   "(worse fits than the data), not at most")]
    return tuple(m for m in candidates if abs(m.value - p) > 0.25)


def _ruled_out() -> bool:
    return bool(_pvalue() <= 0.1)  # Clauset et al. (2009), sec. 4.1: ruled out if p <= 0.1


def _ruled_out_mistakes():
    wrong = not _ruled_out()
    if _ruled_out():
        return (Mistake(wrong, "p is at most 0.1: synthetic data from the power law fit better than the real "
                               "counts nearly always, so the power law is ruled out"),)
    return (Mistake(wrong, "a p-value above 0.1 does not rule the power law out: synthetic data drawn from it "
                           "often fit worse than the real counts do"),)

EXERCISES = {
    "lab1-top-share": NumberExercise(
        expected=_top_share, mistakes=_top_share_mistakes, rel_tol=1e-3, name="top-100 share",
        hint="add up the first 100 entries of data.frequencies (they are sorted, most common first)"),
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
    "lab1-loglik": FunctionExercise(
        reference=_log_likelihood, test_inputs=_LOGLIK_INPUTS, mistakes=_loglik_mistakes, rel_tol=1e-9,
        name="zipf_log_likelihood",
        hint="add up log p(r) over every token: count_r tokens of rank r each contribute log p(r), with p(r) the "
             "probability mass function of exercise 4"),
    "lab1-mle": NumberExercise(
        expected=_mle, mistakes=_mle_mistakes, rel_tol=0.0, abs_tol=2e-4, name="exponent",
        hint='maximise the log-likelihood of the counts per rank over s (the normaliser sums rank^-s over every '
             'rank); a least-squares slope is not the maximum-likelihood estimate'),
    "lab1-tail-alpha": FunctionExercise(
        reference=power_law_tail_alpha, test_inputs=LazyInputs(_tail_inputs), mistakes=_tail_alpha_mistakes,
        rel_tol=1e-5, name="tail_alpha",
        hint="maximise the log-likelihood of the tail values: each contributes -alpha log x - log zeta(alpha, x_min); "
             "search alpha between just above 1 and about 6"),
    "lab1-ks": FunctionExercise(
        reference=power_law_tail_ks, test_inputs=_KS_INPUTS, mistakes=_ks_mistakes, rel_tol=1e-9,
        name="ks_distance",
        hint="compare two cumulative distributions on the tail: the share of tail values <= x, and the model's "
             "P(X <= x); the distance is the largest gap over every whole number x >= x_min"),
    "lab1-xmin": NumberExercise(
        expected=lambda: _tail_fit().x_min, mistakes=_x_min_mistakes, rel_tol=0.0, abs_tol=0.5, name="x_min",
        hint="for each candidate cut-off, fit alpha on the tail and measure the KS distance with your own "
             "functions; keep the cut-off where the distance is smallest"),
    "lab1-tail-exponent": NumberExercise(
        expected=lambda: _tail_fit().alpha, mistakes=_alpha_mistakes, rel_tol=1e-4, name="alpha",
        hint="report the exponent fitted at the cut-off your search chose, on the values at or above it"),
    "lab1-pvalue": NumberExercise(
        expected=_pvalue, mistakes=_pvalue_mistakes, rel_tol=0.0, abs_tol=0.2, name="p-value",
        hint="each synthetic data set must be fitted exactly as the real one was (x_min search included); p is the "
             "share of them whose KS distance is at least the real data's"),
    "lab1-ruled-out": ChoiceExercise(
        expected=_ruled_out, mistakes=_ruled_out_mistakes, name="ruled_out",
        hint="Clauset et al. rule a power law out when p <= 0.1; answer True or False"),
}
