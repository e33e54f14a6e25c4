"""Explorers of the chapter "Joint data-model laws" (``book/joint_laws.md``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import as_positive_scalar
from scaling_lab.allocation.data_cost import cost_optimal_allocation, iso_cost_tokens, joint_loss_function
from scaling_lab.plotting import OKABE_ITO, loglog_axes
from scaling_lab.reference import HOFFMANN_2022
from scaling_lab.widgets.core import Explorer, explore
from scaling_lab.widgets._slider_values import positive_values
from scaling_lab.widgets.spec import Slider, power_of_ten, register_explorer

ticker = lazy_module("matplotlib.ticker")

__all__ = ["data_cost_explorer"]


def _cost_label(cost):
    return "free" if cost == 0 else power_of_ten(cost, "FLOPs")


@register_explorer
def data_cost_explorer(mode: str = "auto", *, laws: dict | None = None, budgets: Sequence[float] | None = None,
                       token_costs: Sequence[float] | None = None, width: int = 760, height: int = 340,
                       dpi: float = 80) -> Explorer:
    r"""Trade data against model size when each training token has a price (:mod:`scaling_lab.allocation.data_cost`).

    A budget :math:`K` (FLOP-equivalents) buys the models on the curve :math:`6ND + c_D D = K`.
    Left: the :math:`(N, D)` plane with contours of the loss :math:`L(N, D)` of a joint law, the curve
    the budget buys (solid) and the compute-only curve :math:`D = K/6N` (dashed), with the best point
    of each.  Right: the loss along both curves against N, with their minima.  Under Chinchilla's
    form dearer data buys a larger model trained on fewer tokens; under Kaplan et al.'s eq. 1.5, in
    which D enters as :math:`D_c/D`, the best size does not move at all and only the tokens fall.

    Parameters
    ----------
    mode : {"auto", "live", "static"}
    laws : dict, optional
        Label: law, each Chinchilla-form constants ``E, A, B, alpha, beta`` or a fitted joint law with
        ``predict(n_params, n_tokens)`` (e.g. a ``KaplanJointFit``).  With more than one, a slider picks
        the law.  Default: Hoffmann et al. (2022, eq. 10) alone.
    budgets : sequence of float, optional
        Budgets :math:`K` in FLOP-equivalents (default 1e20, 1e21, 1e22, at the scale of the default law).
    token_costs : sequence of float, optional
        Prices :math:`c_D \ge 0` of a token in FLOP-equivalents (default 0 and 1e9 ... 1e12 by decades,
        5 values).
    width, height, dpi : see :func:`~scaling_lab.widgets.core.explore`.

    Returns
    -------
    Explorer
        ``len(laws) * len(budgets) * len(token_costs)`` frames (15 with the defaults).
    """
    laws = {"Hoffmann et al. (2022), eq. 10": HOFFMANN_2022} if laws is None else laws
    if not isinstance(laws, dict) or not laws:
        raise ValueError(f"laws must be a non-empty dict of label: law; got {laws!r}")
    functions = {str(label): joint_loss_function(law) for label, law in laws.items()}
    laws = {str(label): law for label, law in laws.items()}
    budgets = positive_values([1e20, 1e21, 1e22] if budgets is None else budgets, "budgets")
    costs = positive_values([0.0, 1e9, 1e10, 1e11, 1e12] if token_costs is None else token_costs, "token_costs",
                    allow_zero=True)
    for k in budgets:
        as_positive_scalar(k - 6.0, "budgets (minus 6)")
    best = {(name, k, c): cost_optimal_allocation(k, c, laws[name]) for name in laws for k in budgets
            for c in costs}
    compute_only = {(name, k): cost_optimal_allocation(k, 0.0, laws[name]) for name in laws for k in budgets}

    # Fixed axes from every frame: N and D from a factor 10 below the smallest optimum to 10 above the largest.
    all_n = [a.n_params for a in best.values()]
    all_d = [a.n_tokens for a in best.values()]
    n_lo, n_hi = min(all_n) / 10.0, max(all_n) * 10.0
    d_lo, d_hi = min(all_d) / 10.0, max(all_d) * 10.0
    n_grid = np.geomspace(n_lo, n_hi, 80)
    d_grid = np.geomspace(d_lo, d_hi, 80)
    surfaces = {name: f(n_grid[None, :], d_grid[:, None]) for name, f in functions.items()}
    every = np.concatenate([np.ravel(v) for v in surfaces.values()])
    levels = np.unique(np.round(np.quantile(every, np.linspace(0.05, 0.85, 7)), 2))
    best_losses = [a.loss for a in best.values()]
    spread = max(best_losses) - min(best_losses) + 0.1
    loss_lo, loss_hi = min(best_losses) - 0.1 * spread, max(best_losses) + 0.5 * spread

    def draw(axes, budget, token_cost, law=next(iter(laws))):
        plane, profile = axes
        loss = functions[law]
        loglog_axes(plane, xlabel="model size N (parameters)", ylabel="training tokens D")
        contours = plane.contour(n_grid, d_grid, surfaces[law], levels=levels, colors="0.6", linewidths=0.8)
        plane.clabel(contours, fmt="%.2f", inline_spacing=2, colors="0.2")  # dark labels on pale lines
        tokens = iso_cost_tokens(n_grid, budget, token_cost)
        ideal = compute_only[law, budget]
        split = best[law, budget, token_cost]
        plane.plot(n_grid, budget / (6.0 * n_grid), color=OKABE_ITO["blue"], linestyle="--", linewidth=1.5,
                   label="compute only: 6ND = K")
        plane.plot(n_grid, tokens, color=OKABE_ITO["vermillion"], linewidth=2.5, label="6ND + c·D = K")
        plane.plot(ideal.n_params, ideal.n_tokens, marker="o", color=OKABE_ITO["blue"], markersize=9,
                   linestyle="none", label="best if data were free")
        plane.plot(split.n_params, split.n_tokens, marker="*", color=OKABE_ITO["vermillion"], markersize=15,
                   linestyle="none", label="best at this price")
        plane.set_xlim(n_lo, n_hi)
        plane.set_ylim(d_lo, d_hi)
        plane.legend(loc="upper right", fontsize="x-small")
        plane.set_title(f"{law}: K = {power_of_ten(budget)}, c = {_cost_label(token_cost)}", fontsize="small")

        profile.set_xscale("log")
        profile.plot(n_grid, loss(n_grid, budget / (6.0 * n_grid)), color=OKABE_ITO["blue"], linestyle="--",
                     linewidth=1.5, label="data free")
        profile.plot(n_grid, loss(n_grid, tokens), color=OKABE_ITO["vermillion"], linewidth=2.5, label="data priced")
        profile.plot(ideal.n_params, ideal.loss, marker="o", color=OKABE_ITO["blue"], markersize=9, linestyle="none")
        profile.plot(split.n_params, split.loss, marker="*", color=OKABE_ITO["vermillion"], markersize=15,
                     linestyle="none")
        share = split.data_cost_flops / budget
        profile.text(0.03, 0.97, f"best N = {split.n_params:.3g}, D = {split.n_tokens:.3g}\n"
                                 f"D/N = {split.n_tokens / split.n_params:.3g} tokens per parameter\n"
                                 f"{share:.0%} of the budget buys data",
                     transform=profile.transAxes, ha="left", va="top", fontsize="small",
                     bbox=dict(facecolor="white", edgecolor="0.7", alpha=0.9))
        profile.set_xlim(n_lo, n_hi)
        profile.set_ylim(loss_lo, loss_hi)
        profile.set_xlabel("model size N (parameters)")
        profile.set_ylabel("loss along the budget curve")
        profile.grid(True, alpha=0.2)
        profile.legend(loc="lower right", fontsize="x-small")
        for axis in (plane.xaxis, plane.yaxis, profile.xaxis):
            axis.set_minor_locator(ticker.NullLocator())  # decades only: minor log ticks over many decades are slow

    sliders = [Slider("budget", budgets, label="budget K", fmt=power_of_ten, initial=budgets[len(budgets) // 2]),
               Slider("token_cost", costs, label="price of a token", fmt=_cost_label)]
    if len(laws) > 1:
        sliders.append(Slider("law", list(laws), label="joint law"))
    return explore(
        draw, sliders,
        alt="Left: log-log plane of model size N against training tokens D with grey contours of a fitted joint "
            "loss law, the dashed line of splits that spend the budget on compute only, the solid curve of splits "
            "the budget buys when each token has a price, and the best point on each. Right: the loss along both "
            "curves against N, with their minima",
        mode=mode, width=width, height=height, dpi=dpi, ncols=2,
    )
