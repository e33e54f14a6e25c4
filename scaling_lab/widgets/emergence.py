"""Explorers of the chapter "Emergence and phase transitions" (``book/emergence.md``).

- :func:`mirage_explorer`: one smooth per-token loss seen through four metrics and any answer length
  (Schaeffer et al. 2023; :func:`scaling_lab.experiments.emergence_metrics`);
- :func:`pythia_emergence_explorer`: Pythia's real curves, against parameters and against training tokens
  (:func:`scaling_lab.experiments.pythia_emergence_curves`).
"""

from __future__ import annotations

import numpy as np

from scaling_lab.experiments.emergence import emergence_metrics, pythia_emergence_curves
from scaling_lab.plotting import OKABE_ITO, SERIES_COLORS, SERIES_LINESTYLES
from scaling_lab.widgets.core import Explorer, explore
from scaling_lab.widgets.spec import Slider, register_explorer

__all__ = ["EMERGENCE_METRIC_LABELS", "mirage_explorer", "pythia_emergence_explorer"]

#: Readable names of the metrics of :func:`~scaling_lab.experiments.emergence_metrics`.
EMERGENCE_METRIC_LABELS = {
    "exact_match": "exact match",
    "token_edit_distance": "token edit distance",
    "multiple_choice_grade": "multiple-choice grade",
    "brier_score": "Brier score",
}

_PYTHIA_METRICS = {
    "lambada_openai": "LAMBADA accuracy (exact last word)",
    "lambada_word_probability": "LAMBADA word probability (1/perplexity)",
    "winogrande": "WinoGrande accuracy",
    "arc_easy": "ARC-Easy accuracy",
    "mmlu": "MMLU accuracy",
}
_PYTHIA_STEPS = (1000, 3000, 13000, 143000)


def _as_score(metric: str, values: np.ndarray, answer_length: int) -> np.ndarray:
    """A linear rescaling of ``values`` to [0, 1] with 1 perfect (shape, and so sharpness, unchanged)."""
    if metric == "token_edit_distance":  # 0 ... L wrong tokens
        return 1.0 - values / answer_length
    if metric == "brier_score":  # 0 (perfect) ... 2 (all weight on one wrong option)
        return 1.0 - values / 2.0
    return values


@register_explorer
def mirage_explorer(mode: str = "auto", *, width: int = 720, height: int = 380, dpi: float = 80) -> Explorer:
    r"""Exact match, token edit distance, multiple-choice grade and Brier score of one smooth model family.

    The family's per-token loss falls as a power law in size,
    :math:`L(N) = (3.9\times10^7/N)^{0.3}` (illustrative constants of
    :data:`~scaling_lab.experiments.ILLUSTRATIVE_PER_TOKEN_LOSS`), so each token
    is right with probability :math:`p = e^{-L}`.  For the chosen answer length
    and metric the frame draws the metric against :math:`N`, rescaled linearly
    so that 0 is the worst and 1 the best possible value (a linear rescaling
    keeps the curve's shape), beside :math:`p` itself (dashed).  The raw range
    of the metric over the family is in the title.  One call of
    :func:`~scaling_lab.experiments.emergence_metrics` (seed 0) feeds every frame.

    Returns
    -------
    Explorer
        7 answer lengths x 4 metrics = 28 frames.
    """
    lengths = (1, 2, 3, 5, 10, 20, 30)
    family = emergence_metrics(max_answer_length=max(lengths), seed=0)
    n = family.n_params
    units = {"exact_match": "", "token_edit_distance": " wrong tokens", "multiple_choice_grade": "",
             "brier_score": ""}

    def draw(ax, answer_length, metric):
        raw = family.curve(metric, answer_length)
        score = _as_score(metric, raw, answer_length)
        ax.plot(n, family.per_token_accuracy, color=OKABE_ITO["black"], linestyle="--", linewidth=1.2,
                label="per-token accuracy p")
        ax.plot(n, score, color=OKABE_ITO["vermillion"], linewidth=2.5, marker="o", markersize=3,
                label=f"{EMERGENCE_METRIC_LABELS[metric]}, rescaled")
        ax.set_xscale("log")
        ax.set_xlim(n.min(), n.max())
        ax.set_ylim(-0.03, 1.03)
        ax.set_xlabel("parameters N")
        ax.set_ylabel("score, rescaled (0 worst, 1 perfect)")
        ax.grid(True, alpha=0.2)
        ax.set_title(f"{EMERGENCE_METRIC_LABELS[metric]}, L = {answer_length}: "
                     f"{raw[0]:.2g} to {raw[-1]:.2g}{units[metric]} from 1e7 to 1e12 parameters", fontsize="medium")
        ax.legend(loc="upper left", fontsize="small")

    return explore(
        draw,
        [Slider("answer_length", lengths, label="answer length L (tokens)"),
         Slider("metric", tuple(EMERGENCE_METRIC_LABELS), label="metric", fmt=EMERGENCE_METRIC_LABELS.get)],
        alt="A metric of a synthetic model family against parameters from 1e7 to 1e12 on a log axis, rescaled "
            "from 0 (worst) to 1 (perfect), beside the smoothly rising per-token accuracy (dashed)",
        mode=mode, width=width, height=height, dpi=dpi,
    )


