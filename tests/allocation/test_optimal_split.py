"""Tests of scaling_lab.allocation.optimal_split: eq. 4 closed form, published tables, worked examples."""

import doctest
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scaling_lab.allocation.optimal_split as allocation_module
from scaling_lab.allocation import (
    allocation_gap, compute_optimal, isoflop_curve, kaplan_allocation, optimal_tokens_per_parameter,
    tokens_per_parameter,
)
from scaling_lab.laws import chinchilla_loss
from scaling_lab.reference import (
    BESIROGLU_2024, CHINCHILLA, GOPHER, GOPHER_COMPUTE_FLOPS, GPT3, HOFFMANN_2022, HOFFMANN_2022_TABLE_2,
    HOFFMANN_2022_TABLE_A3, HOFFMANN_2022_TEX, PF_DAY_FLOPS,
)

FAST = settings(max_examples=30, deadline=None)
budgets = st.floats(min_value=1e17, max_value=1e28)
exponents = st.floats(min_value=0.1, max_value=0.9)


def test_docstring_examples_run():
    result = doctest.testmod(allocation_module)
    assert result.attempted >= 5 and result.failed == 0


@FAST
@given(compute=budgets)
def test_compute_optimal_spends_the_budget_exactly(compute):
    n_opt, d_opt = compute_optimal(compute, HOFFMANN_2022)
    assert 6 * n_opt * d_opt == pytest.approx(compute, rel=1e-12)


@pytest.mark.parametrize("params", [HOFFMANN_2022, HOFFMANN_2022_TEX, BESIROGLU_2024])
@pytest.mark.parametrize("compute", [1e19, GOPHER_COMPUTE_FLOPS, 1e26])
def test_compute_optimal_is_argmin_of_isoflop_curve(params, compute):
    n_opt, _ = compute_optimal(compute, params)
    grid = np.geomspace(n_opt / 30, n_opt * 30, 20001)  # spacing 0.034% in N
    best = grid[np.argmin(isoflop_curve(grid, compute, params))]
    assert best == pytest.approx(n_opt, rel=1e-3)
    assert isoflop_curve(n_opt, compute, params) <= isoflop_curve(grid, compute, params).min() + 1e-12


@FAST
@given(alpha=exponents, beta=exponents, compute=budgets)
def test_compute_optimal_exponents(alpha, beta, compute):
    # N_opt ∝ C^(beta/(alpha+beta)) and D_opt ∝ C^(alpha/(alpha+beta)) for any constants.
    params = SimpleNamespace(E=1.0, A=400.0, B=400.0, alpha=alpha, beta=beta)
    n1, d1 = compute_optimal(compute, params)
    n2, d2 = compute_optimal(10 * compute, params)
    assert np.log10(n2 / n1) == pytest.approx(beta / (alpha + beta), rel=1e-9)
    assert np.log10(d2 / d1) == pytest.approx(alpha / (alpha + beta), rel=1e-9)


def test_compute_optimal_arrays_in_arrays_out():
    n_opt, d_opt = compute_optimal(np.array([[1e20, 1e21], [1e22, 1e23]]))
    assert n_opt.shape == d_opt.shape == (2, 2)
    assert isinstance(compute_optimal(1e21).n_opt, float)


def test_eq4_with_tex_values_matches_table2_approach3():
    # Table 2, Approach 3: a = 0.46, b = 0.54 (printed to two decimals).
    p = HOFFMANN_2022_TEX
    a = p.beta / (p.alpha + p.beta)
    row = HOFFMANN_2022_TABLE_2[2]
    assert round(a, 2) == row.a and round(1 - a, 2) == row.b


def test_eq4_against_table_a3_approach3():
    # Inverting eq. 4 with the TeX constants, the FLOPs (and tokens) at which each
    # Table A3 Approach 3 size is optimal land 2-19% ABOVE the printed values, and the
    # gap grows with N (measured: FLOPs 2.2%..18.2%, tokens 6.0%..18.7%).  So the
    # table was not generated from exactly these constants with C = 6ND: the growth
    # with N says its effective exponent a is slightly larger than 0.4565.  The 175B
    # row (printed 1.26e24 FLOPs, a typo for 1.26e25) is skipped.
    p = HOFFMANN_2022_TEX
    g = (p.alpha * p.A / (p.beta * p.B)) ** (1 / (p.alpha + p.beta))
    a = p.beta / (p.alpha + p.beta)
    rows = [r for r in HOFFMANN_2022_TABLE_A3 if r.approach == 3 and not r.note]
    assert len(rows) == 8
    flop_ratios, token_ratios = [], []
    for r in rows:
        compute = 6 * (r.n_params / g) ** (1 / a)  # C at which N_opt(C) = r.n_params
        n_opt, d_opt = compute_optimal(compute, p)
        assert n_opt == pytest.approx(r.n_params, rel=1e-9)
        flop_ratios.append(compute / r.compute_flops)
        token_ratios.append(d_opt / r.n_tokens)
    assert 1.02 < min(flop_ratios) and max(flop_ratios) < 1.19
    assert 1.05 < min(token_ratios) and max(token_ratios) < 1.19
    assert flop_ratios[-1] > flop_ratios[0]  # the gap grows with model size


def test_isoflop_curve_uses_d_equals_c_over_6n():
    assert isoflop_curve(1e9, 6e19) == pytest.approx(chinchilla_loss(1e9, 1e10), rel=1e-14)
    assert isoflop_curve([1e9, 2e9], 6e19).shape == (2,)


