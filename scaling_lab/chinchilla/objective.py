r"""The objective of Hoffmann et al.'s (2022) Approach 3, with its exact gradient and Hessian.

.. math::

    f(\theta) = \sum_i \mathrm{Huber}_\delta\Bigl(
        \mathrm{LSE}\bigl(a - \alpha \log N_i,\ b - \beta \log D_i,\ e\bigr) - \log L_i\Bigr),
    \qquad \theta = (a, b, e, \alpha, \beta),\ \delta = 10^{-3}

(eq. 3 and eq. 11), with :math:`A = e^a`, :math:`B = e^b`, :math:`E = e^e`.  The fitters in
:mod:`scaling_lab.chinchilla.approach3` and the bootstrap minimise it; nothing else defines it.
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


def huber_objective(theta, log_n, log_d, log_loss):
    """Sum of Huber losses of log-loss residuals and its exact gradient in (a, b, e, alpha, beta)."""
    a, b, e, alpha, beta = theta.tolist()
    t_n = a - alpha * log_n
    t_d = b - beta * log_d
    top = np.maximum(t_n, t_d)
    np.maximum(top, e, out=top)
    x_n, x_d, x_e = np.exp(t_n - top), np.exp(t_d - top), np.exp(e - top)
    total = x_n + x_d + x_e
    r = top + np.log(total) - log_loss
    # With c = clip(r, -delta, delta), Huber_delta(r) = c (r - c/2) and Huber'(r) = c.
    c = np.clip(r, -HUBER_DELTA, HUBER_DELTA)
    f = float(c @ (r - 0.5 * c))
    weight = c / total  # Huber'(r) times the softmax denominators of d LSE / d t
    g_n, g_d = weight * x_n, weight * x_d
    grad = np.array([g_n.sum(), g_d.sum(), float(weight @ x_e), -float(g_n @ log_n), -float(g_d @ log_d)])
    return f, grad


def huber_hessian(theta, log_n, log_d, log_loss):
    r"""Exact Hessian of the objective (away from the measure-zero set :math:`|r_i| = \delta`).

    With :math:`u_{ij} = \partial t_{ij}/\partial\theta` for the three LSE arguments, softmax weights
    :math:`p_{ij}` and :math:`g_i = \sum_j p_{ij} u_{ij} = \nabla r_i`:
    :math:`H = \sum_i h''(r_i) g_i g_i^\top + h'(r_i)\bigl(\sum_j p_{ij} u_{ij} u_{ij}^\top - g_i g_i^\top\bigr)`.
    """
    a, b, e, alpha, beta = theta.tolist()
    t = np.stack([a - alpha * log_n, b - beta * log_d, np.full(log_n.shape, e)], axis=1)
    x = np.exp(t - t.max(axis=1, keepdims=True))
    p = x / x.sum(axis=1, keepdims=True)
    r = np.log(x.sum(axis=1)) + t.max(axis=1) - log_loss
    u = np.zeros((log_n.size, 3, 5))
    u[:, 0, 0], u[:, 0, 3], u[:, 1, 1], u[:, 1, 4], u[:, 2, 2] = 1.0, -log_n, 1.0, -log_d, 1.0
    g = np.einsum("nj,njk->nk", p, u)
    slope = np.clip(r, -HUBER_DELTA, HUBER_DELTA)
    curvature = (np.abs(r) <= HUBER_DELTA).astype(float)
    return (np.einsum("n,nk,nl->kl", curvature - slope, g, g)
            + np.einsum("n,nj,njk,njl->kl", slope, p, u, u))


def huber_objective_batch(thetas, log_n, log_d, log_loss, chunk=500):
    """The objective (no gradient) at many parameter vectors at once; shape (n_thetas,)."""
    out = np.empty(len(thetas))
    for start in range(0, len(thetas), chunk):
        th = thetas[start:start + chunk, :, None]
        t_n = th[:, 0] - th[:, 3] * log_n
        t_d = th[:, 1] - th[:, 4] * log_d
        top = np.maximum(np.maximum(t_n, t_d), th[:, 2])
        r = top + np.log(np.exp(t_n - top) + np.exp(t_d - top) + np.exp(th[:, 2] - top)) - log_loss
        c = np.clip(r, -HUBER_DELTA, HUBER_DELTA)
        out[start:start + chunk] = np.sum(c * (r - 0.5 * c), axis=1)
    return out


def hoffmann_grid() -> np.ndarray:
    g = HOFFMANN_INIT_GRID
    return np.array(list(itertools.product(g["a"], g["b"], g["e"], g["alpha"], g["beta"])), dtype=float)
