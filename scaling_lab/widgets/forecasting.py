"""Figures and explorers of the chapter "Forecasting with scaling laws" (``book/forecasting.md``).

:func:`plot_pythia_forecast` draws one predict-then-reveal forecast of Pythia's
large models from its small ones (:func:`scaling_lab.experiments.pythia_forecast`);
the chapter's figures and :func:`pythia_forecast_explorer` both use it, so the figure
and the explorer look the same.
"""

from __future__ import annotations

import numpy as np

from scaling_lab._validate import as_int
from scaling_lab.data.pythia import load_pythia_evals
from scaling_lab.experiments.pythia_forecasts import PythiaForecast, pythia_forecast
from scaling_lab.plotting import OKABE_ITO, loglog_axes, new_figure, plot_points
from scaling_lab.reference.benchmarks import PYTHIA_BENCHMARKS
from scaling_lab.widgets.core import Explorer, explore
from scaling_lab.widgets.spec import Slider, register_explorer

__all__ = ["FORECAST_LAW_LABELS", "plot_pythia_forecast", "pythia_forecast_explorer"]

#: Short names of the laws of :func:`~scaling_lab.experiments.pythia_forecast`, for legends and sliders.
FORECAST_LAW_LABELS = {
    "saturating_power_law": "floor + power law, E + A N^-α",
    "power_law": "pure power law, c N^k",
    "log_linear": "straight line in log N",
}


def _size_name(n: float) -> str:
    return f"{n / 1e9:.2g}B" if n >= 1e9 else f"{n / 1e6:.3g}M"


def plot_pythia_forecast(forecast, *, ax=None, color=None, label=None, show_observed=True):
    r"""Draw a :class:`~scaling_lab.experiments.PythiaForecast`: the law, its band, and the models.

    The fitted law is drawn on the forecast's fine grid with its bootstrap band
    (shaded); the models that were fitted are filled circles and the models
    whose scores were held back (revealed) are open squares.  LAMBADA
    perplexity is drawn on log-log axes, accuracies against :math:`\log N` on a
    linear accuracy axis.

    Parameters
    ----------
    forecast : PythiaForecast
        From :func:`scaling_lab.experiments.pythia_forecast`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a new figure if None).
    color : colour, optional
        Colour of the law and its band (default Okabe-Ito blue).
    label : str, optional
        Legend entry of the law (default: the law's name).
    show_observed : bool, default True
        Draw the models' measured scores and label the band (turn off to overlay a second law).

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(forecast, PythiaForecast):
        raise ValueError(f"forecast must be a PythiaForecast (from pythia_forecast); got {type(forecast).__name__}")
    ax = new_figure().axes[0] if ax is None else ax
    color = OKABE_ITO["blue"] if color is None else color
    loss = forecast.metric == "lambada_perplexity"
    if loss:
        loglog_axes(ax, xlabel="parameters N (total)", ylabel="LAMBADA perplexity (log scale)")
    else:
        ax.set_xscale("log")
        ax.set_xlabel("parameters N (total)")
        name = PYTHIA_BENCHMARKS[forecast.metric].title.split(":")[0] if forecast.metric in PYTHIA_BENCHMARKS \
            else forecast.metric
        ax.set_ylabel(f"{name} accuracy")
        ax.grid(True, which="major", color="#000000", alpha=0.15, linewidth=0.8)
    pct = f"{100 * forecast.confidence:g}%"
    # The band is labelled once, on the first law drawn (the one with the models), so overlays do not repeat it.
    ax.fill_between(forecast.grid_n_params, forecast.grid_low, forecast.grid_high, color=color, alpha=0.2,
                    linewidth=0, label=f"{pct} bootstrap band" if show_observed else None)
    ax.plot(forecast.grid_n_params, forecast.grid_forecast, color=color, linewidth=2,
            label=FORECAST_LAW_LABELS.get(forecast.law, forecast.law) if label is None else label)
    if show_observed:
        fitted, revealed = forecast.fitted, forecast.revealed
        plot_points(forecast.n_params[fitted], forecast.observed[fitted], ax=ax, color=OKABE_ITO["black"],
                    marker="o", loglog=loss, label="fitted models", markersize=7)
        plot_points(forecast.n_params[revealed], forecast.observed[revealed], ax=ax, color=OKABE_ITO["vermillion"],
                    marker="s", markerfacecolor="white", markeredgewidth=2, loglog=loss,
                    label="revealed models", markersize=8)
    return ax


@register_explorer
def pythia_forecast_explorer(mode: str = "auto", *, n_boot: int = 200, width: int = 720, height: int = 400,
                      dpi: float = 80) -> Explorer:
    r"""Predict, then reveal, LAMBADA perplexity: choose how many Pythia sizes to fit and which law.

    For 4, 5 or 6 fitted sizes (70M up to 1.4B, 2.8B or 6.9B) and for the
    laws :math:`L = E + A N^{-\alpha}` and :math:`L = c N^{k}` fitted to the
    cross-entropy :math:`L = \log(\text{perplexity})`, the frame shows the
    forecast, its bootstrap band and the revealed models
    (:func:`scaling_lab.experiments.pythia_forecast`, seed 0).  Axes are fixed
    for every frame.

    Parameters
    ----------
    mode : {"auto", "live", "static"}
    n_boot : int, default 200
        Bootstrap draws per band (>= 10); the chapter's figure uses 1000.
    width, height, dpi : see :func:`~scaling_lab.widgets.core.explore`.

    Returns
    -------
    Explorer
        2 x 3 = 6 frames.
    """
    n_boot = as_int(n_boot, "n_boot", minimum=10)
    sizes = np.sort(load_pythia_evals().final().n_params)
    counts = (4, 5, 6)
    laws = ("saturating_power_law", "power_law")
    forecasts = {(k, law): pythia_forecast(law=law, max_fit_params=float(sizes[k - 1]) * 1.01, n_boot=n_boot, seed=0)
                 for k in counts for law in laws}
    # Fixed limits from every frame's band and data, never from the frame shown.
    y_low = min(min(f.grid_low.min(), f.observed.min()) for f in forecasts.values()) / 1.3
    y_high = max(max(f.grid_high.max(), f.observed.max()) for f in forecasts.values()) * 1.3
    x_low, x_high = sizes[0] / 1.5, sizes[-1] * 1.5

    def draw(ax, fitted, law):
        f = forecasts[(fitted, law)]
        plot_pythia_forecast(f, ax=ax)
        largest = f.n_params[f.fitted].max()
        ax.axvline(largest, color=OKABE_ITO["black"], linestyle=":", linewidth=1)
        ax.set_xlim(x_low, x_high)
        ax.set_ylim(y_low, y_high)
        last = -1
        ax.set_title(f"fit up to {_size_name(largest)}; 12B: forecast {f.forecast[last]:.2f} "
                     f"[{f.low[last]:.2f}, {f.high[last]:.2f}], observed {f.observed[last]:.2f}")
        ax.legend(loc="upper right", fontsize="small")

    return explore(
        draw,
        [Slider("fitted", counts, label="sizes fitted",
                fmt=lambda k: f"{k} (70M to {_size_name(sizes[k - 1])})"),
         Slider("law", laws, label="law", fmt={"saturating_power_law": "with a floor",
                                               "power_law": "pure power law"}.get)],
        alt="LAMBADA perplexity of Pythia's seven models against parameters on log-log axes: the fitted models "
            "(filled circles), the revealed models (open squares), the fitted law extended to 12B with its "
            "bootstrap band, and a dotted line at the largest fitted model",
        mode=mode, width=width, height=height, dpi=dpi,
    )
