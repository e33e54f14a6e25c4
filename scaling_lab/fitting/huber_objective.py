r"""The objective of Hoffmann et al.'s (2022) Approach 3, with its exact gradient and Hessian.

.. math::

    f(\theta) = \sum_i \mathrm{Huber}_\delta\Bigl(
        \mathrm{LSE}\bigl(a - \alpha \log N_i,\ b - \beta \log D_i,\ e\bigr) - \log L_i\Bigr),
    \qquad \theta = (a, b, e, \alpha, \beta),\ \delta = 10^{-3}

(eq. 3 and eq. 11), with :math:`A = e^a`, :math:`B = e^b`, :math:`E = e^e`.  The fitters in
:mod:`scaling_lab.fitting.chinchilla` and the bootstrap minimise it; nothing else defines it.
"""

from __future__ import annotations

import itertools

import numpy as np

from scaling_lab._validate import as_positive_array, at_least, same_shape

__all__ = ["HUBER_DELTA", "HOFFMANN_INIT_GRID"]

#: Huber threshold on log-loss residuals (Hoffmann et al. 2022, §3.3: delta = 1e-3).
HUBER_DELTA = 1e-3

#: Starting grid of Hoffmann et al. (2022), Appendix D.2: 6 x 6 x 5 x 5 x 5 = 4,500 points.
HOFFMANN_INIT_GRID = {
    "a": (0.0, 5.0, 10.0, 15.0, 20.0, 25.0),
    "b": (0.0, 5.0, 10.0, 15.0, 20.0, 25.0),
    "e": (-1.0, -0.5, 0.0, 0.5, 1.0),
    "alpha": (0.0, 0.5, 1.0, 1.5, 2.0),
    "beta": (0.0, 0.5, 1.0, 1.5, 2.0),
}


def validated_runs(n_params, second, loss, second_name, min_points):
    n = as_positive_array(n_params, "n_params")
    d = as_positive_array(second, second_name)
    y = as_positive_array(loss, "loss")
    same_shape(n_params=n, **{second_name: d}, loss=y)
    at_least(n, "n_params", min_points)
    return n.ravel(), d.ravel(), y.ravel()


