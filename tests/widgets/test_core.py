"""Tests of scaling_lab.widgets.core: the mechanism of an explorer (static frames and the links that show
them, live redraw, mode resolution, bad input).

The contract every registered explorer keeps is tested in test_spec.py, where the registry lives.
"""

import matplotlib

matplotlib.use("Agg")

import base64
import io
import sys

import ipywidgets as widgets
import pytest
from ipywidgets.widgets.widget_link import Link
from PIL import Image

from scaling_lab.widgets.core import _make_renderer
from scaling_lab.widgets import ENV_VAR, Explorer, Slider, explore, resolve_mode

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def draw_level(ax, level):
    """A frame whose pixels depend on ``level``."""
    ax.bar([0], [level], color="#0072B2")
    ax.set_ylim(0, 5)
    ax.set_title(f"level {level}")


def draw_two(ax, height, colour):
    ax.bar([0], [height], color=colour)
    ax.set_ylim(0, 5)


SMALL = dict(width=96, height=64, dpi=32, alt="Figure")  # tiny frames keep the suite fast


def links_of(explorer):
    return [(link.source, link.target) for link in explorer.links]


def test_static_one_slider_one_distinct_png_per_value():
    ex = explore(draw_level, [Slider("level", [1, 2, 3, 4])], mode="static", **SMALL)
    assert isinstance(ex, Explorer) and isinstance(ex.widget, widgets.VBox)
    assert ex.mode == "static"
    assert len(ex.frames) == 4
    assert all(png.startswith(PNG_MAGIC) for png in ex.frames)
    assert len(set(ex.frames)) == 4  # every frame differs
    # Frames have twice the requested pixel size (shown at that size: sharp on high-density screens).
    assert Image.open(io.BytesIO(ex.frames[0])).size == (192, 128)
    # The Stack holds one <img> per frame, in slider order, with alt text naming the value.
    for png, child, level in zip(ex.frames, ex.stack.children, [1, 2, 3, 4]):
        assert isinstance(child, widgets.HTML)
        assert base64.b64encode(png).decode() in child.value
        assert f'alt="Figure (level = {level})"' in child.value
    assert ex.frame(level=3) == ex.frames[2]


def test_static_links_slider_index_to_stack_selected_index():
    ex = explore(draw_level, [Slider("level", [1, 2, 3])], mode="static", **SMALL)
    slider = ex.sliders["level"]
    assert isinstance(slider, widgets.SelectionSlider)
    assert isinstance(ex.links[0], Link)
    assert links_of(ex) == [((slider, "index"), (ex.stack, "selected_index"))]
    # The slider and the figure are both children of the explorer.
    assert slider in ex.children and ex.stack in ex.children


def test_static_two_sliders_nest_stacks_with_n1_times_n2_frames():
    ex = explore(draw_two, [Slider("height", [1, 2, 3]), Slider("colour", ["#0072B2", "#D55E00"])], mode="static",
                 **SMALL)
    assert len(ex.frames) == 6 and len(set(ex.frames)) == 6
    outer = ex.stack
    assert len(outer.children) == 3
    assert all(isinstance(inner, widgets.Stack) and len(inner.children) == 2 for inner in outer.children)
    h, c = ex.sliders["height"], ex.sliders["colour"]
    pairs = links_of(ex)
    assert ((h, "index"), (outer, "selected_index")) in pairs
    for inner in outer.children:
        assert ((c, "index"), (inner, "selected_index")) in pairs
    # Row-major order: the last slider varies fastest.
    assert ex.frames[2] == ex.frame(height=2, colour="#0072B2")
    assert base64.b64encode(ex.frames[2]).decode() in outer.children[1].children[0].value
    # Moving the Stacks (as the browser link does) changes the visible frame.
    outer.selected_index, outer.children[2].selected_index = 2, 1
    assert ex.visible_frame == ex.frames[5]


def test_initial_value_and_labels():
    ex = explore(draw_level, [Slider("level", [1.0, 2.5, 4.0], label="level L", fmt="{:.1f}", initial=2.5)],
                 mode="static", **SMALL)
    slider = ex.sliders["level"]
    assert slider.index == 1 and ex.stack.selected_index == 1
    assert slider.description == "level L"
    assert [label for label, _ in slider.options] == ["1.0", "2.5", "4.0"]
    assert ex.visible_frame == ex.frames[1] == ex.initial_frame
    assert ex.alt_texts[1] == "Figure (level L = 2.5)"


def test_play_button_is_linked_to_first_slider():
    ex = explore(draw_level, [Slider("level", [1, 2])], mode="static", play=True, **SMALL)
    assert isinstance(ex.play, widgets.Play) and ex.play.max == 1
    assert ((ex.play, "value"), (ex.sliders["level"], "index")) in links_of(ex)


def test_live_mode_redraws_on_value_change():
    calls = []

    def draw(ax, level):
        calls.append(level)
        draw_level(ax, level)

    ex = explore(draw, [Slider("level", [1, 2, 3])], mode="live", **SMALL)
    assert ex.mode == "live" and ex.frames == [] and ex.stack is None
    assert calls == [1]  # live mode draws only the frame shown
    before = ex.image.value
    ex.sliders["level"].value = 3
    assert calls == [1, 3]
    assert ex.image.value != before and ex.visible_frame.startswith(PNG_MAGIC)
    assert base64.b64encode(ex.visible_frame).decode() in ex.image.value
    ex.sliders["level"].value = 1  # cached: no new draw, first frame back
    assert calls == [1, 3] and ex.image.value == before


