"""Explorers of the chapter "Power laws and Zipf's law" (``book/power_laws.md``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scaling_lab._validate import as_int
from scaling_lab.laws import power_law
from scaling_lab.plotting import OKABE_ITO, SERIES_COLORS, loglog_axes
from scaling_lab.widgets.core import Explorer, explore
from scaling_lab.widgets._slider_values import positive_values
from scaling_lab.widgets.spec import Slider, register_explorer

__all__ = ["power_law_explorer"]


@register_explorer
def power_law_explorer(mode: str = "auto", *, exponents: Sequence[float] | None = None,
                       coefficients: Sequence[float] | None = None, max_rank: int = 1000,
                       initial_exponent: float | None = None, width: int = 720, height: int = 320,
                       dpi: float = 80, play: bool = False) -> Explorer:
    r"""Explore :math:`y = C\,x^{-s}` on linear and on log-log axes, side by side.

    .. math:: y = C\,x^{-s} \quad\Longleftrightarrow\quad \log y = \log C - s \log x

    On log-log axes (right) the curve is a straight line of slope :math:`-s`;
    changing :math:`C` moves it up or down without tilting it.  On linear axes
    (left) the shape is drawn as :math:`y / C = x^{-s}`, which :math:`C` does not
    change, so the left panel shows how the exponent bends the curve and the
    right panel shows both.  A dashed black line of slope :math:`-1` (Zipf's law,
    Zipf 1949) is drawn for comparison.  Both panels keep the same axes for every
    slider value.

    Parameters
    ----------
    mode : {"auto", "live", "static"}
        See :func:`~scaling_lab.widgets.core.resolve_mode`.
    exponents : sequence of float, optional
        Values of the exponent s, each > 0 (default 0.5, 0.75, ..., 2.0).
    coefficients : sequence of float, optional
        Values of the coefficient C, each > 0 (default 1, 10, 100).
    max_rank : int
        The x axis runs from 1 to ``max_rank`` (>= 10).
    initial_exponent : float, optional
        Starting exponent; must be one of ``exponents`` (default: the first).
    width, height, dpi : see :func:`~scaling_lab.widgets.core.explore`.
    play : bool
        Add a play button stepping through the exponents.

    Returns
    -------
    Explorer
        Static mode with the defaults holds 7 x 3 = 21 frames.
    """
    exponents = positive_values([0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0] if exponents is None else exponents,
                                 "exponents")
    coefficients = positive_values([1.0, 10.0, 100.0] if coefficients is None else coefficients, "coefficients")
    max_rank = as_int(max_rank, "max_rank", minimum=10)

    ranks = np.geomspace(1.0, max_rank, 200)
    # Axis limits from the whole range of both sliders, never from the frame's own curve.
    lin_x_max = min(max_rank, 20)
    log_y_low = min(coefficients) * max_rank ** -max(max(exponents), 1.0) / 2
    log_y_high = max(coefficients) * 2

    def draw(axes, exponent, coefficient):
        lin, log = axes
        curve = power_law(ranks, coefficient, -exponent)  # signed-exponent convention of laws.basic
        zipf = power_law(ranks, coefficient, -1.0)
        label = rf"$y = {coefficient:g}\,x^{{-{exponent:g}}}$"
        for ax, scale in ((lin, coefficient), (log, 1.0)):
            ax.plot(ranks, zipf / scale, linestyle="--", color=OKABE_ITO["black"], linewidth=1.2,
                    label=r"Zipf: slope $-1$")
            ax.plot(ranks, curve / scale, color=SERIES_COLORS[0], linewidth=2.5, label=label)
        lin.set_xlim(0, lin_x_max)
        lin.set_ylim(0, 1.05)
        lin.set_xlabel("x (e.g. rank)")
        lin.set_ylabel("y / C")
        lin.set_title(rf"linear axes: the shape $x^{{-{exponent:g}}}$")
        lin.grid(True, alpha=0.2)
        loglog_axes(log, xlabel="x (log scale)", ylabel="y (log scale)",
                    title=rf"log-log axes: straight line, slope $-{exponent:g}$")
        log.set_xlim(1, max_rank)
        log.set_ylim(log_y_low, log_y_high)
        log.legend(loc="lower left", fontsize="small")

    return explore(
        draw,
        [Slider("exponent", exponents, label="exponent s", initial=initial_exponent),
         Slider("coefficient", coefficients, label="coefficient C")],
        alt="Power law y = C x^(-s): its shape y/C on linear axes (left, a curve falling from 1) and y on "
            "log-log axes (right, a straight line of slope -s, shifted up by C), with a dashed Zipf line of "
            "slope -1",
        mode=mode, width=width, height=height, dpi=dpi, ncols=2, play=play,
    )
