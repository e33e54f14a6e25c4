"""Tests of scaling_lab.checks.lab08_users, the checkers of ``labs/lab08_users.md``: its expected answers
against the package's laws and fits, the Sardana et al. (2024) optimum, and the scoring of a plan.

The contract every lab's checkers keep is proven for all labs by tests/checks/test_registry.py.
"""

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.checks import lab08_users as lab
from scaling_lab.checks.lab08_users import EXERCISES


def test_the_fit_set_is_twenty_small_runs_and_the_held_out_runs_are_far_beyond_it():
    runs, keep = lab.lab_runs(), lab.fit_mask()
    assert keep.sum() == 20  # 4 sizes (11M-412M) x M = 10, 20, 40, 80, 160
    assert set(np.unique(runs.tokens_per_param[keep])) == {10, 20, 40, 80, 160}
    names = list(runs.name)
    for name in lab.HELD_OUT:
        i = names.index(name)
        assert not keep[i] and runs.compute_flops[i] > 3 * runs.compute_flops[keep].max()


def test_forecasts_are_within_half_a_percent_of_the_measured_losses():
    # Measured here: 2.5325 against 2.5314 (+0.04%) and 2.4463 against 2.4547 (-0.34%).
    runs = lab.lab_runs()
    idx = [list(runs.name).index(name) for name in lab.HELD_OUT]
    forecasts = EXERCISES["lab8-forecast"].answer()
    np.testing.assert_allclose(forecasts, [2.5325, 2.4463], atol=5e-4)
    assert np.all(np.abs(forecasts - runs.loss[idx]) / runs.loss[idx] < 0.005)


def test_tokens_needed_reach_the_target_and_match_the_chinchilla_form():
    d = EXERCISES["lab8-tokens"].answer()
    assert lab.reference_fit().predict(lab.TOKENS_MODEL_SIZE, d) == pytest.approx(lab.TARGET_LOSS, abs=1e-9)
    # The same number from the package's closed form D(N) under eq. 4 written as the Chinchilla form.
    form = lab.chinchilla_form(lab.reference_fit().params)
    assert d == pytest.approx(sl.tokens_for_loss(lab.TOKENS_MODEL_SIZE, lab.TARGET_LOSS, form), rel=1e-8)
    assert 2.2e11 < d < 2.5e11  # measured 2.38e11, about 198 tokens per parameter


def test_chinchilla_form_gives_the_same_losses_as_eq_4():
    fit = lab.reference_fit()
    form = lab.chinchilla_form(fit.params)
    n, d = np.array([1e8, 1e9, 7e9]), np.array([2e9, 6e11, 1.4e11])
    np.testing.assert_allclose(sl.chinchilla_loss(n, d, form), fit.predict(n, d), rtol=1e-12)


def test_the_optimal_plan_is_small_and_over_trained_and_beats_its_neighbours():
    best = lab.optimal_plan()
    # Measured: N = 0.816B, D = 5.80e11 (710 tokens per parameter), 7.74e21 FLOPs over its life.
    assert 0.7e9 < best.n_params < 0.9e9 and 600 < best.tokens_per_param < 800
    form = lab.chinchilla_form(lab.reference_fit().params)
    for factor in (0.9, 1.1):
        assert sl.lifetime_flops(best.n_params * factor, lab.TARGET_LOSS, lab.INFERENCE_TOKENS, form) > \
            best.total_flops
    assert lab.score_plan(best.n_params, best.n_tokens) == pytest.approx((lab.TARGET_LOSS, 1.0), rel=1e-9)


def test_plan_scoring_follows_its_stated_thresholds():
    spec = EXERCISES["lab8-plan"]
    best = lab.optimal_plan()
    form = lab.chinchilla_form(lab.reference_fit().params)

    def plan_at(factor):
        n = best.n_params * factor
        return [n, float(sl.tokens_for_loss(n, lab.TARGET_LOSS, form))]

    assert spec.check(plan_at(0.9)).correct  # 1.7% above the least cost
    assert spec.check(plan_at(1.1)).correct  # 1.1% above
    too_big = spec.check(plan_at(1.4))  # 9% above
    assert too_big.status == "wrong" and "more than the cheapest plan" in too_big.hint
    n, d = plan_at(1.0)
    short = spec.check([n, 0.8 * d])
    assert short.status == "wrong" and "does not reach the target" in short.hint
    assert spec.check([n, d * 1.001]).correct  # over the target by a hair costs a hair
    assert spec.check([-n, d]).status == "wrong" and spec.check([n, d, 1.0]).status == "wrong"


def test_the_mistaken_plans_cost_much_more():
    # Ignoring the users costs 2.9x the least, the 20-tokens rule 2.5x, inference at 6 FLOPs per token 1.10x.
    ratios = sorted(lab.score_plan(*m.value)[1] for m in EXERCISES["lab8-plan"].mistake_list())
    np.testing.assert_allclose(ratios, [1.10, 2.51, 2.93], atol=0.01)


def test_lifetime_and_law_references_agree_with_the_package():
    assert EXERCISES["lab8-lifetime"].reference(7e9, 2e12, 1e12) == pytest.approx(6 * 7e9 * 2e12 + 2 * 7e9 * 1e12)
    params = sl.OvertrainingLawParams(1.8, 150.0, 250.0, 0.13)
    assert EXERCISES["lab8-law"].reference(1e8, 2e9, *params) == pytest.approx(
        sl.overtraining_loss_from_compute(6 * 1e8 * 2e9, 20.0, params=params), rel=1e-12)


def test_the_lab_prints_no_number_of_the_chapter():
    # The chapter plans for a loss of 2.1 under Besiroglu et al.'s law at demands of 0 and 1e10 ... 1e15 and
    # fits the RedPajama runs; the lab's target, demand and runs are its own.
    assert lab.TARGET_LOSS != 2.1 and lab.INFERENCE_TOKENS not in (0.0, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15)
    assert lab.TRAINING_SET != "rpj"
