"""Tests of scaling_lab.reference.hoffmann: the constants and tables of Hoffmann et al. (2022) as printed and
in their TeX source, the famous models, and Besiroglu et al.'s (2024) refit with its bootstrap intervals.
"""

import pytest

from scaling_lab.reference import (
    BESIROGLU_2024, BESIROGLU_2024_BOOTSTRAP_CI95, BESIROGLU_2024_BOOTSTRAP_SE, BESIROGLU_2024_GRID_SUM_HUBER,
    BESIROGLU_2024_GRID_SUM_HUBER_OBJECTIVE, CHINCHILLA, GOPHER, GOPHER_COMPUTE_FLOPS, GPT3, HOFFMANN_2022,
    HOFFMANN_2022_TABLE_2, HOFFMANN_2022_TABLE_3, HOFFMANN_2022_TABLE_A3, HOFFMANN_2022_TEX,
)


def test_hoffmann_eq10_as_printed():
    # Hoffmann et al. 2022 eq. 10: E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28.
    p = HOFFMANN_2022
    assert (p.E, p.A, p.B, p.alpha, p.beta) == (1.69, 406.4, 410.7, 0.34, 0.28)


def test_tex_values_round_to_printed_eq10():
    # The TeX-source values must round to the printed eq. 10 at its printed precision.
    t, p = HOFFMANN_2022_TEX, HOFFMANN_2022
    assert round(t.A, 1) == p.A
    assert round(t.B, 1) == p.B
    assert round(t.E, 2) == p.E
    assert round(t.alpha, 2) == p.alpha
    assert round(t.beta, 2) == p.beta
    assert t.E == pytest.approx(1.6934, abs=5e-5)  # quoted E of the TeX source


def test_hoffmann_table2_exponents_sum_to_one():
    # C = 6ND forces a + b = 1 for every approach; percentiles are ordered.
    assert len(HOFFMANN_2022_TABLE_2) == 4
    for row in HOFFMANN_2022_TABLE_2:
        assert row.a + row.b == pytest.approx(1.0)
        for band in (row.a_p10_p90, row.b_p10_p90):
            if band is not None:
                assert band[0] <= band[1]
    assert HOFFMANN_2022_TABLE_2[-1][1:4:2] == (0.73, 0.27)  # Kaplan's row


def _flop_ratio(row):
    return 6 * row.n_params * row.n_tokens / row.compute_flops


def test_hoffmann_tables_match_6nd_except_flagged_rows():
    rows = HOFFMANN_2022_TABLE_3 + HOFFMANN_2022_TABLE_A3
    assert len(HOFFMANN_2022_TABLE_3) == 9 and len(HOFFMANN_2022_TABLE_A3) == 18
    flagged = [r for r in rows if r.note]
    assert [(r.table, r.approach, r.n_params) for r in flagged] == [
        ("Table 3", 1, 6.7e10), ("Table A3", 3, 1.75e11)]
    # Tokens are printed to 2-4 significant figures: unflagged rows agree with
    # C = 6ND to within 4.5% (measured worst: 4.07%, Approach 3, 280B).
    for r in rows:
        if not r.note:
            assert abs(_flop_ratio(r) - 1) < 0.045, r
    assert abs(_flop_ratio(flagged[0]) - 1) > 0.045  # 1.5T printed for 1.43T
    assert _flop_ratio(flagged[1]) == pytest.approx(10.0, rel=1e-3)  # 1.26e24 for 1.26e25


def test_famous_models():
    assert (GOPHER.n_params, GOPHER.n_tokens) == (280e9, 300e9)
    assert (CHINCHILLA.n_params, CHINCHILLA.n_tokens) == (70e9, 1.4e12)
    assert (GPT3.n_params, GPT3.n_tokens) == (175e9, 300e9)
    # Chinchilla was trained with Gopher's compute: 6ND = 5.88e23 vs 5.76e23 (2%).
    assert 6 * CHINCHILLA.n_params * CHINCHILLA.n_tokens == pytest.approx(GOPHER_COMPUTE_FLOPS, rel=0.03)


def test_besiroglu_estimates_sit_inside_their_intervals():
    for name, (low, high) in BESIROGLU_2024_BOOTSTRAP_CI95.items():
        value = getattr(BESIROGLU_2024, name)
        assert low < value < high, name
        # The sum-Huber grid fit lies within one bootstrap SE of the final estimate.
        assert abs(getattr(BESIROGLU_2024_GRID_SUM_HUBER, name) - value) < BESIROGLU_2024_BOOTSTRAP_SE[name]
    assert BESIROGLU_2024_GRID_SUM_HUBER_OBJECTIVE == pytest.approx(1.018274034615e-3, rel=1e-12)
    # Epoch's refit disagrees with Hoffmann's: B differs by more than one bootstrap SE.
    assert (BESIROGLU_2024.B - HOFFMANN_2022.B) / BESIROGLU_2024_BOOTSTRAP_SE["B"] > 1.2
