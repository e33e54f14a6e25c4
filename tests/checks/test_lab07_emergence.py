"""Tests of scaling_lab.checks.lab07_emergence, the checkers of ``labs/lab07_emergence.md``.

The expected answers are recomputed here independently: the simulated family by hand from its recipe
(Schaeffer et al.'s model, our constants), the metrics in loops over questions, the emergence scores from
BIG-Bench's formula, the planted truth of the mystery families, and the Pythia forecasts from the CSV file
itself with plain NumPy least squares.  The contract every lab's checkers keep (placeholder, junk, answer,
mistakes and their hints) is proven for all labs by tests/checks/test_registry.py.
"""

import csv
from importlib import resources

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.checks import lab07_emergence as lab
from scaling_lab.checks.lab07_emergence import EXERCISES


def family_by_hand():
    """The lab's recipe, written out again: gamma difficulties with mean 1, p = exp(-L(N) * difficulty)."""
    rng = np.random.default_rng(lab.FAMILY_SEED)
    n = np.geomspace(3e7, 3e11, 9)
    loss = (3.9e7 / n) ** 0.3  # the illustrative constants, N_c = 3.9e7 and alpha = 0.3
    difficulty = rng.gamma(4.0, 0.25, size=(300, 25))
    probs = np.exp(-loss[:, None, None] * difficulty)
    wrong = -0.5 * rng.gamma(4.0, 0.25, size=(300, 3, 25)).sum(axis=-1)
    return n, probs, wrong


def metrics_by_hand(probs, wrong):
    """The four metrics, question by question."""
    n_sizes, n_questions, _ = probs.shape
    em, ed, grade, brier = (np.zeros(n_sizes) for _ in range(4))
    for i in range(n_sizes):
        for q in range(n_questions):
            em[i] += np.prod(probs[i, q]) / n_questions
            ed[i] += np.sum(1 - probs[i, q]) / n_questions
            options = np.concatenate([[np.sum(np.log(probs[i, q]))], wrong[q]])
            grade[i] += float(np.argmax(options) == 0) / n_questions
            share = np.exp(options - options.max())
            share /= share.sum()
            brier[i] += ((share[0] - 1) ** 2 + np.sum(share[1:] ** 2)) / n_questions
    return em, ed, grade, brier


def score_by_hand(x, y):
    """BIG-Bench's emergence score, straight from the formula."""
    y = np.asarray(y)[np.argsort(x)]
    step = np.sqrt(np.median(np.diff(y) ** 2))
    sign = np.sign(np.argmax(y) - np.argmin(y))
    return np.inf * sign if step == 0 else sign * (y.max() - y.min()) / step


def test_the_checkers_family_is_the_labs_recipe():
    n, probs, wrong = family_by_hand()
    n_params, token_probs, options = lab.lab_family()
    np.testing.assert_allclose(n_params, n, rtol=1e-12)
    np.testing.assert_allclose(token_probs, probs, rtol=1e-12)
    np.testing.assert_allclose(options[..., 1:], np.broadcast_to(wrong, options[..., 1:].shape), rtol=1e-12)
    # Smooth by construction: the loss falls by 10^(0.3 * 0.5) per half decade of size.
    mean_cost = -np.log(token_probs).mean(axis=(1, 2))
    np.testing.assert_allclose(mean_cost[:-1] / mean_cost[1:], 10 ** 0.15, rtol=1e-9)


def test_the_metric_references_agree_with_a_loop_over_questions():
    n, probs, wrong = family_by_hand()
    by_hand = metrics_by_hand(probs, wrong)
    for computed, expected in zip(lab.family_metrics().values(), by_hand):
        np.testing.assert_allclose(computed, expected, rtol=1e-9, atol=1e-15)


def test_the_metrics_reduce_to_the_packages_closed_forms_when_tokens_are_alike():
    same = np.full((3, 7, 12), 0.93)
    assert EXERCISES["lab7-exact-match"].answer()(same) == pytest.approx(sl.exact_match_accuracy(0.93, 12))
    assert EXERCISES["lab7-edit-distance"].answer()(same) == pytest.approx(sl.token_edit_distance(0.93, 12))
    # A uniform guess over K options scores (K - 1)/K under the Brier score.
    assert EXERCISES["lab7-brier"].answer()(np.zeros((5, 4))) == pytest.approx(0.75)


