"""Explorers and figures of the chapter "Training past Chinchilla" (``book/overtraining.md``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scaling_lab.allocation.inference import inference_optimal_allocation, lifetime_flops, tokens_for_loss
from scaling_lab.plotting import OKABE_ITO, loglog_axes
from scaling_lab.reference.hoffmann import BESIROGLU_2024
from scaling_lab.reference.released_models import COMPUTE_OPTIMAL_TOKENS_PER_PARAM, RELEASED_MODELS
from scaling_lab.widgets._slider_values import positive_values
from scaling_lab.widgets.core import Explorer, explore
from scaling_lab.widgets.spec import Slider, power_of_ten, register_explorer

__all__ = ["inference_cost_explorer", "plot_released_models"]

_DEFAULT_DEMAND = (0.0, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15)
_DEFAULT_LOSSES = (2.0, 2.1, 2.2)


@register_explorer
def inference_cost_explorer(mode: str = "auto", *, inference_tokens: Sequence[float] | None = None,
                            target_losses: Sequence[float] | None = None, width: int = 760, height: int = 340,
                            dpi: float = 90) -> Explorer:
    r"""Move the expected inference demand: the lifetime cost of every model size, and the cheapest one.

    Left: training FLOPs :math:`6ND(N)`, inference FLOPs :math:`2NT` and their sum against the model size
    :math:`N`, each model trained on the tokens :math:`D(N)` it needs to reach the target loss
    (:func:`~scaling_lab.allocation.inference.lifetime_flops`, Besiroglu et al.'s 2024 refit of the
    Chinchilla law), with the cheapest model (Sardana et al. 2024;
    :func:`~scaling_lab.allocation.inference_optimal_allocation`) and the compute-optimal one (no inference)
    marked.  Right: the cheapest model's size and tokens per parameter against the demand.

    Parameters
    ----------
    mode : {"auto", "live", "static"}
    inference_tokens : sequence of float, optional
        Lifetime inference demands :math:`T`, each >= 0 (default 0 and :math:`10^{10}` to :math:`10^{15}`).
    target_losses : sequence of float, optional
        Target losses, each above the law's :math:`E` (default 2.0, 2.1, 2.2 nats/token).
    width, height, dpi : see :func:`~scaling_lab.widgets.core.explore`.

    Returns
    -------
    Explorer
        With the defaults, 7 demands x 3 losses = 21 frames.
    """
    demands = sorted(positive_values(_DEFAULT_DEMAND if inference_tokens is None else inference_tokens,
                                     "inference_tokens", allow_zero=True))
    losses = sorted(positive_values(_DEFAULT_LOSSES if target_losses is None else target_losses, "target_losses"))
    law = BESIROGLU_2024
    if losses[0] <= law.E:
        raise ValueError(f"target_losses must be above the law's E = {law.E:g}; got {losses[0]!r}")
    best = {(t, ell): inference_optimal_allocation(ell, t, law) for t in demands for ell in losses}
    # Axes from every frame (never from the frame being drawn).
    smallest = min(float((law.A / (ell - law.E)) ** (1 / law.alpha)) for ell in losses)
    largest = max(a.n_params for a in best.values())
    n_range = (smallest * 0.7, largest * 30)
    sizes = np.geomspace(smallest * 1.0001, n_range[1], 300)
    totals = [a.total_flops for a in best.values()]
    cost_range = (min(totals) / 30, max(totals) * 30)
    shown_demands = [t for t in demands if t > 0] or [1.0]
    demand_axis = (min(shown_demands) / 3, max(shown_demands) * 3)
    ratios = [a.tokens_per_param for a in best.values()]
    sizes_best = [a.n_params for a in best.values()]
    right_range = (min(min(ratios), min(sizes_best) / 1e9) / 2, max(max(ratios), max(sizes_best) / 1e9) * 2)

    def draw(axes, inference_tokens, target_loss):
        left, right = axes
        here = best[inference_tokens, target_loss]
        none = best[demands[0], target_loss]
        d_need = np.asarray(tokens_for_loss(sizes, target_loss, law))
        ok = np.isfinite(d_need)
        loglog_axes(left, xlabel="parameters N", ylabel="FLOPs over the model's life")
        left.plot(sizes[ok], 6 * sizes[ok] * d_need[ok], color=OKABE_ITO["blue"], linestyle="--", linewidth=1.5,
                  label="training 6ND")
        if inference_tokens > 0:
            left.plot(sizes, 2 * sizes * inference_tokens, color=OKABE_ITO["vermillion"], linestyle=":",
                      linewidth=1.5, label="inference 2NT")
        left.plot(sizes[ok], np.asarray(lifetime_flops(sizes[ok], target_loss, inference_tokens, law)),
                  color=OKABE_ITO["black"], linewidth=2.2, label="total")
        left.plot([none.n_params], [lifetime_flops(none.n_params, target_loss, inference_tokens, law)], marker="s",
                  markersize=8, linestyle="none", color=OKABE_ITO["bluish_green"], label="compute-optimal (T = 0)")
        left.plot([here.n_params], [here.total_flops], marker="o", markersize=10, linestyle="none",
                  color=OKABE_ITO["black"], markerfacecolor="white", markeredgewidth=2, label="cheapest")
        left.set_xlim(*n_range)
        left.set_ylim(*cost_range)
        left.set_title(f"loss {target_loss:g}, T = {inference_tokens:.0e}: N = {here.n_params / 1e9:.3g}B, "
                       f"D/N = {here.tokens_per_param:.0f}", fontsize="small")
        left.legend(loc="upper right", fontsize="x-small")

        loglog_axes(right, xlabel="inference tokens T", ylabel="cheapest model")
        curve = [best[t, target_loss] for t in demands if t > 0]
        ts = [t for t in demands if t > 0]
        right.plot(ts, [a.n_params / 1e9 for a in curve], color=OKABE_ITO["blue"], marker="o", linewidth=1.5,
                   label="N (billions)")
        right.plot(ts, [a.tokens_per_param for a in curve], color=OKABE_ITO["orange"], marker="^",
                   linestyle="--", linewidth=1.5, label="tokens per parameter")
        right.axhline(none.tokens_per_param, color=OKABE_ITO["bluish_green"], linestyle=":", linewidth=1,
                      label=f"D/N at T = 0 ({none.tokens_per_param:.0f})")
        if inference_tokens > 0:
            right.axvline(inference_tokens, color=OKABE_ITO["black"], linewidth=1, alpha=0.5)
        right.set_xlim(*demand_axis)
        right.set_ylim(*right_range)
        right.legend(loc="upper left", fontsize="x-small")
        for ax in axes:
            ax.minorticks_off()

    return explore(
        draw,
        [Slider("inference_tokens", demands, label="inference tokens T", fmt=power_of_ten,
                initial=demands[min(4, len(demands) - 1)]),
         Slider("target_loss", losses, label="target loss", fmt="{:g}", initial=losses[len(losses) // 2])],
        alt="Left: log-log plot of lifetime FLOPs against model size for models trained to a target loss: the "
            "training cost (dashed) falls and then climbs steeply toward the smallest size that can reach the "
            "loss, the inference cost (dotted) rises in proportion to size, and their total (solid) has a minimum "
            "marked by an open circle, with the compute-optimal model (square) beside it; right: the cheapest "
            "model's size in billions (circles) falling and its tokens per parameter (triangles) rising against "
            "inference demand, with the chosen demand marked",
        mode=mode, width=width, height=height, dpi=dpi, ncols=2,
    )


_PATH_STYLES = (("-", "o"), ("--", "s"), (":", "D"), ("-.", "v"))


def plot_released_models(models=RELEASED_MODELS, *, target_losses: Sequence[float] = _DEFAULT_LOSSES,
                         inference_tokens: Sequence[float] = _DEFAULT_DEMAND, params=BESIROGLU_2024, ax=None):
    r"""Released models' tokens per parameter beside the cheapest models of Sardana et al. (2024).

    Log-log axes of parameters :math:`N` against tokens per parameter :math:`D/N`.  One line per target loss
    traces the cheapest model to train and serve (:func:`~scaling_lab.allocation.inference_optimal_allocation`,
    minimising :math:`6ND + 2NT` at that loss under ``params``) as the inference demand :math:`T` grows, one
    marker per demand; a dotted line marks the compute-optimal 20 tokens per parameter; each released model
    (:data:`~scaling_lab.reference.RELEASED_MODELS`, figures from its own card or paper) is a labelled star.

    Parameters
    ----------
    models : sequence of TrainedModel
        Each with ``name``, ``n_params`` > 0 and ``n_tokens`` > 0; at least one.
    target_losses : sequence of float
        Losses, each above the law's :math:`E` (default 2.0, 2.1, 2.2 nats/token).
    inference_tokens : sequence of float
        Demands :math:`T \ge 0`, at least two (default 0 and :math:`10^{10}` to :math:`10^{15}`).
    params : optional
        Anything with ``E, A, B, alpha, beta`` (default :data:`~scaling_lab.reference.BESIROGLU_2024`).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    models = tuple(models)
    if not models:
        raise ValueError("models must hold at least one model; got none")
    n_models = positive_values([m.n_params for m in models], "models (n_params)")
    d_models = positive_values([m.n_tokens for m in models], "models (n_tokens)")
    demands = sorted(positive_values(inference_tokens, "inference_tokens", allow_zero=True))
    if len(demands) < 2:
        raise ValueError(f"inference_tokens must hold at least two demands; got {len(demands)}")
    losses = sorted(positive_values(target_losses, "target_losses"))
    if len(losses) > len(_PATH_STYLES):
        raise ValueError(f"target_losses must hold at most {len(_PATH_STYLES)} losses; got {len(losses)}")
    if losses[0] <= params.E:
        raise ValueError(f"target_losses must be above the law's E = {params.E:g}; got {losses[0]!r}")
    ax = loglog_axes(ax, xlabel="parameters N", ylabel="training tokens per parameter D/N")
    colours = (OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["bluish_green"], OKABE_ITO["reddish_purple"])
    for ell, (style, marker), colour in zip(losses, _PATH_STYLES, colours):
        plan = inference_optimal_allocation(ell, np.asarray(demands), params)
        ax.plot(plan.n_params, plan.tokens_per_param, linestyle=style, marker=marker, markersize=4,
                color=colour, label=f"cheapest model at loss {ell:.2f}")
        ax.annotate(f"T = {demands[0]:.3g}", (plan.n_params[0], plan.tokens_per_param[0]), textcoords="offset points",
                    xytext=(4, -10), fontsize="x-small", color=colour)
        ax.annotate(f"T = {demands[-1]:.0e}", (plan.n_params[-1], plan.tokens_per_param[-1]),
                    textcoords="offset points", xytext=(5, 0), fontsize="x-small", color=colour)
    ax.axhline(COMPUTE_OPTIMAL_TOKENS_PER_PARAM, color=OKABE_ITO["black"], linestyle=":", linewidth=1,
               label=f"{COMPUTE_OPTIMAL_TOKENS_PER_PARAM:g} tokens per parameter")
    ratios = np.asarray(d_models) / np.asarray(n_models)
    ax.plot(n_models, ratios, linestyle="none", marker="*", markersize=12, color=OKABE_ITO["vermillion"],
            markeredgecolor=OKABE_ITO["black"], markeredgewidth=0.5, label="released models")
    for model, n, ratio in zip(models, n_models, ratios):
        ax.annotate(model.name, (n, ratio), textcoords="offset points", xytext=(6, 3), fontsize="x-small")
    low, high = ax.get_xlim()
    ax.set_xlim(low, high * 2.5)  # room for the labels of the largest models
    ax.legend(loc="upper right", fontsize="x-small")
    return ax
