"""Unit tests of scaling_lab.laws: closed forms, published values and bad input."""

import math
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lab.laws import (
    bnsl, chinchilla_loss, critical_batch_size, data_constrained_loss, exact_match_accuracy,
    flops_from_pf_days, kaplan_compute_efficient, kaplan_contradiction_point, kaplan_forward_flops_per_token,
    kaplan_loss_c, kaplan_loss_d, kaplan_loss_n, kaplan_loss_nd, kaplan_loss_ns, pf_days, per_token_accuracy,
    power_law, rosenfeld_loss, saturating_power_law, token_edit_distance, training_flops, zipf_pmf,
)
from scaling_lab.reference import (
    CABALLERO_2023_FIGURE_1, HOFFMANN_2022_TEX, KAPLAN_2020_B_STAR_EQ_1_4, KAPLAN_2020_LOSS_C_NAIVE, KAPLAN_2020_LOSS_ND, MUENNIGHOFF_2023, MUENNIGHOFF_2023_TEST_VALUES,
    PF_DAY_FLOPS, ROSENFELD_2020_ILLUSTRATIVE, BNSLBreak, BNSLParams, KaplanCriticalBatch, KaplanPowerLaw,
)

FAST = settings(max_examples=30, deadline=None)
positive = st.floats(min_value=1e-3, max_value=1e3)
big = st.floats(min_value=1e6, max_value=1e14)


# ---------------------------------------------------------------- generic forms
@FAST
@given(x=positive, scale=positive, exponent=st.floats(-3, 3))
def test_power_law_scale_invariance(x, scale, exponent):
    # y(s x) / y(x) = s^k for every x: the defining property of a power law.
    ratio = power_law(scale * x, 2.5, exponent) / power_law(x, 2.5, exponent)
    assert ratio == pytest.approx(scale**exponent, rel=1e-9)


def test_power_law_identities():
    assert power_law(1.0, 3.0, -0.7) == 3.0
    np.testing.assert_allclose(power_law([1, 10, 100], 2.0, -1.0), [2.0, 0.2, 0.02], rtol=1e-15)
    assert isinstance(power_law(2.0, 1.0, 1.0), float)


def test_saturating_power_law_limits():
    assert saturating_power_law(1.0, 1.7, 3.0, 0.5) == pytest.approx(4.7)
    assert saturating_power_law(1e30, 1.7, 3.0, 0.5) == pytest.approx(1.7, abs=1e-12)
    # minus the floor, it is a decaying pure power law
    x = np.array([1.0, 4.0, 16.0])
    np.testing.assert_allclose(saturating_power_law(x, 1.7, 3.0, 0.5) - 1.7, power_law(x, 3.0, -0.5))


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


# ---------------------------------------------------------------- Chinchilla
def test_chinchilla_loss_closed_form():
    expected = 1.69 + 406.4 / 70e9**0.34 + 410.7 / 1.4e12**0.28
    assert chinchilla_loss(70e9, 1.4e12) == pytest.approx(expected, rel=1e-14)
    assert chinchilla_loss(70e9, 1.4e12) == pytest.approx(1.9366, abs=1e-4)
    assert chinchilla_loss(1e40, 1e40) == pytest.approx(1.69, abs=1e-8)  # floor E


def test_chinchilla_loss_accepts_any_params_object_and_broadcasts():
    fit = SimpleNamespace(E=1.0, A=1.0, B=1.0, alpha=1.0, beta=1.0)
    assert chinchilla_loss(2.0, 4.0, fit) == 1.75
    out = chinchilla_loss(1e9, np.array([1e9, 1e10, 1e11]), HOFFMANN_2022_TEX)
    assert out.shape == (3,) and np.all(np.diff(out) < 0)


@FAST
@given(n=big, d=big, factor=st.floats(1.01, 100))
def test_chinchilla_loss_decreases_in_n_and_d(n, d, factor):
    base = chinchilla_loss(n, d)
    assert chinchilla_loss(n * factor, d) < base
    assert chinchilla_loss(n, d * factor) < base