def weighted_huber(thetas, log_n, log_d, log_loss, weights=None, *, order=2):
    r"""Weighted Huber objectives of K parameter vectors, with exact gradients and Hessians: the one formula.

    .. math::

        f_k = \sum_i w_{ki}\, h(r_{ki}), \qquad
        r_{ki} = \mathrm{LSE}(t_{ki1}, t_{ki2}, t_{ki3}) - \log L_i, \qquad
        (t_{ki1}, t_{ki2}, t_{ki3}) = (a_k - \alpha_k \log N_i,\ b_k - \beta_k \log D_i,\ e_k)

    with :math:`h = \mathrm{Huber}_\delta`. With softmax weights :math:`p_{kij}` of the three LSE
    arguments and :math:`u_{ij} = \partial t_{ij}/\partial\theta`,
    :math:`\nabla r_{ki} = \sum_j p_{kij} u_{ij} = (p_{ki1}, p_{ki2}, p_{ki3}, -p_{ki1}\log N_i, -p_{ki2}\log D_i)`,
    :math:`\nabla f_k = \sum_i w_{ki} h'(r_{ki}) \nabla r_{ki}` and

    .. math:: \nabla^2 f_k = \sum_i w_{ki}\Bigl[h''(r_{ki}) \nabla r_{ki} \nabla r_{ki}^\top
              + h'(r_{ki})\Bigl(\sum_j p_{kij} u_{ij} u_{ij}^\top - \nabla r_{ki} \nabla r_{ki}^\top\Bigr)\Bigr]

    (exact away from the measure-zero set :math:`|r| = \delta`). Row k of ``weights`` (shape
    ``(K, n_runs)``; default all ones) weights the runs for ``thetas[k]``: a bootstrap resample is
    the data with integer weights. Inputs are trusted (callers validate).

    Parameters
    ----------
    thetas : ndarray, shape (K, 5) or (5,)
        Rows :math:`(a, b, e, \alpha, \beta)`; a single row gives results without the K axis.
    log_n, log_d, log_loss : ndarray, shape (n_runs,)
    weights : ndarray, shape (K, n_runs), optional
    order : {0, 1, 2}
        Return ``f``; ``(f, grad)``; or ``(f, grad, hess)`` with shapes (K,), (K, 5), (K, 5, 5).
    """
    if thetas.ndim == 1:  # one parameter vector: plain floats broadcast fastest (L-BFGS calls this often)
        a, b, e, alpha, beta = thetas.tolist()
    else:
        a, b, e, alpha, beta = (thetas[:, j:j + 1] for j in range(5))
    t_n = a - alpha * log_n
    t_d = b - beta * log_d
    top = np.maximum(np.maximum(t_n, t_d), e)
    if order == 0:  # the objective alone, without keeping the intermediate arrays
        r = top + np.log(np.exp(t_n - top) + np.exp(t_d - top) + np.exp(e - top)) - log_loss
        slope = np.clip(r, -HUBER_DELTA, HUBER_DELTA)
        per_run = slope * (r - 0.5 * slope)
        return per_run.sum(axis=-1) if weights is None else np.einsum("ki,ki->k", weights, per_run)
    x_n, x_d, x_e = np.exp(t_n - top), np.exp(t_d - top), np.exp(e - top)
    total = x_n + x_d + x_e
    r = top + np.log(total) - log_loss
    slope = np.clip(r, -HUBER_DELTA, HUBER_DELTA)  # h'(r); h(r) = slope (r - slope/2)
    w_h = slope if weights is None else weights * slope  # w h'(r)
    f = _row_dot(w_h, r - 0.5 * slope)
    w_slope = w_h / total  # w h'(r) over the softmax denominator: g_j = w h'(r) p_j = w_slope x_j
    g_n, g_d = w_slope * x_n, w_slope * x_d
    g_e = _row_dot(w_slope, x_e)
    parts = [g_n.sum(axis=-1), g_d.sum(axis=-1), g_e, -(g_n @ log_n), -(g_d @ log_d)]
    grad = np.array(parts) if thetas.ndim == 1 else np.stack(parts, axis=-1)
    if order == 1:
        return f, grad
    p_n, p_d, p_e = x_n / total, x_d / total, x_e / total
    grad_r = np.stack([p_n, p_d, p_e, -p_n * log_n, -p_d * log_d], axis=-1)  # (K,) n, 5
    outer = (np.abs(r) <= HUBER_DELTA) - slope  # h'' grad_r grad_r^T, and the -h' part of LSE''
    if weights is not None:
        outer = weights * outer
    hess = np.swapaxes(grad_r * outer[..., None], -1, -2) @ grad_r
    # The sum_j p_j u_j u_j^T part of LSE'': u_1 = (1, 0, 0, -log N, 0), u_2 = (0, 1, 0, 0, -log D), u_3 = e_3.
    s_n = g_n @ np.stack([np.ones_like(log_n), log_n, log_n**2], axis=1)
    s_d = g_d @ np.stack([np.ones_like(log_d), log_d, log_d**2], axis=1)
    hess[..., 0, 0] += s_n[..., 0]
    hess[..., 0, 3] -= s_n[..., 1]
    hess[..., 3, 0] -= s_n[..., 1]
    hess[..., 3, 3] += s_n[..., 2]
    hess[..., 1, 1] += s_d[..., 0]
    hess[..., 1, 4] -= s_d[..., 1]
    hess[..., 4, 1] -= s_d[..., 1]
    hess[..., 4, 4] += s_d[..., 2]
    hess[..., 2, 2] += g_e
    return f, grad, hess


def _row_dot(x, y):
    """Sum over runs of x * y, per parameter vector (a dot product for one vector)."""
    return x @ y if x.ndim == 1 else np.einsum("ki,ki->k", x, y)


def huber_objective(theta, log_n, log_d, log_loss):
    """Sum of Huber losses of log-loss residuals and its exact gradient in (a, b, e, alpha, beta)."""
    f, grad = weighted_huber(np.asarray(theta, dtype=float), log_n, log_d, log_loss, order=1)
    return float(f), grad


def huber_hessian(theta, log_n, log_d, log_loss):
    """Exact Hessian of :func:`huber_objective` (:func:`weighted_huber` with unit weights)."""
    return weighted_huber(np.asarray(theta, dtype=float), log_n, log_d, log_loss)[2]


def huber_objective_batch(thetas, log_n, log_d, log_loss, chunk=500):
    """The objective (no gradient) at many parameter vectors at once; shape (n_thetas,)."""
    thetas = np.asarray(thetas, dtype=float)
    return np.concatenate([weighted_huber(thetas[start:start + chunk], log_n, log_d, log_loss, order=0)
                           for start in range(0, len(thetas), chunk)] or [np.empty(0)])


def hoffmann_grid() -> np.ndarray:
    g = HOFFMANN_INIT_GRID
    return np.array(list(itertools.product(g["a"], g["b"], g["e"], g["alpha"], g["beta"])), dtype=float)
