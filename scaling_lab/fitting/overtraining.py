r"""Fits of Gadre et al.'s (2024) laws for over-trained models and for downstream error, done as they do them.

- :func:`fit_overtraining`: their eq. (4) (:func:`scaling_lab.laws.overtraining_loss`) to runs
  :math:`(N, D, L)`;
- :func:`fit_downstream_error`: their eq. (5) (:func:`scaling_lab.laws.downstream_error`) to pairs of
  validation loss and average top-1 error.

Gadre et al. (2024), "Language models scale reliably with over-training and on downstream tasks",
arXiv:2403.08540, §3.3: both laws are fitted with SciPy's ``curve_fit`` (Levenberg-Marquardt on plain
squared residuals of the loss or the error).  Their code (github.com/mlfoundations/scaling,
``scaling/laws.py``, ``curve_fit_powlaw_ours``; ``scaling/shared.py``, ``fit_ds``) fits eq. (4) in the form
:math:`\alpha_c N^{b_c} + \beta_c 6^{b_c/2} (MN)^{b_c} + E` from 128 starts (:math:`\alpha_c, \beta_c \in
\{10^2, 3\cdot10^2, 10^3, 3\cdot10^3\}`, :math:`b_c \in \{-0.1, -0.3\}`, :math:`E \in \{0, 1, 2, 10\}`,
at most 10,000 evaluations each) and keeps the smallest residual; eq. (5) from SciPy's default start (all
ones).  We do the same, skipping a start that does not converge.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import (
    as_positive_array, as_unit_interval_array, at_least, broadcast, same_shape, to_output,
)
from scaling_lab.laws.overtraining import (
    DownstreamErrorParams, OvertrainingLawParams, downstream_error, overtraining_loss,
    overtraining_params_from_code,
)

optimize = lazy_module("scipy.optimize")

__all__ = ["OvertrainingFit", "DownstreamErrorFit", "fit_overtraining", "fit_downstream_error",
           "OVERTRAINING_STARTS"]

#: Gadre et al.'s 128 starts (their ``curve_fit_powlaw_ours``): (code_alpha, code_beta, code_exponent, E).
OVERTRAINING_STARTS = tuple(itertools.product((1e2, 3e2, 1e3, 3e3), (1e2, 3e2, 1e3, 3e3), (-1e-1, -3e-1),
                                              (0.0, 1.0, 2.0, 10.0)))
_MAXFEV = 10_000  # theirs, for both laws


def _code_form(x, code_alpha, code_beta, code_exponent, e):
    """Eq. (4) in the parameters of Gadre et al.'s code; ``x`` stacks N and M = D/N."""
    n, m = x
    p = code_exponent
    return code_alpha * np.power(n, p) + code_beta * np.power(6.0, p / 2.0) * np.power(m * n, p) + e


@dataclass(frozen=True)
class OvertrainingFit:
    r"""Eq. (4) of Gadre et al. (2024) fitted to runs: :math:`L = E + (a M^{\eta} + b M^{-\eta}) C^{-\eta}`.

    ``irreducible_loss``, ``a``, ``b``, ``eta`` are eq. (4)'s constants; ``code_alpha``, ``code_beta``,
    ``code_exponent`` (:math:`\alpha_c, \beta_c, b_c`) the same fit in their code's form
    (:math:`\eta = -b_c/2`, :math:`a = \alpha_c 6^{\eta}`, :math:`b = \beta_c`);
    ``rms_residual`` is their selection score :math:`\sqrt{\sum r^2 / (n - 2)}`; ``n_points`` the runs used.
    """

    irreducible_loss: float
    a: float
    b: float
    eta: float
    code_alpha: float
    code_beta: float
    code_exponent: float
    rms_residual: float
    n_points: int

    @property
    def params(self) -> OvertrainingLawParams:
        """The constants as :class:`~scaling_lab.laws.OvertrainingLawParams`, for the law's ``params=``."""
        return OvertrainingLawParams(self.irreducible_loss, self.a, self.b, self.eta)

    def predict(self, n_params, n_tokens):
        """Loss of a model of ``n_params`` parameters trained on ``n_tokens`` tokens (both > 0)."""
        n = as_positive_array(n_params, "n_params")
        d = as_positive_array(n_tokens, "n_tokens")
        n, d = broadcast(n_params=n, n_tokens=d)
        return to_output(overtraining_loss(n, d / n, params=self.params))

    def __repr__(self) -> str:
        return (f"OvertrainingFit(E={self.irreducible_loss:.4g}, a={self.a:.4g}, b={self.b:.4g}, "
                f"eta={self.eta:.4g}, n_points={self.n_points}; Gadre et al. 2024 eq. 4)")


