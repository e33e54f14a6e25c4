"""Explorers of the chapter "Mean estimation: the simplest scaling law" (``book/mean_estimation.md``)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from scaling_lab._validate import as_int
from scaling_lab.experiments.mean_estimation import mean_estimation_risk, simulate_estimator_risk
from scaling_lab.plotting import OKABE_ITO, loglog_axes, plot_fit, plot_points
from scaling_lab.widgets._slider_values import int_values, positive_values
from scaling_lab.widgets.core import Explorer, explore
from scaling_lab.widgets.spec import Slider, register_explorer

__all__ = ["mean_estimation_explorer"]


@register_explorer
def mean_estimation_explorer(mode: str = "auto", *, sigmas: Sequence[float] | None = None,
                             trials: Sequence[int] | None = None, seed: int = 0, width: int = 640,
                             height: int = 360, dpi: float = 80) -> Explorer:
    r"""Measured squared error of the sample mean against n, with its fit and :math:`\sigma^2/n`.

    .. math:: \mathbb E[(\hat\mu_n - \mu)^2] = \frac{\sigma^2}{n}, \qquad
              \log \mathbb E[(\hat\mu_n - \mu)^2] = -\log n + 2\log\sigma

    Each frame is :func:`~scaling_lab.experiments.mean_estimation.simulate_estimator_risk` for one
    noise level :math:`\sigma` and one number of trials per sample size (the same seed for every
    frame, so every :math:`\sigma` scales the same draws).  Moving :math:`\sigma` lifts the line by
    :math:`2\log\sigma` without tilting it; with few trials the measured points scatter and the
    fitted slope wanders around -1.

    Parameters
    ----------
    mode : {"auto", "live", "static"}
    sigmas : sequence of float, optional
        Standard deviations, each > 0 (default 0.5, 1, 2, 4).
    trials : sequence of int, optional
        Trials per sample size, each >= 10 (default 10, 100, 1000).
    seed : int
        Seed of every simulation.
    width, height, dpi : see :func:`~scaling_lab.widgets.core.explore`.

    Returns
    -------
    Explorer
        Static mode with the defaults holds 4 x 3 = 12 frames.
    """
    sigmas = positive_values([0.5, 1.0, 2.0, 4.0] if sigmas is None else sigmas, "sigmas")
    trials = int_values([10, 100, 1000] if trials is None else trials, "trials", 10)
    seed = as_int(seed, "seed", minimum=0)
    sizes = (8, 16, 32, 64, 128, 256, 512, 1024)
    runs = {(s, t): simulate_estimator_risk(sizes, parameter=s, n_trials=t, n_boot=100, seed=seed)
            for s in sigmas for t in trials}
    line_n = np.unique(np.geomspace(5, 1600, 60).astype(int))
    # Axis limits from every frame's points (never from the frame being drawn).
    low = min(float(np.min(r.mean_squared_error)) for r in runs.values()) / 2
    high = max(float(np.max(r.mean_squared_error)) for r in runs.values()) * 2

    def draw(ax, sigma, n_trials):
        run = runs[(sigma, n_trials)]
        loglog_axes(ax, xlabel="sample size n", ylabel=r"squared error $(\hat\mu_n - \mu)^2$, mean over trials",
                    title=(f"slope {run.exponent:.3f} [95% CI {run.exponent_ci[0]:.3f}, {run.exponent_ci[1]:.3f}];"
                           f" log c = {run.log_intercept:.2f} vs 2 log $\\sigma$ = {2 * math.log(sigma):.2f}"))
        ax.plot(line_n, mean_estimation_risk(line_n, sigma), color=OKABE_ITO["black"], linestyle="--",
                linewidth=1.5, label=rf"theory $\sigma^2/n$, $\sigma$ = {sigma:g}")
        plot_fit(run.fit, 5, 1600, ax=ax, color=OKABE_ITO["vermillion"], linewidth=1.5,
                 label=f"fitted line, {n_trials} trials per n")
        plot_points(run.sample_sizes, run.mean_squared_error, ax=ax, color=OKABE_ITO["blue"], marker="o",
                    label="measured mean squared error")
        ax.set_xlim(5, 1600)
        ax.set_ylim(low, high)
        ax.legend(loc="lower left", fontsize="small")

    return explore(
        draw,
        [Slider("sigma", sigmas, label="noise σ"), Slider("n_trials", trials, label="trials per n", initial=trials[-1])],
        alt="Log-log plot of the measured squared error of the sample mean against the sample size n from 8 to "
            "1024 (circles), the least-squares line through them, and the theory line sigma^2/n (dashed); the "
            "title gives the fitted slope with its bootstrap interval and the intercept beside 2 log sigma",
        mode=mode, width=width, height=height, dpi=dpi,
    )
