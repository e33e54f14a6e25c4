"""Tests of scaling_lab.plotting.figures: what each helper draws (log axes, points, a fitted law, a
rank-frequency plot), that series never differ by colour alone, and bad input.
"""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex

from scaling_lab.plotting import SERIES_COLORS, loglog_axes, new_figure, plot_fit, plot_points, plot_rank_frequency


class PowerLaw:
    """Minimal fit-like object: y = C x^(-s)."""

    def __init__(self, coefficient=2.0, exponent=0.5):
        self.coefficient = coefficient
        self.exponent = exponent

    def predict(self, x):
        return self.coefficient * np.asarray(x, dtype=float) ** (-self.exponent)


def test_loglog_axes_sets_scales_and_labels():
    ax = loglog_axes(xlabel="parameters N", ylabel="loss (nats/token)", title="t")
    assert isinstance(ax, Axes)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax.get_xlabel() == "parameters N"
    assert ax.get_ylabel() == "loss (nats/token)"
    assert ax.get_title() == "t"


def test_loglog_axes_reuses_given_axes():
    fig = new_figure()
    ax = fig.axes[0]
    assert loglog_axes(ax, xlabel="x", ylabel="y") is ax


def test_plot_points_draws_the_data_with_palette_colours():
    x = np.array([1.0, 10.0, 100.0])
    y = np.array([3.0, 1.0, 0.3])
    ax = plot_points(x, y, label="a")
    plot_points(x, 2 * y, ax=ax, label="b")
    first, second = ax.lines
    np.testing.assert_array_equal(first.get_xdata(), x)
    np.testing.assert_array_equal(second.get_ydata(), 2 * y)
    assert first.get_linestyle() == "None"
    # Two series on one axes get the first two series colours, which differ.
    assert to_hex(first.get_color()).upper() == SERIES_COLORS[0].upper()
    assert to_hex(second.get_color()).upper() == SERIES_COLORS[1].upper()
    assert ax.get_xscale() == "log"


def test_plot_points_linear_allows_negative_values():
    ax = plot_points([-1, 0, 1], [-2, 0, 2], loglog=False, color="#000000")
    assert ax.get_xscale() == "linear"
    assert to_hex(ax.lines[0].get_color()) == "#000000"


def test_plot_fit_follows_predict_on_a_log_grid():
    fit = PowerLaw(2.0, 0.5)
    ax = plot_fit(fit, 1.0, 1e4, n=50, label="fit")
    line = ax.lines[0]
    x, y = line.get_xdata(), line.get_ydata()
    assert len(x) == 50
    assert x[0] == pytest.approx(1.0) and x[-1] == pytest.approx(1e4)
    # Log spacing: constant ratio between neighbours (exact up to float rounding).
    np.testing.assert_allclose(x[1:] / x[:-1], (1e4) ** (1 / 49), rtol=1e-12)
    np.testing.assert_allclose(y, 2.0 * x**-0.5, rtol=1e-12)


def test_plot_fit_draws_any_callable_law():
    from scaling_lab.laws import kaplan_loss_n

    ax = plot_fit(kaplan_loss_n, 1e6, 1e10, n=20)
    x, y = ax.lines[0].get_xdata(), ax.lines[0].get_ydata()
    np.testing.assert_allclose(y, kaplan_loss_n(x), rtol=1e-12)
    ax = plot_fit(lambda n: 3.0 * n**-1.0, 1.0, 10.0, n=5, ax=ax)
    np.testing.assert_allclose(ax.lines[1].get_ydata(), 3.0 / ax.lines[1].get_xdata(), rtol=1e-12)
    with pytest.raises(ValueError, match="law"):
        plot_fit(lambda n: n[:2], 1.0, 10.0)  # wrong shape


def test_plot_rank_frequency_sorts_and_truncates():
    freqs = np.array([5.0, 100.0, 20.0, 1.0, 50.0])
    ax = plot_rank_frequency(freqs, max_rank=3)
    line = ax.lines[0]
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(line.get_ydata(), [100.0, 50.0, 20.0])
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert "rank" in ax.get_xlabel()


def test_plot_rank_frequency_handles_many_points_as_one_line():
    rng = np.random.default_rng(0)
    freqs = rng.zipf(2.0, size=20_000).astype(float)
    ax = plot_rank_frequency(freqs)
    assert len(ax.lines) == 1
    assert len(ax.lines[0].get_xdata()) == 20_000
    assert ax.lines[0].get_marker() in (None, "None", "")  # no markers for 10^4 points
    assert np.all(np.diff(ax.lines[0].get_ydata()) <= 0)


