"""Log-log figures: axes for a power law, measured points, fitted curves, rank-frequency plots.

Every helper takes ``ax=None``, draws on that axes (or on a fresh one) and
returns the axes, so calls compose::

    ax = loglog_axes(xlabel="parameters N", ylabel="loss (nats/token)")
    plot_points(n_params, loss, ax=ax, label="runs")
    plot_fit(fit, 1e6, 1e9, ax=ax, label="fit")

Colours, markers and line styles come from :mod:`scaling_lab.plotting.style`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scaling_lab._validate import as_float_array, as_int, as_positive_array, as_positive_scalar, same_shape
from scaling_lab.plotting.style import (
    SERIES_LINESTYLES, SERIES_MARKERS, axes_or_new, next_series_index, pick_color, style_grid,
)

if TYPE_CHECKING:  # annotations only; matplotlib is imported on first use
    from matplotlib.axes import Axes

__all__ = ["loglog_axes", "plot_points", "plot_fit", "plot_rank_frequency"]


def loglog_axes(ax=None, *, xlabel: str, ylabel: str, title: str | None = None) -> Axes:
    """Prepare axes for a power law: log scales on both axes, labels and a light grid.

    A power law :math:`y = C x^{-s}` becomes the straight line
    :math:`\\log y = \\log C - s \\log x` on these axes.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Axes to prepare; a new figure is made if None.
    xlabel, ylabel : str
        Axis labels.  Include the unit, e.g. ``"parameters N"`` or
        ``"loss (nats/token)"``.
    title : str, optional
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes_or_new(ax)
    for name, value in (("xlabel", xlabel), ("ylabel", ylabel)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name} must be a non-empty string; got {value!r}")
    if title is not None and not isinstance(title, str):
        raise ValueError(f"title must be a string or None; got {title!r}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title)
    style_grid(ax)
    return ax


def plot_points(x, y, *, ax=None, label: str | None = None, color=None, marker: str | None = None,
                loglog: bool = True, **kwargs) -> Axes:
    """Scatter measured points ``(x, y)``, on log-log axes by default.

    Parameters
    ----------
    x, y : array_like
        Same shape, finite; > 0 when ``loglog`` is True (a log is taken).
    ax : matplotlib.axes.Axes, optional
    label : str, optional
        Legend entry.
    color : colour, optional
        Defaults to the next colour of :data:`SERIES_COLORS`.
    marker : str, optional
        Matplotlib marker; defaults to the next shape of :data:`SERIES_MARKERS`
        (circles for the first series).
    loglog : bool
        Set both axes to log scale.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot` (e.g. ``markersize``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = axes_or_new(ax)
    if loglog:
        x_arr = as_positive_array(x, "x")
        y_arr = as_positive_array(y, "y")
    else:
        x_arr = as_float_array(x, "x")
        y_arr = as_float_array(y, "y")
    same_shape(x=x_arr, y=y_arr)
    if marker is None:
        marker = SERIES_MARKERS[next_series_index(ax) % len(SERIES_MARKERS)]
    color = pick_color(ax, color)
    kwargs.setdefault("linestyle", "none")
    kwargs.setdefault("markersize", 6)
    ax.plot(np.ravel(x_arr), np.ravel(y_arr), marker=marker, color=color, label=label, **kwargs)
    if loglog:
        ax.set_xscale("log")
        ax.set_yscale("log")
        style_grid(ax)
    return ax


def plot_fit(law, x_min, x_max, *, ax=None, label: str | None = None, color=None, n: int = 200,
             **kwargs) -> Axes:
    """Draw a law or a fitted curve on a log-spaced grid from ``x_min`` to ``x_max``.

    The grid is log-spaced because the laws of this course are power laws shown
    on log axes, where log spacing gives evenly spaced points.  A law drawn this
    way is a line; measured points are drawn with :func:`plot_points`.

    Parameters
    ----------
    law : callable or object with ``predict``
        A function of one array, e.g. :func:`scaling_lab.laws.kaplan_loss_n`
        or ``lambda n: sl.chinchilla_loss(n, 1e12)``, or a fit result with a
        ``predict(x)`` method (every fit of :mod:`scaling_lab.fitting` has one).
        It must return an array shaped like its input.
    x_min, x_max : float
        Range of the curve, 0 < x_min < x_max.
    ax : matplotlib.axes.Axes, optional
    label : str, optional
    color : colour, optional
    n : int
        Number of grid points, >= 2.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot` (e.g. ``linestyle="--"``).
        Without a ``linestyle`` (or ``ls``), the curve takes the next style of
        :data:`SERIES_LINESTYLES`, so curves differ in dash as well as colour.

    Returns
    -------
    matplotlib.axes.Axes
    """
    evaluate = getattr(law, "predict", None)
    if not callable(evaluate):
        evaluate = law
    if not callable(evaluate):
        raise ValueError(f"law must be callable or have a predict(x) method; got {type(law).__name__}")
    x_min = as_positive_scalar(x_min, "x_min")
    x_max = as_positive_scalar(x_max, "x_max")
    if not x_max > x_min:
        raise ValueError(f"x_max must be > x_min; got x_min={x_min!r}, x_max={x_max!r}")
    n = as_int(n, "n", minimum=2)
    ax = axes_or_new(ax)
    grid = np.geomspace(x_min, x_max, n)
    y = as_float_array(evaluate(grid), "law(x)")
    same_shape(x=grid, **{"law(x)": y})
    if "linestyle" not in kwargs and "ls" not in kwargs:
        kwargs["linestyle"] = SERIES_LINESTYLES[next_series_index(ax) % len(SERIES_LINESTYLES)]
    color = pick_color(ax, color)
    kwargs.setdefault("linewidth", 2)
    ax.plot(grid, y, color=color, label=label, **kwargs)
    return ax


def plot_rank_frequency(frequencies, *, ax=None, label: str | None = None, color=None,
                        max_rank: int | None = None, ylabel: str = "frequency") -> Axes:
    r"""Rank-frequency plot: the r-th largest frequency against its rank r, on log-log axes.

    Zipf's law (Zipf 1949) says :math:`f(r) \propto r^{-s}` with :math:`s \approx 1`
    for words, a straight line of slope :math:`-s` here.  The curve is drawn
    as a line rather than markers, so 10^4-10^6 ranks stay light.

    Parameters
    ----------
    frequencies : array_like
        Counts or probabilities, 1-D, each > 0, any order (they are sorted
        in decreasing order here).
    ax : matplotlib.axes.Axes, optional
    label : str, optional
    color : colour, optional
    max_rank : int, optional
        Keep only ranks 1..max_rank (>= 1).
    ylabel : str
        Label of the frequency axis, e.g. ``"count (occurrences)"`` or
        ``"probability per word"``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    freq = as_positive_array(frequencies, "frequencies")
    if freq.ndim != 1:
        raise ValueError(f"frequencies must be 1-D; got shape {freq.shape}")
    if max_rank is not None:
        max_rank = as_int(max_rank, "max_rank", minimum=1)
    ordered = np.sort(freq)[::-1][:max_rank]
    ranks = np.arange(1, ordered.size + 1)
    ax = loglog_axes(ax, xlabel="rank r (1 = most frequent)", ylabel=ylabel)
    index = next_series_index(ax)
    color = pick_color(ax, color)
    ax.plot(ranks, ordered, color=color, label=label, linewidth=1.8,
            linestyle=SERIES_LINESTYLES[index % len(SERIES_LINESTYLES)],
            marker=SERIES_MARKERS[index % len(SERIES_MARKERS)] if ordered.size <= 50 else None, markersize=4)
    return ax
