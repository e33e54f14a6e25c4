r"""Observational scaling laws (Ruan, Maddison and Hashimoto 2024): benchmarks, capabilities, compute.

Ruan, Maddison and Hashimoto (2024), "Observational Scaling Laws and the Predictability of Language
Model Performance" (NeurIPS 2024; arXiv:2405.10938), build a scaling law from public models of many
families instead of training a ladder of models.  Three pieces, each here as its authors' code
(github.com/ryoungj/ObsScaling, ``utils/data.py``) computes it:

1. **Capabilities.**  Missing scores are filled by PCA imputation (``pca_impute``: standardise each
   benchmark, start from the column means, then repeatedly replace the missing entries by a rank-1 PCA
   reconstruction; clip to [0, 1]).  The capability vector :math:`S_m` of model :math:`m` is its first
   :math:`K` principal components of the *centred, unscaled* scores (``perform_pca`` with
   ``standardize=False``; :math:`K = 3` is their default ``PC_METRIC_NUM_3``).
2. **Compute efficiency.**  Within a family, capabilities are linear in log-compute,
   :math:`S_m \approx \theta \log_{10} C_m + \nu_{f(m)}`, with the slope :math:`\theta \in \mathbb{R}^K`
   shared and an intercept :math:`\nu_f` per family: families "only vary in their efficiency in converting
   training compute to capabilities" (the paper's abstract).  Fitted here by least squares.
3. **Link.**  Each benchmark is a sigmoid of a linear function of the capabilities, with a floor
   :math:`b_j \in [0, 0.2]` and the ceiling fixed at 1 (their ``sigmoid-parametric`` link with
   ``sigmoid_param_fix_height=True`` and ``sigmoid_param_range_width=0.2``):
   :math:`y_j = b_j + (1 - b_j)\,\sigma(w_j^\top S + c_j)`.

:func:`fit_observational_scaling` fits all three and returns an :class:`ObservationalFit` whose
``predict(compute_flops, family)`` chains compute -> capabilities -> scores.  That chain is our extension:
the authors use the family intercepts to place models on one compute axis (their "Llama-2-equivalent
FLOPs") but forecast a new task from the capabilities of models whose benchmark scores are known.

:func:`fit_observational_forecast` is that forecast, as their ``plot_scaling_predictions`` makes it: split
the models at a compute cutoff, fit the imputation and the principal components on the models below it
only, fit a sigmoid of the capabilities to a task's accuracy (rescaled so that chance is 0), and
forecast the models above the cutoff from their benchmark scores; or, as their baseline, the same sigmoid
of log-compute.  Its mean squared errors are comparable with the ``MSE_test`` their notebooks print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import as_int, as_positive_array

optimize = lazy_module("scipy.optimize")

__all__ = ["ObservationalFit", "SigmoidLinkFit", "fit_sigmoid_link", "fit_observational_scaling",
           "ObservationalForecast", "fit_observational_forecast"]

#: Upper bound of the fitted floor of the sigmoid link (the repository's ``sigmoid_param_range_width``).
_FLOOR_MAX = 0.2


@dataclass(frozen=True)
class SigmoidLinkFit:
    r"""One benchmark as a sigmoid of the capabilities: :math:`y = b + (1-b)\,\sigma(w^\top S + c)`.

    ``weights`` is :math:`w` (one per capability component), ``bias`` is :math:`c`, ``floor`` is
    :math:`b`; ``rmse`` is the root-mean-square residual on the fitted points (our computation).
    """

    weights: np.ndarray
    bias: float
    floor: float
    rmse: float
    n_points: int

    def __call__(self, capabilities) -> np.ndarray:
        """Predicted score for each row of ``capabilities`` (shape ``(m, K)``)."""
        caps = np.atleast_2d(np.asarray(capabilities, dtype=float))
        return _link(caps, self.weights, self.bias, self.floor)


@dataclass(frozen=True)
class ObservationalFit:
    r"""An observational scaling law fitted to a table of benchmark scores.

    Attributes
    ----------
    benchmarks : tuple of str
        Names of the score columns.
    score_mean : numpy.ndarray, shape (B,)
        Column means of the imputed scores (the PCA centre).
    components : numpy.ndarray, shape (K, B)
        Principal directions (rows, unit length), each signed so that its loadings sum to > 0, so that
        a higher component means better scores.
    explained_variance_ratio : numpy.ndarray, shape (K,)
        Share of the total variance of the imputed, centred scores along each component.
    capabilities : numpy.ndarray, shape (n, K)
        The fitted models' capability vectors :math:`S_m`.
    slope : numpy.ndarray, shape (K,)
        :math:`\theta`, capability gained per tenfold compute, shared by all families.
    family_intercepts : mapping of str to numpy.ndarray
        :math:`\nu_f`, each family's capabilities at :math:`10^0` FLOPs (its compute efficiency).
    links : tuple of SigmoidLinkFit
        One link per benchmark.
    score_scale, impute_mean, impute_state : numpy.ndarray
        The standardisation and the rank-1 PCA of the imputation, reused by :meth:`capabilities_of`.
    """

    benchmarks: tuple[str, ...]
    score_mean: np.ndarray = field(repr=False)
    score_scale: np.ndarray = field(repr=False)
    components: np.ndarray = field(repr=False)
    explained_variance_ratio: np.ndarray
    capabilities: np.ndarray = field(repr=False)
    slope: np.ndarray
    family_intercepts: Mapping[str, np.ndarray] = field(repr=False)
    links: tuple[SigmoidLinkFit, ...] = field(repr=False)
    impute_mean: np.ndarray = field(repr=False)
    impute_state: np.ndarray = field(repr=False)

    @property
    def n_components(self) -> int:
        return int(self.components.shape[0])

    def capabilities_of(self, scores) -> np.ndarray:
        """Capability vectors of new models from their scores (missing entries imputed with this fit's PCA)."""
        arr = _score_matrix(scores, "scores", len(self.benchmarks))
        filled = _impute_with(arr, self.impute_mean, self.score_scale, self.impute_state)
        return (filled - self.score_mean) @ self.components.T

    def predict_capabilities(self, compute_flops, family) -> np.ndarray:
        r"""Capabilities :math:`\theta \log_{10} C + \nu_f`, shape ``(m, K)``."""
        flops, fams = _compute_and_family(compute_flops, family)
        unknown = sorted(set(fams) - set(self.family_intercepts))
        if unknown:
            raise ValueError(f"family must be one of the fitted families; got unknown {unknown}")
        intercepts = np.array([self.family_intercepts[f] for f in fams])
        return np.log10(flops)[:, None] * self.slope + intercepts

    def predict_from_capabilities(self, capabilities) -> np.ndarray:
        """Scores, shape ``(m, B)``, from capability vectors (shape ``(m, K)``) through the sigmoid links."""
        caps = np.atleast_2d(np.asarray(capabilities, dtype=float))
        if caps.shape[1] != self.n_components or not np.isfinite(caps).all():
            raise ValueError(f"capabilities must be finite with {self.n_components} columns; got shape {caps.shape}")
        return np.column_stack([link(caps) for link in self.links])

    def predict(self, compute_flops, family) -> np.ndarray:
        """Forecast scores, shape ``(m, B)``, of models of known families trained with ``compute_flops``."""
        return self.predict_from_capabilities(self.predict_capabilities(compute_flops, family))


def fit_sigmoid_link(capabilities, scores, *, floor_max: float = _FLOOR_MAX) -> SigmoidLinkFit:
    r"""Least-squares fit of :math:`y = b + (1-b)\,\sigma(w^\top S + c)` with :math:`0 \le b \le` ``floor_max``.

    The link of Ruan, Maddison and Hashimoto (2024), as their ``fit_multivariate_regression_model``
    with ``nonlinearity="sigmoid-parametric"`` fits it: ceiling fixed at 1, floor bounded by 0.2, start
    :math:`c = 0`, :math:`w = 0.03`, :math:`b = 0`.  ``floor_max=0`` gives the plain sigmoid.

    Parameters
    ----------
    capabilities : array_like, shape (n, K)
        Capability vectors (or any predictors), finite.
    scores : array_like, shape (n,)
        Scores in [0, 1]; NaN marks a missing score, whose row is left out.
    floor_max : float, default 0.2
        Upper bound of the floor, in [0, 1).
    """
    caps = np.asarray(capabilities, dtype=float)
    if caps.ndim == 1:
        caps = caps[:, None]
    if caps.ndim != 2 or caps.size == 0 or not np.isfinite(caps).all():
        raise ValueError(f"capabilities must be a finite (n, K) array; got shape {caps.shape}")
    y = np.asarray(scores, dtype=float)
    if y.shape != (caps.shape[0],):
        raise ValueError(f"scores must have shape ({caps.shape[0]},) to match capabilities; got {y.shape}")
    if np.isinf(y).any() or (y[np.isfinite(y)] < 0).any() or (y[np.isfinite(y)] > 1).any():
        raise ValueError("scores must lie in [0, 1] (NaN for missing)")
    if not (0 <= float(floor_max) < 1):
        raise ValueError(f"floor_max must lie in [0, 1); got {floor_max!r}")
    keep = np.isfinite(y)
    k = caps.shape[1]
    if keep.sum() < k + 3:
        raise ValueError(f"scores needs at least {k + 3} finite points; got {int(keep.sum())}")
    return _fit_link(caps[keep], y[keep], float(floor_max))


def fit_observational_scaling(scores, compute_flops, family, *, benchmarks=None, n_components: int = 3,
                              floor_max: float = _FLOOR_MAX) -> ObservationalFit:
    r"""Fit Ruan, Maddison and Hashimoto's (2024) observational scaling law to a score table.

    Parameters
    ----------
    scores : array_like, shape (n, B)
        Benchmark scores in [0, 1], NaN where missing (imputed by PCA, as in their ``pca_impute``).
    compute_flops : array_like, shape (n,)
        Training compute in FLOPs, > 0; NaN where unknown (the model still shapes the capabilities and
        the links, not the compute efficiency).
    family : sequence of str, length n
        Model family of each row.
    benchmarks : sequence of str, optional
        Names of the B columns (default ``"benchmark_0"`` ...).
    n_components : int, default 3
        Number K of capability components (their default, ``PC_METRIC_NUM_3``).
    floor_max : float, default 0.2
        Upper bound of each link's floor (see :func:`fit_sigmoid_link`).

    Returns
    -------
    ObservationalFit
    """
    arr = _score_matrix(scores, "scores", None)
    n, n_bench = arr.shape
    k = as_int(n_components, "n_components", minimum=1)
    if k > n_bench:
        raise ValueError(f"n_components must be <= the number of benchmarks ({n_bench}); got {k}")
    if n < k + 3:
        raise ValueError(f"scores needs at least {k + 3} models (rows); got {n}")
    flops = np.asarray(compute_flops, dtype=float)
    if flops.shape != (n,):
        raise ValueError(f"compute_flops must have shape ({n},) to match scores; got {flops.shape}")
    known = np.isfinite(flops)
    as_positive_array(flops[known] if known.any() else np.array([np.nan]), "compute_flops")
    if np.isinf(flops).any():
        raise ValueError("compute_flops must be finite (NaN marks an unknown compute)")
    fams = _families(family, n)
    names = tuple(f"benchmark_{j}" for j in range(n_bench)) if benchmarks is None else tuple(map(str, benchmarks))
    if len(names) != n_bench:
        raise ValueError(f"benchmarks must name the {n_bench} columns of scores; got {len(names)} names")

    mean0, scale0, direction, centre, comps, caps, ratio = _capability_space(arr, k)

    slope, intercepts = _fit_efficiency(caps[known], np.log10(flops[known]), [f for f, ok in zip(fams, known) if ok])
    links = tuple(_fit_link(caps[np.isfinite(arr[:, j])], arr[np.isfinite(arr[:, j]), j], float(floor_max))
                  for j in range(n_bench))
    fit = ObservationalFit(benchmarks=names, score_mean=_ro(centre), score_scale=_ro(scale0), components=_ro(comps),
                           explained_variance_ratio=_ro(ratio), capabilities=_ro(caps), slope=_ro(slope),
                           family_intercepts=MappingProxyType(intercepts), links=links,
                           impute_mean=_ro(mean0), impute_state=_ro(direction))
    return fit


@dataclass(frozen=True)
class ObservationalForecast:
    r"""A held-out forecast of one task's accuracy from models below a compute cutoff.

    Attributes
    ----------
    predictor : str
        ``"capabilities"`` (the first ``n_components`` principal components of the benchmark scores) or
        ``"compute"`` (log-compute alone, the baseline).
    train, test : numpy.ndarray of bool
        Rows fitted and rows forecast (neither: no target, or for ``"compute"`` no compute).
    target : numpy.ndarray
        The task's accuracy, rescaled so that chance is 0 and perfect is 1: :math:`(y - y_0)/(1 - y_0)`.
    predicted : numpy.ndarray
        The fitted (train) and forecast (test) values on the same scale; NaN elsewhere.
    chance : float
        :math:`y_0`.
    link : SigmoidLinkFit
        :math:`\sigma(w^\top x + c)` on the predictors.
    mse_train, mse_test, mae_test : float
        Mean squared errors on the fitted and the forecast rows, and the mean absolute error of the
        forecast, on the rescaled accuracy (the scale of the authors' ``MSE_test``).
    """

    predictor: str
    train: np.ndarray = field(repr=False)
    test: np.ndarray = field(repr=False)
    target: np.ndarray = field(repr=False)
    predicted: np.ndarray = field(repr=False)
    chance: float
    link: SigmoidLinkFit = field(repr=False)
    mse_train: float
    mse_test: float
    mae_test: float

    @property
    def predicted_accuracy(self) -> np.ndarray:
        """``predicted`` back on the raw accuracy scale."""
        return self.chance + (1.0 - self.chance) * self.predicted


def fit_observational_forecast(scores, target, compute_flops, cutoff_flops, *, chance: float = 0.0,
                               predictor: str = "capabilities", n_components: int = 3,
                               floor_max: float = 0.0) -> ObservationalForecast:
    r"""Fit on the models trained with at most ``cutoff_flops``, forecast the rest (Ruan et al. 2024).

    The held-out split and fit of the authors' ``plot_scaling_predictions`` (``utils/plot.py``,
    ``split_method="cutoff_by_FLOPs (1E21)"``): a model is fitted if its compute is known and
    :math:`\le` the cutoff, and forecast otherwise (a model of unknown compute is forecast, as there).
    With ``predictor="capabilities"``, the PCA imputation and the principal components are fitted on the
    fitted models only and applied to the others, and

    .. math:: \hat y = \sigma\!\left(w^\top S + c\right), \qquad y = \frac{\text{accuracy} - y_0}{1 - y_0}

    is fitted by least squares (their ``nonlinearity="sigmoid"``, ``y_metric_process_funcs="minmax_norm"``).
    With ``predictor="compute"`` the predictor is :math:`\log_{10} C` instead and models of unknown compute
    are left out.

    Parameters
    ----------
    scores : array_like, shape (n, B)
        Benchmark scores in [0, 1], NaN where missing.
    target : array_like, shape (n,)
        The task's accuracy in [0, 1]; NaN rows are left out.
    compute_flops : array_like, shape (n,)
        Training compute, > 0, NaN where unknown.
    cutoff_flops : float
        The split, > 0.
    chance : float, default 0
        Chance accuracy :math:`y_0` of the task, in [0, 1).
    predictor : {"capabilities", "compute"}
    n_components : int, default 3
        Principal components used (their ``PC_METRIC_NUM_3``).
    floor_max : float, default 0
        Upper bound of a fitted floor of the link (0: the plain sigmoid, as in their forecast).

    Returns
    -------
    ObservationalForecast
    """
    arr = _score_matrix(scores, "scores", None)
    n = arr.shape[0]
    y = np.asarray(target, dtype=float)
    if y.shape != (n,):
        raise ValueError(f"target must have shape ({n},) to match scores; got {y.shape}")
    if np.isinf(y).any() or (y[np.isfinite(y)] < 0).any() or (y[np.isfinite(y)] > 1).any():
        raise ValueError("target must lie in [0, 1] (NaN for missing)")
    flops = np.asarray(compute_flops, dtype=float)
    if flops.shape != (n,):
        raise ValueError(f"compute_flops must have shape ({n},) to match scores; got {flops.shape}")
    if np.isinf(flops).any() or (flops[np.isfinite(flops)] <= 0).any():
        raise ValueError("compute_flops must be > 0 and finite (NaN marks an unknown compute)")
    cutoff = float(as_positive_array(cutoff_flops, "cutoff_flops"))
    if not (0.0 <= float(chance) < 1.0):
        raise ValueError(f"chance must lie in [0, 1); got {chance!r}")
    if predictor not in ("capabilities", "compute"):
        raise ValueError(f"predictor must be 'capabilities' or 'compute'; got {predictor!r}")
    k = as_int(n_components, "n_components", minimum=1)
    if k > arr.shape[1]:
        raise ValueError(f"n_components must be <= the number of benchmarks ({arr.shape[1]}); got {k}")
    if not (0 <= float(floor_max) < 1):
        raise ValueError(f"floor_max must lie in [0, 1); got {floor_max!r}")

    known = np.isfinite(flops)
    train = np.isfinite(y) & known & (np.where(known, flops, np.inf) <= cutoff)
    test = np.isfinite(y) & ~train
    if predictor == "compute":
        test &= known
    n_predictors = k if predictor == "capabilities" else 1
    if train.sum() < n_predictors + 3:
        raise ValueError(f"cutoff_flops leaves {int(train.sum())} models to fit; need at least {n_predictors + 3}")
    if not test.any():
        raise ValueError("cutoff_flops leaves no model to forecast")
    if predictor == "capabilities":
        if np.isnan(arr[train]).all(axis=0).any():
            raise ValueError("scores has a benchmark with no score among the models below cutoff_flops")
        mean0, scale0, direction, centre, comps, caps_train, _ = _capability_space(arr[train], k)
        x = np.full((n, k), np.nan)
        x[train] = caps_train
        x[test] = (_impute_with(arr[test], mean0, scale0, direction) - centre) @ comps.T
    else:
        x = np.where(known, np.log10(np.where(known, flops, 1.0)), np.nan)[:, None]
    y0 = float(chance)
    norm = (y - y0) / (1.0 - y0)
    link = _fit_link(x[train], norm[train], float(floor_max))
    predicted = np.full(n, np.nan)
    predicted[train | test] = link(x[train | test])
    err = predicted - norm
    return ObservationalForecast(
        predictor=predictor, train=_ro(train, bool), test=_ro(test, bool), target=_ro(norm), predicted=_ro(predicted),
        chance=y0, link=link, mse_train=float(np.mean(err[train] ** 2)), mse_test=float(np.mean(err[test] ** 2)),
        mae_test=float(np.mean(np.abs(err[test]))))


# ---- helpers ----------------------------------------------------------------------------------------

def _capability_space(arr: np.ndarray, k: int):
    """PCA imputation, then the first k principal components of the centred, unscaled scores."""
    mean0, scale0, direction, filled = _pca_impute(arr)
    centre = filled.mean(axis=0)
    _, sing, vt = np.linalg.svd(filled - centre, full_matrices=False)
    comps = vt[:k] * np.where(vt[:k].sum(axis=1) < 0, -1.0, 1.0)[:, None]
    caps = (filled - centre) @ comps.T
    ratio = sing[:k] ** 2 / np.sum(sing**2)
    return mean0, scale0, direction, centre, comps, caps, ratio


def _ro(arr: np.ndarray, dtype=float) -> np.ndarray:
    arr = np.array(arr, dtype=dtype)
    arr.setflags(write=False)
    return arr


def _score_matrix(scores, name: str, n_cols: int | None) -> np.ndarray:
    try:
        arr = np.array(scores, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a numeric (n, B) array") from exc
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"{name} must be a 2-D (n, B) array; got shape {arr.shape}")
    if n_cols is not None and arr.shape[1] != n_cols:
        raise ValueError(f"{name} must have {n_cols} columns; got {arr.shape[1]}")
    if np.isinf(arr).any():
        raise ValueError(f"{name} must be finite (NaN marks a missing score); got inf")
    finite = arr[np.isfinite(arr)]
    if (finite < 0).any() or (finite > 1).any():
        raise ValueError(f"{name} must lie in [0, 1]; got values from {finite.min():g} to {finite.max():g}")
    if np.isnan(arr).all(axis=0).any():
        raise ValueError(f"{name} has a column with no score at all")
    if np.isnan(arr).all(axis=1).any():
        raise ValueError(f"{name} has a row with no score at all")
    return arr


def _families(family, n: int) -> tuple[str, ...]:
    if isinstance(family, str) or not all(isinstance(f, str) for f in family):
        raise ValueError("family must be a sequence of strings, one per model")
    fams = tuple(family)
    if len(fams) != n:
        raise ValueError(f"family must have length {n} to match scores; got {len(fams)}")
    return fams


def _compute_and_family(compute_flops, family):
    flops = np.atleast_1d(as_positive_array(compute_flops, "compute_flops"))
    if flops.ndim != 1:
        raise ValueError(f"compute_flops must be 1-D; got shape {flops.shape}")
    fams = (family,) * flops.size if isinstance(family, str) else _families(family, flops.size)
    return flops, fams


def _pca_impute(arr: np.ndarray, max_iter: int = 1000, tol: float = 1e-4):
    """Rank-1 PCA imputation of the standardised scores (the repository's ``pca_impute``), clipped to [0, 1].

    Their loop stops only when the whole rank-1 reconstruction is within ``tol`` of the data (never, so
    1000 iterations); we stop once the imputed entries move less than ``tol``: the same fixed point, sooner.
    """
    missing = np.isnan(arr)
    mean = np.nanmean(arr, axis=0)
    scale = np.nanstd(arr, axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    z = np.where(missing, 0.0, (arr - mean) / scale)
    direction = np.zeros(arr.shape[1])
    for _ in range(max_iter):
        centre = z.mean(axis=0)
        _, _, vt = np.linalg.svd(z - centre, full_matrices=False)
        direction = vt[0]
        recon = centre + np.outer((z - centre) @ direction, direction)
        step = np.max(np.abs(recon[missing] - z[missing])) if missing.any() else 0.0
        z[missing] = recon[missing]
        if step < tol:
            break
    filled = np.clip(z * scale + mean, 0.0, 1.0)
    return mean, scale, np.concatenate([direction, centre]), filled


def _impute_with(arr, mean, scale, packed):
    """Fill the NaNs of new rows with a fitted rank-1 PCA (as ``pca_impute`` treats its test set)."""
    missing = np.isnan(arr)
    if not missing.any():
        return arr
    b = arr.shape[1]
    direction, centre = packed[:b], packed[b:]
    z = np.where(missing, 0.0, (arr - mean) / scale)
    for _ in range(1000):
        recon = centre + np.outer((z - centre) @ direction, direction)
        step = np.max(np.abs(recon[missing] - z[missing]))
        z[missing] = recon[missing]
        if step < 1e-4:
            break
    return np.clip(z * scale + mean, 0.0, 1.0)


def _fit_efficiency(caps, log_c, fams):
    """Least squares of ``caps = log_c * theta + nu_family`` (one shared slope per component)."""
    names = tuple(dict.fromkeys(fams))
    counts = {f: fams.count(f) for f in names}
    if len(fams) < len(names) + 1 or max(counts.values(), default=0) < 2:
        raise ValueError("compute_flops must be known for at least two models of one family, "
                         "to fit the shared slope of capabilities against log-compute")
    design = np.zeros((len(fams), 1 + len(names)))
    design[:, 0] = log_c
    for i, f in enumerate(fams):
        design[i, 1 + names.index(f)] = 1.0
    coef, *_ = np.linalg.lstsq(design, caps, rcond=None)
    return coef[0], {f: _ro(coef[1 + i]) for i, f in enumerate(names)}


def _link(caps, weights, bias, floor):
    return floor + (1.0 - floor) / (1.0 + np.exp(-(caps @ weights + bias)))


def _fit_link(caps, y, floor_max: float) -> SigmoidLinkFit:
    k = caps.shape[1]

    def residuals(p):
        return _link(caps, p[1:k + 1], p[0], p[-1]) - y

    p0 = np.concatenate([[0.0], np.full(k, 3e-2), [0.0]])
    upper_floor = floor_max if floor_max > 0 else 1e-12
    lower = np.concatenate([np.full(k + 1, -np.inf), [0.0]])
    upper = np.concatenate([np.full(k + 1, np.inf), [upper_floor]])
    sol = optimize.least_squares(residuals, p0, bounds=(lower, upper), max_nfev=10000, x_scale="jac")
    p = sol.x
    rmse = float(np.sqrt(np.mean(residuals(p) ** 2)))
    return SigmoidLinkFit(weights=_ro(p[1:k + 1]), bias=float(p[0]), floor=float(p[-1]) if floor_max > 0 else 0.0,
                          rmse=rmse, n_points=int(y.size))
