r"""Predict, then reveal: forecasts of Pythia's largest models from its smallest (Biderman et al. 2023).

Fit the fully trained Pythia models up to 1.4B parameters (70M, 160M, 410M,
1.4B), forecast 2.8B, 6.9B and 12B, and compare with what those models scored.
:func:`pythia_forecast` does it for LAMBADA's perplexity (a loss, so a power law
in model size, with or without a floor) and for a benchmark's accuracy (a
straight line in :math:`\log_{10} N`, the trend line of GPT-3-style plots);
:func:`pythia_scale_to_reach` answers "how many parameters for human-level?"
with an interval.  Data: :func:`scaling_lab.data.load_pythia_evals`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scaling_lab._cache import disk_cached
from scaling_lab._validate import as_confidence, as_int, as_positive_scalar, as_scalar, format_ci
from scaling_lab.data.pythia import load_pythia_evals
from scaling_lab.experiments.benchmark_trends import LevelCrossing, fit_log_linear, scale_to_reach
from scaling_lab.experiments.forecasting import forecast_band
from scaling_lab.fitting.power_law import fit_power_law, fit_saturating_power_law
from scaling_lab.reference.benchmarks import PYTHIA_BENCHMARKS

__all__ = ["PYTHIA_FIT_MAX_PARAMS", "PythiaForecast", "pythia_forecast", "pythia_scale_to_reach"]

#: Fit the models up to this many parameters (70M ... 1.4B), forecast the rest (2.8B, 6.9B, 12B).
PYTHIA_FIT_MAX_PARAMS = 1.5e9

_LOSS_LAWS = {"saturating_power_law": fit_saturating_power_law, "power_law": fit_power_law}
_COUNTS = ("total", "nonembedding")


@dataclass(frozen=True)
class PythiaForecast:
    r"""A forecast of Pythia's larger models from its smaller ones, beside what they scored.

    Arrays run over the model sizes (ascending).  ``observed`` is perplexity for
    ``metric="lambada_perplexity"`` and accuracy otherwise; ``forecast``,
    ``low`` and ``high`` are in the same units, at every size (the fitted
    sizes too, for plotting), with a ``confidence`` bootstrap band.
    ``grid_n_params`` and ``grid_*`` give the forecast on a fine grid for
    drawing the band.  ``fit`` is the fitted law: on the cross-entropy
    :math:`\log(\text{perplexity})` in nats per word for LAMBADA, on accuracy otherwise.
    """

    metric: str
    law: str
    params_count: str
    deduplicated: bool
    n_params: np.ndarray = field(repr=False)
    observed: np.ndarray = field(repr=False)
    observed_stderr: np.ndarray | None = field(repr=False)
    fitted: np.ndarray = field(repr=False)
    fit: object = field(repr=False)
    forecast: np.ndarray = field(repr=False)
    low: np.ndarray = field(repr=False)
    high: np.ndarray = field(repr=False)
    grid_n_params: np.ndarray = field(repr=False)
    grid_forecast: np.ndarray = field(repr=False)
    grid_low: np.ndarray = field(repr=False)
    grid_high: np.ndarray = field(repr=False)
    chance_accuracy: float | None
    confidence: float
    n_boot: int
    method: str

    @property
    def revealed(self) -> np.ndarray:
        """Mask of the sizes that were not fitted (the forecasts to check)."""
        return ~self.fitted

    @property
    def relative_error(self) -> np.ndarray:
        r""":math:`\hat y / y - 1` at every size."""
        return self.forecast / self.observed - 1.0

    @property
    def inside_band(self) -> np.ndarray:
        """Whether each observed value lies inside the band."""
        return (self.low <= self.observed) & (self.observed <= self.high)

    def __repr__(self) -> str:
        rows = ", ".join(
            f"{n / 1e9:.3g}B: {f:.4g} {format_ci((lo, hi))} vs {o:.4g}"
            for n, f, lo, hi, o in zip(self.n_params[self.revealed], self.forecast[self.revealed],
                                       self.low[self.revealed], self.high[self.revealed],
                                       self.observed[self.revealed])
        )
        return (f"PythiaForecast({self.metric!r}, law={self.law!r}, fitted on {int(self.fitted.sum())} sizes; "
                f"forecast [{100 * self.confidence:g}% band] vs observed: {rows})")


def _choose_law(metric, law):
    if metric == "lambada_perplexity":
        law = "saturating_power_law" if law is None else law
        if law not in _LOSS_LAWS:
            raise ValueError(f"law must be one of {list(_LOSS_LAWS)} for lambada_perplexity; got {law!r}")
    else:
        law = "log_linear" if law is None else law
        if law != "log_linear":
            raise ValueError(f"law must be 'log_linear' for an accuracy; got {law!r}")
    return law


def _series(metric, params_count, deduplicated):
    """(n_params, y_to_fit, y_stderr, observed, observed_stderr, chance) at the final checkpoint."""
    if params_count not in _COUNTS:
        raise ValueError(f"params_count must be one of {_COUNTS}; got {params_count!r}")
    final = load_pythia_evals(deduplicated=deduplicated).final()
    n = final.n_params if params_count == "total" else final.n_params_nonembedding
    if metric == "lambada_perplexity":
        ppl, ppl_se = final.lambada_perplexity, final.lambada_perplexity_stderr
        return n, np.log(ppl), ppl_se / ppl, ppl, ppl_se, None  # delta method: se(log p) = se(p)/p
    if not isinstance(metric, str) or metric not in final.accuracy:
        raise ValueError(f"metric must be 'lambada_perplexity' or one of {list(final.accuracy)}; got {metric!r}")
    scores = final.benchmark(metric)
    return n, scores.accuracy, scores.accuracy_stderr, scores.accuracy, scores.accuracy_stderr, \
        scores.chance_accuracy


@disk_cached
def pythia_forecast(metric="lambada_perplexity", *, law=None, max_fit_params=PYTHIA_FIT_MAX_PARAMS,
                    params_count="total", deduplicated=False, n_boot=1000, confidence=0.95,
                    seed=0) -> PythiaForecast:
    r"""Fit Pythia's models up to ``max_fit_params``, forecast the larger ones, and put the truth beside it.

    For ``metric="lambada_perplexity"`` the fitted quantity is the cross-entropy
    of LAMBADA's last word, :math:`L = \log(\text{perplexity})` in nats, with

    - ``law="saturating_power_law"`` (default): :math:`L = E + A N^{-\alpha}`
      (:func:`~scaling_lab.fitting.fit_saturating_power_law`; the form of each
      term of Hoffmann et al. 2022, eq. 2), or
    - ``law="power_law"``: :math:`L = c N^{k}` (:func:`~scaling_lab.fitting.fit_power_law`;
      Kaplan et al. 2020, eq. 1.1),

    and the forecast is reported as perplexity :math:`e^{\hat L}`.  For an
    accuracy (``metric`` a benchmark key, e.g. ``"winogrande"``, ``"mmlu"``) the
    law is ``"log_linear"``: :math:`a + b \log_{10} N` by weighted least squares on
    the reported standard errors (:func:`~scaling_lab.experiments.fit_log_linear`;
    MMLU has none, so ordinary least squares).

    The band is a bootstrap (:func:`~scaling_lab.experiments.forecast_band`):
    parametric on the reported standard errors where the data have them (LAMBADA's
    :math:`\sigma_L = \sigma_{\rm ppl}/\text{ppl}` by the delta method), else
    case resampling.  It treats the sizes' errors as independent, although all
    models answer the same questions, and it says nothing about the choice of law.

    Parameters
    ----------
    metric : str, default "lambada_perplexity"
        ``"lambada_perplexity"`` or a benchmark key of :data:`~scaling_lab.reference.PYTHIA_BENCHMARKS`.
    law : str, optional
        See above; default ``"saturating_power_law"`` for perplexity, ``"log_linear"`` for accuracy.
    max_fit_params : float, default 1.5e9
        Fit the sizes up to this (total) parameter count; at least 3 sizes (4 for the saturating law) must
        be fitted and at least one revealed.
    params_count : {"total", "nonembedding"}, default "total"
        The parameter count used as :math:`N` (selection by ``max_fit_params`` always uses the total).
    deduplicated : bool, default False
        Use the suite trained on the deduplicated Pile (it adds a 1B model).
    n_boot : int, default 1000
    confidence : float, default 0.95
    seed : int, default 0

    Returns
    -------
    PythiaForecast

    Notes
    -----
    Measured here (standard suite, total parameters, fit on 70M-1.4B, 1000 draws,
    seed 0): the saturating law forecasts LAMBADA perplexity 4.88, 4.14, 3.88 for
    2.8B, 6.9B and 12B against the observed 5.04, 4.45, 3.92, each inside its 95%
    band; the pure power law forecasts 3.88, 2.70, 2.28, with bands that exclude
    every observed value.  Cached on disk when ``SCALING_LAB_CACHE`` is set.
    """
    law = _choose_law(metric, law)
    max_fit_params = as_positive_scalar(max_fit_params, "max_fit_params")
    n_boot = as_int(n_boot, "n_boot", minimum=10)
    confidence = as_confidence(confidence)
    if not isinstance(deduplicated, (bool, np.bool_)):
        raise ValueError(f"deduplicated must be True or False; got {deduplicated!r}")
    n, y, y_se, observed, observed_se, chance = _series(metric, params_count, bool(deduplicated))
    fitted = load_pythia_evals(deduplicated=bool(deduplicated)).final().n_params <= max_fit_params
    need = 4 if law == "saturating_power_law" else 3
    if fitted.sum() < need or fitted.all():
        raise ValueError(f"max_fit_params must leave at least {need} fitted sizes and one to reveal; "
                         f"got {max_fit_params:g} ({int(fitted.sum())} fitted of {fitted.size})")
    if law == "log_linear":
        weights = None if y_se is None else y_se[fitted]

        def fitter(x, values):
            return fit_log_linear(x, values, y_stderr=weights)
    else:
        fitter = _LOSS_LAWS[law]
    grid = np.geomspace(n.min(), n.max() * 1.25, 60)
    x_new = np.concatenate([n, grid])
    band = forecast_band(n[fitted], y[fitted], x_new, fitter=fitter,
                         y_stderr=None if y_se is None else y_se[fitted], n_boot=n_boot,
                         confidence=confidence, seed=seed)
    to_metric = np.exp if metric == "lambada_perplexity" else (lambda v: v)
    forecast, low, high = (to_metric(v) for v in (band.forecast, band.low, band.high))
    k = n.size
    return PythiaForecast(
        metric=metric, law=law, params_count=params_count, deduplicated=bool(deduplicated), n_params=n,
        observed=observed, observed_stderr=observed_se, fitted=fitted, fit=fitter(n[fitted], y[fitted]),
        forecast=forecast[:k], low=low[:k], high=high[:k], grid_n_params=grid, grid_forecast=forecast[k:],
        grid_low=low[k:], grid_high=high[k:], chance_accuracy=chance, confidence=confidence, n_boot=n_boot,
        method=band.method,
    )


def pythia_scale_to_reach(benchmark="winogrande", level=None, *, max_fit_params=PYTHIA_FIT_MAX_PARAMS,
                          deduplicated=False, n_boot=1000, confidence=0.95, seed=0) -> LevelCrossing:
    r"""How many parameters until a benchmark's straight-line trend reaches ``level``?

    Fits :math:`a + b \log_{10} N` (total parameters) to the final checkpoints
    up to ``max_fit_params`` and solves for :math:`N^* = 10^{(\text{level}-a)/b}`,
    with a parametric bootstrap interval on the reported standard errors
    (:func:`~scaling_lab.experiments.scale_to_reach`).  Accuracy cannot rise
    along a straight line in :math:`\log N` for ever, so treat the answer as what
    the trend of the fitted range implies, not as a prediction.

    Parameters
    ----------
    benchmark : str, default "winogrande"
        A benchmark key of :data:`~scaling_lab.reference.PYTHIA_BENCHMARKS`.
    level : float, optional
        Target accuracy; default the benchmark's human accuracy (WinoGrande:
        0.940, Sakaguchi et al. 2020), which must then be known.
    max_fit_params : float, default 1.5e9
        Fit the sizes up to this total parameter count (use ``inf`` for all).
    deduplicated, n_boot, confidence, seed
        As in :func:`pythia_forecast`.

    Returns
    -------
    LevelCrossing
        ``scale`` is :math:`N^*` in parameters, ``scale_ci`` its interval
        (``inf`` where too many refits never reach the level).

    Notes
    -----
    Measured here (WinoGrande, human level 0.940, 1000 draws, seed 0): from
    70M-1.4B, :math:`N^* \approx 1.2\times10^{20}` (95% interval
    :math:`7\times10^{14}` to :math:`3\times10^{72}`); from all seven sizes,
    :math:`1.9\times10^{16}` (:math:`5\times10^{14}` to :math:`6\times10^{18}`).
    """
    if not isinstance(benchmark, str) or benchmark not in PYTHIA_BENCHMARKS:
        raise ValueError(f"benchmark must be one of {list(PYTHIA_BENCHMARKS)}; got {benchmark!r}")
    if level is None:
        level = PYTHIA_BENCHMARKS[benchmark].human_accuracy
        if level is None:
            raise ValueError(f"level must be given: no human accuracy is recorded for {benchmark!r}")
    level = as_scalar(level, "level")
    max_fit_params = float(max_fit_params) if max_fit_params == np.inf else \
        as_positive_scalar(max_fit_params, "max_fit_params")
    if not isinstance(deduplicated, (bool, np.bool_)):
        raise ValueError(f"deduplicated must be True or False; got {deduplicated!r}")
    scores = load_pythia_evals(deduplicated=bool(deduplicated)).final().benchmark(benchmark)
    keep = scores.n_params <= max_fit_params
    if keep.sum() < 3:
        raise ValueError(f"max_fit_params must leave at least 3 sizes to fit; got {max_fit_params:g}")
    stderr = None if scores.accuracy_stderr is None else scores.accuracy_stderr[keep]
    return scale_to_reach(scores.n_params[keep], scores.accuracy[keep], level, y_stderr=stderr, n_boot=n_boot,
                          confidence=confidence, seed=seed)
