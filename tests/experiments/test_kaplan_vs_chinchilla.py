"""Tests of scaling_lab.experiments.kaplan_vs_chinchilla: Pearce and Song's (2024, TMLR) reconciliation.

Reference numbers: their analysis script (TeaPearce/Reconciling_Kaplan_Chinchilla_Scaling_Laws @ c708e5bf),
run here: the local fit of N*_E against C_E over 10^12.95-10^20.7 FLOPs, picking the best of 20 discrete
sizes, gives 0.7805 with Besiroglu et al.'s constants and 0.7388 with Hoffmann et al.'s unrounded ones.
"""

import numpy as np
import pytest

from scaling_lab.allocation import compute_optimal
from scaling_lab.experiments.kaplan_vs_chinchilla import (
    KaplanStudySimulation, local_size_exponent, nonembedding_frontier, nonembedding_parameters,
    simulate_kaplan_study, total_parameters,
)
from scaling_lab.reference import BESIROGLU_2024, HOFFMANN_2022_TEX


def test_total_and_nonembedding_counts_invert_each_other():
    n = np.geomspace(1.0, 1e13, 40)
    n_t = total_parameters(n)
    np.testing.assert_allclose(n_t, n + 47491 * n ** (1 / 3), rtol=1e-15)
    np.testing.assert_allclose(nonembedding_parameters(n_t), n, rtol=1e-10)
    # A 1e9-parameter model: embeddings 4.7e7 more (about 5%); at 1e6, 4.7e6 more (about 5x).
    assert total_parameters(1e9) / 1e9 == pytest.approx(1.0475, abs=1e-4)


def test_frontier_is_the_minimum_of_the_law_at_fixed_compute():
    c = 1e18
    f = nonembedding_frontier(c)
    p = BESIROGLU_2024
    n = f.n_nonembedding * np.geomspace(1 / 1.1, 1.1, 21)  # index 10 is the frontier
    loss = p.E + p.A / total_parameters(n) ** p.alpha + p.B / (c / (6 * n)) ** p.beta
    assert np.argmin(loss) == 10 and loss.min() == pytest.approx(f.loss, rel=1e-12)
    assert f.n_tokens == pytest.approx(c / (6 * f.n_nonembedding))


def test_large_models_recover_chinchillas_allocation():
    # Where embeddings are negligible, N*_E = N_T = Hoffmann's eq. 4 optimum.
    f = nonembedding_frontier(1e26)
    assert f.n_nonembedding == pytest.approx(float(compute_optimal(1e26, BESIROGLU_2024).n_opt), rel=0.01)


def test_local_exponent_formula_matches_the_frontier_and_its_limits():
    c = np.geomspace(1e10, 1e24, 15)
    h = 1e-4
    up, down = nonembedding_frontier(c * np.exp(h)), nonembedding_frontier(c * np.exp(-h))
    numeric = (np.log(up.n_nonembedding) - np.log(down.n_nonembedding)) / (2 * h)
    np.testing.assert_allclose(local_size_exponent(nonembedding_frontier(c).n_nonembedding), numeric, rtol=1e-6)
    a, b = BESIROGLU_2024.alpha, BESIROGLU_2024.beta
    assert local_size_exponent(1e-6) == pytest.approx(b / (b + a / 3), rel=1e-5)  # 0.759
    assert local_size_exponent(1e30) == pytest.approx(b / (a + b), rel=1e-5)  # 0.513
    # Not monotone: the peak, measured here, is about 0.97 near N_E = 1e6.
    grid = np.geomspace(1e2, 1e10, 200)
    g = local_size_exponent(grid)
    assert 0.95 < g.max() < 0.99 and 3e5 < grid[np.argmax(g)] < 3e6


@pytest.mark.parametrize("params, script_value", [(BESIROGLU_2024, 0.7805), (HOFFMANN_2022_TEX, 0.7388)])
def test_a_kaplan_style_study_measures_about_kaplans_exponent(params, script_value):
    sim = simulate_kaplan_study(params=params)
    assert isinstance(sim, KaplanStudySimulation)
    # A continuous frontier instead of the script's 20 discrete sizes: within 0.01 (measured 0.775, 0.740).
    assert sim.exponent == pytest.approx(script_value, abs=0.01)
    assert abs(sim.exponent - 0.73) < 0.06  # Kaplan et al.'s N_opt ~ C^0.73
    chinchilla_a = params.beta / (params.alpha + params.beta)
    assert sim.chinchilla_exponent == pytest.approx(chinchilla_a, rel=1e-12)
    assert sim.exponent > chinchilla_a + 0.2
    lo, hi = sim.local_exponent_range
    assert lo < chinchilla_a + 0.05 and hi > 0.9
    n = sim.frontier.n_nonembedding
    assert n.min() < 1e4 and n.max() > 1e9  # about Kaplan's 768 to 1.5e9


@pytest.mark.parametrize("call, name", [
    (lambda: total_parameters(0.0), "n_nonembedding"), (lambda: nonembedding_parameters(-5.0), "n_total"),
    (lambda: nonembedding_frontier(np.nan), "compute_nonembedding"),
    (lambda: local_size_exponent(np.inf), "n_nonembedding"),
    (lambda: simulate_kaplan_study(compute_range=(1e20, 1e15)), "compute_range"),
    (lambda: simulate_kaplan_study(n_budgets=2), "n_budgets"),
    (lambda: total_parameters(1e6, counting=object()), "omega"),
    (lambda: nonembedding_frontier(1e18, params=object()), "params"),
])
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()
