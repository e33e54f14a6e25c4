"""Tests of scaling_lab.laws.overtraining: Gadre et al.'s (2024) eqs. (4) and (5).

Eq. (4) is checked against the Chinchilla form it comes from (their eq. 3 with alpha = beta = 2 eta,
A = a 6^-eta, B = b 6^-eta) and against the form their code fits (``powlaw_ours`` in scaling/laws.py of
mlfoundations/scaling); eq. (5) against its perplexity form, eq. (6).
"""

import numpy as np
import pytest

from scaling_lab import (
    GADRE_2024_REDPAJAMA_ERROR, GADRE_2024_REDPAJAMA_LOSS, OvertrainingLawParams, chinchilla_loss, downstream_error,
    overtraining_loss, overtraining_loss_from_compute, overtraining_params_from_code,
)
from scaling_lab.reference import ChinchillaParams
from tests.laws.conftest import assert_bad_input_is_named

P = OvertrainingLawParams(irreducible_loss=1.7, a=200.0, b=350.0, eta=0.13)


def test_equals_chinchilla_form_with_equal_exponents():
    n = np.geomspace(1e7, 1e10, 7)[:, None]
    m = np.array([5.0, 20.0, 640.0])[None, :]
    chin = ChinchillaParams(E=P.irreducible_loss, A=P.a * 6 ** -P.eta, B=P.b * 6 ** -P.eta, alpha=2 * P.eta,
                            beta=2 * P.eta)
    np.testing.assert_allclose(overtraining_loss(n, m, params=P), chinchilla_loss(n, m * n, params=chin), rtol=1e-12)


def test_compute_form_and_parallel_lines():
    # At fixed M the reducible loss is a power law in C with exponent -eta (their Figure 2's parallel lines).
    c = np.geomspace(1e17, 1e23, 5)
    for m in (20.0, 640.0):
        red = overtraining_loss_from_compute(c, m, params=P) - P.irreducible_loss
        np.testing.assert_allclose(np.diff(np.log(red)) / np.diff(np.log(c)), -P.eta, rtol=1e-10)
    n = 1e9
    assert overtraining_loss(n, 20.0, params=P) == pytest.approx(
        overtraining_loss_from_compute(6 * 20 * n * n, 20.0, params=P), rel=1e-14)


def test_code_form_conversion():
    code_alpha, code_beta, code_exponent, e = 166.2, 366.7, -0.2729, 1.837
    law = overtraining_params_from_code(code_alpha, code_beta, code_exponent, e)
    n, m = np.array([1.06e7, 4.1e8, 6.9e9]), np.array([20.0, 320.0, 640.0])
    code = code_alpha * n**code_exponent + code_beta * 6 ** (code_exponent / 2) * (m * n) ** code_exponent + e
    np.testing.assert_allclose(overtraining_loss(n, m, params=law), code, rtol=1e-12)
    assert law.eta == pytest.approx(0.13645) and law.b == code_beta
    with pytest.raises(ValueError, match="code_exponent"):
        overtraining_params_from_code(code_alpha, code_beta, 0.1, e)


def test_default_constants_forecast_the_headline_runs():
    # Our fit by their procedure (RedPajama, C4 eval); the measured C4 eval losses of the two target runs are
    # 2.5021 (1.4B, M = 640) and 2.4250 (6.9B, M = 20) in the shipped data; the paper reports 0.7% error each.
    assert overtraining_loss(1_439_795_200, 640, params=GADRE_2024_REDPAJAMA_LOSS) == pytest.approx(2.5198, abs=1e-4)
    assert overtraining_loss(6_889_410_560, 20) == pytest.approx(2.4427, abs=1e-4)


def test_downstream_error_and_perplexity_form():
    loss = np.array([2.4, 3.0, 5.0])
    err = downstream_error(loss, params=GADRE_2024_REDPAJAMA_ERROR)
    eps, k, gamma = GADRE_2024_REDPAJAMA_ERROR
    np.testing.assert_allclose(err, eps - k * np.exp(loss) ** -gamma, rtol=1e-12)  # eq. (6)
    assert np.all(np.diff(err) > 0) and np.all(err < eps)


def test_bad_input_is_named():
    assert_bad_input_is_named(overtraining_loss, {"n_params": 1e9, "tokens_per_param": 20.0}, {},
                              ["n_params", "tokens_per_param"])
    assert_bad_input_is_named(overtraining_loss_from_compute, {"compute_flops": 1e21, "tokens_per_param": 20.0},
                              {}, ["compute_flops", "tokens_per_param"])
    assert_bad_input_is_named(downstream_error, {"loss": 3.0}, {}, ["loss"])
    with pytest.raises(ValueError, match="irreducible_loss"):
        overtraining_loss(1e9, 20.0, params=P._replace(irreducible_loss=-1.0))
    with pytest.raises(ValueError, match="eta"):
        overtraining_loss(1e9, 20.0, params=P._replace(eta=0.0))
