"""Explorers of the chapter "Model scaling and the design procedure" (``book/model_scaling.md``)."""

from __future__ import annotations

import numpy as np

from scaling_lab._validate import as_positive_array, same_shape
from scaling_lab.fitting.power_law import fit_power_law, fit_saturating_power_law
from scaling_lab.laws import saturating_power_law
from scaling_lab.plotting import OKABE_ITO, SERIES_COLORS, loglog_axes
from scaling_lab.plotting import plain_log_ticks
from scaling_lab.widgets.core import Explorer, explore
from scaling_lab.widgets.spec import Slider, register_explorer

__all__ = ["design_procedure_explorer"]

_FORMS = ("power law", "power law + floor")
_MARKERS = ("o", "s", "^", "D")


def _illustrative_options():
    """Two made-up options whose curves cross: a fast starter that saturates, and a slow starter that does not."""
    n = np.geomspace(1e3, 1e5, 7)
    return ({"option A": n, "option B": n},
            {"option A": saturating_power_law(n, 2.3, 12.0, 0.34),
             "option B": saturating_power_law(n, 2.95, 130.0, 0.89)})


def _checked(n_params, loss):
    if not isinstance(n_params, dict) or not isinstance(loss, dict) or set(n_params) != set(loss):
        raise ValueError("n_params and loss must be dicts with the same keys (one per option)")
    if not 1 <= len(n_params) <= len(_MARKERS):
        raise ValueError(f"n_params must hold 1 to {len(_MARKERS)} options; got {len(n_params)}")
    out = {}
    for label in n_params:
        n = as_positive_array(n_params[label], f"n_params[{label!r}]").ravel()
        y = as_positive_array(loss[label], f"loss[{label!r}]").ravel()
        same_shape(**{f"n_params[{label!r}]": n, f"loss[{label!r}]": y})
        if n.size < 5:
            raise ValueError(f"n_params[{label!r}] must hold at least 5 sizes; got {n.size}")
        order = np.argsort(n)
        out[str(label)] = (n[order], y[order])
    return out


@register_explorer
def design_procedure_explorer(mode: str = "auto", *, n_params: dict | None = None, loss: dict | None = None,
                              width: int = 720, height: int = 360, dpi: float = 80) -> Explorer:
    r"""The design procedure, step by step: fit each option on its smallest models, extrapolate, pick.

    For each option (e.g. two model families), a law is fitted to its ``n_fit`` smallest models,
    either a pure power law :math:`L = c\,N^{k}` or one with a floor,
    :math:`L = E + A\,N^{-\alpha}` (:func:`~scaling_lab.fitting.fit_saturating_power_law`), and drawn
    out to three times the largest size.  Filled markers are the runs used in the fit, hollow ones
    the runs held back; the text reports each law's forecast and the measured loss at the largest
    size, and whether the option the laws pick is the one that really wins there.

    Parameters
    ----------
    mode : {"auto", "live", "static"}
        See :func:`~scaling_lab.widgets.core.resolve_mode`.
    n_params, loss : dict of array_like, optional
        One entry per option (label: sizes, losses), at least 5 sizes each.  Default: two made-up
        options whose curves cross (illustrative, not measured).
    width, height, dpi : see :func:`~scaling_lab.widgets.core.explore`.

    Returns
    -------
    Explorer
        Frames: (number of sizes - 2) values of ``n_fit`` (3 and up) times 2 law forms; a law with a
        floor is drawn from 4 sizes on.
    """
    if (n_params is None) != (loss is None):
        raise ValueError("give both n_params and loss, or neither")
    if n_params is None:
        n_params, loss = _illustrative_options()
    options = _checked(n_params, loss)
    n_sizes = min(n.size for n, _ in options.values())
    fit_counts = list(range(3, n_sizes + 1))

    x_min = min(n[0] for n, _ in options.values()) / 1.5
    x_max = 3.0 * max(n[-1] for n, _ in options.values())
    grid = np.geomspace(x_min, x_max, 200)
    curves, forecasts = {}, {}
    for label, (n, y) in options.items():
        for k in fit_counts:
            for form in _FORMS:
                if form == _FORMS[1] and k < 4:
                    continue  # three parameters need at least four sizes
                fitter = fit_power_law if form == _FORMS[0] else fit_saturating_power_law
                fit = fitter(n[:k], y[:k])
                curves[label, k, form] = np.asarray(fit.predict(grid), dtype=float)
                forecasts[label, k, form] = float(fit.predict(n[-1]))
    every = np.concatenate([np.ravel(c) for c in curves.values()] + [y for _, y in options.values()])
    y_low, y_high = every.min() / 1.08, every.max() * 1.08
    truth = {label: y[-1] for label, (_, y) in options.items()}
    winner = min(truth, key=truth.get)

    def draw(ax, n_fit, form):
        loglog_axes(ax, xlabel="model size N (parameters)", ylabel="loss")
        lines = []
        fitted = (next(iter(options)), n_fit, form) in curves
        for i, (label, (n, y)) in enumerate(options.items()):
            color = SERIES_COLORS[i % len(SERIES_COLORS)]
            marker = _MARKERS[i]
            if fitted:
                ax.plot(grid, curves[label, n_fit, form], color=color, linewidth=2,
                        linestyle="-" if i == 0 else "--")
            ax.plot(n[:n_fit], y[:n_fit], marker=marker, linestyle="none", color=color, markersize=7,
                    label=f"{label}: fitted runs")
            ax.plot(n[n_fit:], y[n_fit:], marker=marker, linestyle="none", markerfacecolor="white",
                    color=color, markersize=7, label=f"{label}: held back")
            if fitted:
                lines.append(f"{label}: forecast {forecasts[label, n_fit, form]:.3g}, measured {truth[label]:.3g}")
        largest_fitted = max(n[n_fit - 1] for n, _ in options.values())
        ax.axvline(largest_fitted, color=OKABE_ITO["black"], linewidth=1, linestyle=":")
        if fitted:
            picked = min(options, key=lambda label: forecasts[label, n_fit, form])
            verdict = "right" if picked == winner else "WRONG"
            lines.append(f"at the largest size the laws pick {picked}: {verdict}")
        else:
            lines.append(f"a law with a floor has 3 parameters:\nit needs at least 4 sizes ({n_fit} given)")
        ax.text(0.98, 0.97, "\n".join(lines), transform=ax.transAxes, ha="right", va="top", fontsize="small",
                bbox=dict(facecolor="white", edgecolor="0.7", alpha=0.9))
        ax.set_xlim(x_min, x_max)
        ax.set_ylim(y_low, y_high)
        if y_high < 10 * y_low:
            plain_log_ticks(ax, fmt="{x:.2g}")
        ax.set_title(f"{form} fitted to the {n_fit} smallest sizes (dotted line: largest fitted)")
        ax.legend(loc="lower left", fontsize="small")

    return explore(
        draw,
        [Slider("n_fit", fit_counts, label="sizes used in the fit", initial=fit_counts[0]),
         Slider("form", list(_FORMS), label="law")],
        alt="Loss against model size on log-log axes for each design option: the runs used in the fit as "
            "filled markers, the held-back larger runs as hollow markers, and each option's fitted law drawn "
            "beyond the fitted range, with a text box giving each law's forecast and the measured loss at the "
            "largest size and whether the laws pick the option that really wins there",
        mode=mode, width=width, height=height, dpi=dpi,
    )
