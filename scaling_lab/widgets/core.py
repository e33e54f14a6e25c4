"""Explorers: a figure with sliders, live in a kernel and kernel-free on the website.

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

Frames are drawn with matplotlib's object API (:class:`matplotlib.figure.Figure`),
so nothing is displayed or left open.  At 480x320 px and dpi 80 a frame is
about 10-15 KB, so keep the number of frames modest (``max_frames``).

Each frame is shown as an ``<img>`` with alt text inside an
:class:`ipywidgets.HTML` widget rather than an :class:`ipywidgets.Image`:
the Image widget has no alt text, and with a ``tooltip`` set it fails to
render in @jupyter-widgets/html-manager 1.0.6 (checked in headless Chromium).
The PNG travels as base64 either way, so the page size is the same.
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import math
import os
import sys
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets
import numpy as np
import PIL.Image
from matplotlib.figure import Figure

from scaling_lab._validate import as_int, as_positive_scalar

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


def _format_value(value, fmt) -> str:
    if fmt is None:
        if isinstance(value, (float, np.floating)):
            return f"{float(value):g}"
        return str(value)
    if callable(fmt):
        return str(fmt(value))
    return fmt.format(value)


def _check_sliders(sliders, labels, formats, initial):
    if not isinstance(sliders, Mapping) or not sliders:
        raise ValueError(f"sliders must be a non-empty mapping of name -> values; got {sliders!r}")
    for arg, given in (("labels", labels), ("formats", formats), ("initial", initial)):
        if not isinstance(given, Mapping):
            raise ValueError(f"{arg} must be a mapping of slider name -> value; got {given!r}")
        unknown = set(given) - set(sliders)
        if unknown:
            raise ValueError(f"{arg} names unknown sliders {sorted(unknown)}; sliders are {list(sliders)}")
    specs = []
    for name, values in sliders.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"sliders keys must be Python identifiers; got {name!r}")
        if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)):
            raise ValueError(f"sliders[{name!r}] must be a sequence of values; got {values!r}")
        values = [v.item() if isinstance(v, np.generic) else v for v in values]
        if not values:
            raise ValueError(f"sliders[{name!r}] must not be empty")
        shown = [_format_value(v, formats.get(name)) for v in values]
        if len(set(shown)) != len(shown):
            raise ValueError(f"sliders[{name!r}] has repeated values (as shown): {shown}")
        start = 0
        if name in initial:
            matches = [i for i, v in enumerate(values) if v == initial[name]]
            if not matches:
                raise ValueError(f"initial[{name!r}] = {initial[name]!r} is not one of sliders[{name!r}]")
            start = matches[0]
        specs.append((name, values, shown, labels.get(name, name), start))
    return specs


class Explorer(widgets.VBox):
    """The widget returned by :func:`explore`: sliders above a figure.

    Displays in Jupyter like any ipywidgets container.  Attributes for code
    and tests:

    Attributes
    ----------
    mode : str
        ``"live"`` or ``"static"``.
    sliders : dict[str, ipywidgets.SelectionSlider]
        One slider per name, in the order given.
    values : dict[str, list]
        The values each slider steps through.
    frames : list[bytes]
        Static mode: every PNG, in row-major order of the slider indices
        (the last slider varies fastest).  Live mode: empty.
    stack : ipywidgets.Stack or None
        Static mode: the outer Stack (linked to the first slider); its
        leaves are :class:`ipywidgets.HTML` widgets holding one ``<img>`` each.
    image : ipywidgets.HTML or None
        Live mode: the widget whose ``<img>`` is redrawn.
    links : list[ipywidgets.Link]
        Static mode: the browser-side links slider.index -> stack.selected_index.
    """

    def _setup(self, mode, specs, slider_list, render, frames, stack, image, links, play, shown_png):
        self.mode = mode
        self.sliders = {name: s for (name, *_), s in zip(specs, slider_list)}
        self.values = {name: values for name, values, *_ in specs}
        self.frames = frames
        self.stack = stack
        self.image = image
        self.links = links
        self.play = play
        self._render = render
        self._shown_png = shown_png

    def current_values(self) -> dict:
        """The value each slider shows now."""
        return {name: slider.value for name, slider in self.sliders.items()}

    def frame(self, **values) -> bytes:
        """PNG bytes of the frame for the given slider values (default: current ones)."""
        chosen = {**self.current_values(), **values}
        if self.frames:
            flat = 0
            for name, vals in self.values.items():
                if chosen[name] not in vals:
                    raise ValueError(f"{name} = {chosen[name]!r} is not a slider value; choose from {vals}")
                flat = flat * len(vals) + vals.index(chosen[name])
            return self.frames[flat]
        return self._render(chosen)

    @property
    def visible_frame(self) -> bytes:
        """PNG bytes shown now.

        In static mode this follows the Stacks' ``selected_index``, which the
        browser-side links update; setting ``slider.index`` from Python alone
        (with no front end) does not move the Stacks.
        """
        if self.mode == "live":
            return self._shown_png()
        node, flat = self.stack, 0
        while isinstance(node, widgets.Stack):
            flat = flat * len(node.children) + node.selected_index
            node = node.children[node.selected_index]
        return self.frames[flat]

    def __repr__(self) -> str:
        dims = " x ".join(f"{n}[{len(v)}]" for n, v in self.values.items())
        return f"Explorer(mode={self.mode!r}, sliders={dims}, frames={len(self.frames)})"


def _make_renderer(draw, width, height, dpi, ncols, pass_figure, png_colors):
    def render(values: dict) -> bytes:
        fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, layout="constrained")
        if pass_figure:
            draw(fig, **values)
        else:
            axes = fig.subplots(1, ncols, squeeze=False)[0]
            draw(axes[0] if ncols == 1 else tuple(axes), **values)
        buf = io.BytesIO()
        # Fixed pixel size (no bbox_inches="tight") so frames do not jump; no
        # metadata so identical drawings give identical bytes.
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
        if png_colors is None:
            return buf.getvalue()
        # A palette PNG is about 4x smaller than matplotlib's RGBA output and
        # looks the same for line plots (measured: 45 KB -> 11.5 KB at 720x320).
        quantized = PIL.Image.open(buf).convert("RGB").quantize(colors=png_colors,
                                                                method=PIL.Image.Quantize.MEDIANCUT)
        out = io.BytesIO()
        quantized.save(out, format="png", optimize=True)
        return out.getvalue()

    return render


def _img_tag(png: bytes, width: int, height: int, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" width="{width}" '
            f'height="{height}" style="max-width: 100%; height: auto;">')


def explore(draw: Callable, sliders: Mapping[str, Sequence], *, mode: str = "auto",
            labels: Mapping[str, str] | None = None, formats: Mapping | None = None,
            initial: Mapping | None = None, width: int = 480, height: int = 320, dpi: float = 80,
            ncols: int = 1, pass_figure: bool = False, play: bool = False, play_interval: int = 600,
            max_frames: int = 64, png_colors: int | None = 64, alt: str | None = None) -> Explorer:
    """A figure with one slider per parameter, live or kernel-free (see the module docstring).

    Parameters
    ----------
    draw : callable
        ``draw(ax, **values)`` draws one frame on a fresh axes; with
        ``ncols > 1`` it receives a tuple of axes, and with ``pass_figure=True``
        the bare :class:`~matplotlib.figure.Figure`.  Its return value is ignored.
    sliders : mapping of str to sequence
        Slider name (a keyword of ``draw``) -> the values it steps through.
        Static mode draws ``prod(len(values))`` frames.
    mode : {"auto", "live", "static"}
        See :func:`resolve_mode`.
    labels : mapping, optional
        Slider name -> text shown before the slider (default: the name).
    formats : mapping, optional
        Slider name -> format string (``"{:.2f}"``) or callable for the
        value readout (default: ``"{:g}"`` for floats, ``str`` otherwise).
    initial : mapping, optional
        Slider name -> starting value (default: the first value).
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
        Static mode refuses more frames than this, to keep pages small.
    png_colors : int or None
        Reduce each PNG to a palette of this many colours (2-256), about 4x
        smaller for line plots; use 256 or None (full colour) for heatmaps.
    alt : str, optional
        Alt text of the figure; the slider values of each frame are appended
        to it, e.g. ``"... (exponent s = 0.5, coefficient C = 10)"``.

    Returns
    -------
    Explorer
        An :class:`ipywidgets.VBox`; leave it as the last expression of a
        cell (or ``display`` it) to show it.
    """
    if not callable(draw):
        raise ValueError(f"draw must be callable; got {type(draw).__name__}")
    mode = resolve_mode(mode)
    specs = _check_sliders(sliders, labels or {}, formats or {}, initial or {})
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
    if alt is not None and not isinstance(alt, str):
        raise ValueError(f"alt must be a string or None; got {alt!r}")
    n_frames = math.prod(len(values) for _, values, *_ in specs)
    if mode == "static" and n_frames > max_frames:
        raise ValueError(f"sliders give {n_frames} frames, more than max_frames={max_frames}; "
                         "use fewer values or raise max_frames")

    render = _make_renderer(draw, width, height, dpi, ncols, bool(pass_figure), png_colors)
    slider_list = [
        widgets.SelectionSlider(options=list(zip(shown, values)), index=start, description=label,
                                continuous_update=True, readout=True,
                                style={"description_width": "initial"},
                                layout=widgets.Layout(width=f"{max(width, 320)}px", max_width="100%"))
        for _name, values, shown, label, start in specs
    ]

    def alt_text(indices) -> str:
        values = ", ".join(f"{label} = {shown[i]}" for (_n, _v, shown, label, _s), i in zip(specs, indices))
        return f"{alt or 'Figure'} ({values})"

    frames: list[bytes] = []
    stack = image = None
    shown_png = None
    links: list = []
    if mode == "static":
        names = [name for name, *_ in specs]
        all_values = [values for _, values, *_ in specs]
        for combo in itertools.product(*all_values):
            frames.append(render(dict(zip(names, combo))))
        index_combos = itertools.product(*(range(len(values)) for values in all_values))
        leaves = iter(widgets.HTML(_img_tag(png, width, height, alt_text(ix)))
                      for png, ix in zip(frames, index_combos))

        def build(level: int) -> widgets.Stack:
            n = len(all_values[level])
            if level == len(all_values) - 1:
                children = [next(leaves) for _ in range(n)]
            else:
                children = [build(level + 1) for _ in range(n)]
            node = widgets.Stack(children=children, selected_index=slider_list[level].index)
            links.append(widgets.jslink((slider_list[level], "index"), (node, "selected_index")))
            return node

        stack = build(0)
        view = stack
    else:
        cache: dict[tuple, bytes] = {}
        image = widgets.HTML()
        current = {}

        def redraw(_change=None):
            key = tuple(s.index for s in slider_list)
            if key not in cache:
                cache[key] = render({name: s.value for (name, *_), s in zip(specs, slider_list)})
            current["png"] = cache[key]
            image.value = _img_tag(cache[key], width, height, alt_text(key))

        def shown_png() -> bytes:
            return current["png"]

        redraw()
        for s in slider_list:
            s.observe(redraw, names="index")
        view = image

    controls: list = list(slider_list)
    play_widget = None
    if play:
        first = slider_list[0]
        play_widget = widgets.Play(value=first.index, min=0, max=len(specs[0][1]) - 1, step=1,
                                   interval=play_interval, description="play", repeat=True)
        links.append(widgets.jslink((play_widget, "value"), (first, "index")))
        controls.insert(0, play_widget)

    explorer = Explorer(children=[*controls, view])
    explorer._setup(mode, specs, slider_list, render, frames, stack, image, links, play_widget, shown_png)
    return explorer
