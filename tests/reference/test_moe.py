"""Tests of scaling_lab.reference.moe: the released data of Clark et al. (2022) and our refit to it."""

import pytest

from scaling_lab.reference import (
    CLARK_2022_DATA_POINTS, CLARK_2022_REFIT, KRAJEWSKI_2024_CONSTANTS_STATUS, FineGrainedMoEParams,
    RoutedScalingParams,
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


def test_no_unverified_krajewski_constants():
    assert "not verified" in KRAJEWSKI_2024_CONSTANTS_STATUS
    with pytest.raises(Exception):
        FineGrainedMoEParams(1, 1, 1, 1, 1, 1, 1).a = 2  # frozen
