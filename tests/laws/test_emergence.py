"""Tests of scaling_lab.laws.emergence: the broken neural scaling law of Caballero et al. (2023) and the metrics
of Schaeffer et al. (2023) that turn a per-token loss into exact match and edit distance.
"""

import math

import numpy as np
import pytest

from tests.laws.conftest import assert_bad_input_is_named
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lab.laws import (
    bnsl, exact_match_accuracy, per_token_accuracy, saturating_power_law, token_edit_distance,
)
from scaling_lab.reference import CABALLERO_2023_FIGURE_1, BNSLBreak, BNSLParams

FAST = settings(max_examples=30, deadline=None)


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


# ---------------------------------------------------------------- bad input
GOOD = {"loss": 2.0, "scale": 10.0, "per_token_prob": 0.5, "n_target_tokens": 3}

CASES = [
    (per_token_accuracy, {}, ["loss"]),
    (bnsl, {"params": BNSLParams(0.0, 1.0, 0.5)}, ["scale"]),
    (exact_match_accuracy, {}, ["per_token_prob", "n_target_tokens"]),
    (token_edit_distance, {}, ["per_token_prob", "n_target_tokens"]),
]
@pytest.mark.parametrize("func, extra, args", CASES, ids=[c[0].__name__ for c in CASES])
def test_bad_input_names_the_argument(func, extra, args):
    # a probability of 0 and a loss of 0 are valid
    zero_is_valid = {"per_token_prob"} | (set(args) if func is per_token_accuracy else set())
    assert_bad_input_is_named(func, GOOD, extra, args, zero_is_valid=zero_is_valid)


def test_bad_scalar_constants_are_named():
    with pytest.raises(ValueError, match="per_token_prob"):
        exact_match_accuracy(1.5, 2)
    with pytest.raises(ValueError, match="n_target_tokens"):
        token_edit_distance(0.5, 2.5)
    with pytest.raises(ValueError, match="loss"):
        per_token_accuracy(-0.1)
    with pytest.raises(ValueError, match=r"breaks\[0\]\.location"):
        bnsl(1.0, BNSLParams(0.0, 1.0, 0.5, ((0.5, -1.0, 1.0),)))
    with pytest.raises(ValueError, match=r"breaks\[0\]"):
        bnsl(1.0, BNSLParams(0.0, 1.0, 0.5, ((0.5, 1.0),)))
    with pytest.raises(ValueError, match="floor"):
        bnsl(1.0, object())
