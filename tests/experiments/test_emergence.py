"""Tests of scaling_lab.experiments.emergence: simulated emergence metrics, the emergence score, and Pythia's
curves against tokens.

With every token alike (token_spread=0) the simulated metrics must equal the closed forms of Schaeffer et
al. (2023, sec. 2): p^L and L(1 - p), a step for the multiple-choice grade, and the softmax Brier score.
(Wei et al.'s (2022) Table 1 is checked in tests/reference/test_emergence.py.)
"""

import math

import numpy as np
import pytest

from scaling_lab.data import load_pythia_evals
from scaling_lab.experiments import (
    EMERGENCE_METRICS, ILLUSTRATIVE_PER_TOKEN_LOSS, EmergenceMetrics, PythiaCurves, emergence_metrics,
    emergence_score, pythia_emergence_curves,
)
from scaling_lab.laws import exact_match_accuracy, kaplan_loss_n, per_token_accuracy, token_edit_distance

SIZES = np.geomspace(1e7, 1e12, 11)


@pytest.fixture(scope="module")
def alike():
    return emergence_metrics(SIZES, token_spread=0.0, max_answer_length=12, n_questions=3)


def test_closed_forms_when_every_token_is_alike(alike):
    p = per_token_accuracy(kaplan_loss_n(SIZES, params=ILLUSTRATIVE_PER_TOKEN_LOSS))
    np.testing.assert_allclose(alike.per_token_accuracy, p, rtol=1e-12)
    for length in (1, 5, 12):
        np.testing.assert_allclose(alike.curve("exact_match", length), exact_match_accuracy(p, length), rtol=1e-12)
        np.testing.assert_allclose(alike.curve("token_edit_distance", length), token_edit_distance(p, length),
                                   rtol=1e-12)


def test_multiple_choice_is_a_step_and_brier_a_sigmoid_without_token_noise(alike):
    loss = alike.per_token_loss
    for length in (1, 7):
        grade = alike.curve("multiple_choice_grade", length)
        np.testing.assert_array_equal(grade, np.where(loss < alike.distractor_loss, 1.0, 0.0))
        k = alike.n_options
        right = 1.0 / (1.0 + (k - 1) * np.exp(-length * (alike.distractor_loss - loss)))
        expected = (1 - right) ** 2 + (k - 1) * ((1 - right) / (k - 1)) ** 2
        np.testing.assert_allclose(alike.curve("brier_score", length), expected, rtol=1e-10)


def test_exact_match_sharpens_with_length_while_edit_distance_stays_smooth():
    m = emergence_metrics(np.geomspace(1e7, 1e12, 8))
    scores = {(metric, length): emergence_score(m.n_params, m.curve(metric, length))
              for metric in ("exact_match", "token_edit_distance") for length in (1, 30)}
    # Measured (seed 0, 8 sizes): exact match 7.1 -> 114 from 1 to 30 tokens; edit distance -7.1 and -7.0.
    assert scores["exact_match", 30] > 2.5 * scores["exact_match", 1]
    assert scores["token_edit_distance", 30] == pytest.approx(scores["token_edit_distance", 1], rel=0.05)
    assert scores["token_edit_distance", 1] < 0  # fewer wrong tokens as models grow


def test_metrics_improve_with_size_and_respect_their_ranges():
    m = emergence_metrics()
    assert isinstance(m, EmergenceMetrics) and m.exact_match.shape == (30, 41)
    assert np.all(np.diff(m.exact_match, axis=1) >= 0)
    assert np.all(np.diff(m.token_edit_distance, axis=1) <= 0)
    assert np.all(np.diff(m.multiple_choice_grade, axis=1) >= 0)
    assert np.all((0 <= m.exact_match) & (m.exact_match <= 1))
    assert np.all(m.exact_match[1:] <= m.exact_match[:-1] + 1e-15)  # longer answers are harder
    assert np.all((m.brier_score >= 0) & (m.brier_score <= 2))
    # One-token answers: the first tokens' mean probability, within sampling error of all tokens' mean p.
    np.testing.assert_allclose(m.exact_match[0], m.per_token_accuracy, atol=0.01)
    # L(1e7) = 3.9^0.3 = 1.50 nats, e^-1.50 = 0.22; token spread raises the mean of e^-l (Jensen).
    assert m.per_token_loss[0] == pytest.approx(1.504, abs=1e-3)
    assert m.per_token_accuracy[0] == pytest.approx(0.277, abs=0.005)
    assert "EmergenceMetrics(" in repr(m)