@pytest.mark.parametrize("bad", [np.nan, np.inf, 0.0, -1.0])
def test_plot_points_rejects_bad_values_on_log_axes(bad):
    with pytest.raises(ValueError, match="y"):
        plot_points([1.0, 2.0], [1.0, bad])


def test_plot_points_rejects_mismatched_shapes_and_bad_colour():
    with pytest.raises(ValueError, match="same shape"):
        plot_points([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="color"):
        plot_points([1.0], [1.0], color="not-a-colour")
    with pytest.raises(ValueError, match="ax"):
        plot_points([1.0], [1.0], ax="axes")


def test_plot_fit_rejects_bad_input():
    with pytest.raises(ValueError, match="law"):
        plot_fit(object(), 1, 10)
    with pytest.raises(ValueError, match="x_min"):
        plot_fit(PowerLaw(), 0, 10)
    with pytest.raises(ValueError, match="x_max"):
        plot_fit(PowerLaw(), 10, 1)
    with pytest.raises(ValueError, match="x_max"):
        plot_fit(PowerLaw(), 1, np.inf)
    with pytest.raises(ValueError, match="n"):
        plot_fit(PowerLaw(), 1, 10, n=1)

    class Broken:
        def predict(self, x):
            return np.full_like(x, np.nan)

    with pytest.raises(ValueError, match="law"):
        plot_fit(Broken(), 1, 10)


def test_plot_rank_frequency_rejects_bad_input():
    with pytest.raises(ValueError, match="frequencies"):
        plot_rank_frequency([])
    with pytest.raises(ValueError, match="frequencies"):
        plot_rank_frequency([3.0, 0.0])
    with pytest.raises(ValueError, match="frequencies"):
        plot_rank_frequency([[1.0, 2.0]])
    with pytest.raises(ValueError, match="max_rank"):
        plot_rank_frequency([1.0, 2.0], max_rank=0)


def test_loglog_axes_rejects_bad_input():
    with pytest.raises(ValueError, match="xlabel"):
        loglog_axes(xlabel="", ylabel="y")
    with pytest.raises(ValueError, match="title"):
        loglog_axes(xlabel="x", ylabel="y", title=3)


# --------------------------------------------------------------------------- never colour alone
def _look(line):
    """What tells a series apart besides its colour: its line style and its marker."""
    # Line2D reports every custom dash pattern as "--"; its dash pattern (offset, on-off lengths) tells them apart.
    dashes = getattr(line, "_unscaled_dash_pattern", None)
    return (str(dashes) if line.get_linestyle() not in ("None", "none", "") else "no line",
            str(line.get_marker()) if line.get_marker() not in (None, "None", "none", "") else "no marker")


@pytest.mark.parametrize("draw", ["points", "fit", "rank_frequency", "mixed"])
def test_series_never_differ_by_colour_alone(draw):
    """Seven series on one axes with the helpers' defaults: every pair differs in colour AND in style."""
    import numpy as np

    from scaling_lab.plotting import (OKABE_ITO, new_figure, plot_fit, plot_points, plot_rank_frequency)

    ax = new_figure().axes[0]
    x = np.geomspace(1, 100, 20)
    for k in range(7):
        kind = draw if draw != "mixed" else ("points", "fit", "rank_frequency")[k % 3]
        if kind == "points":
            plot_points(x, x ** -(0.5 + k / 10), ax=ax)
        elif kind == "fit":
            plot_fit(lambda n, k=k: n ** -(0.5 + k / 10), 1, 100, ax=ax)
        else:
            plot_rank_frequency(x ** -(0.5 + k / 10), ax=ax)
    lines = ax.lines
    assert len(lines) == 7
    colours = [line.get_color() for line in lines]
    assert len(set(colours)) == 7 and set(colours) <= set(OKABE_ITO.values())
    looks = [_look(line) for line in lines]
    assert len(set(looks)) == len(looks), f"series told apart by colour alone: {looks}"


def test_caller_choices_win_over_the_cycles():
    import numpy as np

    from scaling_lab.plotting import new_figure, plot_fit, plot_points

    ax = new_figure().axes[0]
    plot_points([1, 2], [1, 2], ax=ax)
    plot_points([1, 2], [2, 3], ax=ax, marker="o")
    plot_fit(np.sqrt, 1, 2, ax=ax, ls=":")
    assert [line.get_marker() for line in ax.lines[:2]] == ["o", "o"]
    assert ax.lines[2].get_linestyle() == ":"
