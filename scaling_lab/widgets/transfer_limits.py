"""Explorers of the chapter "Transfer, data limits and practice" (``book/transfer_limits.md``).

:func:`repetition_explorer`: how many epochs over limited unique data a compute budget should buy
(:func:`scaling_lab.experiments.repeated_data_profile`, the data-constrained law of Muennighoff et al. 2023).
"""

from __future__ import annotations

from scaling_lab.experiments.repeated_data import repeated_data_profile
from scaling_lab.plotting import OKABE_ITO
from scaling_lab.widgets.core import Explorer, explore
from scaling_lab.widgets.spec import Slider, power_of_ten, register_explorer

__all__ = ["repetition_explorer"]


@register_explorer
def repetition_explorer(mode: str = "auto", *, width: int = 720, height: int = 380, dpi: float = 80) -> Explorer:
    r"""Loss against epochs at a fixed compute budget, for a chosen budget and amount of unique data.

    With :math:`U_D` unique tokens and :math:`C` FLOPs, :math:`e` epochs give
    :math:`D = eU_D` tokens and a model of :math:`N = C/(6D)` parameters.  The
    frame draws the data-constrained loss (solid) and the loss if repeated
    tokens were as good as fresh ones (dashed), marks the best number of
    epochs, and draws a dotted line at 4 epochs, up to which Muennighoff et al.
    (2023) find repetition almost free.  Axes are fixed for every frame.

    Returns
    -------
    Explorer
        5 budgets x 3 amounts of unique data = 15 frames.
    """
    budgets = (1e20, 1e21, 1e22, 1e23, 1e24)
    uniques = (1e9, 1e10, 1e11)
    profiles = {(c, u): repeated_data_profile(c, u) for c in budgets for u in uniques}
    y_low = min(min(p.loss.min(), p.loss_if_fresh.min()) for p in profiles.values()) - 0.05
    y_high = 3.6

    def draw(ax, compute_flops, unique_tokens):
        p = profiles[(compute_flops, unique_tokens)]
        ax.plot(p.epochs, p.loss_if_fresh, color=OKABE_ITO["black"], linestyle="--", linewidth=1.5,
                label="if repeated tokens were fresh")
        ax.plot(p.epochs, p.loss, color=OKABE_ITO["blue"], linewidth=2.5, label="data-constrained law")
        ax.plot([p.best_epochs], [p.best_loss], marker="o", markersize=9, color=OKABE_ITO["vermillion"],
                linestyle="none", label=f"best: {p.best_epochs:.2g} epochs, N = {p.best_n_params:.2g}")
        ax.axvline(4.0, color=OKABE_ITO["black"], linestyle=":", linewidth=1, label="4 epochs")
        ax.set_xscale("log")
        ax.set_xlim(1.0, 100.0)
        ax.set_ylim(y_low, y_high)
        ax.set_xlabel("epochs over the unique data (log scale)")
        ax.set_ylabel("loss (nats/token)")
        ax.grid(True, alpha=0.2)
        wanted = p.fresh_optimum[1] / unique_tokens
        ax.set_title(f"C = {compute_flops:.0e} FLOPs, {unique_tokens:.0e} unique tokens; unlimited data would "
                     f"use {wanted:.2g} epochs' worth", fontsize="medium")
        ax.legend(loc="upper right", fontsize="small")

    return explore(
        draw,
        [Slider("compute_flops", budgets, label="compute C (FLOPs)", fmt=power_of_ten, initial=1e22),
         Slider("unique_tokens", uniques, label="unique tokens U", fmt=power_of_ten, initial=1e10)],
        alt="Loss against the number of epochs over the unique data at a fixed compute budget: the "
            "data-constrained law (solid) with its best point marked, the loss if repeated data were as good "
            "as fresh (dashed), and a dotted line at 4 epochs",
        mode=mode, width=width, height=height, dpi=dpi,
    )
