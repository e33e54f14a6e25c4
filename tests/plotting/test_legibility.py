"""Tests of scaling_lab.plotting.legibility: text no smaller than 10 px at the page's width, PNGs at twice the
pixels with their records, and the marker and line-style words a figure makes true.
"""

import base64
import io

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from PIL import Image

from scaling_lab.plotting import legibility, new_figure
from scaling_lab.plotting.style import style_grid


def _figure(width, dpi=100, legend_size="x-small"):
    fig = new_figure(width=width, height=3, dpi=dpi)
    ax = fig.axes[0]
    ax.plot([1, 2, 3], [3, 1, 2], label="a")
    ax.legend(fontsize=legend_size)
    return fig


def test_smallest_text_px_is_points_times_dpi_over_72_times_the_shrink():
    # A 6-inch figure at dpi 100 is 600 px, narrower than the page: shown 1:1. x-small is 0.694 x 10 pt.
    fig = _figure(6)
    assert legibility.smallest_text_px(fig) == pytest.approx(6.94 * 100 / 72, rel=1e-3)
    # A 10-inch figure (1000 px) is shrunk to the page's 672 px.
    wide = _figure(10, legend_size=12)
    assert legibility.smallest_text_px(wide) == pytest.approx(10 * 100 / 72 * 672 / 1000, rel=1e-3)  # the ticks
    assert legibility.smallest_text_px(wide, page_width_px=1000) == pytest.approx(10 * 100 / 72, rel=1e-3)


def test_legible_png_raises_small_text_to_the_floor_and_doubles_the_pixels():
    fig = _figure(10)
    assert legibility.smallest_text_px(fig) < legibility.MIN_TEXT_PX  # x-small in a shrunk figure: about 6.5 px
    png = legibility.legible_png(fig)
    assert legibility.smallest_text_px(fig) >= legibility.MIN_TEXT_PX
    assert Image.open(io.BytesIO(png)).size == (2000, 600)
    records = legibility.png_records(png)
    # Recorded in PNG pixels: 10 CSS px at the page are 10 / (672/1000) CSS px drawn, twice as many PNG px.
    assert records["text_px"] / 2 * 672 / 1000 == pytest.approx(10, abs=0.01)
    assert "solid" in records["styles"]


def test_a_faster_compression_draws_the_same_pixels_and_records():
    fast, default = (legibility.legible_png(_figure(6), compress_level=level) for level in (1, 6))
    assert len(fast) > len(default)  # zlib's fastest level: a bigger file ...
    pixels = [np.asarray(Image.open(io.BytesIO(png)).convert("RGBA")) for png in (fast, default)]
    assert np.array_equal(*pixels)  # ... of the same picture
    assert legibility.png_records(fast) == legibility.png_records(default)