# ---------------------------------------------------------------- data-constrained
@pytest.mark.parametrize("case", MUENNIGHOFF_2023_TEST_VALUES)
def test_data_constrained_published_values(case):
    # datablations README prints these to full double precision.
    value = data_constrained_loss(case.n_params, case.n_tokens, case.unique_tokens)
    assert abs(value - case.loss) < 1e-9


def test_data_constrained_single_epoch_equals_chinchilla_form():
    # D = U (no repetition) and N below N_opt(U) (no excess parameters): R_D = R_N = 0.
    assert data_constrained_loss(1e8, 25e9, 25e9) == pytest.approx(
        chinchilla_loss(1e8, 25e9, MUENNIGHOFF_2023), rel=1e-14)


def test_repeated_tokens_are_worth_less_than_fresh_ones():
    fresh = chinchilla_loss(1e9, 100e9, MUENNIGHOFF_2023)
    repeated = data_constrained_loss(1e9, 100e9, 25e9)  # 4 epochs of 25B
    once = data_constrained_loss(1e9, 25e9, 25e9)
    assert fresh < repeated < once


# ---------------------------------------------------------------- Rosenfeld, BNSL
def test_rosenfeld_envelope_matches_complex_form_and_limits():
    p = ROSENFELD_2020_ILLUSTRATIVE
    m, n = np.meshgrid(np.logspace(2, 9, 8), np.logspace(1, 7, 7))
    eps_t = p.a * n**-p.alpha + p.b * m**-p.beta + p.c_inf
    np.testing.assert_allclose(rosenfeld_loss(m, n), np.abs(p.eps0 * eps_t / (eps_t - 1j * p.eta)), rtol=1e-12)
    assert rosenfeld_loss(1.0, 1.0) == pytest.approx(p.eps0, rel=0.01)  # tiny model and data: random guess
    floor = p.eps0 * p.c_inf / math.hypot(p.c_inf, p.eta)
    assert rosenfeld_loss(1e30, 1e30) == pytest.approx(floor, rel=1e-9)


def test_bnsl_without_breaks_is_saturating_power_law():
    x = np.logspace(0, 8, 9)
    np.testing.assert_allclose(bnsl(x, BNSLParams(0.1, 2.0, 0.3)), saturating_power_law(x, 0.1, 2.0, 0.3),
                               rtol=1e-12)


def test_bnsl_break_changes_slope_by_c():
    # Far below the break the log-log slope of (y - a) is -c0, far above it is -(c0 + c1).
    p = BNSLParams(floor=0.0, coefficient=1.0, exponent=0.2, breaks=(BNSLBreak(0.5, 1e6, 0.5),))
    def slope(x):
        return math.log(bnsl(10 * x, p) / bnsl(x, p)) / math.log(10)
    assert slope(1.0) == pytest.approx(-0.2, abs=1e-3)
    assert slope(1e12) == pytest.approx(-0.7, abs=1e-3)


def test_bnsl_figure1_is_finite_everywhere():
    # f3 = 0.05 raises (x/d3)^20; the log-space product must not overflow.
    p = CABALLERO_2023_FIGURE_1
    x = np.logspace(0, 40, 41)
    y = bnsl(x, p)
    assert np.all(np.isfinite(y)) and np.all(y >= p.floor)
    # The second break (c2 < 0) makes the curve rise between 1e15 and 1e20 (Figure 1).
    rising = (x >= 1e15) & (x <= 1e20)
    assert np.all(np.diff(y[rising]) > 0)
    assert y[-1] == pytest.approx(p.floor)


