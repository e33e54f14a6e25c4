"""Explorers of the chapter "Forecasting from public models" (``book/observational.md``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scaling_lab.data.observational import load_leaderboard_v2
from scaling_lab.fitting.observational import fit_observational_forecast
from scaling_lab.plotting import OKABE_ITO
from scaling_lab.widgets._slider_values import positive_values
from scaling_lab.widgets.core import Explorer, explore
from scaling_lab.widgets.spec import Slider, register_explorer

__all__ = ["observational_forecast_explorer"]

#: Compute cutoffs in FLOPs: the authors' three (84, 168 and 252 x 1e21) and four more around them.
_DEFAULT_CUTOFFS = (2.1e22, 4.2e22, 8.4e22, 1.68e23, 2.52e23, 5e23, 1e24)


@register_explorer
def observational_forecast_explorer(mode: str = "auto", *, cutoffs_flops: Sequence[float] | None = None,
                                    width: int = 760, height: int = 330, dpi: float = 80) -> Explorer:
    r"""Move the compute cutoff: fit on the models below it, forecast the ones above, compare with the truth.

    For one Leaderboard v2 task (BBH, GPQA or MATH level 5; :func:`~scaling_lab.data.load_leaderboard_v2`),
    :func:`~scaling_lab.fitting.fit_observational_forecast` is fitted twice on the models trained with at most
    the cutoff's compute: from three principal capability components of the standard benchmarks (Ruan et al.
    2024) and from log-compute alone.  Left: accuracy above chance against training compute, the fitted
    models, the revealed held-out ones, the capability forecast of each held-out model and the compute-only
    sigmoid.  Right: forecast against revealed accuracy for the held-out models, with both test errors.

    Parameters
    ----------
    mode : {"auto", "live", "static"}
    cutoffs_flops : sequence of float, optional
        Compute cutoffs in FLOPs, each > 0, each leaving at least 6 models to fit and one to forecast for
        every task (default 2.1e22 ... 1e24, seven values including the authors' 8.4e22, 1.68e23, 2.52e23).
    width, height, dpi : see :func:`~scaling_lab.widgets.core.explore`.

    Returns
    -------
    Explorer
        With the defaults, 3 tasks x 7 cutoffs = 21 frames.
    """
    cutoffs = sorted(positive_values(_DEFAULT_CUTOFFS if cutoffs_flops is None else cutoffs_flops, "cutoffs_flops"))
    data = load_leaderboard_v2()
    flops = data.base.compute_flops
    fits = {}
    for j, task in enumerate(data.tasks):
        for cut in cutoffs:
            try:
                fits[task, cut] = tuple(
                    fit_observational_forecast(data.predictor_scores, data.target(task), flops, cut,
                                               chance=float(data.chance[j]), predictor=p)
                    for p in ("capabilities", "compute"))
            except ValueError as exc:
                raise ValueError(f"cutoffs_flops: {cut:.3g} cannot split the models for {task} ({exc})") from None
    # Axes from every frame (never from the frame being drawn).
    # The revealed accuracies of every task set the y range; a forecast beyond it is cut off, not rescaled.
    values = np.concatenate([pair[0].target for pair in fits.values()])
    values = values[np.isfinite(values)]
    pad = 0.06 * (values.max() - values.min())
    y_range = (values.min() - pad, values.max() + pad)
    known = flops[np.isfinite(flops)]
    x_range = (known.min() / 2, known.max() * 2)
    line = np.geomspace(*x_range, 200)

    def draw(axes, task, cutoff):
        left, right = axes
        pcs, base = fits[task, cutoff]
        fitted, held = pcs.train, pcs.test & np.isfinite(flops)
        left.set_xscale("log")
        left.plot(flops[fitted], pcs.target[fitted], "o", color=OKABE_ITO["blue"], markersize=5,
                  label="fitted models")
        left.plot(flops[held], pcs.target[held], "s", color=OKABE_ITO["vermillion"], markersize=5,
                  label="held out: revealed")
        left.plot(flops[held], pcs.predicted[held], "D", markerfacecolor="none", color=OKABE_ITO["black"],
                  markersize=6, label="held out: capability forecast")
        left.plot(line, base.link(np.log10(line)[:, None]), linestyle="--", color=OKABE_ITO["orange"],
                  label="compute-only sigmoid")
        left.axvline(cutoff, color=OKABE_ITO["black"], linestyle=":", linewidth=1)
        left.set_xlim(*x_range)
        left.set_ylim(*y_range)
        left.set_xlabel("training compute C (FLOPs)")
        left.set_ylabel(f"{task}: accuracy above chance")
        left.set_title(f"{task}, fit on C <= {cutoff:.2g}: {int(pcs.train.sum())} fitted, "
                       f"{int(pcs.test.sum())} forecast", fontsize="small")
        left.legend(loc="upper left", fontsize="x-small")

        right.plot(y_range, y_range, color=OKABE_ITO["black"], linewidth=1, label="forecast = revealed")
        right.plot(pcs.target[pcs.test], pcs.predicted[pcs.test], "D", markerfacecolor="none",
                   color=OKABE_ITO["black"], markersize=6, label=f"capabilities: MSE {pcs.mse_test:.1e}")
        right.plot(base.target[base.test], base.predicted[base.test], "^", color=OKABE_ITO["orange"],
                   markersize=6, label=f"compute only: MSE {base.mse_test:.1e}")
        right.set_xlim(*y_range)
        right.set_ylim(*y_range)
        right.set_xlabel("revealed (held out)")
        right.set_ylabel("forecast")
        right.legend(loc="upper left", fontsize="x-small")

    return explore(
        draw,
        [Slider("task", tuple(data.tasks), label="task", initial="BBH"),
         Slider("cutoff", tuple(cutoffs), label="compute cutoff (FLOPs)", fmt="{:.2g}",
                initial=min(cutoffs, key=lambda c: abs(np.log(c / 8.4e22))))],
        alt="Left: accuracy above chance on a Leaderboard v2 task against training compute on a log axis for "
            "public base models: models below a dotted compute cutoff (circles) are fitted, models above it "
            "are revealed (squares) beside their forecasts from three capability components of the standard "
            "benchmarks (open diamonds), and a dashed sigmoid shows the forecast from compute alone; right: "
            "forecast against revealed accuracy for the held-out models, with a diagonal, the capability "
            "forecasts (diamonds) close to it and the compute-only forecasts (triangles) further off",
        mode=mode, width=width, height=height, dpi=dpi, ncols=2,
    )