def test_notebook_png_is_shown_at_half_its_pixels():
    fig = _figure(6)
    data, size = legibility.notebook_png(fig)
    image = Image.open(io.BytesIO(base64.b64decode(data)))
    assert size == {"width": image.size[0] // 2}  # no height: the page may shrink it, keeping its shape
    assert 560 < size["width"] <= 620  # a tight box around a 600-px figure
    assert legibility.png_records(base64.b64decode(data))["text_px"] >= 2 * legibility.MIN_TEXT_PX


def test_drawn_styles_name_markers_and_lines_but_not_the_grid():
    fig = new_figure()
    ax = fig.axes[0]
    style_grid(ax)  # solid grid lines: not a drawn style
    ax.plot([1, 2, 3], [1, 2, 3], marker="^", linestyle="--")
    ax.plot([1, 2, 3], [2, 3, 1], marker="o", markerfacecolor="none", linestyle=":")
    ax.scatter([1, 2], [1, 2], marker="s")
    ax.axhline(1, linestyle="-.")
    assert legibility.drawn_styles(fig) == {"triangle", "filled triangle", "dashed", "circle", "open circle", "dotted",
                                       "square", "filled square", "dash-dot"}


@pytest.mark.parametrize("text, styles, wrong", [
    ("Ten small runs (dots)", {"triangle", "filled triangle"}, ["dots"]),
    ("Ten small runs (dots)", {"circle", "filled circle"}, []),
    ("four filled circles and open squares", {"circle", "filled circle", "square", "filled square"},
     ["open squares"]),
    ("both laws (dashed); the curves cross at 3 nats of cross-entropy", {"solid"}, ["dashed"]),
    ("the squared error of a star (dotted)", {"star", "filled star", "dotted"}, []),
    ("diverged runs marked as crosses", {"circle"}, ["as crosses"]),
    ("points (circles) and the least-squares line; least squares", {"circle", "filled circle"}, []),
])
def test_undrawn_style_words(text, styles, wrong):
    assert legibility.undrawn_style_words(text, styles) == wrong


def test_legibility_helpers_reject_bad_input():
    with pytest.raises(ValueError, match="fig"):
        legibility.smallest_text_px("not a figure")
    with pytest.raises(ValueError, match="natural_width_px"):
        legibility.shown_scale(0)
    with pytest.raises(ValueError, match="min_px"):
        legibility.raise_small_text(_figure(6), min_px=float("nan"))
    with pytest.raises(ValueError, match="density"):
        legibility.legible_png(_figure(6), density=0)
    for level in (-1, 10, 2.5):
        with pytest.raises(ValueError, match="compress_level"):
            legibility.legible_png(_figure(6), compress_level=level)
    with pytest.raises(ValueError, match="text"):
        legibility.undrawn_style_words(None, set())


@pytest.mark.parametrize("label, plain", [
    (r"$\mathdefault{10^{-2}}$", "10⁻²"), (r"$\mathdefault{10^{21}}$", "10²¹"),
    (r"$\mathdefault{2\times10^{5}}$", "2×10⁵"), (r"$\mathdefault{-10^{3}}$", "−10³"),
    (r"$\mathdefault{2^{3}}$", "2³"), ("0.5", "0.5"), (r"$\mathdefault{\alpha^{2}}$", r"$\mathdefault{\alpha^{2}}$"),
])
def test_plain_power_label(label, plain):
    assert legibility.plain_power_label(label) == plain
    with pytest.raises(ValueError, match="label"):
        legibility.plain_power_label(3.0)


def test_log_axes_are_labelled_in_plain_text_and_a_formatter_of_the_figures_own_is_kept():
    from matplotlib.ticker import FuncFormatter

    fig = new_figure(width=6, height=3)
    ax = fig.axes[0]
    ax.loglog([1e2, 1e6], [2e-3, 5e-3])  # the y range is under a decade: minor labels such as 3×10⁻³
    own = FuncFormatter(lambda x, pos: f"{x:g}")
    ax.xaxis.set_major_formatter(own)
    legibility.legible_png(fig)
    assert ax.xaxis.get_major_formatter() is own
    ax.figure.draw_without_rendering()
    labels = [t.get_text() for t in ax.yaxis.get_ticklabels(which="both") if t.get_text()]
    assert labels and not any("$" in label for label in labels), labels
    assert any("×10⁻³" in label for label in labels), labels


def _count_draws(monkeypatch):
    from matplotlib.figure import Figure

    draws = []
    original = Figure.draw

    def counted(self, renderer):
        draws.append(renderer)
        return original(self, renderer)

    monkeypatch.setattr(Figure, "draw", counted)
    return draws


def test_legible_png_draws_a_figure_once_unless_its_drawing_changes_something(monkeypatch):
    # Small text is raised before drawing: one drawing, the PNG's, where three were made before.
    draws = _count_draws(monkeypatch)
    fig = _figure(10)
    fig.set_layout_engine(None)
    png = legibility.legible_png(fig)
    assert len(draws) == 1
    assert legibility.png_records(png)["text_px"] / 2 * 672 / 1000 == pytest.approx(10, abs=0.01)
    # A figure with a layout engine: only the two drawings matplotlib's savefig makes (layout, then pixels).
    draws.clear()
    legibility.legible_png(_figure(10))
    assert len(draws) == 2
    # Minor labels of a log axis that run into each other at the raised size go, and the PNG is drawn again.
    draws.clear()
    crowded = new_figure(width=2.5, height=3, dpi=100)
    crowded.set_layout_engine(None)
    crowded.axes[0].semilogx([1.1e-3, 9e-3], [0, 1])
    crowded.axes[0].tick_params(which="both", labelsize=4)
    legibility.legible_png(crowded)
    assert len(draws) == 2
    assert not any(t.get_text() for t in crowded.axes[0].xaxis.get_ticklabels(minor=True))
    assert all(t.get_fontsize() >= 10 * 72 / 100 - 1e-9 for t in crowded.axes[0].xaxis.get_ticklabels())
