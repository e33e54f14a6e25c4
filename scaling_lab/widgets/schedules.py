"""Explorers of the chapter "Schedules and hyperparameters that scale" (``book/schedules.md``)."""

from __future__ import annotations

import numpy as np

from scaling_lab.experiments.schedules import ScheduleComparison, schedule_comparison
from scaling_lab.nets.optim import warmup_cosine_schedule, warmup_stable_decay_schedule
from scaling_lab.plotting import OKABE_ITO
from scaling_lab.widgets.core import Explorer, explore
from scaling_lab.widgets.spec import Slider, register_explorer

__all__ = ["schedule_explorer"]


def _tiny_comparison() -> ScheduleComparison:
    """A small measured comparison (a 16-wide model, 100-400 steps, one seed) for a call without data."""
    return schedule_comparison(hidden=16, n_steps=(100, 200, 400), seeds=(0,), warmup_steps=10,
                               n_validation=4096, n_curve_points=8)


@register_explorer
def schedule_explorer(mode: str = "auto", *, comparison: ScheduleComparison | None = None, width: int = 800,
                      height: int = 340, dpi: float = 80) -> Explorer:
    r"""Move the length of training: WSD's cooldown from the shared stable phase against a cosine run from scratch.

    Left: the learning rate against the step for a run of the chosen length :math:`S`: the cosine
    schedule over :math:`S` steps, and the warmup-stable-decay run, which follows the long run's constant
    rate and branches into its own cooldown at :math:`S - \lceil cS \rceil`.  Right: the validation loss
    of both runs against the step (the mean over the comparison's seeds), and the final losses of both
    schedules at every length (squares for cosine, circles for WSD), the chosen length filled.

    Parameters
    ----------
    mode : {"auto", "live", "static"}
        See :func:`~scaling_lab.widgets.core.resolve_mode`.
    comparison : ScheduleComparison, optional
        Measured runs (:func:`~scaling_lab.experiments.schedule_comparison`).  Default: a small measured
        comparison (a 16-wide model, runs of 100, 200 and 400 steps, one seed), cheap enough for tests.
    width, height, dpi : see :func:`~scaling_lab.widgets.core.explore`.

    Returns
    -------
    Explorer
        One frame per length of the comparison.
    """
    if comparison is None:
        comparison = _tiny_comparison()
    if not isinstance(comparison, ScheduleComparison):
        raise ValueError(f"comparison must be a ScheduleComparison; got {type(comparison).__name__}")
    c = comparison
    lengths = [int(n) for n in c.n_steps]
    longest = lengths[-1]
    peak, warmup, fraction, shape = c.peak_learning_rate, c.warmup_steps, c.cooldown_fraction, c.cooldown_shape
    long_rate = warmup_stable_decay_schedule(longest, peak, warmup_steps=warmup, cooldown_fraction=fraction,
                                             cooldown_shape=shape)
    cosine_mean, wsd_mean = c.cosine_curve.mean(axis=0), c.wsd_curve.mean(axis=0)
    final_cosine, final_wsd = c.cosine_loss.mean(axis=0), c.wsd_loss.mean(axis=0)
    every = np.concatenate([cosine_mean.ravel(), wsd_mean.ravel(), final_cosine, final_wsd])
    every = every[np.isfinite(every)]
    spread = every.max() - every.min()
    y_range = (every.min() - 0.05 * spread, every.max() + 0.05 * spread)
    x_range = (c.curve_steps[c.curve_steps > 0].min() / 1.5, longest * 1.5)

    def draw(axes, n_steps):
        left, right = axes
        i = lengths.index(n_steps)
        steps = np.arange(1, longest + 1)
        left.plot(steps, long_rate, color=OKABE_ITO["blue"], linewidth=1, alpha=0.35,
                  label=f"WSD, longest run ({longest:,} steps)")
        left.plot(steps[:n_steps], warmup_stable_decay_schedule(
            n_steps, peak, warmup_steps=warmup, cooldown_fraction=fraction, cooldown_shape=shape),
            color=OKABE_ITO["blue"], linewidth=2.2, label=f"WSD, cooldown to step {n_steps:,}")
        left.plot(steps[:n_steps], warmup_cosine_schedule(n_steps, peak, warmup_steps=warmup),
                  color=OKABE_ITO["vermillion"], linestyle="--", linewidth=2, label=f"cosine over {n_steps:,} steps")
        left.set_xlim(0, longest * 1.02)
        left.set_ylim(0, peak * 1.25)
        left.set_xlabel("step")
        left.set_ylabel("learning rate")
        left.legend(loc="upper right", fontsize="x-small")

        at = c.curve_steps[i][c.curve_steps[i] > 0]
        right.plot(at, cosine_mean[i, :at.size], color=OKABE_ITO["vermillion"], linestyle="--", linewidth=2,
                   label="cosine run")
        right.plot(at, wsd_mean[i, :at.size], color=OKABE_ITO["blue"], linewidth=2, label="WSD run")
        right.plot(lengths, final_cosine, linestyle="none", marker="s", markersize=7, color=OKABE_ITO["vermillion"],
                   markerfacecolor="white", label="cosine, every length")
        right.plot(lengths, final_wsd, linestyle="none", marker="o", markersize=6, color=OKABE_ITO["blue"],
                   markerfacecolor="white", label="WSD, every length")
        right.plot([n_steps], [final_cosine[i]], marker="s", markersize=7, color=OKABE_ITO["vermillion"])
        right.plot([n_steps], [final_wsd[i]], marker="o", markersize=6, color=OKABE_ITO["blue"])
        right.set_xscale("log")
        right.set_xlim(*x_range)
        right.set_ylim(*y_range)
        right.set_xlabel("step (log scale)")
        right.set_ylabel("validation loss (bits/char)")
        right.set_title(f"{n_steps:,} steps: WSD {final_wsd[i]:.3f}, cosine {final_cosine[i]:.3f} "
                        f"(mean of {len(c.seeds)} seed{'s' if len(c.seeds) > 1 else ''})", fontsize="small")
        right.legend(loc="upper right", fontsize="x-small")
        right.minorticks_off()

    return explore(
        draw,
        [Slider("n_steps", lengths, label="training length (steps)", fmt="{:,}",
                initial=lengths[len(lengths) // 2])],
        alt="Left: learning rate against step: a cosine schedule decaying over the chosen length (dashed) and a "
            "warmup-stable-decay schedule that holds the peak rate and drops to zero in a short cooldown at the "
            "end of the same length (solid), with the longest run's schedule faint behind; right: validation loss "
            "against step on a log axis for both runs of the chosen length, the WSD curve level with or above the "
            "cosine one during its constant phase and dropping in its cooldown, with the final losses of both "
            "schedules at every length marked as squares (cosine) and circles (WSD)",
        mode=mode, width=width, height=height, dpi=dpi, ncols=2,
    )
