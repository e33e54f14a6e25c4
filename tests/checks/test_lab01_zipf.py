"""Tests of scaling_lab.checks.lab01_zipf, the checkers of ``labs/lab01_zipf.md``: its expected answers
against independent computations and the numbers measured on the word list.

The contract every lab's checkers keep (placeholder, junk, mistakes, hostile input) is proven for all labs
by tests/checks/test_registry.py; here, that this lab's answers are the right ones.
"""

import math

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.checks.lab01_zipf import EXERCISES, N_WORDS, SAMPLE_SEED, SAMPLE_TOKENS


@pytest.fixture(scope="module")
def words():
    return sl.english_word_frequencies(N_WORDS)


def test_top_share_is_the_ten_most_common_words_by_name(words):
    frequency = dict(zip(words.words, words.frequencies))
    ten = ("the", "to", "and", "of", "a", "in", "i", "is", "for", "that")  # wordfreq 3.1.1's top ten
    assert EXERCISES["lab1-top-share"].answer() == pytest.approx(sum(frequency[w] for w in ten), rel=1e-12)
    assert EXERCISES["lab1-top-share"].answer() == pytest.approx(0.2173, abs=0.002)  # re-binning, as in test_words


def test_slope_is_the_measured_zipf_slope_of_the_first_thousand_ranks():
    # tests/data/test_words.py: OLS slope of log f on log r over ranks 1..1000, measured -0.9889 (0.002 covers
    # a re-binned wordfreq).
    assert EXERCISES["lab1-slope"].answer() == pytest.approx(-0.9889, abs=0.002)


def test_forecast_is_the_head_fit_evaluated_at_rank_1000(words):
    # Least squares on ranks 1..100 done by hand with numpy: the same line, to rounding.
    slope, intercept = np.polyfit(np.log(words.ranks[:100]), np.log(words.frequencies[:100]), 1)
    assert EXERCISES["lab1-forecast"].answer() == pytest.approx(math.exp(intercept) * 1000.0**slope, rel=1e-10)


def test_pmf_reference_is_the_truncated_zipf_law():
    # s = 1, K = 10: p(r) = (1/r) / H_10 with H_10 = 7381/2520; a student's loop-free version passes.
    reference = EXERCISES["lab1-pmf"].answer()
    ranks = np.arange(1, 11)
    np.testing.assert_allclose(reference(ranks, 1.0, 10), (1.0 / ranks) / (7381 / 2520), rtol=1e-12)

    def student(ranks, exponent, n_types):
        return np.asarray(ranks, dtype=float) ** -exponent / np.sum(np.arange(1.0, n_types + 1) ** -exponent)

    assert sl.check("lab1-pmf", student).correct


def test_mle_of_the_lab_sample_is_near_the_population_exponent(words):
    # The lab's corpus: 100,000 tokens (seed 2024).  The MLE's standard error is ~0.001 at this size, so the
    # sample's estimate lies within 5 of them (0.005) of the population's, 0.9734 (tests/data/test_words.py).
    assert (SAMPLE_TOKENS, SAMPLE_SEED) == (100_000, 2024)
    counts = sl.sample_corpus_counts(words.frequencies, SAMPLE_TOKENS, seed=SAMPLE_SEED)
    assert EXERCISES["lab1-mle"].answer() == sl.fit_zipf_mle(counts).decay_exponent
    assert EXERCISES["lab1-mle"].answer() == pytest.approx(0.9734, abs=0.005)
