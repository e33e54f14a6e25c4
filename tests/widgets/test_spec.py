"""Tests of scaling_lab.widgets.spec: slider specs, the registry of explorers, and the contract every
registered explorer keeps.

The contract test draws every registered explorer kernel-free at a small size and checks distinct frames,
the frame budget, alt text naming each frame's slider values, fixed axes, and that the live form opens on
the same picture; a companion test shows the fixed-axes check can fail.  A new explorer needs no test of
its own for this; the tests of each page's module (test_<page>.py) add its bad input and behaviours.
"""

import matplotlib

matplotlib.use("Agg")

import io

import ipywidgets as widgets
import pytest
from PIL import Image

from scaling_lab.plotting import legibility
from scaling_lab.widgets.spec import power_of_ten, power_of_two

from scaling_lab.widgets import EXPLORERS, FRAME_BUDGET, Slider, explore, power_law_explorer, register_explorer

SMALL = dict(width=96, height=64, dpi=32, alt="Figure")  # tiny frames keep the suite fast


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


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_every_explorer_keeps_the_contract_and_every_frame_is_legible(name):
    """One drawing of each explorer serves both checks (two tests drew each explorer twice when the two
    pytest workers took one each, a third of the unit tests' time)."""
    make = EXPLORERS[name]
    static, live = make(mode="static", **CONTRACT_SIZE), make(mode="live", **CONTRACT_SIZE)
    _keeps_the_contract(name, static, live)
    _every_frame_is_legible_and_its_alt_text_names_what_it_draws(name, static)


def _keeps_the_contract(name, static, live):
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


def _every_frame_is_legible_and_its_alt_text_names_what_it_draws(name, static):
    """Frames at twice the pixels, no text under 10 px at the page's width, and the alt text's marker and
    line-style words (circles, dashed, ...) true of every frame."""
    width = CONTRACT_SIZE["width"]
    for png, alt in zip(static.frames, static.alt_texts):
        assert Image.open(io.BytesIO(png)).size[0] == legibility.PIXEL_DENSITY * width, name
        records = legibility.png_records(png)
        shown = records["text_px"] / legibility.PIXEL_DENSITY * legibility.shown_scale(width)
        assert shown >= legibility.MIN_TEXT_PX - 0.01, f"{name}: text {shown:.1f} px at the page's width"
        wrong = legibility.undrawn_style_words(alt, records["styles"])
        assert not wrong, f"{name}: alt text names {wrong}, the frame draws {sorted(records['styles'])}: {alt}"


@pytest.mark.parametrize("value, shown", [(1e21, "10²¹"), (3e20, "3 × 10²⁰"), (0.0, "0"), (2.5e-3, "2.5 × 10⁻³"),
                                          (9.9999e9, "10¹⁰")])
def test_power_of_ten_is_plain_notation(value, shown):
    assert power_of_ten(value) == shown
    assert power_of_ten(value, "FLOPs") == f"{shown} FLOPs"


def test_power_of_two_is_plain_notation():
    assert power_of_two(2.0**20) == "2²⁰"
    assert power_of_two(1) == "2⁰"
    for bad in (3.0, 0.0, float("nan")):
        with pytest.raises(ValueError, match="value"):
            power_of_two(bad)
    with pytest.raises(ValueError, match="finite"):
        power_of_ten(float("inf"))


def test_contract_detects_moving_axes():
    def autoscaled(ax, level):
        ax.plot([0, 1], [0, level])  # no limits set: matplotlib autoscales to the curve

    ex = explore(autoscaled, [Slider("level", [1, 2, 3])], mode="static", **SMALL)
    assert len(set(ex.axis_limits)) == 3