def test_live_and_static_draw_the_same_pixels():
    live = explore(draw_level, [Slider("level", [1, 2])], mode="live", **SMALL)
    static = explore(draw_level, [Slider("level", [1, 2])], mode="static", **SMALL)
    assert live.visible_frame == static.frames[0]  # same renderer, deterministic PNG bytes


def test_ncols_and_pass_figure_give_draw_the_right_object():
    seen = {}

    def draw_axes(axes, k):
        seen["axes"] = axes
        for ax in axes:
            ax.plot([0, 1], [0, k])

    def draw_fig(fig, k):
        seen["fig"] = fig
        fig.subplots().plot([0, 1], [0, k])

    explore(draw_axes, [Slider("k", [1])], mode="live", ncols=2, **SMALL)
    assert isinstance(seen["axes"], tuple) and len(seen["axes"]) == 2
    explore(draw_fig, Slider("k", [1]), mode="live", pass_figure=True, **SMALL)
    assert isinstance(seen["fig"], matplotlib.figure.Figure) and len(seen["fig"].axes) == 1


@pytest.mark.parametrize("env, expected", [("live", "live"), ("static", "static"), ("STATIC", "static")])
def test_env_var_wins(monkeypatch, env, expected):
    monkeypatch.setenv("JPY_SESSION_NAME", "x.ipynb")
    monkeypatch.setenv(ENV_VAR, env)
    assert resolve_mode("auto") == expected


def test_auto_mode_detects_front_ends(monkeypatch):
    assert resolve_mode() == "static"  # plain kernel (nbclient, pytest): kernel-free form
    monkeypatch.setenv("JPY_SESSION_NAME", "lab.ipynb")
    assert resolve_mode() == "live"
    monkeypatch.delenv("JPY_SESSION_NAME")
    monkeypatch.setitem(sys.modules, "google.colab", object())
    assert resolve_mode() == "live"
    monkeypatch.delitem(sys.modules, "google.colab")
    monkeypatch.setattr(sys, "platform", "emscripten")
    assert resolve_mode() == "live"


def test_explicit_mode_ignores_env(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "live")
    assert resolve_mode("static") == "static"
    ex = explore(draw_level, [Slider("level", [1])], **SMALL)
    assert ex.mode == "live"


ONE = [Slider("level", [1])]


@pytest.mark.parametrize("kwargs, name", [
    (dict(draw=42, sliders=ONE, alt="x"), "draw"),
    (dict(draw=draw_level, sliders=[], alt="x"), "sliders"),
    (dict(draw=draw_level, sliders={"level": [1]}, alt="x"), "sliders"),
    (dict(draw=draw_level, sliders=["level"], alt="x"), "sliders"),
    (dict(draw=draw_level, sliders=[Slider("level", [1]), Slider("level", [2])], alt="x"), "distinct"),
    (dict(draw=draw_level, sliders=ONE, alt=""), "alt"),
    (dict(draw=draw_level, sliders=ONE, alt=None), "alt"),
    (dict(draw=draw_level, sliders=ONE, alt="x", mode="fast"), "mode"),
    (dict(draw=draw_level, sliders=ONE, alt="x", width=0), "width"),
    (dict(draw=draw_level, sliders=ONE, alt="x", dpi=float("nan")), "dpi"),
    (dict(draw=draw_level, sliders=ONE, alt="x", png_colors=1000), "png_colors"),
    (dict(draw=draw_level, sliders=[Slider("level", range(10))], alt="x", max_frames=5, mode="static"),
     "max_frames"),
])
def test_explore_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        explore(**kwargs)


def test_alt_text_is_required():
    with pytest.raises(TypeError, match="alt"):
        explore(draw_level, ONE)  # no alt: a figure without a description cannot be built


def test_bad_env_var(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "sometimes")
    with pytest.raises(ValueError, match=ENV_VAR):
        resolve_mode()


def test_frames_after_the_first_keep_its_layout():
    # The constrained layout is found for the first frame and reused: redrawing the first frame's
    # values through the reused layout gives the same pixels, and a frame with a taller title
    # leaves the axes where they were (the bar's top stays in the same pixel row; laid out afresh,
    # the second line of the title would push it down).
    def draw(ax, title):
        ax.bar([0], [3], color="#0072B2", width=2)
        ax.set_xlim(-1, 1)
        ax.set_ylim(0, 5)
        ax.set_title(title)

    render = _make_renderer(draw, width=240, height=160, dpi=48, ncols=1, pass_figure=False, png_colors=None)
    frames = [render({"title": title})[0] for title in ("a", "a\ntwo-line title", "a")]
    assert frames[0] == frames[2] != frames[1]

    def blue_rows(png):
        rgb = Image.open(io.BytesIO(png)).convert("RGB")
        return [y for y in range(rgb.height) if rgb.getpixel((rgb.width // 2, y)) == (0, 114, 178)]

    assert blue_rows(frames[1]) == blue_rows(frames[0]) != []


def test_a_frame_with_other_axes_is_laid_out_afresh():
    def draw(fig, n):
        for ax in fig.subplots(1, n, squeeze=False)[0]:
            ax.plot([0, 1], [0, 1])

    ex = explore(draw, [Slider("n", [1, 2])], mode="static", pass_figure=True, **SMALL)
    assert len(set(ex.frames)) == 2
    assert all(Image.open(io.BytesIO(png)).size == (192, 128) for png in ex.frames)
