"""Tests of scaling_lab.checks.lab06_budget, the checkers of ``labs/lab06_budget.md``: the expected answers against
independent computations from the hidden truth of the lab's TrainingAPI seed, the decisions' scoring and hints,
the lab's own design against its thresholds, and that the student notebook holds nothing for the instructor only.

The contract every lab's checkers keep (labels, placeholder, junk, mistakes, hints) is proven by
tests/checks/test_registry.py.
"""

import math
from pathlib import Path

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.checks import lab06_budget
from scaling_lab.checks.lab06_budget import (
    BUDGET_FLOPS, EXERCISES, LOSS_MARGIN, RULE_SIZES, SEED, SIZE_FACTOR, TARGET_FLOPS,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def truth():
    return sl.TrainingAPI(BUDGET_FLOPS, seed=SEED, instructor=True).reveal()


# --------------------------------------------------------------------------- functions, against closed forms
def test_run_tokens_reference():
    # N = 12 x 8 x 512^2 = 25,165,824; D = C / (6N) = 1e16 / 150,994,944 = 66,227,383.08 tokens.
    reference = EXERCISES["lab6-tokens"].reference
    assert reference(512, 8, 1e16) == pytest.approx(66_227_383.08, rel=1e-9)
    np.testing.assert_allclose(reference(np.array([256, 512]), np.array([4, 8]), 1e17),
                               [1e17 / (6 * 12 * 4 * 256**2), 1e17 / (6 * 12 * 8 * 512**2)], rtol=1e-12)


def test_optimal_size_reference_is_eq4_and_minimises_the_law():
    # Hoffmann et al. (2022) eq. 4 written out, and a brute-force minimum of the law along C = 6ND.
    reference = EXERCISES["lab6-optimal-size"].reference
    c, a_coef, b_coef, alpha, beta = 1e21, 406.4, 410.7, 0.34, 0.28
    g = (alpha * a_coef / (beta * b_coef)) ** (1 / (alpha + beta))
    assert reference(c, a_coef, b_coef, alpha, beta) == pytest.approx(g * (c / 6) ** (beta / (alpha + beta)),
                                                                      rel=1e-12)
    n = np.geomspace(1e8, 1e12, 200_001)
    loss = a_coef / n**alpha + b_coef / (c / (6 * n)) ** beta
    assert reference(c, a_coef, b_coef, alpha, beta) == pytest.approx(n[np.argmin(loss)], rel=1e-4)


# --------------------------------------------------------------------------- decisions, against the hidden truth
def test_the_expected_prediction_is_the_hidden_optimum(truth):
    # By hand from the hidden law at ideal settings (B scaled by 1.5625^beta, training_api docstring).
    law = truth.law
    b_ideal = law.B * 1.5625**law.beta
    g = (law.alpha * law.A / (law.beta * b_ideal)) ** (1 / (law.alpha + law.beta))
    n_opt = g * (TARGET_FLOPS / 6) ** (law.beta / (law.alpha + law.beta))
    d_opt = TARGET_FLOPS / (6 * n_opt)
    l_opt = law.E + law.A / n_opt**law.alpha + b_ideal / d_opt**law.beta
    np.testing.assert_allclose(EXERCISES["lab6-prediction"].answer(), [n_opt, l_opt], rtol=1e-9)


def test_the_prediction_is_scored_by_its_consequence_and_hints_say_which_way(truth):
    spec = EXERCISES["lab6-prediction"]
    n_opt, l_opt = spec.answer()
    inside = 0.99 * math.log(SIZE_FACTOR)
    for n, loss in ((n_opt * math.exp(inside), l_opt + 0.99 * LOSS_MARGIN),
                    (n_opt * math.exp(-inside), l_opt - 0.99 * LOSS_MARGIN)):
        assert spec.check([n, loss]).correct
    assert "submit score" in spec.check([n_opt, l_opt]).message
    cases = {(n_opt * 1.7, l_opt): "too large", (n_opt / 1.7, l_opt): "too small",
             (n_opt, l_opt + 0.1): "too high", (n_opt, l_opt - 0.1): "too low"}
    for answer, word in cases.items():
        result = spec.check(list(answer))
        assert result.status == "wrong" and word in result.hint, (answer, result)
        assert f"{n_opt:.4g}" not in result.hint and f"{l_opt:.4f}" not in result.hint  # never the answer
    both = spec.check([n_opt * 2, l_opt - 0.2])
    assert "too large" in both.hint and "too low" in both.hint
    assert "nats" in spec.check([n_opt, l_opt / math.log(2)]).hint  # bits per token


def test_the_rate_rule_is_scored_against_the_hidden_best_rate(truth):
    spec = EXERCISES["lab6-lr-rule"]
    best = truth.best_learning_rate
    assert spec.check(lambda n: 1.45 * float(best(n))).correct and spec.check(lambda n: float(best(n)) / 1.45).correct
    assert "too high" in spec.check(lambda n: 1.6 * float(best(n))).hint
    assert "too low" in spec.check(lambda n: float(best(n)) / 1.6).hint
    steeper = spec.check(lambda n: float(best(n)) * (n / 1e7) ** -0.2)
    flatter = spec.check(lambda n: float(best(n)) * (n / 1e7) ** 0.2)
    assert "too fast" in steeper.hint and "too slowly" in flatter.hint
    assert "logarithm" in spec.check(lambda n: math.log(float(best(n)))).hint
    # The judged range is the lab's: 1e6 to 3e8 parameters.
    assert RULE_SIZES[0] == 1e6 and RULE_SIZES[-1] == pytest.approx(3e8)


# --------------------------------------------------------------------------- the lab's own design
def _lab_design(seed):
    """The solution's design in labs/lab06_budget.md, query for query (same expressions, so the same bits)."""
    api = sl.TrainingAPI(BUDGET_FLOPS, seed=seed)
    rates = np.geomspace(1e-4, 3e-2, 9)
    sizes, bests = [], []
    for d_model, n_layers, flops in [(128, 4, 2e14), (384, 6, 2e15), (1024, 8, 1e16)]:
        losses = np.array([api.query(d_model, n_layers, lr, 32 * 2048, flops) for lr in rates])
        near = np.argsort(losses)[:5]
        c2, c1, _ = np.polyfit(np.log(rates[near]), losses[near], 2)
        sizes.append(12 * n_layers * d_model**2)
        bests.append(np.exp(-c1 / (2 * c2)))
    slope, intercept = np.polyfit(np.log(sizes), np.log(bests), 1)

    def rule(n_params):
        return float(np.exp(intercept + slope * np.log(n_params)))

    scan_spent = api.spent_flops
    prior, rows = sl.BESIROGLU_2024, []
    for budget in 4e15 * 4.0 ** np.arange(3):
        for n_guess in np.sqrt(budget / 120) * np.geomspace(0.25, 4, 9):
            n_layers = max(1, round((n_guess / (12 * 64**2)) ** (1 / 3)))
            d_model = round(np.sqrt(n_guess / (12 * n_layers)))
            n = 12 * n_layers * d_model**2
            tokens = float(EXERCISES["lab6-tokens"].reference(d_model, n_layers, budget))
            guess = prior.E + prior.A / n**prior.alpha + prior.B / tokens**prior.beta
            batch = min(max(2.1e8 / guess ** (1 / 0.21) / 4, 2048), tokens)
            rows.append((n, tokens, api.query(d_model, n_layers, rule(n), batch, budget)))
    iso_n, iso_d, iso_loss = np.array(rows).T
    fit = sl.fit_chinchilla(iso_n, iso_d, iso_loss)
    n_pred = float(EXERCISES["lab6-optimal-size"].reference(TARGET_FLOPS, fit.A, fit.B, fit.alpha, fit.beta))
    loss_pred = float(fit.predict(n_pred, TARGET_FLOPS / (6 * n_pred)))
    return api, rule, scan_spent, [n_pred, loss_pred]


def test_the_labs_design_passes_its_own_thresholds(truth):
    api, rule, scan_spent, prediction = _lab_design(SEED)
    assert api.spent_flops == pytest.approx(1.098e17 + 7.56e17, rel=1e-9) and api.spent_flops < BUDGET_FLOPS
    assert scan_spent / BUDGET_FLOPS == pytest.approx(0.11, abs=0.005)  # "about a ninth"
    sizes = np.array(RULE_SIZES)
    rule_error = np.abs(np.log([rule(n) for n in sizes] / truth.best_learning_rate(sizes))).max()
    assert rule_error < math.log(1.05)  # the lab says "within 5%" (measured 4.4%)
    assert sl.check("lab6-lr-rule", rule).status == "correct"
    result = lab06_budget.score_prediction(*prediction)
    # The lab says "within 10%" and "about 0.01 nats": measured 1.08x and 0.0096 nats high (score 82).
    assert 1 / 1.1 < result.size_ratio < 1.1 and result.loss_error < 0.015
    assert result.size_ratio == pytest.approx(1.08, abs=0.005) and result.loss_error == pytest.approx(0.0096, abs=5e-4)
    assert sl.check("lab6-prediction", prediction).status == "correct"


# --------------------------------------------------------------------------- the student notebook
def test_the_student_notebook_holds_nothing_for_the_instructor_only(tmp_path):
    import nbformat

    from scaling_lab.authoring.student import make_student_version

    source = (ROOT / "labs" / "lab06_budget.md").read_text(encoding="utf-8")
    assert "reveal(" in source and "ideal_strategy(" in source  # the instructor's cells are in the source
    path = make_student_version(ROOT / "labs" / "lab06_budget.md", tmp_path)
    code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    assert "reveal(" not in code and "ideal_strategy(" not in code and "instructor=True" not in code
    assert "api.query(" not in code.replace("demo.query(", "")  # no query spends the student's budget for them
