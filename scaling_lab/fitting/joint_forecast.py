r"""Forecast the loss of a larger run from a joint law L(N, D) fitted to small runs, with an interval.

:func:`forecast_joint_law` fits one of the three joint laws of ``book/joint_laws.md`` (Kaplan et al. 2020,
eq. 1.5; Hoffmann et al. 2022, eq. 2; Rosenfeld et al. 2020) and predicts the loss at new
``(n_params, n_tokens)``.  The interval is the delta-method interval of nonlinear least squares
(Seber and Wild 1989, §5.1): with :math:`J` the Jacobian of the log-loss at the runs with respect
to the law's parameters :math:`\theta`, :math:`s^2` the residual variance and :math:`g` the gradient
of the log-prediction,

.. math::
    \widehat{\mathrm{Var}}[\log \hat L] = g^\top s^2 (J^\top J)^{-1} g \; (+\, s^2 \text{ for a new run}),
    \qquad \hat L \cdot \exp\bigl(\pm t_{n-p}\,\widehat{\mathrm{se}}\bigr).

It costs one fit, where a bootstrap costs hundreds: on 16 runs a bootstrap of the five-parameter
Chinchilla form is also unstable (resamples drive E to its bound 0).  The interval covers only
the noise of the runs *given the form of the law*: it says nothing about whether the form holds
where you extrapolate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import as_confidence, as_positive_array, as_positive_scalar, broadcast, format_ci
from scaling_lab.fitting.chinchilla import fit_chinchilla
from scaling_lab.fitting.huber_objective import validated_runs
from scaling_lab.fitting.joint import fit_kaplan_joint, fit_rosenfeld
from scaling_lab.laws.joint import chinchilla_loss, rosenfeld_loss
from scaling_lab.laws.kaplan import kaplan_loss_nd

stats = lazy_module("scipy.stats")

__all__ = ["JOINT_LAWS", "JointForecast", "forecast_joint_law"]

#: The laws :func:`forecast_joint_law` knows, and the parameters (in fitting coordinates) of each.
JOINT_LAWS = {
    "kaplan": ("log_n_c", "log_d_c", "alpha_n", "alpha_d"),
    "chinchilla": ("E", "log_A", "log_B", "alpha", "beta"),
    "rosenfeld": ("log_a", "alpha", "log_b", "beta", "c_inf"),
}


@dataclass(frozen=True)
class JointForecast:
    """A joint law fitted to runs and its forecast at new ``(n_params, n_tokens)``.

    ``prediction`` and ``prediction_ci`` (shape (k, 2)) are in the units of the runs' loss;
    ``prediction_log_stderr`` is the standard error of the log-prediction; ``parameter_stderr`` and
    ``parameter_ci`` give the delta-method errors of the law's parameters (in the coordinates of
    :data:`JOINT_LAWS`, e.g. ``alpha_n``); ``residual_log_stderr`` is :math:`s`.
    """

    law: str
    n_params: np.ndarray
    n_tokens: np.ndarray
    prediction: np.ndarray
    prediction_ci: np.ndarray
    prediction_log_stderr: np.ndarray
    parameter_stderr: dict = field(repr=False)
    parameter_ci: dict = field(repr=False)
    fit: object = field(repr=False)
    residual_log_stderr: float = math.nan
    new_run: bool = True
    confidence: float = 0.95
    n_points: int = 0

    def __repr__(self) -> str:
        rows = "; ".join(f"N={n:,.0f}, D={d:,.0f}: {p:.4g} {format_ci(ci)}" for n, d, p, ci in
                         zip(self.n_params, self.n_tokens, self.prediction, self.prediction_ci))
        kind = "new run" if self.new_run else "mean"
        return (f"JointForecast({self.law} law, {100 * self.confidence:g}% intervals for a {kind}: {rows}; "
                f"n_points={self.n_points})")


def _theta(fit, law):
    if law == "kaplan":
        return np.array([math.log(fit.n_c), math.log(fit.d_c), fit.alpha_n, fit.alpha_d])
    if law == "chinchilla":
        return np.array([fit.E, math.log(fit.A), math.log(fit.B), fit.alpha, fit.beta])
    return np.array([math.log(fit.a), fit.alpha, math.log(fit.b), fit.beta, fit.c_inf])


def _log_loss(theta, law, n, d, eps0):
    """The law's log-loss at (n, d) for parameters theta (the laws themselves do the arithmetic)."""
    if law == "kaplan":
        params = SimpleNamespace(n_c=math.exp(theta[0]), d_c=math.exp(theta[1]), alpha_n=theta[2], alpha_d=theta[3])
        return np.log(kaplan_loss_nd(n, d, params=params))
    if law == "chinchilla":
        params = SimpleNamespace(E=theta[0], A=math.exp(theta[1]), B=math.exp(theta[2]), alpha=theta[3],
                                 beta=theta[4])
        return np.log(chinchilla_loss(n, d, params))
    params = SimpleNamespace(a=math.exp(theta[0]), alpha=theta[1], b=math.exp(theta[2]), beta=theta[3],
                             c_inf=theta[4], eps0=eps0, eta=1.0)
    return np.log(rosenfeld_loss(n, d, params=params))


