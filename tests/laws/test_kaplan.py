"""Tests of scaling_lab.laws.kaplan: the laws of Kaplan et al. (2020) in N, D, C, (N, D) and (N, S), the
critical batch size, the compute-efficient frontier (Table 6) and the contradiction point (sec. 6.3).
"""

import math

import numpy as np
import pytest

from tests.laws.conftest import assert_bad_input_is_named

from scaling_lab.laws import (
    critical_batch_size, kaplan_compute_efficient, kaplan_contradiction_point, kaplan_loss_c, kaplan_loss_d,
    kaplan_loss_n, kaplan_loss_nd, kaplan_loss_ns,
)
from scaling_lab.reference import (
    KAPLAN_2020_B_STAR_EQ_1_4, KAPLAN_2020_LOSS_C_NAIVE, KAPLAN_2020_LOSS_ND, KaplanCriticalBatch, KaplanPowerLaw,
)


# ---------------------------------------------------------------- Kaplan et al. 2020
def test_kaplan_single_variable_laws():
    assert kaplan_loss_n(8.8e13) == pytest.approx(1.0)  # L(N_c) = 1
    assert kaplan_loss_d(5.4e13) == pytest.approx(1.0)
    assert kaplan_loss_c(3.1e8) == pytest.approx(1.0)
    # Sec. 1.2: doubling the model multiplies the loss by 2^-0.076 = 0.95.
    assert kaplan_loss_n(2e9) / kaplan_loss_n(1e9) == pytest.approx(0.95, abs=0.005)
    # The naive fixed-batch fit is reachable by keyword.
    naive = kaplan_loss_c(1.0, params=KAPLAN_2020_LOSS_C_NAIVE)
    assert naive == pytest.approx(1.6e7**0.057)
    assert kaplan_loss_n(1e9, params=KaplanPowerLaw(1e9, 0.5, "parameters")) == 1.0


def test_kaplan_nd_reduces_to_l_of_n_with_infinite_data():
    # Eq. 1.5 with D -> infinity is (N_c/N)^alpha_N with the Table 2 constants.
    p = KAPLAN_2020_LOSS_ND
    assert kaplan_loss_nd(1e9, 1e40) == pytest.approx((p.n_c / 1e9) ** p.alpha_n, rel=1e-9)
    assert kaplan_loss_nd(1e40, 1e9) == pytest.approx((p.d_c / 1e9) ** p.alpha_d, rel=1e-9)
    assert kaplan_loss_nd(1e9, [1e9, 1e10]).shape == (2,)


def test_kaplan_ns_is_sum_of_two_power_laws():
    assert kaplan_loss_ns(1e9, 1e5) == pytest.approx((6.5e13 / 1e9) ** 0.077 + (2.1e3 / 1e5) ** 0.76)


def test_critical_batch_size():
    assert critical_batch_size(1.0) == 2.1e8  # Table 5 B* is the default
    assert critical_batch_size(1.0, params=KaplanCriticalBatch(KAPLAN_2020_B_STAR_EQ_1_4, 0.21)) == 2e8
    # Lower loss needs a bigger batch: halving L multiplies B_crit by 2^(1/0.21) = 27.
    assert critical_batch_size(1.5) / critical_batch_size(3.0) == pytest.approx(2 ** (1 / 0.21))


def test_kaplan_compute_efficient_table6():
    run = kaplan_compute_efficient(10.0)
    assert run.n_opt == pytest.approx(1.3e9 * 10**0.73)
    # Training at B = B_crit takes S = 2 S_min steps, so D_opt ~ 2 B S_min; the
    # rounded Table 6 constants agree to 8% (measured 2.16e10 vs 2e10 at 1 PF-day).
    one = kaplan_compute_efficient(1.0)
    assert one.d_opt == pytest.approx(2 * one.batch_size * one.s_min, rel=0.08)
    arr = kaplan_compute_efficient([1.0, 10.0])
    assert np.shape(arr.s_min) == (2,)


def test_kaplan_contradiction_point_uses_eq_6_7():
    # Sec. 6.3: D(C) = 4e10 C^0.26 tokens (eq. 6.7) against L(D) = (5.4e13/D)^0.095 and
    # L(C) = (3.1e8/C)^0.050.  Solving (3.1e8/C)^0.05 = (5.4e13/(4e10 C^0.26))^0.095 by hand:
    log_c = (0.095 * math.log(5.4e13 / 4e10) - 0.050 * math.log(3.1e8)) / (0.095 * 0.26 - 0.050)
    point = kaplan_contradiction_point()
    assert point.compute_pf_days == pytest.approx(math.exp(log_c), rel=1e-12)  # 1.06e5 PF-days
    assert point.n_tokens == pytest.approx(4e10 * point.compute_pf_days**0.26, rel=1e-12)
    assert point.n_params == pytest.approx(1.3e9 * point.compute_pf_days**0.73, rel=1e-12)
    # At C* the two trends are equal by construction.
    assert kaplan_loss_c(point.compute_pf_days) == pytest.approx(kaplan_loss_d(point.n_tokens), rel=1e-9)
    # Eq. 6.8 quotes C* ~ 1e4 PF-days, N* ~ 1e12, D* ~ 1e12, L* ~ 1.7, "highly uncertain, varying by an
    # order of magnitude in either direction": the point computed from the rounded constants is within that.
    assert 1e3 <= point.compute_pf_days <= 1.2e5  # measured 1.06e5
    assert 1e11 <= point.n_params <= 1e13  # measured 6.1e12
    assert 1e11 <= point.n_tokens <= 1e13  # measured 8.1e11
    assert point.loss == pytest.approx(1.7, abs=0.25)  # measured 1.49
    # The data-limited trend falls as C^(-0.26 * 0.095) = C^-0.025, which the paper rounds to C^-0.03.
    assert 0.26 * 0.095 == pytest.approx(0.025, abs=0.001)


# ---------------------------------------------------------------- bad input
GOOD = {"n_params": 1000000000.0, "n_tokens": 10000000000.0, "n_steps": 10000.0, "loss": 2.0,
        "compute_pf_days": 1.0}

CASES = [
    (kaplan_loss_n, {}, ["n_params"]),
    (kaplan_loss_d, {}, ["n_tokens"]),
    (kaplan_loss_c, {}, ["compute_pf_days"]),
    (kaplan_loss_nd, {}, ["n_params", "n_tokens"]),
    (kaplan_loss_ns, {}, ["n_params", "n_steps"]),
    (critical_batch_size, {}, ["loss"]),
    (kaplan_compute_efficient, {}, ["compute_pf_days"]),
]
@pytest.mark.parametrize("func, extra, args", CASES, ids=[c[0].__name__ for c in CASES])
def test_bad_input_names_the_argument(func, extra, args):
    assert_bad_input_is_named(func, GOOD, extra, args)


def test_bad_scalar_constants_are_named():
    with pytest.raises(ValueError, match="b_star"):
        critical_batch_size(1.0, params=KaplanCriticalBatch(0.0, 0.21))