# ---------------------------------------------------------------- Schaeffer metrics
def test_schaeffer_metrics():
    assert per_token_accuracy(0.0) == 1.0
    p = per_token_accuracy(0.1)
    assert p == pytest.approx(math.exp(-0.1))
    assert exact_match_accuracy(p, 5) == pytest.approx(math.exp(-0.5))  # p^L = exp(-L * loss)
    assert token_edit_distance(p, 5) == pytest.approx(5 * (1 - math.exp(-0.1)))
    np.testing.assert_allclose(exact_match_accuracy([0.5, 1.0], [2, 3]), [0.25, 1.0])


@FAST
@given(loss=st.floats(0, 5), n_tokens=st.integers(1, 50))
def test_exact_match_never_beats_per_token(loss, n_tokens):
    p = per_token_accuracy(loss)
    assert exact_match_accuracy(p, n_tokens) <= p + 1e-15
    assert 0 <= token_edit_distance(p, n_tokens) <= n_tokens


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
GOOD = {"x": 2.0, "n_params": 1e9, "n_tokens": 1e10, "n_steps": 1e4, "loss": 2.0,
        "compute_pf_days": 1.0, "unique_tokens": 1e9, "n_samples": 1e4, "scale": 10.0,
        "per_token_prob": 0.5, "n_target_tokens": 3, "compute_flops": 1e20, "n_layer": 12,
        "n_ctx": 1024, "d_model": 768}

CASES = [
    (power_law, {"coefficient": 1.0, "exponent": -1.0}, ["x"]),
    (saturating_power_law, {"irreducible_loss": 1.0, "coefficient": 1.0, "exponent": 0.5}, ["x"]),
    (kaplan_loss_n, {}, ["n_params"]),
    (kaplan_loss_d, {}, ["n_tokens"]),
    (kaplan_loss_c, {}, ["compute_pf_days"]),
    (kaplan_loss_nd, {}, ["n_params", "n_tokens"]),
    (kaplan_loss_ns, {}, ["n_params", "n_steps"]),
    (critical_batch_size, {}, ["loss"]),
    (per_token_accuracy, {}, ["loss"]),
    (kaplan_compute_efficient, {}, ["compute_pf_days"]),
    (chinchilla_loss, {}, ["n_params", "n_tokens"]),
    (rosenfeld_loss, {}, ["n_params", "n_samples"]),
    (data_constrained_loss, {}, ["n_params", "n_tokens", "unique_tokens"]),
    (bnsl, {"params": BNSLParams(0.0, 1.0, 0.5)}, ["scale"]),
    (exact_match_accuracy, {}, ["per_token_prob", "n_target_tokens"]),
    (token_edit_distance, {}, ["per_token_prob", "n_target_tokens"]),
    (training_flops, {}, ["n_params", "n_tokens"]),
    (kaplan_forward_flops_per_token, {}, ["n_params", "n_layer", "n_ctx", "d_model"]),
    (pf_days, {}, ["compute_flops"]),
    (flops_from_pf_days, {}, ["compute_pf_days"]),
]
BAD = [np.nan, np.inf, 0.0, -1.0, "abc"]


def _call(func, extra, args, bad_name, bad_value):
    kwargs = {name: GOOD[name] for name in args} | extra
    kwargs[bad_name] = bad_value
    return func(**kwargs)


@pytest.mark.parametrize("func, extra, args", CASES, ids=[c[0].__name__ for c in CASES])
def test_bad_input_names_the_argument(func, extra, args):
    for name in args:
        for bad in BAD:
            if bad == 0.0 and (name == "per_token_prob" or func is per_token_accuracy):
                continue  # a probability of 0 and a loss of 0 are valid
            with pytest.raises(ValueError, match=name):
                _call(func, extra, args, name, bad)
    if len(args) > 1:  # mismatched shapes
        kwargs = {name: GOOD[name] for name in args} | extra
        kwargs[args[0]] = np.full(4, GOOD[args[0]])
        kwargs[args[1]] = np.full(3, GOOD[args[1]])
        with pytest.raises(ValueError, match=args[1]):
            func(**kwargs)


