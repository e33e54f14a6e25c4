"""Tests of scaling_lab.reference.moe: Clark et al.'s (2022) published constants, released data and our refit
to it, and Krajewski et al.'s (2024) published constants."""

import math

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.reference import (
    CLARK_2022_DATA_POINTS, CLARK_2022_PUBLISHED, CLARK_2022_REFIT, KRAJEWSKI_2024, KRAJEWSKI_2024_CONSTANTS_STATUS,
    KRAJEWSKI_2024_DENSE_CONSTANTS, FineGrainedMoEParams, RoutedScalingParams,
)


def test_refit_is_labelled_ours_and_covers_three_routers():
    assert set(CLARK_2022_REFIT) == {"S-BASE", "RL-R", "Hash"}
    for p in CLARK_2022_REFIT.values():
        assert isinstance(p, RoutedScalingParams)
        assert p.source.startswith("our refit")
        assert 1 <= p.e_start < p.e_max
        assert p.a < 0 and p.b < 0 < p.c  # loss falls with N and E; the E benefit shrinks with N


def test_data_points_are_the_released_numbers():
    # google-deepmind/scaling_laws_for_routing curves.csv.gz: the 1.3B dense model ends at 2.2420,
    # the 1.3B S-BASE model with 512 experts at 1.9991 (207B parameters in total).
    dense = [p for p in CLARK_2022_DATA_POINTS if p.router == "Dense"]
    assert [p.n_dense == p.n_total for p in dense] == [True, True]
    big = max(CLARK_2022_DATA_POINTS, key=lambda p: p.n_total)
    assert (big.router, big.n_experts, big.loss) == ("S-BASE", 512, pytest.approx(1.99908, abs=1e-5))
    assert all(p.n_total > p.n_dense for p in CLARK_2022_DATA_POINTS if p.n_experts > 1)


def test_clark_published_constants_as_printed():
    # Clark et al. (2022), their fit of eq. 1 (Table 3 by one secondary source), as printed to three decimals.
    printed = {"S-BASE": (-0.082, -0.108, 0.009, 1.104, 1.847, 314.478),
               "RL-R": (-0.083, -0.126, 0.012, 1.111, 1.880, 469.982),
               "Hash": (-0.087, -0.136, 0.012, 1.157, 4.175, 477.741)}
    assert set(CLARK_2022_PUBLISHED) == set(printed)
    for router, values in printed.items():
        p = CLARK_2022_PUBLISHED[router]
        assert (p.a, p.b, p.c, p.d, p.e_start, p.e_max) == values
        assert "published" in p.source and "our" not in p.source


def _log10_residuals(constants):
    return np.array([math.log10(sl.routed_loss(p.n_dense, p.n_experts,
                                               params=constants["S-BASE" if p.router == "Dense" else p.router])
                                / p.loss) for p in CLARK_2022_DATA_POINTS])


def test_clark_published_constants_fit_the_released_losses():
    # On the 163 released final losses (the notebook's filter; 5 dense runs shared by the three fits) the paper's
    # constants give an RMSE in log10 loss of
    # 0.0037 (S-BASE), 0.0077 (RL-R), 0.0052 (Hash), against 0.0032, 0.0032, 0.0031 for our refit: the
    # table is rounded to three decimals, and c = 0.012 +- 0.0005 alone moves log10 L by up to 0.01.
    # On the shipped subset the worst point is 3.6% off (RL-R, 132M, 512 experts), so 4% bounds every one.
    published, ours = _log10_residuals(CLARK_2022_PUBLISHED), _log10_residuals(CLARK_2022_REFIT)
    assert np.abs(published).max() < math.log10(1.04)
    assert np.sqrt(np.mean(published**2)) == pytest.approx(0.0072, abs=0.0005)
    assert np.sqrt(np.mean(ours**2)) < np.sqrt(np.mean(published**2))


def test_clark_cutoff_where_routing_stops_helping():
    # d log L / d log E-hat = b + c log10 N vanishes at N = 10^(-b/c): 10^12 for S-BASE with the printed,
    # rounded constants.  The cutoffs reported for the paper (937B S-BASE, 85B RL-R, 83B Hash; from one
    # secondary source only, not checked in the paper's text) lie inside what the rounding of b and c allows.
    reported = {"S-BASE": 937e9, "RL-R": 85e9, "Hash": 83e9}
    for router, n_cut in reported.items():
        p = CLARK_2022_PUBLISHED[router]
        lows = [-(p.b + db) / (p.c + dc) for db in (-5e-4, 5e-4) for dc in (-5e-4, 5e-4)]
        assert min(lows) < math.log10(n_cut) < max(lows)
    assert 10 ** (-CLARK_2022_PUBLISHED["S-BASE"].b / CLARK_2022_PUBLISHED["S-BASE"].c) == pytest.approx(1e12)


def test_krajewski_published_constants_as_printed():
    # Krajewski et al. (2024), Table 1 "Values of the fitted coefficients", rows MoE and Dense.
    p = KRAJEWSKI_2024
    assert (p.a, p.alpha, p.b, p.beta, p.g, p.gamma, p.c) == (18.1, 0.115, 30.8, 0.147, 2.1, 0.58, 0.47)
    assert "Table 1" in p.source
    assert dict(KRAJEWSKI_2024_DENSE_CONSTANTS) == {"a": 16.3, "alpha": 0.126, "b": 26.7, "beta": 0.127, "c": 0.47}
    # Section 5.5 quotes the data terms 30.8 D^-0.147 (MoE) and 26.7 D^-0.127 (dense), and alpha 0.115 vs 0.126.
    assert (p.b, p.beta) == (30.8, 0.147) and p.alpha < KRAJEWSKI_2024_DENSE_CONSTANTS["alpha"]
    assert KRAJEWSKI_2024_CONSTANTS_STATUS.startswith("verified")
    with pytest.raises(Exception):
        FineGrainedMoEParams(1, 1, 1, 1, 1, 1, 1).a = 2  # frozen


# Krajewski et al. (2024), Table 2: compute-optimal (N as E x N_act with E = 64, D, G) and the law's loss.
KRAJEWSKI_TABLE_2 = [(100e6, 4.37e9, 8, 3.133), (1e9, 28.94e9, 16, 2.491), (3e9, 72.90e9, 16, 2.245),
                     (7e9, 137.60e9, 32, 2.076), (70e9, 941.07e9, 32, 1.694), (300e9, 2.96e12, 64, 1.503),
                     (1e12, 7.94e12, 64, 1.367)]


def test_krajewski_law_against_table_2():
    # With N = 64 x N_act (the total count, as section 5 defines N) the published constants give losses 1.1%
    # to 2.8% below the printed ones, all on the same side (3.044 against 3.133 for the smallest).  The table's
    # sizes may be rounded labels of the optimiser's output; we could not tell, so we check 3%, not the decimals.
    n_act, d, g, printed = map(np.array, zip(*KRAJEWSKI_TABLE_2))
    law = sl.fine_grained_moe_loss(64 * n_act, d, g, params=KRAJEWSKI_2024)
    assert np.all(law < printed) and np.all(np.abs(law / printed - 1) < 0.03)
    assert np.all(np.diff(law) < 0)