def test_which_metrics_look_emergent():
    n, probs, wrong = family_by_hand()
    scores = [score_by_hand(n, values) for values in metrics_by_hand(probs, wrong)]
    # exact match about 33, edit distance about -8 (a steady curve over nine sizes), the grade infinite (its
    # median step is 0) and the Brier score about -270: only the linear metric is steady.
    assert 25 < scores[0] < 40 and -9 < scores[1] < -7 and np.isinf(scores[2]) and scores[3] < -200
    np.testing.assert_array_equal(EXERCISES["lab7-which-emergent"].answer(), [1.0, 0.0, 1.0, 1.0])


def test_the_mystery_answer_is_the_planted_break():
    # The planted truth: only family B's per-token loss drops by a factor (0.2) between two neighbouring sizes.
    losses = lab.mystery_losses()
    ratios = {name: loss[:-1] / loss[1:] for name, loss in losses.items()}
    assert ratios["A"].max() < 1.5 and ratios["B"].max() > 4
    assert EXERCISES["lab7-mystery"].answer() == "B"
    n = np.array(lab.FAMILY_SIZES)
    for name, probs in lab.mystery_families().items():
        exact = probs.prod(axis=-1).mean(axis=-1)
        edit = (1 - probs).sum(axis=-1).mean(axis=-1)
        assert score_by_hand(n, exact) > 20  # both look emergent under exact match
        assert (abs(score_by_hand(n, edit)) > 20) == (name == "B")  # only B's linear metric jumps


def _arc_easy_from_the_csv():
    text = resources.files("scaling_lab.datasets").joinpath("pythia_zero_shot_evals.csv").read_text()
    rows = [r for r in csv.DictReader(text.splitlines()) if r["deduped"] == "1" and r["step"] == "143000"]
    rows.sort(key=lambda r: int(r["params_total"]))
    get = lambda key: np.array([float(r[key]) for r in rows])  # noqa: E731
    return get("params_total"), get("arc_easy_acc"), get("arc_easy_acc_stderr")


def test_the_forecasts_are_plain_least_squares_on_the_deduplicated_suite():
    n, acc, se = _arc_easy_from_the_csv()
    assert n.size == 8 and 1.0e9 < n[3] < 1.02e9  # eight sizes, with the 1B model
    fit = n <= 1.5e9
    assert fit.sum() == 5
    x = np.log10(n[fit])
    w = 1 / se[fit] ** 2
    design = np.column_stack([np.ones_like(x), x])
    a, b = np.linalg.solve(design.T @ (w[:, None] * design), design.T @ (w * acc[fit]))
    line = a + b * np.log10(n[-1])
    k, c = np.polyfit(np.log(n[fit]), np.log(1 - acc[fit]), 1)
    power = 1 - np.exp(c) * n[-1] ** k
    np.testing.assert_allclose(EXERCISES["lab7-commit"].answer(), [line, power], rtol=1e-9)
    # Measured: line 0.778, power law 0.720, revealed 0.708: the power law of the error lands closer.
    assert line == pytest.approx(0.778, abs=1e-3) and power == pytest.approx(0.720, abs=1e-3)
    assert abs(power - acc[-1]) < abs(line - acc[-1])
    assert EXERCISES["lab7-choice"].answer() == "power law"


def test_the_choice_reports_its_consequence():
    result = EXERCISES["lab7-choice"].check("line")
    assert result.status == "wrong" and "+0.070" in result.message and "+0.013" in result.message
    assert EXERCISES["lab7-choice"].check("Power law").correct
    assert EXERCISES["lab7-choice"].check(...).status == "unanswered"
    assert EXERCISES["lab7-choice"].check("neither").status == "wrong"


def test_the_function_references_are_the_packages_fits():
    for args in lab._forecast_inputs():
        n, acc, se, new = args
        np.testing.assert_allclose(EXERCISES["lab7-line"].answer()(*args),
                                   sl.fit_log_linear(n, acc, y_stderr=se).predict(new), rtol=1e-12)
        np.testing.assert_allclose(EXERCISES["lab7-power"].answer()(n, acc, new),
                                   1 - sl.fit_power_law(n, 1 - acc).predict(new), rtol=1e-12)
    for scale, values in lab._score_inputs():
        assert EXERCISES["lab7-emergence-score"].answer()(scale, values) == pytest.approx(
            score_by_hand(scale, values), rel=1e-12)
