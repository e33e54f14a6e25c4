"""Tests of scaling_lab.laws.data_constrained: the data-constrained law of Muennighoff et al. (2023), with its
effective data and parameters.

The losses printed in the datablations README (MUENNIGHOFF_2023_TEST_VALUES, full double precision) must
come back to 1e-9, both from data_constrained_loss and from the Chinchilla form evaluated at the effective
N' and D' of this module: the helpers and the law are the same law.
"""

import math

import numpy as np
import pytest

from tests.laws.conftest import assert_bad_input_is_named
from hypothesis import given
from hypothesis import strategies as st

from scaling_lab.laws import (
    RepetitionValue, chinchilla_frontier, chinchilla_loss, data_constrained_loss, effective_data, effective_params,
    value_of_repetition,
)
from scaling_lab.reference import MUENNIGHOFF_2023, MUENNIGHOFF_2023_TEST_VALUES


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


# ---------------------------------------------------------------- bad input
GOOD = {"n_params": 1000000000.0, "n_tokens": 10000000000.0, "unique_tokens": 1000000000.0}

CASES = [
    (data_constrained_loss, {}, ["n_params", "n_tokens", "unique_tokens"]),
]
@pytest.mark.parametrize("func, extra, args", CASES, ids=[c[0].__name__ for c in CASES])
def test_loss_bad_input_names_the_argument(func, extra, args):
    assert_bad_input_is_named(func, GOOD, extra, args)


def test_bad_scalar_constants_are_named():
    with pytest.raises(ValueError, match="unique_tokens"):
        data_constrained_loss(1e9, 1e9, 2e9)


@pytest.mark.parametrize("row", MUENNIGHOFF_2023_TEST_VALUES)
def test_effective_amounts_reproduce_the_published_losses(row):
    d_eff = effective_data(row.n_tokens, row.unique_tokens)
    n_eff = effective_params(row.n_params, row.unique_tokens)
    loss = chinchilla_loss(n_eff, d_eff, params=MUENNIGHOFF_2023)
    assert loss == pytest.approx(row.loss, rel=1e-9)
    assert loss == pytest.approx(data_constrained_loss(row.n_params, row.n_tokens, row.unique_tokens), rel=1e-12)


@given(epochs=st.floats(1.0, 200.0), unique=st.floats(1e8, 1e12))
def test_effective_data_scales_with_the_unique_data(epochs, unique):
    d_eff = effective_data(epochs * unique, unique)
    assert d_eff == pytest.approx(unique * value_of_repetition(epochs).effective_epochs, rel=1e-9)
    assert unique <= d_eff <= min(epochs, 1 + MUENNIGHOFF_2023.r_d_star) * unique * (1 + 1e-12)


def test_value_of_repetition_numbers():
    # R_D* = 15.387756 (datablations README): 4 epochs keep 93.1% of fresh data's value; the 16th epoch
    # is worth e^(-15/15.39) = 37.7% of a fresh one; the cap is 1 + R_D* = 16.39 epochs' worth.
    value = value_of_repetition([1.0, 4.0, 16.0, 1e6])
    assert isinstance(value, RepetitionValue)
    np.testing.assert_allclose(value.fraction_of_fresh[:3], [1.0, 0.9314, 0.6614], atol=1e-4)
    np.testing.assert_allclose(value.last_epoch_value[:3], [1.0, math.exp(-3 / 15.387756), 0.3773], atol=1e-4)
    assert value.effective_epochs[-1] == pytest.approx(1 + MUENNIGHOFF_2023.r_d_star, rel=1e-9)
    assert value_of_repetition(1.0).effective_epochs == 1.0  # one epoch is fresh data


def test_effective_params_only_discounts_excess_parameters():
    # N_opt(U) = G (G U)^(beta/alpha) is the compute-optimal size for U unique tokens: below it N' = N,
    # above it the excess decays with R_N* = 5.31, so N' never exceeds (1 + R_N*) N_opt(U).
    g = chinchilla_frontier(MUENNIGHOFF_2023).g
    n_opt = g * (g * 25e9) ** (MUENNIGHOFF_2023.beta / MUENNIGHOFF_2023.alpha)
    assert n_opt == pytest.approx(1.27e9, rel=0.01)
    assert effective_params(0.5 * n_opt, 25e9) == pytest.approx(0.5 * n_opt, rel=1e-12)
    sizes = n_opt * np.array([2.0, 5.0, 20.0])
    eff = np.asarray(effective_params(sizes, 25e9))
    assert np.all(np.diff(eff) > 0) and np.all(eff < sizes)
    assert effective_params(1e6 * n_opt, 25e9) == pytest.approx((1 + MUENNIGHOFF_2023.r_n_star) * n_opt, rel=1e-9)


def test_params_override():
    class Custom:
        r_d_star = 1.0
    assert effective_data(1e6 * 100, 1e6, params=Custom()) == pytest.approx(2e6 * (1 - math.exp(-99) / 2), rel=1e-9)


@pytest.mark.parametrize("call, match", [
    (lambda: effective_data(1e9, 2e9), "unique_tokens"),
    (lambda: effective_data(-1e9, 1e9), "n_tokens"),
    (lambda: effective_data([1e9, 2e9], [1e9, 1e9, 1e9]), "n_tokens"),
    (lambda: effective_data(1e9, np.nan), "unique_tokens"),
    (lambda: effective_params(0.0, 1e9), "n_params"),
    (lambda: effective_params(1e9, np.inf), "unique_tokens"),
    (lambda: effective_params(1e9, 1e9, params=object()), "params"),
    (lambda: value_of_repetition(0.5), "epochs"),
    (lambda: value_of_repetition(-2.0), "epochs"),
    (lambda: value_of_repetition(2.0, params=object()), "params"),
])
def test_bad_input_names_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()
