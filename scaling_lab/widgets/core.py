"""Explorers: a figure with sliders, live in a kernel and kernel-free on the website.

An explorer is declared, not hand-built: a ``draw`` function plus one
:class:`Slider` spec per parameter and the figure's alt text, passed to
:func:`explore`.  A chapter's explorers live in ``scaling_lab/widgets/<chapter>.py``
and are registered with :func:`register_explorer`, so one contract test
(``tests/widgets/test_spec.py``) proves every one of them: it renders kernel-free at the
size a chapter shows it, its frames are distinct and within :data:`FRAME_BUDGET`, every frame
carries alt text naming its slider values and is legible, the axis limits stay fixed, and the
live form's first frame is the static form's.  A registered explorer called with plain
arguments keeps its kernel-free frames in the ``SCALING_LAB_CACHE`` folder where one is set
(:func:`scaling_lab.widgets.spec.register_explorer`), so a test run draws them once.

One call, :func:`explore`, gives the right form for where the notebook runs:

* **live**: moving a slider calls ``draw`` again in the kernel and shows the
  fresh PNG.  Needs a running kernel.
* **static** (kernel-free): every frame is drawn up front, one PNG per
  combination of slider values.  The frames sit in nested
  :class:`ipywidgets.Stack` widgets whose ``selected_index`` is tied to the
  sliders' ``index`` with :func:`ipywidgets.jslink`, a link that runs in the
  browser.  The widget state embedded in the HTML page is then enough for the
  sliders to switch frames with no kernel at all, which is what a reader of
  the published book has.  It also works in Jupyter, so it is the safe default.

``mode="auto"`` is resolved by :func:`resolve_mode`:

1. the environment variable ``SCALING_LAB_WIDGETS`` (``"live"`` or ``"static"``)
   wins (the Makefile exports ``static`` for book builds);
2. otherwise ``"live"`` when a real interactive front end is known: the kernel
   was started by Jupyter Server (``JPY_SESSION_NAME`` is set), Google Colab
   (``google.colab`` is imported) or JupyterLite (``sys.platform == "emscripten"``);
3. otherwise ``"static"``.  nbclient, which executes the book, sets none of these.

**Fixed axes.**  A ``draw`` function sets every axis limit (and scale) itself,
to values that do not depend on the slider values: limits computed from the
whole range of every slider, never from the curve being drawn.  Then moving a
slider changes only the curve, and the eye can compare frames; autoscaled axes
make a steeper curve look the same as a flatter one.  The renderer records each
frame's limits (:attr:`Explorer.axis_limits`) and the contract test rejects an
explorer whose limits move.

Frames are drawn with matplotlib's object API (:class:`matplotlib.figure.Figure`),
so nothing is displayed or left open.  Each is drawn at twice its pixels
(:func:`scaling_lab.plotting.legibility.legible_png`, no text under 10 px at the
page's width): a 760x340 frame is about 35-50 KB, so keep the number of frames
modest (:data:`FRAME_BUDGET`).

Each frame is shown as an ``<img>`` with alt text inside an
:class:`ipywidgets.HTML` widget rather than an :class:`ipywidgets.Image`:
the Image widget has no alt text, and with a ``tooltip`` set it fails to
render in @jupyter-widgets/html-manager 1.0.6 (checked in headless Chromium).
The PNG travels as base64 either way, so the page size is the same.
"""

from __future__ import annotations

import base64
import io
import itertools
import math
import os
import sys
from collections.abc import Callable, Sequence


from scaling_lab._cache import read_entry, write_entry
from scaling_lab._lazy import lazy_module
from scaling_lab._validate import as_int, as_positive_scalar
from scaling_lab.plotting.legibility import legible_png, png_with_records
from scaling_lab.widgets.spec import FRAME_BUDGET, Slider, frame_store

widgets = lazy_module("ipywidgets")
_figure = lazy_module("matplotlib.figure")
_image = lazy_module("PIL.Image")

__all__ = ["ENV_VAR", "Explorer", "resolve_mode", "explore"]

#: Environment variable that forces the mode of ``mode="auto"``.
ENV_VAR = "SCALING_LAB_WIDGETS"
_MODES = ("live", "static")


def resolve_mode(mode: str = "auto") -> str:
    """Turn ``"auto"`` into ``"live"`` or ``"static"`` (see the module docstring).

    Parameters
    ----------
    mode : {"auto", "live", "static"}

    Returns
    -------
    str
        ``"live"`` or ``"static"``.
    """
    if mode not in ("auto", *_MODES):
        raise ValueError(f"mode must be 'auto', 'live' or 'static'; got {mode!r}")
    if mode != "auto":
        return mode
    forced = os.environ.get(ENV_VAR, "").strip().lower()
    if forced in _MODES:
        return forced
    if forced not in ("", "auto"):
        raise ValueError(f"{ENV_VAR} must be 'live', 'static' or 'auto'; got {os.environ[ENV_VAR]!r}")
    if "JPY_SESSION_NAME" in os.environ or "google.colab" in sys.modules or sys.platform == "emscripten":
        return "live"
    return "static"


