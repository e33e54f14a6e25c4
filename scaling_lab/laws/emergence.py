r"""Laws for abrupt-looking behaviour: the broken neural scaling law and the metrics of Schaeffer et al."""

from __future__ import annotations

import numpy as np

from scaling_lab._validate import (
    as_positive_array, as_positive_scalar, as_scalar, as_unit_interval_array, broadcast, to_output,
)

__all__ = ["bnsl", "per_token_accuracy", "exact_match_accuracy", "token_edit_distance"]


def bnsl(scale, params):
    r"""Broken neural scaling law (Caballero et al. 2023, eq. 1).

    .. math:: y = a + b\, x^{-c_0} \prod_{i=1}^{n}
              \left(1 + \left(\frac{x}{d_i}\right)^{1/f_i}\right)^{-c_i f_i}

    Each break :math:`i` changes the log-log slope by :math:`-c_i` around
    :math:`x = d_i`, with sharpness :math:`f_i` (smaller is sharper).  The
    product is evaluated in log space, so very sharp breaks do not overflow.

    Parameters
    ----------
    scale : array_like
        :math:`x` (parameters, data or compute), > 0.
    params : object
        Anything with ``floor`` (:math:`a`), ``coefficient`` (:math:`b`),
        ``exponent`` (:math:`c_0`) and ``breaks``, a sequence of
        ``(slope_change, location, sharpness)`` triples (:math:`c_i, d_i, f_i`;
        location and sharpness > 0), e.g. a
        :class:`~scaling_lab.reference.BNSLParams` such as
        :data:`~scaling_lab.reference.CABALLERO_2023_FIGURE_1`.  Here ``exponent``
        is Caballero et al.'s positive :math:`c_0`.  A fit result with an
        ``as_params()`` method (:class:`~scaling_lab.fitting.BNSLFit`, whose own
        ``exponent`` is the signed :math:`-c_0`) is converted with it first.

    Returns
    -------
    float or ndarray
    """
    x = as_positive_array(scale, "scale")
    if callable(getattr(params, "as_params", None)):
        params = params.as_params()
    for attr in ("floor", "coefficient", "exponent", "breaks"):
        if not hasattr(params, attr):
            raise ValueError(f"params must have an attribute {attr!r}; got {params!r}")
    a = as_scalar(params.floor, "params.floor")
    b = as_scalar(params.coefficient, "params.coefficient")
    c0 = as_scalar(params.exponent, "params.exponent")
    log_x = np.log(x)
    log_term = -c0 * log_x
    for i, brk in enumerate(params.breaks):
        try:
            c, d, f = brk
        except (TypeError, ValueError):
            raise ValueError(f"params.breaks[{i}] must be a (slope_change, location, sharpness) triple; "
                             f"got {brk!r}") from None
        c = as_scalar(c, f"params.breaks[{i}].slope_change")
        d = as_positive_scalar(d, f"params.breaks[{i}].location")
        f = as_positive_scalar(f, f"params.breaks[{i}].sharpness")
        log_term = log_term - c * f * np.logaddexp(0.0, (log_x - np.log(d)) / f)
    return to_output(a + b * np.exp(log_term))


# Schaeffer et al. (2023): metrics as functions of per-token loss
def per_token_accuracy(loss):
    r"""Probability of the correct token, :math:`p = e^{-L}` (Schaeffer et al. 2023, sec. 2).

    ``loss`` is the per-token cross-entropy in nats, >= 0.
    """
    loss = as_positive_array(loss, "loss", allow_zero=True)
    return to_output(np.exp(-loss))


def _token_counts(n_target_tokens):
    counts = as_positive_array(n_target_tokens, "n_target_tokens")
    if (counts != np.round(counts)).any():
        raise ValueError(f"n_target_tokens must be whole numbers; got {n_target_tokens!r}")
    return counts


def exact_match_accuracy(per_token_prob, n_target_tokens):
    r"""Exact-match accuracy of an :math:`L`-token answer, :math:`p^L` (Schaeffer et al. 2023, sec. 2).

    Assumes tokens are right independently with probability :math:`p`; this
    nonlinear metric makes smooth gains in :math:`p` look like sudden jumps.
    """
    p = as_unit_interval_array(per_token_prob, "per_token_prob")
    length = _token_counts(n_target_tokens)
    p, length = broadcast(per_token_prob=p, n_target_tokens=length)
    return to_output(p**length)


def token_edit_distance(per_token_prob, n_target_tokens):
    r"""Expected token edit distance, :math:`L (1 - p)` (Schaeffer et al. 2023, sec. 2).

    A linear metric: it changes smoothly with :math:`p`.
    """
    p = as_unit_interval_array(per_token_prob, "per_token_prob")
    length = _token_counts(n_target_tokens)
    p, length = broadcast(per_token_prob=p, n_target_tokens=length)
    return to_output(length * (1.0 - p))
