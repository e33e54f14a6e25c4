"""Tests of scaling_lab.laws.kaplan_training: Kaplan et al. (2020) §5.1 (eqs. 5.1-5.5), eq. 5.6 at a fixed
batch, and App. B.4 (eqs. B.15-B.17, Figure 12).

Published numbers (arXiv:2001.08361, App. B.4): "Models between 0.6x and 2.2x the optimal size can be used
with only a 20% increase in compute budget"; "A 2.2x larger model requires 45% fewer steps at a cost of 20%
more training compute". §5.1: training at B_crit takes 2 S_min steps and 2 E_min examples.
"""

import numpy as np
import pytest
from scipy import optimize

from scaling_lab.laws import (
    critical_batch_size, kaplan_compute_to_loss, kaplan_loss_at_batch, kaplan_loss_ns, kaplan_size_penalty,
    minimum_compute, minimum_steps, steps_examples_tradeoff,
)
from scaling_lab.reference import KAPLAN_2020_LOSS_NS


def test_tradeoff_satisfies_eq_5_1_and_doubles_at_the_critical_batch():
    s_min, e_min = 1e4, 3e9
    batches = np.geomspace(1e3, 1e8, 11)
    s, e, b_crit = steps_examples_tradeoff(batches, s_min, e_min)
    np.testing.assert_allclose((s / s_min - 1) * (e / e_min - 1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(e, batches * s, rtol=1e-12)  # E = B S
    assert b_crit[0] == pytest.approx(e_min / s_min)  # eq. 5.2
    at_crit = steps_examples_tradeoff(e_min / s_min, s_min, e_min)
    assert at_crit.n_steps == pytest.approx(2 * s_min) and at_crit.n_examples == pytest.approx(2 * e_min)
    # Small batches approach E_min, large ones S_min (B = B_crit/300 and 300 B_crit here).
    assert e[0] == pytest.approx(e_min, rel=4e-3) and s[-1] == pytest.approx(s_min, rel=4e-3)


def test_minimum_steps_and_compute_follow_eqs_5_4_and_5_5():
    loss, batch, steps, n = 3.0, 2.0**19, 1e5, 1e8
    b_crit = critical_batch_size(loss)
    s_min = minimum_steps(steps, batch, loss)
    c_min = minimum_compute(6 * n * batch * steps, batch, loss)
    assert s_min == pytest.approx(steps / (1 + b_crit / batch))
    # By definition C_min = 6 N B_crit S_min (Kaplan et al. §6.1).
    assert c_min == pytest.approx(6 * n * b_crit * s_min, rel=1e-12)


def test_size_penalty_reproduces_kaplans_numbers():
    penalty = kaplan_size_penalty([0.6, 1.0, 2.2])
    # "2.2x larger ... 45% fewer steps at a cost of 20% more training compute" (two digits).
    assert penalty.compute_ratio[2] == pytest.approx(1.20, abs=0.01)
    assert 1 - penalty.steps_ratio[2] == pytest.approx(0.45, abs=0.01)
    # "between 0.6x and 2.2x the optimal size ... only a 20% increase": 0.6x costs 16.5%.
    assert penalty.compute_ratio[0] == pytest.approx(1.165, abs=0.001) and penalty.compute_ratio[0] < 1.2
    assert penalty.compute_ratio[1] == 1.0 and penalty.steps_ratio[1] == 1.0
    # Too small a model never reaches the loss: k < (1 + alpha_N/alpha_S)^(-1/alpha_N) = 0.285.
    assert np.isinf(kaplan_size_penalty(0.28).compute_ratio) and np.isfinite(kaplan_size_penalty(0.29).compute_ratio)


@pytest.mark.parametrize("loss", [2.5, 3.0, 4.0])
def test_size_penalty_is_eq_b15_minimised_numerically(loss):
    # Recompute Figure 12 from the laws: minimise C(N, L) of eq. B.15 over N, then compare sizes.
    p = KAPLAN_2020_LOSS_NS
    n_floor = p.n_c / loss ** (1 / p.alpha_n)  # the smallest model whose asymptote is below the loss
    res = optimize.minimize_scalar(lambda x: np.log(kaplan_compute_to_loss(np.exp(x), loss)),
                                   bounds=(np.log(1.001 * n_floor), np.log(1e4 * n_floor)), method="bounded",
                                   options={"xatol": 1e-10})
    n_eff = np.exp(res.x)
    # Closed form of the optimum: L = (1 + alpha_N/alpha_S) (N_c/N_eff)^alpha_N (the numerical search
    # finds it to its tolerance, ~1e-8), then the ratios of eq. B.15 at k N_eff equal eq. B.16 exactly.
    closed = p.n_c / (loss / (1 + p.alpha_n / p.alpha_s)) ** (1 / p.alpha_n)
    assert n_eff == pytest.approx(closed, rel=1e-6)
    n_eff = closed
    for k in (0.5, 0.8, 2.0, 5.0):
        direct = kaplan_compute_to_loss(k * n_eff, loss) / kaplan_compute_to_loss(n_eff, loss)
        assert kaplan_size_penalty(k).compute_ratio == pytest.approx(direct, rel=1e-12)


def test_compute_to_loss_is_inf_when_unreachable():
    floor = kaplan_loss_ns(1e6, 1e30)  # (N_c/N)^alpha_N
    assert np.isinf(kaplan_compute_to_loss(1e6, floor * 0.99))
    assert np.isfinite(kaplan_compute_to_loss(1e6, floor * 1.01))


def test_loss_at_batch_solves_eqs_5_4_and_5_6():
    n, steps, batch = np.array([1e6, 1e8, 1e9]), np.array([2e3, 3e4, 2.5e5]), 2.0**19
    loss = kaplan_loss_at_batch(n, steps, batch)
    s_min = minimum_steps(steps, batch, loss)
    np.testing.assert_allclose(loss, kaplan_loss_ns(n, s_min), rtol=1e-12)
    # A batch far above critical needs no correction: L(N, S).
    np.testing.assert_allclose(kaplan_loss_at_batch(n, steps, 1e20), kaplan_loss_ns(n, steps), rtol=1e-10)
    # Smaller batches lose more per step.
    assert np.all(kaplan_loss_at_batch(n, steps, 2.0**16) > loss)


@pytest.mark.parametrize("call, name", [
    (lambda: steps_examples_tradeoff(0, 1e4, 1e9), "batch_size"),
    (lambda: steps_examples_tradeoff(1e5, -1, 1e9), "min_steps"),
    (lambda: steps_examples_tradeoff(1e5, 1e4, np.nan), "min_examples"),
    (lambda: steps_examples_tradeoff([1, 2], [1, 2, 3], 1e9), "batch_size, min_steps"),
    (lambda: minimum_steps(-1, 1e5, 3.0), "n_steps"),
    (lambda: minimum_steps(1e4, 1e5, 0.0), "loss"),
    (lambda: minimum_compute(np.inf, 1e5, 3.0), "compute_flops"),
    (lambda: minimum_compute(1e20, 0, 3.0), "batch_size"),
    (lambda: kaplan_compute_to_loss(0, 3.0), "n_params"),
    (lambda: kaplan_compute_to_loss(1e8, -3.0), "loss"),
    (lambda: kaplan_size_penalty(0.0), "size_ratio"),
    (lambda: kaplan_size_penalty(np.nan), "size_ratio"),
    (lambda: kaplan_loss_at_batch(1e8, 0, 1e5), "n_steps"),
    (lambda: kaplan_loss_at_batch(1e8, 1e4, -1), "batch_size"),
    (lambda: kaplan_loss_at_batch([1e8, 1e9], [1e4, 1e5, 1e6], 1e5), "n_params, n_steps"),
    (lambda: minimum_steps(1e4, 1e5, 3.0, critical_batch=object()), "b_star"),
    (lambda: kaplan_size_penalty(2.0, params=object()), "alpha_n"),
])
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()
