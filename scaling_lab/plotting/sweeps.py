r"""Figures of training sweeps (``book/model_scaling.md``, ``book/joint_laws.md``, ``labs/lab04_tune_small.md``).

- :func:`plot_runs_by`: measured runs against one variable, one line per value of another (e.g. loss
  against data, one line per model size);
- :func:`plot_transfer_sweep`: loss against learning rate, one curve per width, best rate circled
  (:class:`~scaling_lab.experiments.TransferSweep`);
- :func:`plain_log_ticks`: plain numbers (2.6, 2.8, 3.0) instead of :math:`3\times10^0` on a log axis
  that spans less than a decade, as losses of a sweep often do.
"""

from __future__ import annotations

import numpy as np

from scaling_lab._validate import as_float_array, as_positive_array, same_shape
from scaling_lab.plotting.figures import loglog_axes, plot_points
from scaling_lab.plotting.style import OKABE_ITO, SERIES_COLORS, axes_or_new

__all__ = ["plot_runs_by", "plot_transfer_sweep", "plain_log_ticks"]

_MARKERS = "osD^v<>p"


def plain_log_ticks(ax, *, axis: str = "y", fmt: str = "{x:.3g}"):
    r"""Label the major and minor ticks of a log axis with plain numbers (``fmt``, a str.format pattern).

    Matplotlib labels a log axis that spans less than a decade with minor ticks such as
    :math:`3\times10^0`; a loss axis from 2.4 to 3.4 reads better as 2.4, 2.6, ... 3.4.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    axis : {"x", "y", "both"}
    fmt : str
        Format of each label, e.g. ``"{x:.1f}"``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes_or_new(ax)
    if axis not in ("x", "y", "both"):
        raise ValueError(f"axis must be 'x', 'y' or 'both'; got {axis!r}")
    if not isinstance(fmt, str) or "{x" not in fmt:
        raise ValueError(f"fmt must be a format string with a {{x}} field, e.g. '{{x:.1f}}'; got {fmt!r}")
    for which in ("x", "y") if axis == "both" else (axis,):
        target = ax.xaxis if which == "x" else ax.yaxis
        target.set_major_formatter(fmt)
        target.set_minor_formatter(fmt)
    return ax


def plot_runs_by(x, y, group, *, ax=None, label="{:,}", xlabel: str, ylabel: str) -> object:
    """Plot ``y`` against ``x`` on log-log axes, one line of markers per distinct value of ``group``.

    Parameters
    ----------
    x, y : array_like
        Positive, finite, same shape (e.g. ``runs.n_tokens`` and ``runs.loss``).
    group : array_like
        Same shape; one line per distinct value, in increasing order (e.g. ``runs.n_params``).
    ax : matplotlib.axes.Axes, optional
    label : str
        Format of each line's legend entry, applied to its group value (default ``"{:,}"``).
    xlabel, ylabel : str
        Axis labels, with units.

    Returns
    -------
    matplotlib.axes.Axes
    """
    x = as_positive_array(x, "x")
    y = as_positive_array(y, "y")
    g = as_float_array(group, "group")
    same_shape(x=x, y=y, group=g)
    ax = loglog_axes(axes_or_new(ax), xlabel=xlabel, ylabel=ylabel)
    for i, value in enumerate(np.unique(g)):
        rows = g == value
        order = np.argsort(x[rows])
        shown = int(value) if float(value).is_integer() else value
        plot_points(x[rows][order], y[rows][order], ax=ax, linestyle="-", marker=_MARKERS[i % len(_MARKERS)],
                    color=SERIES_COLORS[i % len(SERIES_COLORS)], label=label.format(shown))
    if y.max() < 10 * y.min():
        plain_log_ticks(ax, axis="y")
    ax.legend(fontsize="small")
    return ax


def plot_transfer_sweep(sweep, parametrization: str, *, ax=None, title: str | None = None) -> object:
    """Loss against learning rate at every width of a learning-rate sweep, under one parametrisation.

    Each width is a line of markers; the best rate of each width is circled.  The learning-rate axis
    is in powers of two, the loss axis logarithmic.

    Parameters
    ----------
    sweep : TransferSweep
        From :func:`scaling_lab.experiments.hyperparameter_transfer_sweep` or ``learning_rate_sweep``.
    parametrization : str
        One of ``sweep.parametrizations`` (``"standard"`` or ``"mup"``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    loss = sweep._loss(parametrization)  # validates the name
    ax = loglog_axes(axes_or_new(ax), xlabel="peak learning rate", ylabel="test loss (mean squared error)", title=title)
    for i, width in enumerate(sweep.widths):
        finite = np.isfinite(loss[i])
        plot_points(sweep.learning_rates[finite], loss[i][finite], ax=ax, linestyle="-",
                    marker=_MARKERS[i % len(_MARKERS)], color=SERIES_COLORS[i % len(SERIES_COLORS)],
                    label=f"width {width}")
        best = int(np.argmin(loss[i]))
        ax.plot(sweep.learning_rates[best], loss[i, best], marker="o", markersize=16, markerfacecolor="none",
                markeredgewidth=1.5, color=OKABE_ITO["black"], linestyle="none",
                label="best rate of each width" if i == 0 else None)
    ax.set_xscale("log", base=2)
    ax.legend(fontsize="small")
    return ax