def test_deterministic_under_a_seed():
    a, b, c = (emergence_metrics(SIZES, seed=s) for s in (1, 1, 2))
    np.testing.assert_array_equal(a.brier_score, b.brier_score)
    assert not np.array_equal(a.brier_score, c.brier_score)


def test_curve_selects_metric_and_length(alike):
    np.testing.assert_array_equal(alike.curve("brier_score", 3), alike.brier_score[2])
    with pytest.raises(ValueError, match="metric"):
        alike.curve("accuracy", 3)
    with pytest.raises(ValueError, match="answer_length"):
        alike.curve("exact_match", 13)
    with pytest.raises(ValueError, match="answer_length"):
        alike.curve("exact_match", 0)
    assert set(EMERGENCE_METRICS) == {"exact_match", "token_edit_distance", "multiple_choice_grade", "brier_score"}


@pytest.mark.parametrize("kwargs, match", [
    ({"n_params": [1e7, -1.0]}, "n_params"),
    ({"n_params": [1e7, np.nan]}, "n_params"),
    ({"max_answer_length": 0}, "max_answer_length"),
    ({"n_options": 1}, "n_options"),
    ({"n_questions": 2.5}, "n_questions"),
    ({"token_spread": -0.1}, "token_spread"),
    ({"distractor_loss": 0.0}, "distractor_loss"),
    ({"params": object()}, "params"),
])
def test_emergence_metrics_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        emergence_metrics(**kwargs)


# --------------------------------------------------------------------------- emergence score
def test_emergence_score_closed_forms():
    x = np.arange(1.0, 9.0)
    assert emergence_score(x, x) == pytest.approx(7.0)  # 8 equal steps of 1: range 7, median step 1
    assert emergence_score(x, -x) == pytest.approx(-7.0)
    assert emergence_score(x, np.r_[np.zeros(5), np.ones(3)]) == math.inf  # one jump
    assert emergence_score(x, np.ones(8)) == 0.0
    assert emergence_score(x[::-1], x[::-1]) == pytest.approx(7.0)  # order of input does not matter


@pytest.mark.parametrize("scale, performance, match", [
    ([1, 2], [0.1, 0.2], "scale"),
    ([1, 2, -3], [0.1, 0.2, 0.3], "scale"),
    ([1, 2, 3], [0.1, np.inf, 0.3], "performance"),
    ([1, 2, 3], [0.1, 0.2], "performance"),
])
def test_emergence_score_bad_input(scale, performance, match):
    with pytest.raises(ValueError, match=match):
        emergence_score(scale, performance)


# --------------------------------------------------------------------------- Pythia curves
def test_pythia_curves_match_the_loader():
    final = load_pythia_evals().final()
    acc = pythia_emergence_curves("lambada_openai")
    assert isinstance(acc, PythiaCurves) and acc.values.shape == (7, 27) and acc.higher_is_better
    np.testing.assert_allclose(acc.values[:, -1], final.accuracy["lambada_openai"])
    assert acc.n_tokens[-1] == 299_892_736_000
    prob = pythia_emergence_curves("lambada_word_probability")
    np.testing.assert_allclose(prob.values[:, -1], 1 / final.lambada_perplexity)
    ce = pythia_emergence_curves("lambada_cross_entropy")
    assert not ce.higher_is_better and ce.values[-1, -1] == pytest.approx(math.log(3.9236), abs=1e-4)
    assert pythia_emergence_curves("winogrande").chance == 0.5
    assert pythia_emergence_curves("mmlu", deduplicated=True).values.shape == (8, 27)
    with pytest.raises(ValueError):
        acc.values[0, 0] = 1.0


def test_pythia_curves_bad_input():
    with pytest.raises(ValueError, match="metric"):
        pythia_emergence_curves("hellaswag")
    with pytest.raises(ValueError, match="deduplicated"):
        pythia_emergence_curves(deduplicated=None)
