"""Explorers of the chapter "Data composition, shift and subgroups" (``book/data_composition.md``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scaling_lab._validate import as_int, as_positive_scalar
from scaling_lab.experiments.data_mixtures import mixture_shift_curves
from scaling_lab.experiments.manifold_data import ManifoldData
from scaling_lab.experiments.subgroup_lab import subgroup_learning_curves
from scaling_lab.experiments.subgroups import (
    SubgroupLaw, allocate_average, allocate_worst_group, group_errors, proportional_allocation,
)
from scaling_lab.laws import power_law
from scaling_lab.plotting import OKABE_ITO, loglog_axes, plot_fit, plot_points
from scaling_lab.widgets.core import Explorer, explore
from scaling_lab.widgets.spec import Slider, register_explorer

__all__ = ["mixture_explorer", "allocation_explorer", "CHAPTER_SUBGROUPS"]

#: The two groups of the chapter: a majority whose inputs vary along 2 directions (k = 2) and a
#: minority whose inputs vary along 3 (k = 3), so the minority's task is harder and learned more slowly.
CHAPTER_SUBGROUPS = (ManifoldData(2), ManifoldData(3))


@register_explorer
def mixture_explorer(mode: str = "auto", *, label_shift: float = 0.3, seed: int = 1, width: int = 760,
                     height: int = 340, dpi: float = 80) -> Explorer:
    r"""Learning curves on a target domain B for training mixes of two domains A and B.

    .. math:: \text{excess risk} \approx \frac{\sigma^2\operatorname{tr}(\Sigma_B\Sigma_w^{-1})}{n},
              \qquad \Sigma_w = w_A\Sigma_A + (1 - w_A)\Sigma_B

    Left: the excess target risk of least squares against the training-set size for every mix
    (grey) and the chosen one (colour, with its fitted line and, when the labelling rule is shared,
    the large-n theory, dashed).  Right: the fitted slope of every mix.  With one labelling rule
    (covariate shift) the mix moves the curve up or down and the slope stays near -1; when the
    domains label differently (``label_shift``) the curve bends to a floor and the slope changes.
    Data from :func:`~scaling_lab.experiments.data_mixtures.mixture_shift_curves` (seeded).

    Parameters
    ----------
    mode : {"auto", "live", "static"}
    label_shift : float
        Size s > 0 of the difference between the domains' labelling rules in the second setting.
    seed : int
        Seed of both simulations.
    width, height, dpi : see :func:`~scaling_lab.widgets.core.explore`.

    Returns
    -------
    Explorer
        11 mixing weights x 2 labelling rules = 22 frames.
    """
    shift = as_positive_scalar(label_shift, "label_shift")
    seed = as_int(seed, "seed", minimum=0)
    rules = ("shared", f"differs (s = {shift:g})")
    sims = {rules[0]: mixture_shift_curves(seed=seed), rules[1]: mixture_shift_curves(label_shift=shift, seed=seed)}
    weights = [round(float(w), 2) for w in sims[rules[0]].mixing_weights[:, 0]]
    n = sims[rules[0]].sample_sizes
    risk_low = min(float(s.excess_risk.min()) for s in sims.values()) / 1.5
    risk_high = max(float(s.excess_risk.max()) for s in sims.values()) * 1.5
    slope_low = min(float(s.exponents.min()) for s in sims.values()) - 0.1
    slope_high = max(float(s.exponents.max()) for s in sims.values()) + 0.1

    def draw(axes, weight_a, rule):
        left, right = axes
        sim = sims[rule]
        i = weights.index(weight_a)
        loglog_axes(left, xlabel="training points n", ylabel="excess risk on domain B",
                    title=f"$w_A$ = {weight_a:.1f}, labelling rule {rule}: slope {sim.exponents[i]:.2f}")
        for row in sim.excess_risk:
            left.plot(n, row, color="#bbbbbb", linewidth=1)
        if rule == rules[0]:
            offset = float(np.exp(sim.asymptotic_log_offsets[i]))
            plot_fit(lambda x: offset / x, n[0], n[-1], ax=left, color=OKABE_ITO["black"], linestyle="--",
                     linewidth=1.2, label=r"theory $\sigma^2 \mathrm{tr}(\Sigma_B \Sigma_w^{-1}) / n$")
        plot_fit(lambda x: power_law(x, np.exp(sim.log_offsets[i]), sim.exponents[i]), n[0], n[-1], ax=left,
                 color=OKABE_ITO["vermillion"], linewidth=1.5, label="fitted line")
        plot_points(n, sim.excess_risk[i], ax=left, color=OKABE_ITO["blue"], label="this mix (grey: the others)")
        left.set_xlim(n[0] / 1.3, n[-1] * 1.3)
        left.set_ylim(risk_low, risk_high)
        left.legend(loc="lower left", fontsize="small")
        for j, (name, other) in enumerate(sims.items()):
            right.plot(weights, other.exponents, color=(OKABE_ITO["blue"], OKABE_ITO["orange"])[j],
                       marker=("o", "s")[j], linewidth=1.5 if name == rule else 0.8,
                       alpha=1.0 if name == rule else 0.5, label=f"labelling rule {name}")
        right.plot([weight_a], [sim.exponents[i]], linestyle="none", marker="D", markersize=11,
                   markerfacecolor="none", markeredgecolor=OKABE_ITO["vermillion"], markeredgewidth=2.5,
                   label="this mix")
        right.axhline(-1.0, color=OKABE_ITO["black"], linestyle=":", linewidth=1, label="slope -1")
        right.set_xlim(-0.05, 1.05)
        right.set_ylim(slope_low, slope_high)
        right.set_xlabel("share of domain A in training, $w_A$")
        right.set_ylabel("fitted slope")
        right.grid(True, alpha=0.2)
        right.legend(loc="center right", fontsize="small")

    return explore(
        draw,
        [Slider("weight_a", weights, label="share of domain A", fmt="{:.1f}", initial=0.5),
         Slider("rule", list(rules), label="labelling rule")],
        alt="Left: log-log learning curves of the excess risk on domain B against the training-set size for "
            "eleven training mixes (grey), the chosen mix highlighted with its fitted line. Right: the fitted slope "
            "against the share of domain A, for a shared labelling rule (flat near -1) and for domains that label "
            "differently (rising towards 0)",
        mode=mode, width=width, height=height, dpi=dpi, ncols=2,
    )


def _two_laws(laws) -> tuple[SubgroupLaw, SubgroupLaw]:
    laws = tuple(laws)
    if len(laws) != 2 or not all(isinstance(law, SubgroupLaw) for law in laws):
        raise ValueError("laws must be two SubgroupLaw (majority, minority)")
    return laws


@register_explorer
def allocation_explorer(mode: str = "auto", *, laws: Sequence[SubgroupLaw] | None = None,
                        minority_share: float = 0.1, budget: float = 10_000, width: int = 640, height: int = 360,
                        dpi: float = 80) -> Explorer:
    r"""Each group's error as the minority's share of a fixed data budget grows.

    .. math:: L_j(n_j) = \sigma_j^2\, n_j^{-p_j}, \qquad n_{\rm majority} + n_{\rm minority} = n

    Two groups (Rolf et al. 2021's law without floor and shared term): by default the laws fitted
    by :func:`~scaling_lab.experiments.subgroup_lab.subgroup_learning_curves` to box averaging on
    :data:`CHAPTER_SUBGROUPS` (a majority that learns fast, a minority that learns slowly).  The
    slider sets the minority's share of the budget; the figure marks proportional sampling
    (:func:`~scaling_lab.experiments.subgroups.proportional_allocation`), the allocation with the
    smallest worst-group error (:func:`~scaling_lab.experiments.subgroups.allocate_worst_group`) and
    the one with the smallest population-weighted error
    (:func:`~scaling_lab.experiments.subgroups.allocate_average`).

    Parameters
    ----------
    mode : {"auto", "live", "static"}
    laws : sequence of two SubgroupLaw, optional
        Majority first. Default: the fitted laws of the chapter's two groups.
    minority_share : float
        The minority's share of the population, in (0, 1) (default 0.1).
    budget : float
        Total training points >= 2 (default 10,000).
    width, height, dpi : see :func:`~scaling_lab.widgets.core.explore`.

    Returns
    -------
    Explorer
        19 frames (minority share 0.05, 0.10, ..., 0.95).
    """
    laws = subgroup_learning_curves(CHAPTER_SUBGROUPS).laws if laws is None else _two_laws(laws)
    share = as_positive_scalar(minority_share, "minority_share")
    if not share < 1:
        raise ValueError(f"minority_share must lie in (0, 1); got {minority_share!r}")
    shares = (1.0 - share, share)
    budget = as_positive_scalar(budget, "budget")
    marks = {
        "proportional": proportional_allocation(laws, budget, population_shares=shares),
        "worst-group optimum": allocate_worst_group(laws, budget, population_shares=shares),
        "average optimum": allocate_average(laws, budget, population_shares=shares),
    }
    grid = np.linspace(0.005, 0.995, 300)
    curve = np.array([group_errors(laws, [(1 - f) * budget, f * budget]) for f in grid])
    values = [round(v, 2) for v in np.arange(0.05, 0.951, 0.05)]
    low, high = float(curve.min()) / 1.5, float(curve.max()) * 1.5

    def draw(ax, fraction):
        errors = group_errors(laws, [(1 - fraction) * budget, fraction * budget])
        ax.set_yscale("log")
        ax.plot(grid, curve[:, 0], color=OKABE_ITO["blue"], linewidth=2, label="majority's error")
        ax.plot(grid, curve[:, 1], color=OKABE_ITO["vermillion"], linewidth=2, linestyle="--",
                label="minority's error")
        ax.plot(grid, curve.max(axis=1), color=OKABE_ITO["black"], linewidth=4, alpha=0.25, label="worst group")
        styles = {"proportional": ":", "worst-group optimum": "-", "average optimum": "-."}
        for name, alloc in marks.items():
            ax.axvline(alloc.fractions[1], color=OKABE_ITO["bluish_green"], linestyle=styles[name], linewidth=1.5,
                       label=f"{name}: {alloc.fractions[1]:.2f}")
        ax.plot([fraction, fraction], errors, linestyle="none", marker="o", markersize=9, color=OKABE_ITO["orange"],
                markeredgecolor="black")
        ax.set_xlim(0, 1)
        ax.set_ylim(low, high)
        ax.set_xlabel(f"minority's share of the {budget:,.0f} training points")
        ax.set_ylabel("error (log scale)")
        ax.set_title(f"errors: majority {errors[0]:.3f}, minority {errors[1]:.3f}; worst group {errors.max():.3f}",
                     fontsize="medium")
        ax.grid(True, alpha=0.2)
        ax.legend(loc="upper center", fontsize="small", ncols=2)

    return explore(
        draw,
        [Slider("fraction", values, label="minority's share of the data", fmt="{:.2f}", initial=0.5)],
        alt="Each group's error (log scale) against the minority's share of a fixed data budget: the majority's "
            "error rises and the minority's falls as the share grows; vertical lines mark proportional sampling, "
            "the worst-group optimum and the average optimum, and dots the errors at the chosen share",
        mode=mode, width=width, height=height, dpi=dpi,
    )
