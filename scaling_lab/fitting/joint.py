r"""Fitting joint laws of model size and data, L(N, D), besides Chinchilla's (``book/joint_laws.md``).

- :func:`fit_kaplan_joint`: Kaplan et al. (2020), eq. 1.5,
  :math:`L = [(N_c/N)^{\alpha_N/\alpha_D} + D_c/D]^{\alpha_D}`, with no floor;
- :func:`fit_rosenfeld`: Rosenfeld et al. (2020),
  :math:`\tilde\epsilon = a\,n^{-\alpha} + b\,m^{-\beta} + c_\infty` (n data, m model size) inside the
  envelope :math:`\hat\epsilon = \epsilon_0\,\tilde\epsilon / \sqrt{\tilde\epsilon^2 + \eta^2}` that saturates
  at the random-guess error :math:`\epsilon_0`;
- :func:`compare_joint_fits`: both, and Chinchilla's :math:`E + A/N^\alpha + B/D^\beta`
  (:func:`scaling_lab.chinchilla.fit_chinchilla`), on the same runs, in-sample and on held-out
  larger models.

The laws themselves are :func:`scaling_lab.laws.kaplan_loss_nd` and
:func:`scaling_lab.laws.rosenfeld_loss`: every fit result can be passed to them as ``params``.  The
fits minimise squared log residuals with :func:`scipy.optimize.least_squares`, from the best of a
small grid of starts; standard errors come from the Jacobian at the optimum
(:math:`s^2 (J^\top J)^{-1}`) and intervals are Wald intervals with a t quantile.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import as_confidence, as_positive_scalar, format_ci
from scaling_lab.fitting.chinchilla import ChinchillaFit, fit_chinchilla
from scaling_lab.fitting.huber_objective import validated_runs
from scaling_lab.laws.joint import rosenfeld_loss
from scaling_lab.laws.kaplan import kaplan_loss_nd

optimize = lazy_module("scipy.optimize")
stats = lazy_module("scipy.stats")

__all__ = ["KaplanJointFit", "RosenfeldFit", "JointFitComparison", "fit_kaplan_joint", "fit_rosenfeld",
           "compare_joint_fits"]


def _least_squares(residuals, starts, bounds):
    """Best local least-squares fit over several starts: (solution, covariance scale s^2)."""
    best = None
    for theta0 in starts:
        with np.errstate(all="ignore"):
            try:
                sol = optimize.least_squares(residuals, theta0, bounds=bounds, method="trf", x_scale="jac",
                                             xtol=1e-12, ftol=1e-12, gtol=1e-12, max_nfev=4000)
            except ValueError:
                continue
        if np.isfinite(sol.cost) and (best is None or sol.cost < best.cost):
            best = sol
    if best is None:
        raise ValueError("loss: no start of the fit converged; check the data")
    dof = max(best.fun.size - best.x.size, 1)
    with np.errstate(all="ignore"):
        cov = np.linalg.pinv(best.jac.T @ best.jac) * float(best.fun @ best.fun) / dof
    return best, np.sqrt(np.clip(np.diag(cov), 0.0, None)), dof


def _interval(value, se, tq):
    return (value - tq * se, value + tq * se)


@dataclass(frozen=True)
class KaplanJointFit:
    r"""Kaplan et al. (2020) eq. 1.5 fitted: :math:`L = [(N_c/N)^{\alpha_N/\alpha_D} + D_c/D]^{\alpha_D}`.

    Usable as ``params`` of :func:`scaling_lab.laws.kaplan_loss_nd`.  Intervals for ``n_c`` and
    ``d_c`` are exponentiated from those of their logarithms.
    """

    n_c: float
    d_c: float
    alpha_n: float
    alpha_d: float
    n_c_ci: tuple
    d_c_ci: tuple
    alpha_n_stderr: float
    alpha_d_stderr: float
    alpha_n_ci: tuple
    alpha_d_ci: tuple
    n_points: int
    rms_log_residual: float
    confidence: float = 0.95

    def predict(self, n_params, n_tokens):
        """The fitted law at ``(n_params, n_tokens)``."""
        return kaplan_loss_nd(n_params, n_tokens, params=self)

    def as_dict(self) -> dict:
        return {"n_c": self.n_c, "d_c": self.d_c, "alpha_n": self.alpha_n, "alpha_d": self.alpha_d}

    def __repr__(self) -> str:
        return (f"KaplanJointFit(n_c={self.n_c:.4g}, d_c={self.d_c:.4g}, alpha_n={self.alpha_n:.4g} "
                f"{format_ci(self.alpha_n_ci)}, alpha_d={self.alpha_d:.4g} {format_ci(self.alpha_d_ci)}, "
                f"rms_log_residual={self.rms_log_residual:.3g}, n_points={self.n_points})")


def fit_kaplan_joint(n_params, n_tokens, loss, *, confidence=0.95) -> KaplanJointFit:
    r"""Fit Kaplan et al.'s joint law (2020, eq. 1.5; their §4 fits it to runs with early stopping).

    .. math:: \min_{\log N_c, \log D_c, \alpha_N, \alpha_D} \sum_i \Bigl[\alpha_D \log\Bigl(
              \bigl(\tfrac{N_c}{N_i}\bigr)^{\alpha_N/\alpha_D} + \tfrac{D_c}{D_i}\Bigr) - \log L_i\Bigr]^2

    The law has no floor: loss falls to zero as N and D grow.  Kaplan et al. used it far from any
    floor; on data that approach one the fit bends its exponents to mimic it.

    Parameters
    ----------
    n_params, n_tokens, loss : array_like
        One row per run; finite, > 0, same shape; at least 6 runs.
    confidence : float, optional
        Coverage of the intervals. Default 0.95.
    """
    n, d, y = validated_runs(n_params, n_tokens, loss, "n_tokens", 6)
    confidence = as_confidence(confidence)
    log_n, log_d, log_y = np.log(n), np.log(d), np.log(y)

    def residuals(theta):
        log_nc, log_dc, a_n, a_d = theta
        inner = np.logaddexp((a_n / a_d) * (log_nc - log_n), log_dc - log_d)
        return a_d * inner - log_y

    centre_n, centre_d = float(np.median(log_n)), float(np.median(log_d))
    starts = [np.array([centre_n + sn, centre_d + sd, an, ad])
              for sn, sd, an, ad in itertools.product((5.0, 15.0), (5.0, 15.0), (0.1, 0.5), (0.1, 0.5))]
    sol, se, dof = _least_squares(residuals, starts, ([-np.inf, -np.inf, 1e-4, 1e-4], np.inf))
    tq = float(stats.t.ppf(0.5 + confidence / 2, dof))
    log_nc, log_dc, a_n, a_d = (float(v) for v in sol.x)
    return KaplanJointFit(
        n_c=math.exp(log_nc), d_c=math.exp(log_dc), alpha_n=a_n, alpha_d=a_d,
        n_c_ci=tuple(math.exp(v) for v in _interval(log_nc, se[0], tq)),
        d_c_ci=tuple(math.exp(v) for v in _interval(log_dc, se[1], tq)),
        alpha_n_stderr=float(se[2]), alpha_d_stderr=float(se[3]),
        alpha_n_ci=_interval(a_n, se[2], tq), alpha_d_ci=_interval(a_d, se[3], tq),
        n_points=n.size, rms_log_residual=math.sqrt(float(sol.fun @ sol.fun) / n.size), confidence=confidence,
    )


@dataclass(frozen=True)
class RosenfeldFit:
    r"""Rosenfeld et al. (2020) fitted: :math:`\epsilon_0\tilde\epsilon/\sqrt{\tilde\epsilon^2+\eta^2}`,
    :math:`\tilde\epsilon = a n^{-\alpha} + b m^{-\beta} + c_\infty`.

    ``a, alpha`` belong to the data term (n samples), ``b, beta`` to the model term (m parameters),
    as in the paper; ``eta`` is fixed at 1 (see :func:`fit_rosenfeld`).  Usable as ``params`` of
    :func:`scaling_lab.laws.rosenfeld_loss`.
    """

    a: float
    alpha: float
    b: float
    beta: float
    c_inf: float
    eta: float
    eps0: float
    alpha_stderr: float
    beta_stderr: float
    c_inf_stderr: float
    alpha_ci: tuple
    beta_ci: tuple
    c_inf_ci: tuple
    n_points: int
    rms_log_residual: float
    confidence: float = 0.95

    def predict(self, n_params, n_tokens):
        """The fitted law at ``(n_params, n_tokens)`` (model size, data)."""
        return rosenfeld_loss(n_params, n_tokens, params=self)

    def as_dict(self) -> dict:
        return {"a": self.a, "alpha": self.alpha, "b": self.b, "beta": self.beta, "c_inf": self.c_inf}

    def __repr__(self) -> str:
        return (f"RosenfeldFit(a={self.a:.4g}, alpha={self.alpha:.4g} {format_ci(self.alpha_ci)}, b={self.b:.4g}, "
                f"beta={self.beta:.4g} {format_ci(self.beta_ci)}, c_inf={self.c_inf:.4g} {format_ci(self.c_inf_ci)}, "
                f"eps0={self.eps0:.4g}, rms_log_residual={self.rms_log_residual:.3g}, "
                f"n_points={self.n_points})")


def fit_rosenfeld(n_params, n_tokens, loss, *, random_guess_loss, confidence=0.95) -> RosenfeldFit:
    r"""Fit the joint form of Rosenfeld et al. (2020, ICLR) and its envelope to runs.

    .. math::
        \hat\epsilon(m, n) = \frac{\epsilon_0\,\tilde\epsilon}{\sqrt{\tilde\epsilon^2 + \eta^2}}, \qquad
        \tilde\epsilon = a\,n^{-\alpha} + b\,m^{-\beta} + c_\infty

    with :math:`m` = ``n_params``, :math:`n` = ``n_tokens`` and :math:`\epsilon_0` the loss of a random
    guess (held fixed: for a language model over V symbols it is :math:`\log_2 V` bits).  The form is
    unchanged by :math:`(a, b, c_\infty, \eta) \to k\,(a, b, c_\infty, \eta)`, so only their ratios are
    determined by data; the fit sets :math:`\eta = 1` (measuring :math:`\tilde\epsilon` in units of
    :math:`\eta`) and fits :math:`a, \alpha, b, \beta, c_\infty \ge 0` by least squares on log residuals.
    A secondary summary reports that Rosenfeld et al. normalise :math:`a = 1` instead and number the
    form and the envelope eqs. 4 and 5; neither could be checked against a primary copy of the paper
    (see :func:`scaling_lab.laws.rosenfeld_loss`).  Either choice removes the same degeneracy and gives
    the same fitted curve; only the reported :math:`a, b, c_\infty` change scale.  (The paper fits
    the relative error :math:`(\hat\epsilon - \epsilon)/\epsilon` by least squares, per the same
    summary; log residuals are its first-order equivalent.)
    Where :math:`\tilde\epsilon \ll \eta` the envelope is linear and the form reduces to Chinchilla's
    additive law scaled by :math:`\epsilon_0/\eta`; the envelope matters only for runs whose loss
    approaches :math:`\epsilon_0`.

    Parameters
    ----------
    n_params, n_tokens, loss : array_like
        One row per run; finite, > 0, same shape; at least 7 runs. ``loss`` < ``random_guess_loss``.
    random_guess_loss : float
        :math:`\epsilon_0 > 0`, in the units of ``loss``.
    confidence : float, optional
        Coverage of the intervals. Default 0.95.
    """
    n, d, y = validated_runs(n_params, n_tokens, loss, "n_tokens", 7)
    eps0 = as_positive_scalar(random_guess_loss, "random_guess_loss")
    if (y >= eps0).any():
        raise ValueError(f"loss must be below random_guess_loss ({eps0:g}); got max {y.max():.4g}")
    confidence = as_confidence(confidence)
    log_n, log_d, log_y = np.log(n), np.log(d), np.log(y)

    def residuals(theta):
        log_a, alpha, log_b, beta, c_inf = theta
        eps = np.exp(log_a - alpha * log_d) + np.exp(log_b - beta * log_n) + c_inf
        return np.log(eps0) + np.log(eps) - 0.5 * np.log1p(eps**2) - log_y

    # Starting points: with eta = 1, eps_tilde = u / sqrt(1 - u^2) for u = loss / eps0 in (0, 1).
    u = y / eps0
    target = u / np.sqrt(1.0 - u**2)
    starts = [np.array([math.log(fa * target.max()) + al * log_d.min(), al,
                        math.log(fb * target.max()) + be * log_n.min(), be, c0 * target.min()])
              for fa, al, fb, be, c0 in itertools.product((0.3, 1.0), (0.3, 0.6), (0.3, 1.0), (0.3, 0.6),
                                                          (0.0, 0.5, 0.9))]
    lower = [-np.inf, 1e-4, -np.inf, 1e-4, 0.0]
    sol, se, dof = _least_squares(residuals, starts, (lower, np.inf))
    tq = float(stats.t.ppf(0.5 + confidence / 2, dof))
    log_a, alpha, log_b, beta, c_inf = (float(v) for v in sol.x)
    return RosenfeldFit(
        a=math.exp(log_a), alpha=alpha, b=math.exp(log_b), beta=beta, c_inf=c_inf, eta=1.0, eps0=eps0,
        alpha_stderr=float(se[1]), beta_stderr=float(se[3]), c_inf_stderr=float(se[4]),
        alpha_ci=_interval(alpha, se[1], tq), beta_ci=_interval(beta, se[3], tq), c_inf_ci=_interval(c_inf, se[4], tq),
        n_points=n.size, rms_log_residual=math.sqrt(float(sol.fun @ sol.fun) / n.size), confidence=confidence,
    )


@dataclass(frozen=True)
class JointFitComparison:
    """Three joint laws fitted to the same runs.

    ``rms_log_residual`` maps each law's name to its in-sample RMS log residual;
    ``holdout_rms_log_error`` to its RMS log error on the runs of the largest model size when
    fitted without them (NaN if too few runs remain).
    """

    kaplan: KaplanJointFit
    rosenfeld: RosenfeldFit
    chinchilla: ChinchillaFit
    rms_log_residual: dict
    holdout_rms_log_error: dict

    def __repr__(self) -> str:
        rows = ", ".join(f"{k}: {self.rms_log_residual[k]:.3g} (held out {self.holdout_rms_log_error[k]:.3g})"
                         for k in self.rms_log_residual)
        return f"JointFitComparison(rms log residual {rows})"


def _fit_all(n, d, y, eps0):
    return {"kaplan": fit_kaplan_joint(n, d, y), "rosenfeld": fit_rosenfeld(n, d, y, random_guess_loss=eps0),
            "chinchilla": fit_chinchilla(n, d, y)}


def _rms_log_error(fit, n, d, y):
    return math.sqrt(float(np.mean((np.log(fit.predict(n, d)) - np.log(y)) ** 2)))


def compare_joint_fits(n_params, n_tokens, loss, *, random_guess_loss) -> JointFitComparison:
    """Fit Kaplan's, Rosenfeld's and Chinchilla's joint laws to the same runs and compare them.

    Each law is scored by its RMS log residual on all runs, and by its RMS log error on the runs of
    the largest ``n_params`` when fitted to the others (an extrapolation in model size, the use a
    scaling law is put to).  ``random_guess_loss`` is Rosenfeld's :math:`\\epsilon_0`.
    """
    n, d, y = validated_runs(n_params, n_tokens, loss, "n_tokens", 7)
    fits = _fit_all(n, d, y, random_guess_loss)
    in_sample = {k: _rms_log_error(f, n, d, y) for k, f in fits.items()}
    held = n == n.max()
    holdout = dict.fromkeys(fits, math.nan)
    if (~held).sum() >= 7 and np.unique(n[~held]).size >= 2:
        for k, f in _fit_all(n[~held], d[~held], y[~held], random_guess_loss).items():
            holdout[k] = _rms_log_error(f, n[held], d[held], y[held])
    return JointFitComparison(fits["kaplan"], fits["rosenfeld"], fits["chinchilla"], in_sample, holdout)
