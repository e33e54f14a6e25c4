r"""The three approaches of Hoffmann et al. (2022) to the compute-optimal model size.

* Approach 1 (§3.1), :func:`fit_training_curve_minima`: the lowest loss reached at each FLOP count
  over all training curves, then power laws :math:`N_{opt} \propto C^a`, :math:`D_{opt} \propto C^b`.
* Approach 2 (§3.2), :func:`fit_isoflops`: a parabola in :math:`\log N` through each IsoFLOP
  profile, its minimum, then the same power laws.
* Approach 3 (§3.3, Appendix D.2), :func:`fit_chinchilla`: the parametric loss
  :math:`L = E + A/N^\alpha + B/D^\beta` fitted with a Huber loss on log-loss residuals, from
  Hoffmann's grid of 4,500 starting points (``mode="reference"``) or from a few well-chosen ones
  that reach the same optimum far faster (``mode="fast"``).

Throughout, :math:`C = 6ND` FLOPs (Kaplan et al. 2020, §2.1).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize

from scaling_lab._validate import as_int, as_positive_array, at_least, same_shape
from scaling_lab.allocation import compute_optimal
from scaling_lab.fitting import PowerLawFit, fit_power_law
from scaling_lab.laws import chinchilla_loss

__all__ = [
    "HUBER_DELTA", "HOFFMANN_INIT_GRID", "ChinchillaFit", "ComputeOptima", "ComputeOptimalFit",
    "fit_chinchilla", "fit_isoflops", "fit_training_curve_minima",
]

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

# The objective is small (about 1e-3 for 240 runs with 1% noise) and scipy's `ftol` test is
# relative to max(|f|, 1), i.e. absolute here: its default 2.2e-9 stops each run at only ~1e-6
# relative precision, too loose to rank the runs' end points reliably. Both modes use these same,
# tighter settings (with scipy's defaults the reference took 7 s instead of 18 s on the benchmark,
# but on one test dataset of 12 its winner stopped too early for the polish to finish the job).
_LBFGS_OPTIONS = {"ftol": 1e-13, "gtol": 1e-10, "maxiter": 10_000, "maxcor": 20}
_N_GRID_STARTS = 8  # fast mode: best Hoffmann grid points by initial objective
_N_PROFILE_STARTS = 8  # fast mode: best points of the (alpha, beta) profile search
_BUDGET_RTOL = 1e-3  # IsoFLOP runs whose compute differs by < 0.1% share a budget


# --------------------------------------------------------------------------- validation
def _validated_runs(n_params, second, loss, second_name, min_points):
    n = as_positive_array(n_params, "n_params")
    d = as_positive_array(second, second_name)
    y = as_positive_array(loss, "loss")
    same_shape(n_params=n, **{second_name: d}, loss=y)
    at_least(n, "n_params", min_points)
    return n.ravel(), d.ravel(), y.ravel()


# --------------------------------------------------------------------------- Approach 3
@dataclass(frozen=True)
class ChinchillaFit:
    r"""Fitted parametric loss :math:`L(N, D) = E + A/N^\alpha + B/D^\beta` (Hoffmann et al. 2022, eq. 2).

    Works anywhere a parameter object is expected, e.g. ``chinchilla_loss(n, d, fit)`` or
    ``compute_optimal(c, fit)``. ``objective`` is the minimised sum of Huber losses (eq. 11),
    ``n_starts`` the number of L-BFGS-B local fits run (4,500 in ``mode="reference"``).
    """

    E: float
    A: float
    B: float
    alpha: float
    beta: float
    objective: float
    n_points: int
    mode: str
    n_starts: int

    @property
    def a(self) -> float:
        r"""Compute-optimal size exponent, :math:`N_{opt} \propto C^a`, :math:`a = \beta/(\alpha+\beta)` (eq. 4)."""
        return self.beta / (self.alpha + self.beta)

    @property
    def b(self) -> float:
        r"""Compute-optimal data exponent, :math:`D_{opt} \propto C^b`, :math:`b = \alpha/(\alpha+\beta)` (eq. 4)."""
        return self.alpha / (self.alpha + self.beta)

    def predict(self, n_params, n_tokens):
        """Loss predicted for models of ``n_params`` trained on ``n_tokens`` (broadcast)."""
        return chinchilla_loss(n_params, n_tokens, self)

    def compute_optimal(self, compute_flops):
        """Loss-minimising ``(n_opt, d_opt)`` for a FLOP budget under this fit (eq. 4)."""
        return compute_optimal(compute_flops, self)

    def as_dict(self) -> dict[str, float]:
        """Named numbers of the fit (used by :func:`scaling_lab.fitting.bootstrap`)."""
        return {"E": self.E, "A": self.A, "B": self.B, "alpha": self.alpha, "beta": self.beta,
                "a": self.a, "b": self.b}

    def __repr__(self) -> str:
        return (
            f"ChinchillaFit(E={self.E:.4g}, A={self.A:.4g}, B={self.B:.4g}, alpha={self.alpha:.4f}, "
            f"beta={self.beta:.4f}; a={self.a:.4f}, b={self.b:.4f}; objective={self.objective:.6g}, "
            f"n_points={self.n_points}, mode={self.mode!r}, n_starts={self.n_starts})"
        )


def _huber_objective(theta, log_n, log_d, log_loss):
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


def _huber_hessian(theta, log_n, log_d, log_loss):
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


def _huber_objective_batch(thetas, log_n, log_d, log_loss, chunk=500):
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


def _hoffmann_grid() -> np.ndarray:
    g = HOFFMANN_INIT_GRID
    return np.array(list(itertools.product(g["a"], g["b"], g["e"], g["alpha"], g["beta"])), dtype=float)


def _profile_starts(log_n, log_d, loss, n_keep):
    r"""Starting points from a profile search over (alpha, beta).

    For fixed exponents the law is linear in (E, A, B); a least-squares fit of the relative error
    gives them in closed form. Fits with a non-positive coefficient are discarded. The survivors
    are scored with the Huber objective and the ``n_keep`` best returned as (a, b, e, alpha, beta).
    """
    exps = np.linspace(0.05, 1.5, 30)
    alphas, betas = (v.ravel() for v in np.meshgrid(exps, exps, indexing="ij"))
    w = 1.0 / loss
    # Design rows [1, N^-alpha, D^-beta] / L for every (alpha, beta): shape (k, n, 3).
    x = np.stack(
        [np.broadcast_to(w, (alphas.size, w.size)),
         np.exp(-alphas[:, None] * log_n) * w,
         np.exp(-betas[:, None] * log_d) * w],
        axis=2,
    )
    xtx = np.einsum("kni,knj->kij", x, x)
    xty = np.einsum("kni,n->ki", x, loss * w)
    with np.errstate(all="ignore"):
        coef = np.linalg.solve(xtx + 1e-12 * np.eye(3), xty[..., None])[..., 0]
    ok = np.all(coef > 0, axis=1) & np.all(np.isfinite(coef), axis=1)
    if not ok.any():
        return np.empty((0, 5))
    coef, alphas, betas = coef[ok], alphas[ok], betas[ok]
    thetas = np.column_stack([np.log(coef[:, 1]), np.log(coef[:, 2]), np.log(coef[:, 0]), alphas, betas])
    scores = _huber_objective_batch(thetas, log_n, log_d, np.log(loss))
    return thetas[np.argsort(scores)[:n_keep]]


def _local_minimise(theta0, args):
    return optimize.minimize(
        _huber_objective, theta0, args=args, jac=True, method="L-BFGS-B", options=_LBFGS_OPTIONS
    )


def _newton_polish(result, args):
    """Newton's method (trust region, exact Hessian) from the search's winner; never makes it worse."""
    try:
        with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
            polished = optimize.minimize(_huber_objective, result.x, args=args, jac=True, hess=_huber_hessian,
                                         method="trust-exact", options={"gtol": 1e-12, "maxiter": 200})
    except (ValueError, np.linalg.LinAlgError):  # pragma: no cover - defensive
        return result
    return polished if np.isfinite(polished.fun) and polished.fun <= result.fun else result


def fit_chinchilla(n_params, n_tokens, loss, *, mode="fast") -> ChinchillaFit:
    r"""Fit the Chinchilla parametric loss (Hoffmann et al. 2022, Approach 3, §3.3 and Appendix D.2).

    .. math::

        \min_{a, b, e, \alpha, \beta} \sum_i \mathrm{Huber}_\delta\Bigl(
            \mathrm{LSE}\bigl(a - \alpha \log N_i,\ b - \beta \log D_i,\ e\bigr) - \log L_i\Bigr),
        \qquad \delta = 10^{-3}

    (eq. 3 and eq. 11), with :math:`A = e^a`, :math:`B = e^b`, :math:`E = e^e`, so that
    :math:`\mathrm{LSE}(\cdot) = \log(E + A N^{-\alpha} + B D^{-\beta})`. Each local fit is
    :func:`scipy.optimize.minimize` with L-BFGS-B and the exact gradient.

    ``mode="reference"`` runs Hoffmann's procedure: a local fit from each of the 4,500 points of
    :data:`HOFFMANN_INIT_GRID`, keeping the best. ``mode="fast"`` (default) reaches the same
    optimum from far fewer starts: it scores all 4,500 grid points with one vectorised evaluation
    of the objective and keeps the 8 best; adds the 8 best points of a profile search over
    :math:`(\alpha, \beta)` (for fixed exponents, E, A, B follow from linear least squares); runs
    a local fit from each of these 16 starts and keeps the best.

    Both modes use the same (tight) L-BFGS-B settings and end with the same polish: Newton's method
    (``trust-exact``) with the exact Hessian, started from the winner. L-BFGS-B tends to stall
    along the flat valleys of this nearly-L1 objective (e.g. when E and A N^-alpha are almost
    collinear), stopping where the objective has converged to 1e-9 but the parameters only to
    about 1%; the Newton step removes that dependence on where the search happened to stop.

    If the data do not determine every parameter, e.g. an exponent runs to 0 so that
    :math:`B D^{-\beta} \approx B` trades off against E, the optimum is a flat ridge: the objective
    is still found (to about 1e-7 relative) but E, A, B are not identified and can differ between
    modes, or come out as ``inf``. Check ``alpha`` and ``beta`` before reading E, A, B.

    ``tests/benchmarks/bench_chinchilla.py`` times the two modes side by side: on 240 synthetic runs
    the fast mode took about 0.1 s against about 16-18 s for the reference (about 165 times less)
    and reached the same objective to 1e-15 relative (measured on a shared 2-core machine).

    Parameters
    ----------
    n_params, n_tokens, loss : array_like
        Model size N, training tokens D and final loss L of each run: finite, > 0, same shape,
        at least 6 runs.
    mode : {"fast", "reference"}

    Returns
    -------
    ChinchillaFit
        ``E, A, B, alpha, beta``, ``objective`` (the minimised sum of Huber losses), ``n_points``,
        ``mode``, ``n_starts``; properties ``a``, ``b``; ``predict(n_params, n_tokens)``.
    """
    if mode not in ("fast", "reference"):
        raise ValueError(f"mode must be 'fast' or 'reference'; got {mode!r}")
    n, d, y = _validated_runs(n_params, n_tokens, loss, "n_tokens", 6)
    log_n, log_d, log_loss = np.log(n), np.log(d), np.log(y)
    args = (log_n, log_d, log_loss)
    grid = _hoffmann_grid()
    if mode == "reference":
        starts = grid
    else:
        scores = _huber_objective_batch(grid, *args)
        best_grid = grid[np.argsort(scores)[:_N_GRID_STARTS]]
        starts = np.vstack([best_grid, _profile_starts(log_n, log_d, y, _N_PROFILE_STARTS)])
    best = None
    for theta0 in starts:
        res = _local_minimise(theta0, args)
        if np.isfinite(res.fun) and (best is None or res.fun < best.fun):
            best = res
    n_starts = len(starts)
    best = _newton_polish(best, args)
    a, b, e, alpha, beta = (float(v) for v in best.x)
    with np.errstate(over="ignore"):  # a degenerate fit can run off to A or B = inf; report that
        big_e, big_a, big_b = (float(v) for v in np.exp([e, a, b]))
    return ChinchillaFit(
        E=big_e, A=big_a, B=big_b, alpha=alpha, beta=beta,
        objective=float(best.fun), n_points=int(n.size), mode=mode, n_starts=n_starts,
    )


# --------------------------------------------------------------------------- Approaches 1 and 2
@dataclass(frozen=True)
class ComputeOptima:
    """Per-budget optima behind an Approach 1 or 2 fit (for plotting): one entry per FLOP budget."""

    compute_flops: np.ndarray
    n_params: np.ndarray
    n_tokens: np.ndarray
    loss: np.ndarray

    def __len__(self) -> int:
        return int(self.compute_flops.size)

    def __repr__(self) -> str:
        return (f"ComputeOptima({len(self)} budgets, compute {self.compute_flops.min():.3g}-"
                f"{self.compute_flops.max():.3g} FLOPs)")


@dataclass(frozen=True)
class ComputeOptimalFit:
    r"""Power laws :math:`N_{opt} = k_N C^{a}` and :math:`D_{opt} = k_D C^{b}` fitted to per-budget optima."""

    method: str
    n_opt_fit: PowerLawFit
    d_opt_fit: PowerLawFit
    minima: ComputeOptima = field(repr=False)
    n_dropped: int = 0

    @property
    def a(self) -> float:
        r"""Exponent of :math:`N_{opt} \propto C^a`."""
        return self.n_opt_fit.exponent

    @property
    def b(self) -> float:
        r"""Exponent of :math:`D_{opt} \propto C^b` (equal to 1 - a, since D = C / 6N)."""
        return self.d_opt_fit.exponent

    def n_opt(self, compute_flops):
        """Compute-optimal model size for a FLOP budget, from the fitted power law."""
        return self.n_opt_fit.predict(compute_flops)

    def d_opt(self, compute_flops):
        """Compute-optimal number of training tokens for a FLOP budget."""
        return self.d_opt_fit.predict(compute_flops)

    def as_dict(self) -> dict[str, float]:
        return {"a": self.a, "b": self.b}

    def __repr__(self) -> str:
        ci_a = self.n_opt_fit.exponent_ci
        return (f"ComputeOptimalFit(method={self.method!r}, a={self.a:.4f} (CI {ci_a[0]:.4f}, {ci_a[1]:.4f}), "
                f"b={self.b:.4f}, n_budgets={len(self.minima)}, n_dropped={self.n_dropped})")


def _fit_optima(method, compute, n_opt, loss, n_dropped) -> ComputeOptimalFit:
    d_opt = compute / (6.0 * n_opt)
    minima = ComputeOptima(compute, n_opt, d_opt, loss)
    return ComputeOptimalFit(method, fit_power_law(compute, n_opt), fit_power_law(compute, d_opt), minima, n_dropped)


def _group_budgets(compute):
    """Integer label per run; runs whose compute agrees within _BUDGET_RTOL share a label."""
    order = np.argsort(compute)
    log_c = np.log(compute[order])
    new_group = np.concatenate([[True], np.diff(log_c) > _BUDGET_RTOL])
    labels = np.empty(compute.size, dtype=int)
    labels[order] = np.cumsum(new_group) - 1
    return labels


def fit_isoflops(n_params, compute, loss) -> ComputeOptimalFit:
    r"""Approach 2 of Hoffmann et al. (2022, §3.2): minima of IsoFLOP profiles.

    Runs are grouped by FLOP budget (computes equal within 0.1%). Within each budget a parabola

    .. math:: L \approx c_0 + c_1 \log N + c_2 (\log N)^2, \qquad
              N^*(C) = \exp\bigl(-c_1 / (2 c_2)\bigr)

    is fitted by least squares; budgets with fewer than 3 distinct sizes or a non-convex parabola
    (:math:`c_2 \le 0`) are dropped. Then :math:`N_{opt} = k_N C^a` and :math:`D_{opt} = k_D C^b`
    with :math:`D_{opt} = C / (6 N_{opt})` are fitted by :func:`scaling_lab.fitting.fit_power_law`.
    Hoffmann et al. report a = 0.49, b = 0.51 (Table 2).

    Parameters
    ----------
    n_params, compute, loss : array_like
        Model size, training FLOPs and final loss of each run; finite, > 0, same shape.
        At least 3 usable budgets are needed.

    Returns
    -------
    ComputeOptimalFit
        ``a``, ``b``, ``n_opt(compute)``, ``d_opt(compute)``, ``n_opt_fit``, ``d_opt_fit`` and
        ``minima`` (per budget: compute, N*, D*, fitted minimum loss).
    """
    n, c, y = _validated_runs(n_params, compute, loss, "compute", 9)
    labels = _group_budgets(c)
    budgets, n_star, l_star, dropped = [], [], [], 0
    for g in range(labels.max() + 1):
        sel = labels == g
        x = np.log(n[sel])
        if np.unique(x).size < 3:
            dropped += 1
            continue
        x0 = x.mean()
        c2, c1, c0 = np.polyfit(x - x0, y[sel], 2)
        if not c2 > 0:
            dropped += 1
            continue
        x_star = -c1 / (2.0 * c2)
        budgets.append(float(np.exp(np.mean(np.log(c[sel])))))
        n_star.append(float(np.exp(x0 + x_star)))
        l_star.append(float(c0 - c1 * c1 / (4.0 * c2)))
    if len(budgets) < 3:
        raise ValueError(f"compute needs at least 3 budgets with a convex IsoFLOP profile; found {len(budgets)}")
    return _fit_optima("isoflop", np.array(budgets), np.array(n_star), np.array(l_star), dropped)


def fit_training_curve_minima(n_params, compute, loss, *, n_budgets=1500) -> ComputeOptimalFit:
    r"""Approach 1 of Hoffmann et al. (2022, §3.1): the minimum over training curves.

    Each distinct ``n_params`` is one training curve, given as checkpoints (FLOPs so far, loss).
    Each curve is interpolated linearly in :math:`(\log C, \log L)` within its own range. At each of
    ``n_budgets`` log-spaced FLOP values (Hoffmann et al. use 1,500) the envelope picks the model
    with the lowest interpolated loss among the curves that reach that FLOP count:

    .. math:: N_{opt}(C) = \arg\min_{N} L_N(C), \qquad D_{opt}(C) = C / (6 N_{opt}(C))

    FLOP values where the winner is the smallest or largest of the models that reach that FLOP
    count are dropped: there the true optimum may lie outside the sizes available. Power laws :math:`N_{opt} \propto C^a`,
    :math:`D_{opt} \propto C^b` are then fitted by :func:`scaling_lab.fitting.fit_power_law`. The
    envelope is a staircase of correlated points, so the intervals of ``n_opt_fit`` understate the
    uncertainty; use :func:`scaling_lab.fitting.bootstrap` for honest intervals. Hoffmann et al.
    report a = 0.50, b = 0.50 (Table 2).

    Noise between curves biases ``a`` low: a curve that happens to sit low wins a stretch of FLOP
    values around its own optimum, and that stretch reaches further towards larger budgets (where
    IsoFLOP curves are flatter relative to the loss) than towards smaller ones. On
    :func:`scaling_lab.synthetic.training_curve_runs` data, 0.1% per-curve noise lowers ``a`` by
    about 0.01 and 0.5% by about 0.05 (measured).

    Parameters
    ----------
    n_params, compute, loss : array_like
        One row per checkpoint: model size, FLOPs spent so far, loss. Finite, > 0, same shape;
        at least 3 model sizes with 2 or more checkpoints each.
    n_budgets : int, optional
        Number of log-spaced FLOP values for the envelope (>= 10). Default 1500.

    Returns
    -------
    ComputeOptimalFit
        As :func:`fit_isoflops`; ``minima`` holds the envelope (one row per FLOP value kept).
    """
    n, c, y = _validated_runs(n_params, compute, loss, "compute", 6)
    n_budgets = as_int(n_budgets, "n_budgets", minimum=10)
    sizes = np.unique(n)
    curves = []
    for size in sizes:
        sel = n == size
        order = np.argsort(c[sel])
        log_c, log_l = np.log(c[sel][order]), np.log(y[sel][order])
        if np.unique(log_c).size >= 2:
            curves.append((size, log_c, log_l))
    if len(curves) < 3:
        raise ValueError(f"n_params needs at least 3 model sizes with 2 or more checkpoints; found {len(curves)}")
    grid = np.linspace(min(cv[1][0] for cv in curves), max(cv[1][-1] for cv in curves), n_budgets)
    table = np.full((len(curves), n_budgets), np.inf)
    for i, (_, log_c, log_l) in enumerate(curves):
        inside = (grid >= log_c[0]) & (grid <= log_c[-1])
        table[i, inside] = np.interp(grid[inside], log_c, log_l)
    winner = np.argmin(table, axis=0)
    covered = np.isfinite(table)
    first = np.argmax(covered, axis=0)
    last = len(curves) - 1 - np.argmax(covered[::-1], axis=0)
    keep = (winner > first) & (winner < last)
    if np.unique(winner[keep]).size < 2:
        raise ValueError("compute: the envelope is won by fewer than 2 interior model sizes; "
                         "add larger and smaller models or longer curves")
    win_sizes = np.array([cv[0] for cv in curves])[winner[keep]]
    return _fit_optima("training-curve minima", np.exp(grid[keep]), win_sizes,
                       np.exp(table.min(axis=0)[keep]), int((~keep).sum()))