class Explorer:
    """What :func:`explore` returns: sliders above a figure.

    Displays in Jupyter as its :attr:`widget`, an :class:`ipywidgets.VBox` (the explorer holds the
    widget rather than being one, so that ``import scaling_lab`` need not import ipywidgets).
    Attributes for code and tests:

    Attributes
    ----------
    widget : ipywidgets.VBox
        The controls above the figure; what the notebook displays.
    mode : str
        ``"live"`` or ``"static"``.
    specs : tuple of Slider
        The slider declarations, in order.
    sliders : dict[str, ipywidgets.SelectionSlider]
        One slider widget per name.
    values : dict[str, tuple]
        The values each slider steps through.
    frames : list[bytes]
        Static mode: every PNG, in row-major order of the slider indices
        (the last slider varies fastest).  Live mode: empty.
    alt_texts : list[str]
        Static mode: the alt text of each frame (same order).
    axis_limits : list[tuple]
        Static mode: each frame's axis scales and limits, for the fixed-axes check.
    stack : ipywidgets.Stack or None
        Static mode: the outer Stack (linked to the first slider); its
        leaves are :class:`ipywidgets.HTML` widgets holding one ``<img>`` each.
    image : ipywidgets.HTML or None
        Live mode: the widget whose ``<img>`` is redrawn.
    links : list[ipywidgets.Link]
        Static mode: the browser-side links slider.index -> stack.selected_index.
    """

    widget = None

    @property
    def children(self) -> tuple:
        """The widget's children: the controls, then the figure."""
        return self.widget.children

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def current_values(self) -> dict:
        """The value each slider shows now."""
        return {name: slider.value for name, slider in self.sliders.items()}

    def _flat_index(self, chosen: dict) -> int:
        flat = 0
        for spec in self.specs:
            if chosen[spec.name] not in spec.values:
                raise ValueError(f"{spec.name} = {chosen[spec.name]!r} is not a slider value; "
                                 f"choose from {spec.values}")
            flat = flat * len(spec.values) + spec.values.index(chosen[spec.name])
        return flat

    def frame(self, **values) -> bytes:
        """PNG bytes of the frame for the given slider values (default: current ones)."""
        chosen = {**self.current_values(), **values}
        if self.frames:
            return self.frames[self._flat_index(chosen)]
        return self._render(chosen)[0]

    @property
    def initial_frame(self) -> bytes:
        """PNG bytes of the frame shown before any slider moves."""
        return self.frame(**{spec.name: spec.values[spec.start] for spec in self.specs})

    @property
    def visible_frame(self) -> bytes:
        """PNG bytes shown now.

        In static mode this follows the Stacks' ``selected_index``, which the
        browser-side links update; setting ``slider.index`` from Python alone
        (with no front end) does not move the Stacks.
        """
        if self.mode == "live":
            return self._shown["png"]
        node, flat = self.stack, 0
        while isinstance(node, widgets.Stack):
            flat = flat * len(node.children) + node.selected_index
            node = node.children[node.selected_index]
        return self.frames[flat]

    def __repr__(self) -> str:
        dims = " x ".join(f"{s.name}[{len(s.values)}]" for s in self.specs)
        return f"Explorer(mode={self.mode!r}, sliders={dims}, frames={len(self.frames)})"


def _axis_limits(fig) -> tuple:
    return tuple((ax.get_xscale(), ax.get_yscale(), tuple(ax.get_xlim()), tuple(ax.get_ylim()))
                 for ax in fig.axes)


def _make_renderer(draw, width, height, dpi, ncols, pass_figure, png_colors):
    # The axes' places, found once. Every frame has the same axes, scales and limits (the contract), so
    # the constrained layout of the first frame holds for all; computing it took about 60% of each
    # frame's time. Placing the axes where the first frame had them also keeps them from shifting
    # by a pixel between frames. A frame with a different number of axes is laid out afresh.
    places: list = []

    def render(values: dict) -> tuple[bytes, tuple]:
        fig = _figure.Figure(figsize=(width / dpi, height / dpi), dpi=dpi, layout=None if places else "constrained")
        if pass_figure:
            draw(fig, **values)
        else:
            axes = fig.subplots(1, ncols, squeeze=False)[0]
            draw(axes[0] if ncols == 1 else tuple(axes), **values)
        if places and len(places) == len(fig.axes):
            for ax, place in zip(fig.axes, places):
                ax.set_position(place)
        elif places:
            fig.set_layout_engine("constrained")
        limits = _axis_limits(fig)
        # Fixed pixel size (no bbox_inches="tight") so frames do not jump; no metadata but the smallest
        # text's size, so identical drawings give identical bytes. Drawn at PIXEL_DENSITY pixels per CSS
        # pixel, with no text under MIN_TEXT_PX at the page's width (scaling_lab.plotting.legibility).
        # A frame to be palette-reduced is decoded again at once: zlib's fastest level for it (same pixels).
        png = legible_png(fig, width_px=width, metadata={"Software": None},
                          compress_level=6 if png_colors is None else 1)
        if not places:
            places.extend(ax.get_position() for ax in fig.axes)
        if png_colors is None:
            return png, limits
        # A palette PNG is about 4x smaller than matplotlib's RGBA output and
        # looks the same for line plots (measured: 45 KB -> 11.5 KB at 720x320).
        quantized = _image.open(io.BytesIO(png)).convert("RGB").quantize(colors=png_colors,
                                                                         method=_image.Quantize.MEDIANCUT)
        return png_with_records(quantized, png), limits

    return render