@dataclass(frozen=True)
class DownstreamErrorFit:
    r"""Eq. (5) of Gadre et al. (2024) fitted to runs: :math:`\mathrm{Err}(L) = \epsilon - k e^{-\gamma L}`."""

    ceiling: float
    k: float
    gamma: float
    n_points: int

    @property
    def params(self) -> DownstreamErrorParams:
        """The constants as :class:`~scaling_lab.laws.DownstreamErrorParams`."""
        return DownstreamErrorParams(self.ceiling, self.k, self.gamma)

    def predict(self, loss):
        """Average top-1 error at validation loss ``loss`` (> 0)."""
        return downstream_error(loss, params=self.params)

    def __repr__(self) -> str:
        return (f"DownstreamErrorFit(ceiling={self.ceiling:.4g}, k={self.k:.4g}, gamma={self.gamma:.4g}, "
                f"n_points={self.n_points}; Gadre et al. 2024 eq. 5)")


def _runs(**arrays):
    out = {name: as_positive_array(value, name) for name, value in arrays.items()}
    for name, arr in out.items():
        if arr.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional; got shape {arr.shape}")
    same_shape(**out)
    return out


def fit_overtraining(n_params, n_tokens, loss) -> OvertrainingFit:
    r"""Fit Gadre et al.'s (2024) eq. (4) to runs of :math:`N` parameters, :math:`D` tokens and loss :math:`L`.

    Their procedure (module docstring): Levenberg-Marquardt least squares on the loss from each of their
    128 starts, keeping the fit with the smallest residual.  On their five RedPajama runs of Table 1
    (C4 eval loss) it gives :data:`~scaling_lab.laws.GADRE_2024_REDPAJAMA_LOSS`.

    Parameters
    ----------
    n_params, n_tokens, loss : array_like
        One value per run, 1-D and of one length, all > 0; at least 5 runs (the law has four constants).

    Returns
    -------
    OvertrainingFit
        The constants, their code's form of them, and ``predict(n_params, n_tokens)``.
    """
    runs = _runs(n_params=n_params, n_tokens=n_tokens, loss=loss)
    n, d, y = runs["n_params"], runs["n_tokens"], runs["loss"]
    at_least(y, "loss", 5)
    x = np.vstack([n, d / n])
    best, best_score = None, np.inf
    for start in OVERTRAINING_STARTS:
        with np.errstate(all="ignore"):
            try:
                theta, _ = optimize.curve_fit(_code_form, x, y, p0=start, maxfev=_MAXFEV)
            except (RuntimeError, ValueError):
                continue
            resid = y - _code_form(x, *theta)
        score = float(np.sqrt(np.sum(resid**2) / (resid.size - 2)))
        if np.isfinite(score) and np.all(np.isfinite(theta)) and score < best_score:
            best, best_score = theta, score
    if best is None or best[2] >= 0 or best[0] <= 0 or best[1] <= 0 or best[3] < 0:
        raise ValueError("loss: the best start gave no decaying law with positive coefficients and a floor "
                         f">= 0 (code_alpha, code_beta, code_exponent, E = {best}); check the runs")
    law = overtraining_params_from_code(best[0], best[1], best[2], best[3])
    return OvertrainingFit(*law, code_alpha=float(best[0]), code_beta=float(best[1]),
                           code_exponent=float(best[2]), rms_residual=best_score, n_points=int(y.size))


def _error_form(ell, k, gamma, ceiling):
    return ceiling - k * np.exp(-gamma * ell)


def fit_downstream_error(loss, error) -> DownstreamErrorFit:
    r"""Fit Gadre et al.'s (2024) eq. (5), :math:`\mathrm{Err} = \epsilon - k e^{-\gamma L}`, to runs.

    As their ``fit_ds`` does: Levenberg-Marquardt from SciPy's default start.  Their default fit set is the
    five runs of eq. (4) plus the 1.4B, M = 20 run (their Table 1).

    Parameters
    ----------
    loss : array_like
        Validation loss of each run, > 0, 1-D.
    error : array_like
        Average top-1 error of each run, in (0, 1], the same length; at least 4 runs.
    """
    ell = as_positive_array(loss, "loss")
    err = as_unit_interval_array(error, "error", open_low=True)
    for name, arr in (("loss", ell), ("error", err)):
        if arr.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional; got shape {arr.shape}")
    same_shape(loss=ell, error=err)
    at_least(err, "error", 4)
    with np.errstate(all="ignore"):
        try:
            theta, _ = optimize.curve_fit(_error_form, ell, err, maxfev=_MAXFEV)
        except RuntimeError as exc:
            raise ValueError(f"error: the fit did not converge ({exc}); check the runs") from None
    if not np.all(np.isfinite(theta)) or theta[0] <= 0 or theta[1] <= 0 or theta[2] <= 0:
        raise ValueError(f"error: the fit gave no decaying law (k, gamma, ceiling = {theta}); check the runs")
    return DownstreamErrorFit(ceiling=float(theta[2]), k=float(theta[0]), gamma=float(theta[1]),
                              n_points=int(err.size))