@register_explorer
def pythia_emergence_explorer(mode: str = "auto", *, width: int = 800, height: int = 340,
                              dpi: float = 80) -> Explorer:
    r"""Pythia's scores against parameters (left, at one checkpoint) and against training tokens (right).

    Metrics: accuracies on LAMBADA (is the passage's last word exactly right?),
    WinoGrande, ARC-Easy and MMLU, and LAMBADA's word probability
    :math:`1/\text{perplexity}`, a continuous counterpart of LAMBADA accuracy.
    The checkpoint slider moves the left panel through training and the dotted
    line on the right panel (Biderman et al. 2023; data of
    :func:`scaling_lab.data.load_pythia_evals`).

    Returns
    -------
    Explorer
        5 metrics x 4 checkpoints = 20 frames.
    """
    curves = {metric: pythia_emergence_curves(metric) for metric in _PYTHIA_METRICS}
    first = curves["lambada_openai"]
    sizes, steps, tokens = first.n_params, first.steps, first.n_tokens
    trained = steps > 0  # step 0 has seen no tokens: off a log axis

    def draw(axes, metric, step):
        left, right = axes
        c = curves[metric]
        j = int(np.flatnonzero(steps == step)[0])
        chance = c.chance if c.chance else None
        left.plot(sizes, c.values[:, j], color=OKABE_ITO["blue"], marker="o", linewidth=2)
        # Each size its own colour and line style (orange 1.4B and yellow 12B look alike to many eyes).
        for i, (size, color, style) in enumerate(zip(sizes, SERIES_COLORS, SERIES_LINESTYLES)):
            right.plot(tokens[trained], c.values[i, trained], color=color, linestyle=style, linewidth=1.6,
                       label=f"{size / 1e9:.2g}B" if size >= 1e9 else f"{size / 1e6:.0f}M")
        right.axvline(tokens[j], color=OKABE_ITO["black"], linestyle=":", linewidth=1.2)
        for ax in (left, right):
            if chance is not None:
                ax.axhline(chance, color=OKABE_ITO["black"], linestyle="--", linewidth=1, label="chance")
            ax.set_xscale("log")
            ax.set_ylim(-0.02, 1.0)
            ax.grid(True, alpha=0.2)
            ax.set_ylabel(_PYTHIA_METRICS[metric], fontsize="small")
        left.set_xlim(sizes.min() / 1.5, sizes.max() * 1.5)
        left.set_xlabel("parameters N")
        left.set_title(f"after {tokens[j] / 1e9:.3g}B tokens (step {step:,})", fontsize="medium")
        right.set_xlim(tokens[trained].min(), tokens.max() * 1.5)
        right.set_xlabel("training tokens")
        right.set_title("every size through training", fontsize="medium")
        right.legend(loc="upper left", fontsize="x-small", ncols=2)

    return explore(
        draw,
        [Slider("metric", tuple(_PYTHIA_METRICS), label="metric", fmt=_PYTHIA_METRICS.get),
         Slider("step", _PYTHIA_STEPS, label="checkpoint (step)", fmt="{:,}", initial=143000)],
        alt="Pythia's score on a benchmark: left, against parameters (log axis) at one checkpoint; right, against "
            "training tokens (log axis) for each of the seven sizes, each in its own colour and line style, with a "
            "vertical dotted black line at that checkpoint",
        mode=mode, width=width, height=height, dpi=dpi, ncols=2,
    )
