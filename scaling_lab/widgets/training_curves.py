"""Explorers of the chapter "Training curves and batch size" (``book/training_curves.md``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scaling_lab._validate import as_positive_array, as_positive_scalar, at_least
from scaling_lab.laws.kaplan import critical_batch_size
from scaling_lab.laws.kaplan_training import kaplan_compute_to_loss, steps_examples_tradeoff
from scaling_lab.plotting import OKABE_ITO, SERIES_COLORS, loglog_axes
from scaling_lab.reference.kaplan import KAPLAN_2020_LOSS_NS
from scaling_lab.widgets.core import Explorer, explore
from scaling_lab.widgets.spec import Slider, power_of_two, register_explorer

__all__ = ["batch_tradeoff_explorer"]


def _minimum_steps_and_examples(n_params, loss):
    """S_min and E_min = B_crit S_min to reach ``loss`` with ``n_params`` (Kaplan et al. 2020, eqs. 5.2, B.15)."""
    b_crit = float(critical_batch_size(loss))
    s_min = float(kaplan_compute_to_loss(n_params, loss)) / (6.0 * n_params * b_crit)  # C_min = 6 N B_crit S_min
    return s_min, b_crit * s_min, b_crit


@register_explorer
def batch_tradeoff_explorer(mode: str = "auto", *, n_params: float = 1e8, losses: Sequence[float] | None = None,
                            width: int = 760, height: int = 340, dpi: float = 90) -> Explorer:
    r"""Move the batch size: the steps and the tokens needed to reach a loss, and the critical batch.

    Training to a fixed loss, the steps :math:`S` and tokens :math:`E = BS` satisfy
    :math:`(S/S_{\min} - 1)(E/E_{\min} - 1) = 1` (Kaplan et al. 2020, eq. 5.1, after McCandlish et al.
    2018), so :math:`S = S_{\min}(1 + B_{\rm crit}/B)` and :math:`E = E_{\min}(1 + B/B_{\rm crit})` with
    :math:`B_{\rm crit}(L) = B_*/L^{1/\alpha_B}` (eq. 5.3; :func:`~scaling_lab.laws.steps_examples_tradeoff`).
    :math:`S_{\min}` for a model of ``n_params`` comes from :math:`L(N, S_{\min})` (eq. 5.6, Table 3) through
    :math:`C_{\min} = 6 N B_{\rm crit} S_{\min}` (:func:`~scaling_lab.laws.kaplan_compute_to_loss`).
    Left: the hyperbola of (tokens, steps) pairs that reach the loss, the chosen batch on it and the
    critical batch :math:`(2E_{\min}, 2S_{\min})`. Right: steps and tokens relative to their minima
    against the batch size.

    Parameters
    ----------
    mode : {"auto", "live", "static"}
    n_params : float
        Non-embedding parameters N, > 0 (default 1e8, which converges to a loss of 2.80).
    losses : sequence of float, optional
        Target losses, each above the model's converged loss (default 3.0 and 3.5).
    width, height, dpi : see :func:`~scaling_lab.widgets.core.explore`.

    Returns
    -------
    Explorer
        With the defaults, 9 batch sizes (2¹⁶ to 2²⁴ tokens) x 2 losses = 18 frames.
    """
    n = as_positive_scalar(n_params, "n_params")
    given = as_positive_array([3.0, 3.5] if losses is None else losses, "losses").ravel()
    at_least(given, "losses", 1)
    targets = [float(v) for v in given]
    converged = (KAPLAN_2020_LOSS_NS.n_c / n) ** KAPLAN_2020_LOSS_NS.alpha_n
    if min(targets) <= converged:
        raise ValueError(f"losses must all exceed {converged:.4g}, the loss a model of {n:.3g} parameters "
                         f"converges to; got {targets}")
    batches = [float(2.0**k) for k in range(16, 25)]
    minima = {loss: _minimum_steps_and_examples(n, loss) for loss in targets}
    # Fixed axes from every target loss and every batch: never from the frame's own curve.
    grid = np.geomspace(batches[0] / 8, batches[-1] * 8, 200)
    curves = {loss: steps_examples_tradeoff(grid, s, e) for loss, (s, e, _) in minima.items()}
    e_lim = (0.8 * min(e for _, e, _ in minima.values()), 1.2 * max(c.n_examples.max() for c in curves.values()))
    s_lim = (0.8 * min(s for s, _, _ in minima.values()), 1.2 * max(c.n_steps.max() for c in curves.values()))
    colour = dict(zip(targets, SERIES_COLORS))

    def draw(axes, batch_size, loss):
        left, right = axes
        s_min, e_min, b_crit = minima[loss]
        here = steps_examples_tradeoff(batch_size, s_min, e_min)
        loglog_axes(left, xlabel="tokens processed E = B S", ylabel="optimiser steps S")
        left.set_title(f"L = {loss:g}: B = {batch_size:.3g} tokens = {batch_size / b_crit:.2g} "
                       + r"$B_{\rm crit}$", fontsize="small")
        for other, curve in curves.items():
            left.plot(curve.n_examples, curve.n_steps, color=colour[other],
                      linewidth=2.4 if other == loss else 1.0, alpha=1.0 if other == loss else 0.35,
                      label=f"reach L = {other:g}")
        left.axhline(s_min, color=OKABE_ITO["black"], linestyle=":", linewidth=1)
        left.axvline(e_min, color=OKABE_ITO["black"], linestyle=":", linewidth=1)
        left.plot([2 * e_min], [2 * s_min], marker="*", markersize=14, linestyle="none", color=OKABE_ITO["black"],
                  label=r"$B = B_{\rm crit}$: $2D_{\min}$, $2S_{\min}$")
        left.plot([here.n_examples], [here.n_steps], marker="o", markersize=10, linestyle="none",
                  color=colour[loss], markeredgecolor=OKABE_ITO["black"], label="your batch")
        left.set_xlim(*e_lim)
        left.set_ylim(*s_lim)
        left.legend(loc="upper right", fontsize="small")

        ratio = grid / b_crit
        right.plot(grid, 1.0 + 1.0 / ratio, color=OKABE_ITO["blue"], linewidth=2, label=r"steps $S/S_{\min}$")
        right.plot(grid, 1.0 + ratio, color=OKABE_ITO["vermillion"], linewidth=2, linestyle="--",
                   label=r"tokens $D/D_{\min}$")
        right.axvline(b_crit, color=OKABE_ITO["black"], linestyle=":", linewidth=1)
        right.plot([batch_size] * 2, [here.n_steps / s_min, here.n_examples / e_min], marker="o", markersize=9,
                   linestyle="none", color=OKABE_ITO["black"])
        loglog_axes(right, xlabel="batch size B (tokens)", ylabel="cost relative to its minimum")
        right.set_title(f"{here.n_steps:.3g} steps, {here.n_examples:.3g} tokens", fontsize="small")
        right.set_xlim(grid[0], grid[-1])
        right.set_ylim(0.9, 300.0)
        right.legend(loc="upper center", fontsize="small")
        for ax in axes:
            ax.minorticks_off()  # a third of each frame's drawing time went into minor ticks

    return explore(
        draw,
        [Slider("batch_size", batches, label="batch size B (tokens)", fmt=power_of_two,
                initial=float(2.0**20)),
         Slider("loss", targets, label="target loss L", fmt="{:g}")],
        alt=f"Left: the optimiser steps against the tokens processed to reach a target loss with a model of "
            f"{n:.0e} parameters, a hyperbola between the minimum steps and the minimum tokens, with the chosen "
            f"batch size and the critical batch marked; right: steps and tokens relative to their minima "
            f"against the batch size, crossing at the critical batch",
        mode=mode, width=width, height=height, dpi=dpi, ncols=2,
    )