def _img_tag(png: bytes, width: int, height: int, alt: str) -> str:
    import html  # here, not at the top: html.entities is slow to import

    data = base64.b64encode(png).decode("ascii")
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" width="{width}" '
            f'height="{height}" style="max-width: 100%; height: auto;">')


#: Readout widths (in ``ch``, the width of a digit) that book/_assets/a11y.css gives the class
#: ``sl-readout-<n>``: a readout takes the first one that holds its longest value.
READOUT_WIDTHS = (6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 36, 40, 44, 48)


def _readout_class(longest: int) -> str:
    # Letters, "×" and superscripts run wider than a digit on average: a fifth more room, plus one ch.
    needed = longest * 1.2 + 1
    fits = [n for n in READOUT_WIDTHS if n >= needed]
    return f"sl-readout-{fits[0] if fits else READOUT_WIDTHS[-1]}"


def _check_specs(sliders) -> tuple[Slider, ...]:
    if isinstance(sliders, Slider):
        sliders = (sliders,)
    if isinstance(sliders, (str, bytes)) or not isinstance(sliders, Sequence) or not sliders:
        raise ValueError(f"sliders must be a non-empty sequence of Slider specs; got {sliders!r}")
    for spec in sliders:
        if not isinstance(spec, Slider):
            raise ValueError(f"sliders must hold Slider specs; got {spec!r}")
    names = [spec.name for spec in sliders]
    if len(set(names)) != len(names):
        raise ValueError(f"sliders must have distinct names; got {names}")
    return tuple(sliders)