def test_kaplan_allocation():
    n, d = kaplan_allocation(PF_DAY_FLOPS)
    assert n == pytest.approx(1.3e9)  # Table 6 at C = 1 PF-day
    assert 6 * n * d == pytest.approx(PF_DAY_FLOPS)
    n10, _ = kaplan_allocation(10 * PF_DAY_FLOPS)
    assert n10 / n == pytest.approx(10**0.73)
    # At Gopher's budget Kaplan's rule asks for a far bigger model than Chinchilla's.
    assert kaplan_allocation(GOPHER_COMPUTE_FLOPS).n_opt > 10 * compute_optimal(GOPHER_COMPUTE_FLOPS).n_opt


def test_tokens_per_parameter():
    assert tokens_per_parameter(CHINCHILLA.n_params, CHINCHILLA.n_tokens) == pytest.approx(20.0)
    assert tokens_per_parameter(GPT3.n_params, GPT3.n_tokens) == pytest.approx(300 / 175)
    # With alpha > beta (eq. 10), the optimal ratio grows with compute.
    ratios = optimal_tokens_per_parameter([1e20, 1e23, 1e26])
    assert np.all(np.diff(ratios) > 0)
    # With alpha = beta it is constant: G^-2.
    equal = SimpleNamespace(E=1.0, A=400.0, B=100.0, alpha=0.3, beta=0.3)
    g = (400.0 / 100.0) ** (1 / 0.6)
    np.testing.assert_allclose(optimal_tokens_per_parameter([1e20, 1e25], equal), g**-2, rtol=1e-12)


def test_allocation_gap_gpt3():
    # GPT-3 (Brown et al. 2020) under eq. 10: 3.15e23 FLOPs; optimal N = 24.5B,
    # D = 2.14T; 0.048 nats/token left on the table (measured).
    gap = allocation_gap(GPT3.n_params, GPT3.n_tokens)
    assert gap.compute_flops == pytest.approx(3.15e23)
    assert gap.n_ratio == pytest.approx(7.14, abs=0.01)
    assert gap.d_ratio == pytest.approx(1 / gap.n_ratio, rel=1e-12)  # same compute
    assert gap.excess_loss == pytest.approx(0.0482, abs=1e-4)
    assert gap.excess_loss == pytest.approx(gap.loss - gap.optimal_loss)


def test_gopher_leaves_more_loss_on_the_table_than_chinchilla():
    # Hoffmann et al. 2022: at Gopher's compute a 70B model on 1.4T tokens beats 280B on 300B.
    gopher = allocation_gap(GOPHER.n_params, GOPHER.n_tokens)
    chinchilla = allocation_gap(CHINCHILLA.n_params, CHINCHILLA.n_tokens)
    assert gopher.excess_loss > 5 * chinchilla.excess_loss  # measured 0.058 vs 0.0067
    assert chinchilla.loss < gopher.loss
    assert chinchilla.excess_loss < 0.01
    # At the quoted Gopher budget 5.76e23, Chinchilla's size is within a factor 2.5 of N_opt.
    n_opt, _ = compute_optimal(GOPHER_COMPUTE_FLOPS)
    assert 1 < CHINCHILLA.n_params / n_opt < 2.5  # measured 2.17 (eq. 10 rounded)


@FAST
@given(n=st.floats(1e7, 1e13), d=st.floats(1e8, 1e14))
def test_allocation_gap_is_never_negative(n, d):
    gap = allocation_gap(n, d)
    assert gap.excess_loss >= -1e-12
    assert gap.tokens_per_param == pytest.approx(d / n)


def test_allocation_gap_vanishes_at_the_optimum():
    n_opt, d_opt = compute_optimal(1e22)
    gap = allocation_gap(n_opt, d_opt)
    assert abs(gap.excess_loss) < 1e-12
    assert gap.n_ratio == pytest.approx(1.0) and gap.d_ratio == pytest.approx(1.0)
    arr = allocation_gap([1e9, 1e10], 1e11)
    assert arr.loss.shape == (2,)


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("bad", [np.nan, np.inf, 0.0, -1.0, "abc"])
def test_bad_input_names_the_argument(bad):
    with pytest.raises(ValueError, match="compute"):
        compute_optimal(bad)
    with pytest.raises(ValueError, match="n_params"):
        isoflop_curve(bad, 1e20)
    with pytest.raises(ValueError, match="compute"):
        isoflop_curve(1e9, bad)
    with pytest.raises(ValueError, match="compute_flops"):
        kaplan_allocation(bad)
    with pytest.raises(ValueError, match="n_params"):
        tokens_per_parameter(bad, 1e9)
    with pytest.raises(ValueError, match="n_tokens"):
        tokens_per_parameter(1e9, bad)
    with pytest.raises(ValueError, match="compute"):
        optimal_tokens_per_parameter(bad)
    with pytest.raises(ValueError, match="n_params"):
        allocation_gap(bad, 1e9)
    with pytest.raises(ValueError, match="n_tokens"):
        allocation_gap(1e9, bad)


def test_shape_mismatch_and_bad_params():
    with pytest.raises(ValueError, match="compute"):
        isoflop_curve(np.ones(3) * 1e9, np.ones(2) * 1e20)
    with pytest.raises(ValueError, match="n_tokens"):
        allocation_gap(np.ones(3) * 1e9, np.ones(2) * 1e9)
    with pytest.raises(ValueError, match="n_tokens"):
        tokens_per_parameter(np.ones(3), np.ones(2))
    with pytest.raises(ValueError, match=r"params\.beta"):
        compute_optimal(1e20, SimpleNamespace(A=1.0, B=1.0, alpha=0.3, beta=0.0))
    with pytest.raises(ValueError, match="params"):
        compute_optimal(1e20, SimpleNamespace(A=1.0, B=1.0, alpha=0.3))
