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


def test_top_share_is_the_hundred_most_common_words(words):
    frequency = dict(zip(words.words, words.frequencies))
    hundred = sorted(frequency, key=frequency.get, reverse=True)[:100]
    assert "the" in hundred and "that" in hundred  # wordfreq 3.1.1's first and tenth words
    assert EXERCISES["lab1-top-share"].answer() == pytest.approx(sum(frequency[w] for w in hundred), rel=1e-12)
    assert EXERCISES["lab1-top-share"].answer() == pytest.approx(0.4599, abs=0.002)


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


def test_mle_of_the_lab_sample_is_the_fit_to_its_thousand_most_common_words(words):
    # The lab's corpus: 100,000 tokens (seed 2024); exercise 6 fits the tokens of the 1,000 most common words,
    # whose exponent (0.930, measured) is not the 0.975 of all 10,000 that the power-law chapter prints.
    assert (SAMPLE_TOKENS, SAMPLE_SEED) == (100_000, 2024)
    counts = sl.sample_corpus_counts(words.frequencies, SAMPLE_TOKENS, seed=SAMPLE_SEED)
    assert EXERCISES["lab1-mle"].answer() == sl.fit_zipf_mle(counts[:1000]).decay_exponent
    assert EXERCISES["lab1-mle"].answer() == pytest.approx(0.9298, abs=0.001)
    assert abs(EXERCISES["lab1-mle"].answer() - sl.fit_zipf_mle(counts).decay_exponent) > 0.04


def test_log_likelihood_reference_matches_a_sum_over_tokens():
    # Three tokens of rank 1 and one of rank 3 out of K = 4 types, s = 1.2: the sum of log p(r) token by token.
    reference = EXERCISES["lab1-loglik"].answer()
    p = sl.zipf_pmf(np.arange(1, 5), 1.2, 4)
    by_token = 3 * np.log(p[0]) + np.log(p[2])
    assert reference(1.2, np.array([3.0, 0.0, 1.0, 0.0])) == pytest.approx(by_token, rel=1e-12)


def test_mle_answer_maximises_the_log_likelihood():
    loglik = EXERCISES["lab1-loglik"].answer()
    counts = sl.sample_corpus_counts(sl.english_word_frequencies(N_WORDS).frequencies, SAMPLE_TOKENS,
                                     seed=SAMPLE_SEED)
    s_hat, head = EXERCISES["lab1-mle"].answer(), counts[:1000]
    assert loglik(s_hat, head) > max(loglik(s_hat - 1e-3, head), loglik(s_hat + 1e-3, head))


def test_shakespeare_tail_answers():
    # Measured with the package on the lab's 23 candidate cut-offs; the scan over every distinct count
    # (tests/fitting/test_power_law_tail.py) gives x_min = 131 and alpha = 1.9617, as the powerlaw package does.
    from scaling_lab.checks.lab01_zipf import TAIL_CANDIDATES

    assert len(TAIL_CANDIDATES) == 23 and TAIL_CANDIDATES[0] == 1 and TAIL_CANDIDATES[-1] == 1000
    assert EXERCISES["lab1-xmin"].answer() == 133
    assert EXERCISES["lab1-tail-exponent"].answer() == pytest.approx(1.9625, abs=1e-4)
    # 200 synthetic data sets (seed 11): p = 0.52, far from the 0.1 line in either direction of its noise.
    assert 0.35 < EXERCISES["lab1-pvalue"].answer() < 0.7
    assert EXERCISES["lab1-ruled-out"].answer() is False


def test_tail_exponent_is_near_one_plus_one_over_zipf_s():
    # Zipf's s near 1 for the ranks means alpha near 2 for the counts (Clauset et al., sec. 2).
    alpha = EXERCISES["lab1-tail-exponent"].answer()
    assert abs(alpha - 2.0) < 0.1
