"""Unit tests of scaling_lab.widgets: the mechanism (static frames and links, live redraw, mode resolution,
bad input) and the contract every registered explorer keeps."""

import matplotlib

matplotlib.use("Agg")

import base64
import io
import sys

import ipywidgets as widgets
import pytest
from ipywidgets.widgets.widget_link import Link
from PIL import Image

from scaling_lab.widgets import (
    ENV_VAR, EXPLORERS, FRAME_BUDGET, Explorer, Slider, explore, power_law_explorer, register_explorer,
    resolve_mode,
)

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


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in (ENV_VAR, "JPY_SESSION_NAME"):
        monkeypatch.delenv(name, raising=False)


def links_of(explorer):
    return [(link.source, link.target) for link in explorer.links]


def test_static_one_slider_one_distinct_png_per_value():
    ex = explore(draw_level, [Slider("level", [1, 2, 3, 4])], mode="static", **SMALL)
    assert isinstance(ex, Explorer) and isinstance(ex.widget, widgets.VBox)
    assert ex.mode == "static"
    assert len(ex.frames) == 4
    assert all(png.startswith(PNG_MAGIC) for png in ex.frames)
    assert len(set(ex.frames)) == 4  # every frame differs
    # Frames have the requested pixel size.
    assert Image.open(io.BytesIO(ex.frames[0])).size == (96, 64)
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


def test_power_law_explorer_static_frames():
    ex = power_law_explorer("static", exponents=[0.5, 1.0], coefficients=[1.0, 10.0],
                            width=240, height=120, dpi=40)
    assert list(ex.sliders) == ["exponent", "coefficient"]
    assert len(ex.frames) == 4 and len(set(ex.frames)) == 4
    assert "frames=4" in repr(ex)
    # Alt text describes the figure and names the frame's slider values.
    assert "slope -s" in ex.stack.children[1].children[0].value
    assert "exponent s = 1, coefficient C = 1)" in ex.stack.children[1].children[0].value


def test_power_law_explorer_default_frame_budget():
    # Checks the default slider values without drawing 21 frames.
    ex = power_law_explorer("live", initial_exponent=1.0, width=240, height=120, dpi=40)
    assert len(ex.values["exponent"]) * len(ex.values["coefficient"]) <= FRAME_BUDGET
    assert ex.current_values() == {"exponent": 1.0, "coefficient": 1.0}
    before = ex.image.value
    ex.sliders["exponent"].value = 2.0
    assert ex.image.value != before


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


@pytest.mark.parametrize("kwargs, match", [
    (dict(name="not valid", values=[1]), "identifier"),
    (dict(name="level", values=[]), "empty"),
    (dict(name="level", values="abc"), "sequence"),
    (dict(name="level", values=[1, 1]), "repeat"),
    (dict(name="level", values=[1.0, 1.0000001], fmt="{:.2f}"), "repeat"),
    (dict(name="level", values=[1, 2], initial=7), "initial"),
    (dict(name="level", values=[1, 2], label=3), "label"),
])
def test_slider_spec_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Slider(**kwargs)


def test_registry_rejects_explorers_without_the_contract_keywords():
    def no_size(mode="auto"):
        return None

    with pytest.raises(ValueError, match="width"):
        register_explorer(no_size)
    with pytest.raises(ValueError, match="registered already"):
        register_explorer(power_law_explorer)


# --------------------------------------------------------------------------- the contract of every explorer
CONTRACT_SIZE = dict(width=200, height=120, dpi=40)


@pytest.fixture(scope="module", params=sorted(EXPLORERS))
def registered(request):
    """Each registered explorer, drawn kernel-free at a small size, and its live form."""
    make = EXPLORERS[request.param]
    return request.param, make(mode="static", **CONTRACT_SIZE), make(mode="live", **CONTRACT_SIZE)


def test_every_explorer_keeps_the_contract(registered):
    name, static, live = registered
    n_frames = len(static.frames)
    assert 2 <= n_frames <= FRAME_BUDGET, f"{name}: {n_frames} frames"
    assert len(set(static.frames)) == n_frames, f"{name}: some frames are identical"
    # Alt text on every frame, naming that frame's slider values; none repeats.
    assert len(static.alt_texts) == n_frames and len(set(static.alt_texts)) == n_frames
    leaves = []
    nodes = [static.stack]
    while nodes:
        node = nodes.pop()
        if isinstance(node, widgets.Stack):
            nodes.extend(node.children)
        else:
            leaves.append(node.value)
    assert len(leaves) == n_frames and all('alt="' in leaf and 'alt=""' not in leaf for leaf in leaves)
    for spec in static.specs:
        assert all(f"{spec.text} = " in text for text in static.alt_texts), f"{name}: alt misses {spec.text}"
    # Fixed axes: every frame has the same scales and limits.
    assert len(set(static.axis_limits)) == 1, f"{name}: axis limits move between frames"
    # The live form opens on the same picture as the kernel-free one.
    assert live.visible_frame == static.initial_frame, f"{name}: live and static first frames differ"


def test_contract_detects_moving_axes():
    def autoscaled(ax, level):
        ax.plot([0, 1], [0, level])  # no limits set: matplotlib autoscales to the curve

    ex = explore(autoscaled, [Slider("level", [1, 2, 3])], mode="static", **SMALL)
    assert len(set(ex.axis_limits)) == 3


def test_bad_env_var_and_power_law_input(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "sometimes")
    with pytest.raises(ValueError, match=ENV_VAR):
        resolve_mode()
    with pytest.raises(ValueError, match="exponents"):
        power_law_explorer("live", exponents=[])
    with pytest.raises(ValueError, match="coefficients"):
        power_law_explorer("live", coefficients=[1.0, -2.0])
    with pytest.raises(ValueError, match="max_rank"):
        power_law_explorer("live", max_rank=2)
    with pytest.raises(ValueError, match="initial"):
        power_law_explorer("live", initial_exponent=0.3)
