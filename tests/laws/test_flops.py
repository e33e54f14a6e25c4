"""Tests of scaling_lab.laws.flops: training compute C = 6ND, Kaplan et al.'s forward FLOPs per token, and
petaflop/s-days.
"""

import pytest

from tests.laws.conftest import assert_bad_input_is_named
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lab.laws import flops_from_pf_days, kaplan_forward_flops_per_token, pf_days, training_flops
from scaling_lab.reference import PF_DAY_FLOPS

FAST = settings(max_examples=30, deadline=None)


# ---------------------------------------------------------------- FLOPs
def test_training_flops():
    assert training_flops(70e9, 1.4e12) == pytest.approx(5.88e23)  # Chinchilla
    # Kaplan Table 1: 2N + 2 n_layer n_ctx d_model; GPT-3 175B-like shape.
    assert kaplan_forward_flops_per_token(175e9, 96, 2048, 12288) == 2 * 175e9 + 2 * 96 * 2048 * 12288


@FAST
@given(flops=st.floats(1e10, 1e30))
def test_pf_day_round_trip(flops):
    assert flops_from_pf_days(pf_days(flops)) == pytest.approx(flops, rel=1e-12)


def test_pf_day_value():
    assert pf_days(8.64e19) == 1.0 and flops_from_pf_days(2.0) == 2 * PF_DAY_FLOPS


# ---------------------------------------------------------------- bad input
GOOD = {"n_params": 1000000000.0, "n_tokens": 10000000000.0, "compute_pf_days": 1.0, "compute_flops": 1e+20,
        "n_layer": 12, "n_ctx": 1024, "d_model": 768}

CASES = [
    (training_flops, {}, ["n_params", "n_tokens"]),
    (kaplan_forward_flops_per_token, {}, ["n_params", "n_layer", "n_ctx", "d_model"]),
    (pf_days, {}, ["compute_flops"]),
    (flops_from_pf_days, {}, ["compute_pf_days"]),
]
@pytest.mark.parametrize("func, extra, args", CASES, ids=[c[0].__name__ for c in CASES])
def test_bad_input_names_the_argument(func, extra, args):
    assert_bad_input_is_named(func, GOOD, extra, args)
