"""Explorers of the chapter "Power laws and Zipf's law"."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scaling_lab._validate import as_int, as_positive_scalar
from scaling_lab.laws import power_law
from scaling_lab.plotting import OKABE_ITO, SERIES_COLORS, loglog_axes
from scaling_lab.widgets.core import Explorer, explore

__all__ = ["power_law_explorer"]


def power_law_explorer(mode: str = "auto", *, exponents: Sequence[float] | None = None,
                       coefficients: Sequence[float] | None = None, max_rank: int = 1000,
                       initial_exponent: float | None = None, width: int = 720, height: int = 320,
                       dpi: float = 80, play: bool = False) -> Explorer:
    r"""Explore :math:`y = C\,x^{-s}` on linear and on log-log axes, side by side.

    .. math:: y = C\,x^{-s} \quad\Longleftrightarrow\quad \log y = \log C - s \log x

    On log-log axes the curve is a straight line of slope :math:`-s`;
    changing :math:`C` moves it up or down without tilting it.  A dashed black
    line of slope :math:`-1` (Zipf's law, Zipf 1949) is drawn for comparison.

    Parameters
    ----------
    mode : {"auto", "live", "static"}
        See :func:`resolve_mode`.
    exponents : sequence of float, optional
        Values of the exponent s, each > 0 (default 0.5, 0.75, ..., 2.0).
    coefficients : sequence of float, optional
        Values of the coefficient C, each > 0 (default 1, 10, 100).
    max_rank : int
        The x axis runs from 1 to ``max_rank`` (>= 10).
    initial_exponent : float, optional
        Starting exponent; must be one of ``exponents`` (default: the first).
    width, height, dpi : see :func:`explore`.
    play : bool
        Add a play button stepping through the exponents.

    Returns
    -------
    Explorer
        Static mode with the defaults holds 7 x 3 = 21 frames.
    """
    if exponents is None:
        exponents = [0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0]
    if coefficients is None:
        coefficients = [1.0, 10.0, 100.0]
    for name, given in (("exponents", exponents), ("coefficients", coefficients)):
        if isinstance(given, (str, bytes)) or np.ndim(given) != 1 or len(given) == 0:
            raise ValueError(f"{name} must be a non-empty 1-D sequence of numbers; got {given!r}")
        for v in given:
            as_positive_scalar(v, name)
    exponents = [float(v) for v in exponents]
    coefficients = [float(v) for v in coefficients]
    max_rank = as_int(max_rank, "max_rank", minimum=10)

    ranks = np.geomspace(1.0, max_rank, 200)
    # Fixed log-log limits across frames, so a change of s visibly tilts the line.
    y_low = min(coefficients) * max_rank ** -max(max(exponents), 1.0) / 2
    y_high = max(coefficients) * 2

    def draw(axes, exponent, coefficient):
        lin, log = axes
        curve = power_law(ranks, coefficient, -exponent)  # signed-exponent convention of laws.py
        zipf = power_law(ranks, coefficient, -1.0)
        label = rf"$y = {coefficient:g}\,x^{{-{exponent:g}}}$"
        for ax in (lin, log):
            ax.plot(ranks, zipf, linestyle="--", color=OKABE_ITO["black"], linewidth=1.2,
                    label=r"Zipf: slope $-1$")
            ax.plot(ranks, curve, color=SERIES_COLORS[0], linewidth=2.5, label=label)
        lin.set_xlim(0, min(max_rank, 50))
        lin.set_ylim(0, 1.05 * coefficient)
        lin.set_xlabel("x (e.g. rank)")
        lin.set_ylabel("y (e.g. frequency)")
        lin.set_title("linear axes")
        lin.grid(True, alpha=0.2)
        loglog_axes(log, xlabel="x (log scale)", ylabel="y (log scale)",
                    title=rf"log-log axes: straight line, slope $-{exponent:g}$")
        log.set_xlim(1, max_rank)
        log.set_ylim(y_low, y_high)
        log.legend(loc="lower left", fontsize="small")

    return explore(
        draw,
        {"exponent": exponents, "coefficient": coefficients},
        mode=mode,
        labels={"exponent": "exponent s", "coefficient": "coefficient C"},
        initial={} if initial_exponent is None else {"exponent": float(initial_exponent)},
        width=width, height=height, dpi=dpi, ncols=2, play=play,
        alt="Power law y = C x^(-s) on linear axes (left, a curve) and log-log axes "
            "(right, a straight line of slope -s), with a dashed Zipf line of slope -1",
    )
