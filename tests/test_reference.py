"""Unit tests of scaling_lab.reference: published constants are internally consistent."""

import dataclasses
import inspect
import math

import pytest

import scaling_lab.reference as ref
from scaling_lab.reference import (
    BESIROGLU_2024, BESIROGLU_2024_BOOTSTRAP_CI95, BESIROGLU_2024_BOOTSTRAP_SE,
    BESIROGLU_2024_GRID_SUM_HUBER, BESIROGLU_2024_GRID_SUM_HUBER_OBJECTIVE, CABALLERO_2023_FIGURE_1,
    CHINCHILLA, GOPHER, GOPHER_COMPUTE_FLOPS, GPT3, HOFFMANN_2022, HOFFMANN_2022_TABLE_2,
    HOFFMANN_2022_TABLE_3, HOFFMANN_2022_TABLE_A3, HOFFMANN_2022_TEX, KAPLAN_2020_ALPHA_CMIN_PREDICTED,
    KAPLAN_2020_B_STAR_EQ_1_4, KAPLAN_2020_B_STAR_TABLE_5, KAPLAN_2020_COMPUTE_EFFICIENT,
    KAPLAN_2020_CRITICAL_BATCH, KAPLAN_2020_LOSS_CMIN, KAPLAN_2020_LOSS_D, KAPLAN_2020_LOSS_N,
    KAPLAN_2020_LOSS_ND, KAPLAN_2020_LOSS_NS, MUENNIGHOFF_2023, MUENNIGHOFF_2023_TEST_VALUES, PF_DAY_FLOPS,
    ROSENFELD_2020_ILLUSTRATIVE,
)


def test_all_names_exist():
    for name in ref.__all__:
        assert hasattr(ref, name), name


def test_module_reads_nothing_at_run_time():
    # Users do not have ../shared: the constants must be plain Python data.
    source = inspect.getsource(ref)
    assert "open(" not in source and "shared" not in source and "json" not in source


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


def test_params_are_frozen_and_compare_by_value():
    with pytest.raises(dataclasses.FrozenInstanceError):
        HOFFMANN_2022.E = 2.0
    # 'source' is metadata: two parameter sets with equal numbers are equal.
    assert dataclasses.replace(HOFFMANN_2022, source="copy") == HOFFMANN_2022


def test_kaplan_table5_values():
    # Kaplan et al. 2020, Table 5 / eqs. 1.1-1.3.
    assert (KAPLAN_2020_LOSS_N.scale, KAPLAN_2020_LOSS_N.exponent) == (8.8e13, 0.076)
    assert (KAPLAN_2020_LOSS_D.scale, KAPLAN_2020_LOSS_D.exponent) == (5.4e13, 0.095)
    assert (KAPLAN_2020_LOSS_CMIN.scale, KAPLAN_2020_LOSS_CMIN.exponent) == (3.1e8, 0.050)
    assert PF_DAY_FLOPS == 1e15 * 24 * 3600


def test_kaplan_b_star_both_values_and_default():
    assert KAPLAN_2020_B_STAR_EQ_1_4 == 2e8  # eq. 1.4 "~2e8"
    assert KAPLAN_2020_B_STAR_TABLE_5 == 2.1e8  # Table 5
    assert KAPLAN_2020_CRITICAL_BATCH.b_star == KAPLAN_2020_B_STAR_TABLE_5
    assert KAPLAN_2020_CRITICAL_BATCH.alpha_b == 0.21


def test_kaplan_joint_fits():
    # Table 2 (L(N, D)) and Table 3 (L(N, S)) differ from the separate Table 5 fits.
    assert (KAPLAN_2020_LOSS_ND.n_c, KAPLAN_2020_LOSS_ND.d_c) == (6.4e13, 1.8e13)
    assert (KAPLAN_2020_LOSS_ND.alpha_n, KAPLAN_2020_LOSS_ND.alpha_d) == (0.076, 0.103)
    assert (KAPLAN_2020_LOSS_NS.n_c, KAPLAN_2020_LOSS_NS.s_c) == (6.5e13, 2.1e3)
    assert (KAPLAN_2020_LOSS_NS.alpha_n, KAPLAN_2020_LOSS_NS.alpha_s) == (0.077, 0.76)


def test_kaplan_table6_spends_one_pf_day():
    # N, B and S_min exponents sum to 1 and 6 N B S_min = C_min: at C_min = 1 PF-day
    # 6 * 1.3e9 * 2e6 * 5.4e3 = 8.42e19 FLOP, 2.5% under 8.64e19 (rounded constants).
    t = KAPLAN_2020_COMPUTE_EFFICIENT
    assert t.n_opt.exponent + t.batch_size.exponent + t.s_min.exponent == pytest.approx(1.0)
    flops = 6 * t.n_opt.scale * t.batch_size.scale * t.s_min.scale
    assert flops / PF_DAY_FLOPS == pytest.approx(1.0, rel=0.03)


def test_kaplan_predicted_alpha_cmin():
    # Eq. 6.4: 1/(1/alpha_S + 1/alpha_B + 1/alpha_N) = 0.052 with the rounded exponents;
    # the paper prints 0.054 (Appendix B.7 gives ~0.052), hence the 0.003 tolerance.
    value = 1 / (1 / 0.76 + 1 / KAPLAN_2020_CRITICAL_BATCH.alpha_b + 1 / KAPLAN_2020_LOSS_N.exponent)
    assert value == pytest.approx(KAPLAN_2020_ALPHA_CMIN_PREDICTED, abs=0.003)


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


def test_muennighoff_constants():
    # README gives logs; the paper quotes A=520.82, B=1487.72, E=1.87 (rounded).
    m = MUENNIGHOFF_2023
    assert m.A == pytest.approx(520.82, abs=0.01)
    assert m.B == pytest.approx(1487.72, abs=0.01)
    assert m.E == pytest.approx(1.8691, abs=1e-4)
    assert m.alpha == m.beta == 0.3526596
    assert len(MUENNIGHOFF_2023_TEST_VALUES) == 2
    assert all(t.unique_tokens <= t.n_tokens for t in MUENNIGHOFF_2023_TEST_VALUES)


def test_caballero_figure1_uses_overridden_f3():
    p = CABALLERO_2023_FIGURE_1
    assert len(p.breaks) == 3
    assert p.breaks[2].sharpness == 0.05  # the script overrides 0.3 with 0.05
    assert [b.location for b in p.breaks] == sorted(b.location for b in p.breaks)


def test_rosenfeld_defaults_are_marked_illustrative():
    assert "illustrative" in ROSENFELD_2020_ILLUSTRATIVE.source.lower()
    assert math.isfinite(ROSENFELD_2020_ILLUSTRATIVE.eta)


def test_container_classes_of_the_compute_optimal_constants_live_in_containers():
    # One place for the record types of published constants; kaplan, hoffmann, replications and others
    # hold only values. (strubell and learning_curves still define their own records.)
    from scaling_lab.reference import containers, hoffmann, kaplan, others, replications

    for module in (kaplan, hoffmann, replications, others):
        for name in module.__all__:
            value = getattr(module, name)
            assert not inspect.isclass(value), f"{module.__name__} defines the class {name}: move it to containers"
            record = type(value)
            if dataclasses.is_dataclass(value) or hasattr(value, "_fields"):
                assert record.__module__ == containers.__name__, f"{name} is a {record.__name__} from {record.__module__}"
    assert ref.EmbeddingCount is containers.EmbeddingCount
