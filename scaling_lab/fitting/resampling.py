"""The nonparametric bootstrap for any fitter in the package.

:func:`bootstrap` resamples rows with replacement, refits, and reports percentile intervals
(Efron & Tibshirani 1993, ch. 13) in a :class:`BootstrapResult`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from numbers import Real
from typing import Callable

import numpy as np

from scaling_lab._validate import as_confidence, as_float_array, as_int, at_least, format_ci

__all__ = ["BootstrapResult", "bootstrap"]


@dataclass(frozen=True)
class BootstrapResult:
    """Percentile bootstrap of a fit: point estimates, intervals and the resampled values."""

    estimates: dict[str, float]
    intervals: dict[str, tuple[float, float]]
    samples: dict[str, np.ndarray] = field(repr=False)
    confidence: float
    n_boot: int
    n_failed: int

    def stderr(self, name: str) -> float:
        """Standard deviation of the bootstrap samples of ``name``."""
        return float(np.std(self.samples[name], ddof=1))

    def __repr__(self) -> str:
        rows = ", ".join(
            f"{k}={self.estimates[k]:.4g} {format_ci(self.intervals[k])}" for k in self.estimates
        )
        return (
            f"BootstrapResult({rows}; {100 * self.confidence:g}% percentile intervals, "
            f"n_boot={self.n_boot}, n_failed={self.n_failed})"
        )


def _default_statistic(result) -> dict[str, float]:
    if hasattr(result, "as_dict"):
        return dict(result.as_dict())
    if isinstance(result, dict):
        return dict(result)
    if isinstance(result, Real):
        return {"value": float(result)}
    if dataclasses.is_dataclass(result):
        items = ((f.name, getattr(result, f.name)) for f in dataclasses.fields(result))
    elif hasattr(result, "_asdict"):
        items = result._asdict().items()
    else:
        raise ValueError(
            f"bootstrap cannot turn a {type(result).__name__} into named numbers; pass statistic="
        )
    return {k: float(v) for k, v in items if isinstance(v, Real) and not isinstance(v, bool)}


def bootstrap(
    fit_function: Callable,
    *arrays,
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed=0,
    statistic: Callable | None = None,
    **fit_kwargs,
) -> BootstrapResult:
    r"""Nonparametric (case-resampling) bootstrap of any fitter in the package.

    Each replicate draws ``len(arrays[0])`` row indices with replacement, calls
    ``fit_function(*(a[idx] for a in arrays), **fit_kwargs)`` and records ``statistic(result)``,
    a dict of named numbers. The interval for each number is the percentile interval
    :math:`[q_{(1-c)/2},\ q_{(1+c)/2}]` of its replicates (Efron & Tibshirani 1993, ch. 13).
    Hoffmann et al. (2022, Table 2) report 10th/90th percentiles of such a bootstrap.

    Replicates whose fit raises ``ValueError``, ``ArithmeticError`` or ``LinAlgError`` (e.g. an
    IsoFLOP budget left with too few distinct sizes) are skipped and counted in ``n_failed``.

    Parameters
    ----------
    fit_function : callable
        E.g. :func:`fit_power_law`, :func:`fit_saturating_power_law`,
        :func:`scaling_lab.chinchilla.fit_chinchilla`, :func:`scaling_lab.chinchilla.fit_isoflops`.
    *arrays : array_like
        The data, all with the same first dimension (the rows resampled together).
    n_boot : int, optional
        Number of replicates, >= 10. Default 1000.
    confidence : float, optional
        Interval coverage. Default 0.95.
    seed : int or numpy.random.Generator, optional
        Seed for :func:`numpy.random.default_rng`. Default 0.
    statistic : callable, optional
        Maps a fit result to ``{name: number}``. Default: the result's ``as_dict()`` (every result
        type in this package has one), else its numeric dataclass/NamedTuple fields, else a plain
        number under ``"value"``.
    **fit_kwargs
        Passed on to ``fit_function`` (e.g. ``mode="fast"``).

    Returns
    -------
    BootstrapResult
        ``estimates`` (fit on the full data), ``intervals``, ``samples``, ``confidence``,
        ``n_boot``, ``n_failed``; ``stderr(name)`` gives the bootstrap standard deviation.
    """
    if not callable(fit_function):
        raise ValueError(f"fit_function must be callable; got {fit_function!r}")
    if not arrays:
        raise ValueError("arrays must contain at least one data array")
    data = [as_float_array(a, f"arrays[{i}]") for i, a in enumerate(arrays)]
    n = data[0].shape[0] if data[0].ndim else 0
    for i, a in enumerate(data):
        if a.ndim == 0 or a.shape[0] != n:
            raise ValueError(
                f"arrays[{i}] must have the same first dimension as arrays[0]; got {a.shape} and {data[0].shape}"
            )
    at_least(data[0], "arrays[0]", 3)
    n_boot = as_int(n_boot, "n_boot", minimum=10)
    confidence = as_confidence(confidence)
    if statistic is None:
        statistic = _default_statistic
    elif not callable(statistic):
        raise ValueError(f"statistic must be callable; got {statistic!r}")
    rng = np.random.default_rng(seed)  # a Generator passes through unchanged

    estimates = {k: float(v) for k, v in statistic(fit_function(*data, **fit_kwargs)).items()}
    names = list(estimates)
    draws: dict[str, list[float]] = {k: [] for k in names}
    n_failed = 0
    for _ in range(n_boot):
        idx = rng.integers(0, n, size=n)
        try:
            stat = statistic(fit_function(*(a[idx] for a in data), **fit_kwargs))
        except (ValueError, ArithmeticError, np.linalg.LinAlgError):
            n_failed += 1
            continue
        for k in names:
            draws[k].append(float(stat[k]))
    if n_failed > n_boot // 2:
        raise ValueError(f"bootstrap: {n_failed} of {n_boot} refits failed; the data are too few to resample")
    samples = {k: np.asarray(v) for k, v in draws.items()}
    q = 100 * np.array([(1 - confidence) / 2, (1 + confidence) / 2])
    intervals = {k: tuple(float(v) for v in np.percentile(s, q)) for k, s in samples.items()}
    return BootstrapResult(estimates, intervals, samples, confidence, n_boot, n_failed)