def explore(draw: Callable, sliders: Sequence[Slider], *, alt: str, mode: str = "auto", width: int = 480,
            height: int = 320, dpi: float = 80, ncols: int = 1, pass_figure: bool = False, play: bool = False,
            play_interval: int = 600, max_frames: int = FRAME_BUDGET, png_colors: int | None = 64) -> Explorer:
    """A figure with one slider per parameter, live or kernel-free (see the module docstring).

    Parameters
    ----------
    draw : callable
        ``draw(ax, **values)`` draws one frame on a fresh axes, setting fixed
        axis limits (see "Fixed axes" above); with ``ncols > 1`` it receives a
        tuple of axes, and with ``pass_figure=True`` the bare
        :class:`~matplotlib.figure.Figure`.  Its return value is ignored.
    sliders : sequence of Slider
        One :class:`~scaling_lab.widgets.spec.Slider` per keyword of ``draw``.
        Static mode draws ``prod(len(values))`` frames.
    alt : str
        Alt text of the figure (required, non-empty): what it shows, for a
        reader who cannot see it.  Each frame's alt text appends its slider
        values, e.g. ``"... (exponent s = 0.5, coefficient C = 10)"``.
    mode : {"auto", "live", "static"}
        See :func:`resolve_mode`.
    width, height : int
        Frame size in pixels; ``dpi`` sets the font scale (pixels = inches x dpi).
    ncols : int
        Number of side-by-side axes passed to ``draw``.
    pass_figure : bool
        Give ``draw`` the figure instead of axes.
    play : bool
        Add a play button that steps the first slider.  On the book site it
        needs ``fa-config.js`` (see ``book/_assets``) loaded first.
    play_interval : int
        Milliseconds between play steps.
    max_frames : int
        Static mode refuses more frames than this (default :data:`FRAME_BUDGET`).
    png_colors : int or None
        Reduce each PNG to a palette of this many colours (2-256), about 4x
        smaller for line plots; use 256 or None (full colour) for heatmaps.

    Returns
    -------
    Explorer
        An :class:`ipywidgets.VBox`; leave it as the last expression of a
        cell (or ``display`` it) to show it.
    """
    if not callable(draw):
        raise ValueError(f"draw must be callable; got {type(draw).__name__}")
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"alt must be a non-empty description of the figure; got {alt!r}")
    mode = resolve_mode(mode)
    specs = _check_specs(sliders)
    width = as_int(width, "width", minimum=16)
    height = as_int(height, "height", minimum=16)
    dpi = as_positive_scalar(dpi, "dpi")
    ncols = as_int(ncols, "ncols", minimum=1)
    play_interval = as_int(play_interval, "play_interval", minimum=1)
    max_frames = as_int(max_frames, "max_frames", minimum=1)
    if png_colors is not None:
        png_colors = as_int(png_colors, "png_colors", minimum=2)
        if png_colors > 256:
            raise ValueError(f"png_colors must be <= 256; got {png_colors}")
    n_frames = math.prod(len(spec.values) for spec in specs)
    if mode == "static" and n_frames > max_frames:
        raise ValueError(f"sliders give {n_frames} frames, more than max_frames={max_frames}; "
                         "use fewer values or raise max_frames")

    render = _make_renderer(draw, width, height, dpi, ncols, bool(pass_figure), png_colors)
    # One width for every slider of an explorer, and within it one width for the labels and one for the
    # readouts, wide enough for the longest of each: the tracks line up and keep their length as the
    # readout changes (the readout classes are sized by book/_assets/a11y.css).
    label_width = f"{max(len(spec.text) for spec in specs) + 2}ch"
    readout_class = _readout_class(max(len(shown) for spec in specs for shown in spec.shown))
    slider_widgets = [
        widgets.SelectionSlider(options=list(zip(spec.shown, spec.values)), index=spec.start,
                                description=spec.text, continuous_update=True, readout=True,
                                style={"description_width": label_width},
                                layout=widgets.Layout(width=f"{max(width, 320)}px", max_width="100%"))
        for spec in specs
    ]
    for w in slider_widgets:
        w.add_class("sl-slider")
        w.add_class(readout_class)

    def alt_text(indices) -> str:
        values = ", ".join(f"{spec.text} = {spec.shown[i]}" for spec, i in zip(specs, indices))
        return f"{alt.strip()} ({values})"

    explorer = Explorer()
    explorer.mode, explorer.specs = mode, specs
    explorer.sliders = {spec.name: w for spec, w in zip(specs, slider_widgets)}
    explorer.values = {spec.name: spec.values for spec in specs}
    explorer.frames, explorer.alt_texts, explorer.axis_limits, explorer.links = [], [], [], []
    explorer.stack = explorer.image = None
    explorer._render = render
    explorer._shown = {}
    if mode == "static":
        index_combos = list(itertools.product(*(range(len(spec.values)) for spec in specs)))
        store = frame_store()
        kept = read_entry(store) if store is not None else None
        if kept is not None and len(kept[0]) == len(index_combos):
            explorer.frames, explorer.axis_limits = list(kept[0]), list(kept[1])
        else:
            for combo in index_combos:
                png, limits = render({spec.name: spec.values[i] for spec, i in zip(specs, combo)})
                explorer.frames.append(png)
                explorer.axis_limits.append(limits)
            if store is not None:
                write_entry(store, (explorer.frames, explorer.axis_limits))
        explorer.alt_texts = [alt_text(combo) for combo in index_combos]
        leaves = iter(widgets.HTML(_img_tag(png, width, height, text))
                      for png, text in zip(explorer.frames, explorer.alt_texts))

        def build(level: int) -> widgets.Stack:
            n = len(specs[level].values)
            children = [next(leaves) for _ in range(n)] if level == len(specs) - 1 else \
                [build(level + 1) for _ in range(n)]
            node = widgets.Stack(children=children, selected_index=slider_widgets[level].index)
            explorer.links.append(widgets.jslink((slider_widgets[level], "index"), (node, "selected_index")))
            return node

        explorer.stack = view = build(0)
    else:
        cache: dict[tuple, bytes] = {}
        explorer.image = view = widgets.HTML()

        def redraw(_change=None):
            key = tuple(w.index for w in slider_widgets)
            if key not in cache:
                cache[key] = render({spec.name: w.value for spec, w in zip(specs, slider_widgets)})[0]
            explorer._shown["png"] = cache[key]
            view.value = _img_tag(cache[key], width, height, alt_text(key))

        redraw()
        for w in slider_widgets:
            w.observe(redraw, names="index")

    controls: list = list(slider_widgets)
    explorer.play = None
    if play:
        first = slider_widgets[0]
        explorer.play = widgets.Play(value=first.index, min=0, max=len(specs[0].values) - 1, step=1,
                                     interval=play_interval, description="play", repeat=True)
        explorer.links.append(widgets.jslink((explorer.play, "value"), (first, "index")))
        controls.insert(0, explorer.play)
    explorer.widget = widgets.VBox([*controls, view])
    return explorer