def test_bad_scalar_constants_are_named():
    with pytest.raises(ValueError, match="exponent"):
        saturating_power_law(2.0, 1.0, 1.0, -0.5)
    with pytest.raises(ValueError, match="coefficient"):
        power_law(2.0, np.nan, 1.0)
    with pytest.raises(ValueError, match="per_token_prob"):
        exact_match_accuracy(1.5, 2)
    with pytest.raises(ValueError, match="n_target_tokens"):
        token_edit_distance(0.5, 2.5)
    with pytest.raises(ValueError, match="loss"):
        per_token_accuracy(-0.1)
    with pytest.raises(ValueError, match="unique_tokens"):
        data_constrained_loss(1e9, 1e9, 2e9)
    with pytest.raises(ValueError, match=r"params\.alpha"):
        chinchilla_loss(1e9, 1e9, SimpleNamespace(E=1.0, A=1.0, B=1.0, alpha=-1.0, beta=0.3))
    with pytest.raises(ValueError, match="params"):
        chinchilla_loss(1e9, 1e9, object())
    with pytest.raises(ValueError, match=r"breaks\[0\]\.location"):
        bnsl(1.0, BNSLParams(0.0, 1.0, 0.5, ((0.5, -1.0, 1.0),)))
    with pytest.raises(ValueError, match=r"breaks\[0\]"):
        bnsl(1.0, BNSLParams(0.0, 1.0, 0.5, ((0.5, 1.0),)))
    with pytest.raises(ValueError, match="floor"):
        bnsl(1.0, object())
    with pytest.raises(ValueError, match="b_star"):
        critical_batch_size(1.0, params=KaplanCriticalBatch(0.0, 0.21))
    with pytest.raises(ValueError, match=r"params\.E"):
        chinchilla_loss(1e9, 1e9, SimpleNamespace(E=-1.0, A=1.0, B=1.0, alpha=0.3, beta=0.3))


# --------------------------------------------------------------------------- truncated Zipf law
def test_zipf_pmf_closed_forms():
    ranks = np.arange(1, 11)
    p = zipf_pmf(ranks, 1.0, 10)
    # s = 1, K = 10: p(r) = (1/r) / H_10 with H_10 = 7381/2520 (the 10th harmonic number).
    assert np.allclose(p, (1.0 / ranks) / (7381 / 2520), rtol=1e-12)
    assert p.sum() == pytest.approx(1.0, abs=1e-12)
    # s = 0 is the uniform distribution; one type has probability one.
    assert zipf_pmf(3, 0.0, 5) == pytest.approx(0.2, abs=1e-15)
    assert zipf_pmf(1, 2.0, 1) == pytest.approx(1.0, abs=1e-15)


@given(s=st.floats(0.0, 4.0), k=st.integers(1, 5000))
@settings(max_examples=40, deadline=None)
def test_zipf_pmf_sums_to_one_and_ratios_are_power_laws(s, k):
    p = np.atleast_1d(zipf_pmf(np.arange(1, k + 1), s, k))
    assert p.sum() == pytest.approx(1.0, rel=1e-9)
    if k >= 4:  # scale invariance: p(2r)/p(r) = 2^-s whatever r
        assert p[3] / p[1] == pytest.approx(2.0**-s, rel=1e-9)
        assert p[1] / p[0] == pytest.approx(2.0**-s, rel=1e-9)


@pytest.mark.parametrize("kwargs, match", [
    (dict(ranks=[0, 1]), "ranks"),
    (dict(ranks=[1.5]), "ranks"),
    (dict(ranks=[11]), "ranks"),
    (dict(ranks=[np.nan]), "ranks"),
    (dict(exponent=-0.5), "exponent"),
    (dict(exponent=np.inf), "exponent"),
    (dict(n_types=0), "n_types"),
    (dict(n_types=2.5), "n_types"),
])
def test_zipf_pmf_bad_input(kwargs, match):
    args = dict(ranks=[1, 2], exponent=1.0, n_types=10)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        zipf_pmf(**args)
