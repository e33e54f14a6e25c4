r"""How much data a model needs: Kaplan et al.'s (2020) overfitting indicator and data rule (§4).

From the joint law :math:`L(N, D) = [(N_c/N)^{\alpha_N/\alpha_D} + D_c/D]^{\alpha_D}` (eq. 1.5),
the loss relative to the infinite-data loss :math:`L(N, \infty) = (N_c/N)^{\alpha_N}` depends on
N and D only through :math:`N^{\alpha_N/\alpha_D}/D` (eq. 4.3).  Requiring that excess to stay
below a tolerance gives the data a model of size N needs, which grows as
:math:`N^{\alpha_N/\alpha_D} \approx N^{0.74}`: it is the *data* that grows sub-linearly with the
model, not the other way round (eq. 4.4).
"""

from __future__ import annotations

from scaling_lab._validate import as_positive_array, as_positive_scalar, broadcast, param_value, to_output
from scaling_lab.reference.kaplan import KAPLAN_2020_LOSS_ND
from scaling_lab.reference.kaplan_overfitting import KAPLAN_2020_DATA_RULE, KAPLAN_2020_SEED_VARIATION

__all__ = ["kaplan_overfitting", "kaplan_data_requirement", "kaplan_data_rule"]


def _constants(params):
    return (param_value(params, "n_c"), param_value(params, "d_c"), param_value(params, "alpha_n"),
            param_value(params, "alpha_d"))


def kaplan_overfitting(n_params, n_tokens, *, params=KAPLAN_2020_LOSS_ND):
    r"""The overfitting indicator :math:`\delta L = L(N, D)/L(N, \infty) - 1` (Kaplan et al. 2020, eqs. 4.2-4.3).

    .. math::
        \delta L(N, D) = \left(1 + \left(\frac{N}{N_c}\right)^{\alpha_N/\alpha_D} \frac{D_c}{D}\right)^{\alpha_D} - 1

    which follows exactly from eq. 1.5 (the paper writes :math:`\approx` because eq. 1.5 is a fit).
    ``params`` is any object with ``n_c, d_c, alpha_n, alpha_d`` (default: Table 2), e.g. a
    :class:`~scaling_lab.fitting.joint.KaplanJointFit`.

    Parameters
    ----------
    n_params : array_like
        Non-embedding parameters N, > 0.
    n_tokens : array_like
        Training tokens D, > 0 (broadcast against ``n_params``).
    """
    n = as_positive_array(n_params, "n_params")
    d = as_positive_array(n_tokens, "n_tokens")
    n, d = broadcast(n_params=n, n_tokens=d)
    n_c, d_c, a_n, a_d = _constants(params)
    return to_output((1.0 + (n / n_c) ** (a_n / a_d) * d_c / d) ** a_d - 1.0)


def kaplan_data_requirement(n_params, *, overfitting=KAPLAN_2020_SEED_VARIATION, params=KAPLAN_2020_LOSS_ND):
    r"""Tokens D at which the overfitting indicator equals ``overfitting`` (eq. 4.3 solved for D).

    .. math::
        D = \frac{D_c\,(N/N_c)^{\alpha_N/\alpha_D}}{(1 + \delta L)^{1/\alpha_D} - 1}

    With Table 2's constants and :math:`\delta L = 0.02` (the seed-to-seed variation of the loss,
    §4.2) this is :math:`D \approx 5.5\times10^3\,N^{0.738}`, which the paper rounds to
    :math:`D \gtrsim (5\times10^3)\,N^{0.74}` (eq. 4.4; :func:`kaplan_data_rule`).  More data than
    this keeps the loss within :math:`\delta L` of the infinite-data loss.

    Parameters
    ----------
    n_params : array_like
        Non-embedding parameters N, > 0.
    overfitting : float, optional
        Tolerated :math:`\delta L > 0` (a fraction, 0.02 = 2%).
    params : optional
        Constants of eq. 1.5 (default Table 2).
    """
    n = as_positive_array(n_params, "n_params")
    tolerance = as_positive_scalar(overfitting, "overfitting")
    n_c, d_c, a_n, a_d = _constants(params)
    return to_output(d_c * (n / n_c) ** (a_n / a_d) / ((1.0 + tolerance) ** (1.0 / a_d) - 1.0))


def kaplan_data_rule(n_params, *, params=KAPLAN_2020_DATA_RULE):
    r"""Kaplan et al.'s data rule as printed, :math:`D \gtrsim (5\times10^3)\,N^{0.74}` tokens (eq. 4.4).

    ``params`` is any object with ``scale`` and ``exponent``
    (:data:`~scaling_lab.reference.KAPLAN_2020_DATA_RULE`).  For :math:`N = 10^9` it gives
    :math:`2.3\times10^{10}` tokens, the size of WebText2 (22B tokens), on which the paper found
    that models below :math:`10^9` parameters train with minimal overfitting (§4.2).
    """
    n = as_positive_array(n_params, "n_params")
    scale, exponent = param_value(params, "scale"), param_value(params, "exponent")
    return to_output(scale * n**exponent)
