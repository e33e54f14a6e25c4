"""Tests of scaling_lab.checks.lab07_emergence, the checkers of ``labs/lab07_emergence.md``: its expected
answers against Schaeffer et al.'s (2023) closed forms, and its forecasts and break against the numbers
measured on Pythia (Biderman et al. 2023) in the tests of the experiments.

The contract every lab's checkers keep is proven for all labs by tests/checks/test_registry.py.
"""

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.checks.lab07_emergence import ANSWER_LENGTH, DISTRACTOR_LOSS, EXERCISES, N_OPTIONS, N_SIZES

SIZES = np.geomspace(1e7, 1e12, N_SIZES)


def per_token_probability():
    """p = exp(-L(N)) with L(N) = (N_c / N)^alpha_N of the lab's illustrative family, by hand."""
    law = sl.ILLUSTRATIVE_PER_TOKEN_LOSS
    return np.exp(-(law.scale / SIZES) ** law.exponent)


def test_exact_match_and_edit_distance_are_the_closed_forms():
    p = per_token_probability()
    np.testing.assert_allclose(EXERCISES["lab7-exact-match"].answer(), p**ANSWER_LENGTH, rtol=1e-10)
    np.testing.assert_allclose(EXERCISES["lab7-edit-distance"].answer(), ANSWER_LENGTH * (1 - p), rtol=1e-10)


def test_brier_score_is_the_softmax_over_the_options():
    p = per_token_probability()
    right, wrong = p**ANSWER_LENGTH, np.exp(-DISTRACTOR_LOSS * ANSWER_LENGTH)
    pi_right, pi_wrong = right / (right + (N_OPTIONS - 1) * wrong), wrong / (right + (N_OPTIONS - 1) * wrong)
    expected = (1 - pi_right) ** 2 + (N_OPTIONS - 1) * pi_wrong**2
    np.testing.assert_allclose(EXERCISES["lab7-brier"].answer(), expected, rtol=1e-10, atol=1e-15)
    # The smallest model puts all its probability on the 3 wrong options: (1 - 0)^2 + 3 (1/3)^2 = 4/3.
    assert EXERCISES["lab7-brier"].answer()[0] == pytest.approx(4 / 3, rel=1e-6)


def test_only_the_edit_distance_is_not_emergent():
    # Order: exact match, token edit distance, multiple-choice grade, Brier score (sl.EMERGENCE_METRICS).
    assert list(sl.EMERGENCE_METRICS) == ["exact_match", "token_edit_distance", "multiple_choice_grade", "brier_score"]
    np.testing.assert_array_equal(EXERCISES["lab7-which-emergent"].answer(), [1.0, 0.0, 1.0, 1.0])


def test_pythia_forecasts_are_the_ones_of_the_forecasting_experiments():
    # tests/experiments/test_pythia_forecasts.py: WinoGrande's line forecasts 0.5976 for 12B (to 2e-4), the
    # saturating law LAMBADA perplexity 3.884 (to 1e-3 relative); the lab's recipes give the same numbers.
    assert EXERCISES["lab7-winogrande-forecast"].answer() == pytest.approx(0.5976, abs=2e-4)
    assert EXERCISES["lab7-lambada-forecast"].answer() == pytest.approx(3.884, rel=1e-3)


def test_break_of_12bs_lambada_error_is_the_one_measured_on_the_real_curve():
    # tests/fitting/test_bnsl.py: the break of Pythia 12B's LAMBADA error against tokens sits between 1.5e9 and
    # 2.1e9 tokens (measured 1.79e9).
    assert 1.5e9 < EXERCISES["lab7-bnsl-break"].answer() < 2.1e9