def _jacobian(theta, law, n, d, eps0):
    """d log L / d theta by central differences (forward at a parameter's lower bound of 0)."""
    columns = []
    for j in range(theta.size):
        h = 1e-6 * max(1.0, abs(theta[j]))
        up, down = theta.copy(), theta.copy()
        up[j] += h
        lower_bounded = (law == "chinchilla" and j == 0) or (law == "rosenfeld" and j == 4)
        if lower_bounded and theta[j] - h < 0:
            columns.append((_log_loss(up, law, n, d, eps0) - _log_loss(theta, law, n, d, eps0)) / h)
            continue
        down[j] -= h
        columns.append((_log_loss(up, law, n, d, eps0) - _log_loss(down, law, n, d, eps0)) / (2 * h))
    return np.column_stack(columns)


def forecast_joint_law(n_params, n_tokens, loss, target_n_params, target_n_tokens, *, law="kaplan",
                       random_guess_loss=None, new_run=True, confidence=0.95) -> JointForecast:
    r"""Fit a joint law to runs and forecast the loss at ``(target_n_params, target_n_tokens)`` with an interval.

    Parameters
    ----------
    n_params, n_tokens, loss : array_like
        The runs: model size N, training tokens D and final loss; finite, > 0, same shape; at
        least 7 runs.
    target_n_params, target_n_tokens : array_like
        Where to forecast (> 0, broadcast together).
    law : {"kaplan", "chinchilla", "rosenfeld"}
        Kaplan et al. (2020) eq. 1.5 (:func:`~scaling_lab.fitting.joint.fit_kaplan_joint`);
        Hoffmann et al. (2022) eq. 2 (:func:`~scaling_lab.chinchilla.fit_chinchilla`, a Huber fit, so
        its least-squares covariance is an approximation); Rosenfeld et al. (2020)
        (:func:`~scaling_lab.fitting.joint.fit_rosenfeld`, needs ``random_guess_loss``).
    random_guess_loss : float, optional
        Rosenfeld's :math:`\epsilon_0` (e.g. :math:`\log_2 V` bits for V symbols).
    new_run : bool, optional
        True (default): the interval for the loss of one new run, which adds the runs' residual
        variance :math:`s^2` (seed noise and misfit) to that of the fitted law; False: the interval
        for the law itself.
    confidence : float, optional
        Coverage, default 0.95 (t quantile on :math:`n - p` degrees of freedom).

    Returns
    -------
    JointForecast
    """
    if law not in JOINT_LAWS:
        raise ValueError(f"law must be one of {tuple(JOINT_LAWS)}; got {law!r}")
    n, d, y = validated_runs(n_params, n_tokens, loss, "n_tokens", 7)
    tn = as_positive_array(target_n_params, "target_n_params")
    td = as_positive_array(target_n_tokens, "target_n_tokens")
    tn, td = (np.atleast_1d(a).astype(float).ravel() for a in broadcast(target_n_params=tn, target_n_tokens=td))
    confidence = as_confidence(confidence)
    if not isinstance(new_run, bool):
        raise ValueError(f"new_run must be True or False; got {new_run!r}")
    eps0 = None
    if law == "rosenfeld":
        if random_guess_loss is None:
            raise ValueError("random_guess_loss is required for law='rosenfeld'")
        eps0 = as_positive_scalar(random_guess_loss, "random_guess_loss")
        fit = fit_rosenfeld(n, d, y, random_guess_loss=eps0, confidence=confidence)
    elif law == "kaplan":
        fit = fit_kaplan_joint(n, d, y, confidence=confidence)
    else:
        fit = fit_chinchilla(n, d, y)
    theta = _theta(fit, law)
    residuals = _log_loss(theta, law, n, d, eps0) - np.log(y)
    dof = max(n.size - theta.size, 1)
    s2 = float(residuals @ residuals) / dof
    jac = _jacobian(theta, law, n, d, eps0)
    with np.errstate(all="ignore"):
        cov = np.linalg.pinv(jac.T @ jac) * s2
    grad = _jacobian(theta, law, tn, td, eps0)
    variance = np.einsum("ij,jk,ik->i", grad, cov, grad) + (s2 if new_run else 0.0)
    se = np.sqrt(np.clip(variance, 0.0, None))
    tq = float(stats.t.ppf(0.5 + confidence / 2, dof))
    log_pred = _log_loss(theta, law, tn, td, eps0)
    param_se = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    names = JOINT_LAWS[law]
    return JointForecast(
        law=law, n_params=tn, n_tokens=td, prediction=np.exp(log_pred),
        prediction_ci=np.column_stack([np.exp(log_pred - tq * se), np.exp(log_pred + tq * se)]),
        prediction_log_stderr=se,
        parameter_stderr={k: float(v) for k, v in zip(names, param_se)},
        parameter_ci={k: (float(t - tq * v), float(t + tq * v)) for k, t, v in zip(names, theta, param_se)},
        fit=fit, residual_log_stderr=math.sqrt(s2), new_run=new_run, confidence=confidence, n_points=n.size,
    )
