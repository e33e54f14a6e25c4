"""Explorers of the chapter "Compute and the compute-optimal model" (``book/compute.md``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scaling_lab._validate import as_positive_array, at_least
from scaling_lab.allocation.optimal_split import compute_optimal, isoflop_curve, kaplan_allocation
from scaling_lab.laws.joint import chinchilla_loss
from scaling_lab.plotting import OKABE_ITO, loglog_axes
from scaling_lab.reference.hoffmann import BESIROGLU_2024, CHINCHILLA, HOFFMANN_2022
from scaling_lab._lazy import lazy_module
from scaling_lab.widgets.core import Explorer, explore
from scaling_lab.widgets.spec import Slider, power_of_ten, register_explorer

lines = lazy_module("matplotlib.lines")

__all__ = ["ISOFLOP_LAWS", "isoflop_explorer"]

#: The two Chinchilla laws the IsoFLOP explorer can show, by slider value: Hoffmann et al.'s (2022)
#: eq. 10 as printed, and Besiroglu et al.'s (2024) refit of the same runs.
ISOFLOP_LAWS = {"Hoffmann et al. eq. 10": HOFFMANN_2022, "Besiroglu et al. refit": BESIROGLU_2024}

_N_RANGE = (1e7, 1e13)
_TOKENS_PER_PARAM = CHINCHILLA.n_tokens / CHINCHILLA.n_params  # 20: Chinchilla's own 1.4T / 70B
_MARKERS = {  # one marker per rule, the same in both panels and in the legend
    "optimum": dict(marker="o", markersize=10, linestyle="none", color=OKABE_ITO["black"],
                    markerfacecolor="white", markeredgewidth=2),
    "kaplan": dict(marker="s", markersize=9, linestyle="none", color=OKABE_ITO["vermillion"]),
    "rule": dict(marker="^", markersize=9, linestyle="none", color=OKABE_ITO["bluish_green"]),
}


@register_explorer
def isoflop_explorer(mode: str = "auto", *, budgets: Sequence[float] | None = None, width: int = 760,
                     height: int = 340, dpi: float = 90) -> Explorer:
    r"""Move the compute budget: the IsoFLOP profile, its optimum, and Kaplan's and Chinchilla's allocations.

    Left: the loss of every model size trained with the budget, :math:`L(N \mid C) = L(N, C/6N)`
    (Hoffmann et al. 2022, §3.2; :func:`~scaling_lab.allocation.isoflop_curve`) under the chosen law
    (eq. 10, or Besiroglu et al.'s 2024 refit), with its minimum (eq. 4,
    :func:`~scaling_lab.allocation.optimal_split`), Kaplan et al.'s (2020) compute-efficient size
    :math:`N \propto C^{0.73}` (Table 6, :func:`~scaling_lab.allocation.kaplan_allocation`) and
    Chinchilla's rule of thumb of 20 tokens per parameter, :math:`N = \sqrt{C/120}`. Right: the
    compute-optimal size against the budget under each rule, with the chosen budget marked.

    Parameters
    ----------
    mode : {"auto", "live", "static"}
    budgets : sequence of float, optional
        FLOP budgets, each > 0 (default :math:`10^{18}` to :math:`10^{25}`, one per decade).
    width, height, dpi : see :func:`~scaling_lab.widgets.core.explore`.

    Returns
    -------
    Explorer
        With the defaults, 8 budgets x 2 laws = 16 frames.
    """
    cs = np.sort(as_positive_array(10.0 ** np.arange(18.0, 25.5) if budgets is None else budgets,
                                   "budgets").ravel())
    at_least(cs, "budgets", 2)
    sizes = np.geomspace(*_N_RANGE, 240)
    frontier_c = np.geomspace(cs[0] / 3, cs[-1] * 3, 100)
    # Everything a frame shows is computed once, here; draw only plots it.
    curves, optima = {}, {}
    for name, law in ISOFLOP_LAWS.items():
        for c in cs:
            curves[name, c] = isoflop_curve(sizes, c, law)
            n_opt, d_opt = compute_optimal(c, law)
            optima[name, c] = (float(n_opt), float(chinchilla_loss(n_opt, d_opt, law)))
    kaplan_n = {c: float(kaplan_allocation(c).n_opt) for c in cs}
    rule_n = {c: float(np.sqrt(c / (6.0 * _TOKENS_PER_PARAM))) for c in cs}
    lowest = min(loss for _, loss in optima.values())
    highest = max(loss for _, loss in optima.values())
    loss_limits = (lowest - 0.1, highest + 0.9)  # from every frame's optimum, never from one frame
    legend_handles = [
        lines.Line2D([], [], color=OKABE_ITO["blue"], linewidth=2, label="optimum of the law (eq. 4)",
               **{k: v for k, v in _MARKERS["optimum"].items() if k != "color"}),
        lines.Line2D([], [], linestyle="--", linewidth=2, label=r"Kaplan et al.: $N \propto C^{0.73}$",
               **{k: v for k, v in _MARKERS["kaplan"].items() if k != "linestyle"}),
        lines.Line2D([], [], linestyle=":", linewidth=2, label="20 tokens per parameter",
               **{k: v for k, v in _MARKERS["rule"].items() if k != "linestyle"}),
    ]

    def draw(axes, compute_flops, law):
        left, right = axes
        n_opt, l_opt = optima[law, compute_flops]
        params = ISOFLOP_LAWS[law]
        left.plot(sizes, curves[law, compute_flops], color=OKABE_ITO["blue"], linewidth=2.2)
        extra = {}
        for key, n in (("optimum", n_opt), ("kaplan", kaplan_n[compute_flops]), ("rule", rule_n[compute_flops])):
            loss = float(isoflop_curve(n, compute_flops, params))
            extra[key] = max(loss - l_opt, 0.0)
            shown = min(loss, loss_limits[1] - 0.05)  # an off-scale point sits at the top edge
            for ax, y in ((left, shown), (right, n)):
                ax.plot([compute_flops if ax is right else n], [y], **_MARKERS[key])
        left.set_xscale("log")
        left.set_xlim(*_N_RANGE)
        left.set_ylim(*loss_limits)
        left.set_xlabel("parameters N")
        left.set_ylabel("final loss (nats/token)")
        left.set_title(f"C = {compute_flops:.0e}: best N = {n_opt:.2g}, D = {compute_flops / (6 * n_opt):.2g}\n"
                       f"extra loss: Kaplan +{extra['kaplan']:.3f}, 20 tok/param +{extra['rule']:.3f}",
                       fontsize="small")
        left.grid(True, alpha=0.2)

        loglog_axes(right, xlabel="training compute C (FLOPs)", ylabel="compute-optimal N")
        right.set_title(f"frontiers; the law: {law}", fontsize="small")
        right.plot(frontier_c, compute_optimal(frontier_c, params).n_opt, color=OKABE_ITO["blue"], linewidth=2)
        right.plot(frontier_c, kaplan_allocation(frontier_c).n_opt, color=_MARKERS["kaplan"]["color"],
                   linestyle="--", linewidth=2)
        right.plot(frontier_c, np.sqrt(frontier_c / (6.0 * _TOKENS_PER_PARAM)), color=_MARKERS["rule"]["color"],
                   linestyle=":", linewidth=2)
        right.axvline(compute_flops, color=OKABE_ITO["black"], linewidth=1, alpha=0.5)
        right.set_xlim(cs[0] / 3, cs[-1] * 3)
        right.set_ylim(*_N_RANGE)
        right.legend(handles=legend_handles, loc="lower right", fontsize="small")
        for ax in axes:
            ax.minorticks_off()  # a third of each frame's drawing time went into minor ticks

    return explore(
        draw,
        [Slider("compute_flops", list(cs), label="compute C (FLOPs)", fmt=power_of_ten, initial=float(cs[np.argmin(np.abs(np.log(cs / 1e21)))])),
         Slider("law", list(ISOFLOP_LAWS), label="law")],
        alt="Left: final loss against model size at a fixed compute budget (an IsoFLOP profile, a valley), with "
            "the law's optimum (open circle), Kaplan's compute-efficient size (square) and 20 tokens per "
            "parameter (triangle) marked and the extra loss of each; right: compute-optimal model size against "
            "compute for the three rules, with the chosen budget marked",
        mode=mode, width=width, height=height, dpi=dpi, ncols=2,
    )
