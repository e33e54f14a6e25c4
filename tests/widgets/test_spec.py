"""Tests of scaling_lab.widgets.spec: slider specs, the registry of explorers, and the contract every
registered explorer keeps.

The contract test draws every registered explorer kernel-free at its default size, the size a chapter shows
it, and checks distinct frames, the frame budget, alt text naming each frame's slider values, legible text,
fixed axes, and that the live form opens on the same picture; a companion test shows the fixed-axes check can
fail.  Under ``make test`` the frames of an explorer a chapter shows with its default arguments come from the
frame store that the notebook tests filled (``register_explorer``); the store's own tests are below.  A new explorer needs no test of
its own for this; the tests of each page's module (test_<page>.py) add its bad input and behaviours.
"""

import matplotlib

matplotlib.use("Agg")

import inspect
import io

import ipywidgets as widgets
import numpy as np
import pytest
from PIL import Image

from scaling_lab.plotting import legibility
from scaling_lab.widgets.spec import frame_store, power_of_ten, power_of_two

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
def _default_width(make) -> int:
    return inspect.signature(make).parameters["width"].default


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_every_explorer_keeps_the_contract_and_every_frame_is_legible(name):
    """One drawing of each explorer serves both checks, at the size the chapters show it (the notebook tests
    drew the same frames, which the frame store then gives back here)."""
    make = EXPLORERS[name]
    static, live = make(mode="static"), make(mode="live")
    _keeps_the_contract(name, static, live)
    _every_frame_is_legible_and_its_alt_text_names_what_it_draws(name, static, _default_width(make))


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


def _every_frame_is_legible_and_its_alt_text_names_what_it_draws(name, static, width):
    """Frames at twice the pixels, no text under 10 px at the page's width, and the alt text's marker and
    line-style words (circles, dashed, ...) true of every frame."""
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


# --------------------------------------------------------------------------- the frame store of registered explorers
@pytest.fixture
def tiny_explorer():
    """A registered explorer of three small frames that counts its drawings (unregistered afterwards)."""
    drawn = []

    def draw(ax, level):
        drawn.append(level)
        ax.plot([0, 1], [0, level])
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 4)

    def store_test_explorer(mode="auto", *, top=3, width=96, height=64, dpi=32, values=None):
        return explore(draw, [Slider("level", list(range(1, top + 1)))], alt="Figure", mode=mode, width=width,
                       height=height, dpi=dpi)

    registered = register_explorer(store_test_explorer)
    try:
        yield registered, drawn
    finally:
        EXPLORERS.pop("store_test_explorer")


def test_registered_explorer_keeps_its_frames_and_reads_them_back(tiny_explorer, tmp_path, monkeypatch):
    make, drawn = tiny_explorer
    monkeypatch.setenv("SCALING_LAB_CACHE", str(tmp_path))
    first = make(mode="static")
    assert len(drawn) == 3 and len(list(tmp_path.glob("store_test_explorer-*.pkl"))) == 1
    # The second call draws nothing: plant different frames in the store and they are what it shows.
    entry = next(tmp_path.glob("store_test_explorer-*.pkl"))
    planted = [b"\x89PNG planted %d" % i for i in range(3)]
    pickle_dump(entry, (planted, first.axis_limits))
    monkeypatch.setenv("SCALING_LAB_WIDGETS", "static")
    again = make()  # mode "auto", resolved to static: mode is not part of the key
    assert len(drawn) == 3 and again.frames == planted
    assert again.alt_texts == first.alt_texts and again.axis_limits == first.axis_limits
    assert make.__name__ == "store_test_explorer" and "width" in inspect.signature(make).parameters


def test_frame_store_keys_on_the_arguments_and_redraws_what_does_not_fit(tiny_explorer, tmp_path, monkeypatch):
    make, drawn = tiny_explorer
    monkeypatch.setenv("SCALING_LAB_CACHE", str(tmp_path))
    make(mode="static")
    make(mode="static", width=100)  # another size: another entry
    assert len(drawn) == 6 and len(list(tmp_path.glob("store_test_explorer-*.pkl"))) == 2
    make(mode="static", values=[1.0, 2.0])  # a list of plain values is a key too
    assert len(drawn) == 9
    make(mode="static", values=np.array([1.0]))  # an array is not a stable key: drawn, never stored
    make(mode="static", values=np.array([1.0]))
    assert len(drawn) == 15 and len(list(tmp_path.glob("store_test_explorer-*.pkl"))) == 3
    for entry in tmp_path.glob("store_test_explorer-*.pkl"):  # entries of the wrong length are drawn again
        pickle_dump(entry, ([b"one frame"], [()]))
    assert len(make(mode="static").frames) == 3 and len(drawn) == 18
    make(mode="live")  # the live form draws its first frame, and stores nothing
    assert len(drawn) == 19


def test_frame_store_is_off_without_a_cache_folder_and_outside_an_explorer(tiny_explorer, tmp_path, monkeypatch):
    make, drawn = tiny_explorer
    monkeypatch.delenv("SCALING_LAB_CACHE", raising=False)
    make(mode="static")
    make(mode="static")
    assert len(drawn) == 6 and not list(tmp_path.iterdir())
    monkeypatch.setenv("SCALING_LAB_CACHE", str(tmp_path))
    assert frame_store() is None
    ex = explore(lambda ax, level: ax.set_ylim(0, level), [Slider("level", [1, 2])], mode="static", **SMALL)
    assert len(ex.frames) == 2 and not list(tmp_path.iterdir())  # explore() alone keeps nothing


def pickle_dump(path, value):
    import pickle

    path.write_bytes(pickle.dumps(value))
