"""Explorers of the chapter "Nonparametric regression and intrinsic dimension" (``book/nonparametric.md``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scaling_lab._validate import as_int, as_positive_scalar
from scaling_lab.experiments.box_regression import best_box_width, box_regression_theory, fit_box_average
from scaling_lab.experiments.manifold_data import ManifoldData
from scaling_lab.plotting import OKABE_ITO, loglog_axes, plot_fit, plot_points
from scaling_lab.widgets._slider_values import int_values
from scaling_lab.widgets.core import Explorer, explore
from scaling_lab.widgets.spec import Slider, register_explorer

__all__ = ["box_width_explorer"]

#: Boxes per side on the risk curve of the right panel (widths 1/m).
_CURVE_BOXES = np.array(sorted({int(b) for b in np.geomspace(2, 1024, 40)}))


def _risk(train_x, labels, test_x, test_f, m) -> float:
    """Measured test risk (mean squared error against f) of the box average with m boxes per side."""
    return float(np.mean((fit_box_average(train_x, labels, 1.0 / m).predict(test_x) - test_f) ** 2))


@register_explorer
def box_width_explorer(mode: str = "auto", *, boxes: Sequence[int] | None = None,
                       sample_sizes: Sequence[int] | None = None, noise: float = 0.5, seed: int = 0,
                       width: int = 760, height: int = 340, dpi: float = 80) -> Explorer:
    r"""Box averaging in one dimension: the fitted steps (left) and the bias-variance U-curve (right).

    .. math:: \hat f(x) = \text{mean of the labels in the box of } x, \qquad
              R(h, n) \approx a h^2 + \frac{\sigma^2}{n h}

    Data: :class:`~scaling_lab.experiments.manifold_data.ManifoldData` in one dimension,
    :math:`f(t) = \sqrt2 \sin 2\pi t`, labels with noise :math:`\sigma`; a frame fits
    :func:`~scaling_lab.experiments.box_regression.fit_box_average` with m boxes of width
    :math:`h = 1/m` to the first n points.  The right panel shows the measured risk (mean squared
    error against f on 4,096 fresh points) over many widths at this n, the approximation
    :func:`~scaling_lab.experiments.box_regression.box_regression_theory` and its best width
    :func:`~scaling_lab.experiments.box_regression.best_box_width`.  Few wide boxes: large bias;
    many narrow ones: large variance.

    Parameters
    ----------
    mode : {"auto", "live", "static"}
    boxes : sequence of int, optional
        Boxes per side m, each >= 1 (default 2, 4, 8, 16, 32, 64, 128, 256).
    sample_sizes : sequence of int, optional
        Training-set sizes n, each >= 2 (default 1,024 and 65,536).
    noise : float
        Label noise standard deviation > 0 (default 0.5).
    seed : int
        Seed of the training and test draws.
    width, height, dpi : see :func:`~scaling_lab.widgets.core.explore`.

    Returns
    -------
    Explorer
        Static mode with the defaults holds 8 x 2 = 16 frames.
    """
    boxes = int_values([2, 4, 8, 16, 32, 64, 128, 256] if boxes is None else boxes, "boxes", 1)
    sizes = int_values([1024, 65536] if sample_sizes is None else sample_sizes, "sample_sizes", 2)
    noise = as_positive_scalar(noise, "noise")
    seed = as_int(seed, "seed", minimum=0)
    data = ManifoldData(1, noise=noise)
    train_x, train_f, train_y = data.sample(max(sizes), seed=seed)
    test_x, test_f, _ = data.sample(4096, seed=seed + 1)
    order = np.argsort(test_x[:, 0])
    grid_x, grid_f = test_x[order, 0], test_f[order]
    curve_m = np.union1d(_CURVE_BOXES, boxes)
    curves = {n: np.array([_risk(train_x[:n], train_y[:n], test_x, test_f, m) for m in curve_m]) for n in sizes}
    # (risk, squared bias): the bias is measured by fitting the noise-free values of f.
    frames = {(m, n): (_risk(train_x[:n], train_y[:n], test_x, test_f, m),
                       _risk(train_x[:n], train_f[:n], test_x, test_f, m)) for m in boxes for n in sizes}
    shown = {n: np.random.default_rng(seed).permutation(n)[:400] for n in sizes}
    # Axis limits from every frame's data.
    h_min, h_max = 1.0 / (curve_m.max() * 1.3), 0.7
    r_low = min(min(c.min() for c in curves.values()), min(v[0] for v in frames.values())) / 2
    r_high = max(c.max() for c in curves.values()) * 2
    y_lim = float(np.max(np.abs(train_y[:max(shown[n].size for n in sizes)])))

    def draw(axes, n_boxes, n_samples):
        left, right = axes
        h = 1.0 / n_boxes
        model = fit_box_average(train_x[:n_samples], train_y[:n_samples], h)
        idx = shown[n_samples]
        left.plot(train_x[idx, 0], train_y[idx], linestyle="none", marker=".", markersize=3,
                  color=OKABE_ITO["sky_blue"], label=f"{idx.size} of the {n_samples:,} noisy labels")
        left.plot(grid_x, grid_f, color=OKABE_ITO["black"], linewidth=1.5, label="true f")
        left.plot(grid_x, model.predict(grid_x), color=OKABE_ITO["vermillion"], linewidth=2,
                  drawstyle="steps-mid", label=f"box average, {n_boxes} boxes")
        left.set_xlim(0, 1)
        left.set_ylim(-y_lim, y_lim)
        left.set_xlabel("x")
        left.set_ylabel("label y")
        left.legend(loc="lower left", fontsize="small")
        risk, bias2 = frames[(n_boxes, n_samples)]
        left.set_title(f"n = {n_samples:,}: bias² {bias2:.4f} + variance {max(risk - bias2, 0):.4f} "
                       f"≈ risk {risk:.4f}", fontsize="medium")
        loglog_axes(right, xlabel="box width h = 1/m", ylabel="risk (mean squared error vs f)")
        plot_fit(lambda w: box_regression_theory(n_samples, w, dimension=1, noise=noise), h_min, h_max, ax=right,
                 color=OKABE_ITO["black"], linestyle="--", linewidth=1.2, label=r"theory $ah^2 + \sigma^2/(nh)$")
        plot_points(1.0 / curve_m, curves[n_samples], ax=right, color=OKABE_ITO["blue"], markersize=4,
                    label="measured, every width")
        plot_points([h], [risk], ax=right, color=OKABE_ITO["vermillion"], marker="D", markersize=9,
                    label="this width")
        right.axvline(best_box_width(n_samples, dimension=1, noise=noise), color=OKABE_ITO["bluish_green"],
                      linestyle=":", linewidth=2, label="best width h*")
        right.set_xlim(h_min, h_max)
        right.set_ylim(r_low, r_high)
        right.legend(loc="lower right", fontsize="small")

    return explore(
        draw,
        [Slider("n_boxes", boxes, label="boxes m", initial=boxes[len(boxes) // 2]),
         Slider("n_samples", sizes, label="training points n", fmt="{:,}")],
        alt="Left: noisy samples of a sine-shaped function on [0, 1], the true function, and the step function "
            "of box averages. Right: the risk of box averaging against the box width on log-log axes, a U-shaped "
            "curve of measured points with the bias-variance approximation (dashed), the current width marked "
            "with a diamond and the best width with a dotted line",
        mode=mode, width=width, height=height, dpi=dpi, ncols=2,
    )
