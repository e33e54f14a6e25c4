"""Explorers of the chapter "Why scaling laws?" (``book/why_scaling_laws.md``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import as_int
from scaling_lab.experiments.small_to_large import forecast_power_law, small_runs_forecast_example
from scaling_lab.laws import chinchilla_loss
from scaling_lab.plotting import OKABE_ITO, loglog_axes, plot_fit, plot_points
from scaling_lab.reference import HOFFMANN_2022
from scaling_lab.widgets._slider_values import positive_values
from scaling_lab.widgets.core import Explorer, explore
from scaling_lab.widgets.spec import Slider, register_explorer

ticker = lazy_module("matplotlib.ticker")

__all__ = ["small_to_large_explorer"]


def _params_label(n_params: float) -> str:
    """3e8 -> '300M', 3e10 -> '30B', 1e12 -> '1T' (parameters)."""
    for scale, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if n_params >= scale:
            return f"{n_params / scale:g}{unit}"
    return f"{n_params:g}"


@register_explorer
def small_to_large_explorer(mode: str = "auto", *, targets: Sequence[float] | None = None,
                      largest_runs: Sequence[float] | None = None, seed: int = 1, n_boot: int = 100,
                      width: int = 640, height: int = 400, dpi: float = 80) -> Explorer:
    r"""Tune small, extrapolate large: forecasts of a big run from small ones, and how far they can be trusted.

    .. math:: \text{pure power law } L = c\,N^{k}, \qquad \text{with a floor } L = E + A\,N^{-\alpha}

    The small runs are those of :func:`~scaling_lab.experiments.small_to_large.small_runs_forecast_example`
    (``seed``): losses of compute-optimal models (20 tokens per parameter) from the Chinchilla law of
    Hoffmann et al. (2022, eq. 10) with 1% noise, between 1e7 and 1e9 parameters.  A frame fits both
    laws to the runs up to ``largest_run`` (:func:`~scaling_lab.experiments.small_to_large.forecast_power_law`,
    bootstrap intervals over the runs) and forecasts the loss at ``target`` parameters, where the
    true law is drawn for comparison.

    Parameters
    ----------
    mode : {"auto", "live", "static"}
    targets : sequence of float, optional
        Sizes to forecast, each > 0 (default 3e9, 1e10, 1e11, 1e12).
    largest_runs : sequence of float, optional
        Largest small run used in the fit (default 1e8, 3e8, 1e9); at least 4 runs must lie below each.
    seed : int
        Seed of the small runs (and of the bootstrap).
    n_boot : int
        Bootstrap replicates per fit, >= 10 (default 100).
    width, height, dpi : see :func:`~scaling_lab.widgets.core.explore`.

    Returns
    -------
    Explorer
        Static mode with the defaults holds 4 x 3 = 12 frames.
    """
    targets = positive_values([3e9, 1e10, 1e11, 1e12] if targets is None else targets, "targets")
    largest = positive_values([1e8, 3e8, 1e9] if largest_runs is None else largest_runs, "largest_runs")
    seed = as_int(seed, "seed", minimum=0)
    n_boot = as_int(n_boot, "n_boot", minimum=10)
    runs = small_runs_forecast_example(seed=seed, n_boot=10)
    used = {}
    for top in largest:
        keep = runs.n_params <= top * (1 + 1e-9)
        if keep.sum() < 4:
            raise ValueError(f"largest_runs must leave at least 4 runs to fit; {top:g} leaves {int(keep.sum())}")
        used[top] = (keep,
                     forecast_power_law(runs.n_params[keep], runs.loss[keep], targets, n_boot=n_boot, seed=seed),
                     forecast_power_law(runs.n_params[keep], runs.loss[keep], targets, saturating=True,
                                        n_boot=n_boot, seed=seed))
    truth = chinchilla_loss(np.array(targets), 20.0 * np.array(targets), HOFFMANN_2022)
    x_low, x_high = runs.n_params.min() / 2, max(targets) * 2
    everything = np.concatenate([runs.loss, truth] + [np.ravel(f.prediction_ci) for _, *fits in used.values()
                                                       for f in fits])
    y_low, y_high = float(everything.min()) / 1.08, float(everything.max()) * 1.08
    loss_ticks = [v for v in (0.5, 0.6, 0.8, 1, 1.5, 2, 3, 4, 5, 6, 8) if y_low <= v <= y_high]

    def draw(ax, target, largest_run):
        keep, power, saturating = used[largest_run]
        j = targets.index(target)
        loglog_axes(ax, xlabel="parameters N (compute-optimal: 20 tokens per parameter)",
                    ylabel="loss (nats per token)")
        plot_fit(lambda n: chinchilla_loss(n, 20.0 * n, HOFFMANN_2022), x_low, x_high, ax=ax,
                 color=OKABE_ITO["black"], linestyle=":", linewidth=1.2, label="true law (Hoffmann et al. eq. 10)")
        for forecast, color, style, name in ((power, OKABE_ITO["vermillion"], "--", "pure power law"),
                                             (saturating, OKABE_ITO["blue"], "-", "power law + floor")):
            plot_fit(forecast.fit, runs.n_params.min(), target, ax=ax, color=color, linestyle=style, linewidth=1.5)
            low, high = forecast.prediction_ci[j]
            ax.errorbar([target], [forecast.prediction[j]], yerr=[[forecast.prediction[j] - low],
                        [high - forecast.prediction[j]]], color=color, marker="o", capsize=5, linewidth=2,
                        label=f"{name}: {forecast.prediction[j]:.2f} [{low:.2f}, {high:.2f}]")
        plot_points(runs.n_params[keep], runs.loss[keep], ax=ax, color=OKABE_ITO["black"], marker="o",
                    label="small runs used")
        if not keep.all():
            plot_points(runs.n_params[~keep], runs.loss[~keep], ax=ax, color=OKABE_ITO["black"], marker="o",
                        markerfacecolor="none", label="runs left out")
        plot_points([target], [truth[j]], ax=ax, color=OKABE_ITO["bluish_green"], marker="*", markersize=16,
                    markeredgecolor="black", label=f"truth at {_params_label(target)}: {truth[j]:.2f}")
        ax.axvline(largest_run, color="grey", linewidth=1, linestyle=":")
        ax.set_xlim(x_low, x_high)
        ax.set_ylim(y_low, y_high)
        ax.set_yticks(loss_ticks, [f"{v:g}" for v in loss_ticks])
        ax.yaxis.set_minor_formatter(ticker.NullFormatter())
        ax.set_title(f"fit up to {_params_label(largest_run)}, forecast {target / largest_run:g}x beyond it",
                     fontsize="medium")
        ax.legend(loc="lower left", fontsize="small")

    return explore(
        draw,
        [Slider("target", targets, label="forecast at N", fmt=_params_label, initial=1e11 if 1e11 in targets else None),
         Slider("largest_run", largest, label="largest small run", fmt=_params_label, initial=largest[-1])],
        alt="Log-log plot of loss against model size: small training runs (filled circles, open for runs left out of the fit), a pure power law and a power law "
            "with a floor fitted to them and extended to the forecast size, each forecast with its bootstrap "
            "interval, and the true loss there as a star",
        mode=mode, width=width, height=height, dpi=dpi,
    )
