"""Tests of scaling_lab.laws.hyperparameters: DeepSeek LLM's (2024) learning-rate and batch-size laws."""

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.reference import DEEPSEEK_LLM_2024_HYPERPARAMETERS, HyperparameterLawParams


def test_closed_form_at_known_budgets():
    # eta = 0.3118 C^-0.125: at C = 1e16 that is 0.3118 * 1e-2; B = 0.2920 C^0.3271
    assert sl.optimal_learning_rate(1e16) == pytest.approx(0.3118e-2, rel=1e-12)
    assert sl.optimal_batch_size(1e16) == pytest.approx(0.2920 * 10 ** (16 * 0.3271), rel=1e-12)
    c = np.array([1e18, 1e20, 1e22])
    # Each factor of 100 in compute divides the rate by 100^0.125 and multiplies the batch by 100^0.3271
    np.testing.assert_allclose(sl.optimal_learning_rate(c)[1:] / sl.optimal_learning_rate(c)[:-1],
                               100 ** -0.125)
    np.testing.assert_allclose(sl.optimal_batch_size(c)[1:] / sl.optimal_batch_size(c)[:-1], 100 ** 0.3271)


def test_other_params():
    law = HyperparameterLawParams(lr_coefficient=1.0, lr_exponent=0.5, batch_coefficient=2.0,
                                  batch_exponent=1.0)
    assert sl.optimal_learning_rate(4.0, params=law) == pytest.approx(0.5)
    assert sl.optimal_batch_size(3.0, params=law) == pytest.approx(6.0)
    assert DEEPSEEK_LLM_2024_HYPERPARAMETERS.batch_unit == "tokens"


@pytest.mark.parametrize("law", [sl.optimal_learning_rate, sl.optimal_batch_size])
@pytest.mark.parametrize("bad", [0.0, -1e18, np.nan, np.inf])
def test_bad_compute(law, bad):
    with pytest.raises(ValueError, match="compute_flops"):
        law(bad)


@pytest.mark.parametrize("law", [sl.optimal_learning_rate, sl.optimal_batch_size])
def test_bad_params(law):
    with pytest.raises(ValueError, match="params"):
        law(1e18, params=object())
    negative = HyperparameterLawParams(-1.0, -0.1, -1.0, -0.3)
    with pytest.raises(ValueError, match="params"):
        law(1e18, params=negative)
