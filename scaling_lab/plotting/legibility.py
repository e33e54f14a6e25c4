"""Figures legible at the page's width, and the words that truly describe what a figure draws.

A figure is shown on the book's pages at most
:data:`PAGE_WIDTH_PX` CSS pixels wide, so a figure drawn wider is shrunk and its
text with it.  :func:`legible_png` (used by the notebook display of every figure and
by the explorers' frames) raises any text that would be shown smaller than
:data:`MIN_TEXT_PX` to that size, draws the PNG at :data:`PIXEL_DENSITY` pixels per
CSS pixel (sharp when zoomed or on a high-density screen), and records the smallest
text size it drew in the PNG (text chunk :data:`TEXT_SIZE_KEY`, in the PNG's own
pixels), which the site test compares with the width the browser shows the image at.
:func:`smallest_text_px` measures a figure's smallest text at that width.

:func:`drawn_styles` names the markers and line styles a figure draws ("filled triangle", "dashed", ...), and
:func:`undrawn_style_words` finds the words of an alt text or a caption that name a style the figure does not
draw; the contract test of the explorers and the site test check every figure with them.  These helpers are
public to the package and its tests, not re-exported under ``sl.``.
"""

from __future__ import annotations

import base64
import functools
import io
import math
import re

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import as_int, as_positive_scalar
# png_records, png_with_records and the two keys are read here too (legibility.png_records) by the explorers and tests.
from scaling_lab.plotting.png import (STYLES_KEY, TEXT_SIZE_KEY, png_records, png_size, png_with_records,
                                      png_with_text)

_axis = lazy_module("matplotlib.axis")
_colors = lazy_module("matplotlib.colors")
_figure = lazy_module("matplotlib.figure")
_text = lazy_module("matplotlib.text")
_ticker = lazy_module("matplotlib.ticker")
_pil_image = lazy_module("PIL.Image")

__all__: list[str] = []  # used by the plotting helpers, the explorers and the tests; not part of sl.

#: Widest a figure is shown on the book's pages, in CSS pixels: the text column of the book theme in a
#: 1280-pixel-wide window (measured in Chromium: figure images 672 px, explorer frames 684 px; the smaller).
PAGE_WIDTH_PX = 672

#: Smallest text a figure may show at :data:`PAGE_WIDTH_PX`, in CSS pixels.
MIN_TEXT_PX = 10.0

#: PNG pixels drawn per CSS pixel (2: sharp on high-density screens and when zoomed).
PIXEL_DENSITY = 2

def notebook_png(fig) -> tuple[str, dict]:
    """How a notebook shows a figure: a :func:`legible_png` (tight bounding box) as base64, with its display size.

    Returns
    -------
    (str, dict)
        The PNG in base64 and ``{"width": ...}`` in CSS pixels (half the PNG's pixels at
        :data:`PIXEL_DENSITY` 2), the pair IPython's PNG formatter accepts; Jupyter Book's image uses that
        width (no height, which would squash a figure the page shrinks).
    """
    png = legible_png(fig, bbox_inches="tight")
    image = _pil_image.open(io.BytesIO(png))
    width, height = image.size
    # 256 colours hold a line plot or a smooth colour map without visible change, in about a third of the
    # bytes of matplotlib's RGBA PNG.
    png = png_with_records(image.convert("RGB").quantize(colors=256, method=_pil_image.Quantize.MEDIANCUT), png)
    # The width alone: a page shrinks a figure wider than its column, and a fixed height would squash it.
    return base64.b64encode(png).decode("ascii"), {"width": width // PIXEL_DENSITY}


def _find(artist, kind) -> list:
    # artist.findobj(kind), in its order, without the axes' ticks (their labels, marks and grid lines): an Axis
    # lists its ticks by locating them again at every call, a quarter of an explorer frame's time.
    children = (artist.label, artist.offsetText) if isinstance(artist, _axis.Axis) else artist.get_children()
    found = [match for child in children for match in _find(child, kind)]
    return found + [artist] if isinstance(artist, kind) else found


def figure_texts(fig) -> list:
    """Every text a figure draws: titles, labels, legends, annotations, contour labels and shown tick labels.

    The figure is laid out first (without rendering), so its ticks exist.  Texts that are hidden, empty, or
    tick labels of ticks outside the axes' view are left out.
    """
    fig.draw_without_rendering()
    return _shown_texts(fig)


def _shown_texts(fig, *, silenced=()) -> list:
    # figure_texts of the layout last drawn, without drawing again; the minor tick labels of the axes in
    # ``silenced`` (given a NullFormatter since that draw) are left out, as the next draw empties them.
    texts = _find(fig, _text.Text)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            texts.extend(axis.get_ticklabels(which="major" if axis in silenced else "both"))
    seen, shown = set(), []
    for t in texts:
        if id(t) in seen or not t.get_visible() or not t.get_text().strip():
            continue
        seen.add(id(t))
        if t.axes is None or t.axes.get_visible():  # an axes switched off hides its texts
            shown.append(t)
    return shown


def shown_scale(natural_width_px: float, page_width_px: float = PAGE_WIDTH_PX) -> float:
    """CSS pixels shown per CSS pixel drawn: 1, or less when a figure wider than the page is shrunk to fit."""
    natural_width_px = as_positive_scalar(natural_width_px, "natural_width_px")
    page_width_px = as_positive_scalar(page_width_px, "page_width_px")
    return min(1.0, page_width_px / natural_width_px)


def smallest_text_px(fig, *, natural_width_px: float | None = None, page_width_px: float = PAGE_WIDTH_PX) -> float:
    r"""Size of a figure's smallest text as a reader sees it on the page, in CSS pixels.

    .. math:: s = \min_{\text{texts}} \text{size}_{\text{pt}} \cdot \frac{\text{dpi}}{72}
              \cdot \min\!\left(1, \frac{W_\text{page}}{W}\right)

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Its ``dpi`` is pixels per inch at one PNG pixel per CSS pixel (the explorers' and
        :func:`new_figure`'s ``dpi``).
    natural_width_px : float, optional
        Width W at which the figure is drawn, in CSS pixels, > 0 (default: the figure's width x dpi; a
        figure saved with a tight bounding box may differ a little).
    page_width_px : float
        Widest the page shows it, W_page (default :data:`PAGE_WIDTH_PX`), > 0.

    Returns
    -------
    float
        ``inf`` for a figure with no text.
    """
    if not isinstance(fig, _figure.Figure):
        raise ValueError(f"fig must be a matplotlib Figure; got {type(fig).__name__}")
    if natural_width_px is None:
        natural_width_px = fig.get_figwidth() * fig.dpi
    scale = shown_scale(natural_width_px, page_width_px)
    sizes = [t.get_fontsize() for t in figure_texts(fig)]
    return min(sizes) * fig.dpi / 72 * scale if sizes else math.inf


def raise_small_text(fig, *, natural_width_px: float | None = None, page_width_px: float = PAGE_WIDTH_PX,
                     min_px: float = MIN_TEXT_PX) -> float:
    """Raise every text of ``fig`` that the page would show smaller than ``min_px`` to that size.

    Parameters as :func:`smallest_text_px`; ``min_px`` > 0.

    Returns
    -------
    float
        The smallest font size now allowed, in points.
    """
    return _raise_small_text(fig, natural_width_px, page_width_px, min_px)[0]


def _floor_pt(fig, natural_width_px, page_width_px, min_px) -> float:
    # The smallest font size allowed, in points: min_px on the page at the width the figure is shown.
    min_px = as_positive_scalar(min_px, "min_px")
    if not isinstance(fig, _figure.Figure):
        raise ValueError(f"fig must be a matplotlib Figure; got {type(fig).__name__}")
    if natural_width_px is None:
        natural_width_px = fig.get_figwidth() * fig.dpi
    floor_pt = min_px / (fig.dpi / 72 * shown_scale(natural_width_px, page_width_px))
    return math.ceil(floor_pt * 100) / 100  # rounding up: never a hair under the floor


def _raise_texts(fig, texts, floor_pt) -> bool:
    # Raise the given texts, and the tick labels every axis draws (now and later), to floor_pt.
    changed = False
    for ax in fig.axes:  # tick labels drawn later copy the first tick's size: set it for the axis
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            for which, ticks in (("major", axis.majorTicks), ("minor", axis.minorTicks)):
                if ticks and ticks[0].label1.get_fontsize() < floor_pt:
                    ax.tick_params(axis=name, which=which, labelsize=floor_pt)
                    changed = True
    for t in texts:
        if t.get_fontsize() < floor_pt:
            t.set_fontsize(floor_pt)
            changed = True
    return changed


def _raise_small_text(fig, natural_width_px, page_width_px, min_px) -> tuple[float, float]:
    # raise_small_text, returning the floor and the smallest text now shown, both in points. Drawing is
    # most of the time a figure takes: the figure is laid out once, and again only if a size changed.
    floor_pt = _floor_pt(fig, natural_width_px, page_width_px, min_px)
    changed = _raise_texts(fig, figure_texts(fig), floor_pt)
    silenced = _drop_crowded_minor_labels(fig, redraw=changed)
    smallest_pt = min((t.get_fontsize() for t in _shown_texts(fig, silenced=silenced)), default=math.inf)
    return floor_pt, smallest_pt


def _texts_before_drawing(fig) -> list:
    # The visible, non-empty texts a figure holds before it is drawn but its tick labels (tick_params size those).
    return [t for t in _find(fig, _text.Text) if t.get_visible() and t.get_text().strip()]


def _drop_crowded_minor_labels(fig, *, redraw: bool = True) -> set:
    # Larger tick labels can run into each other, most often the minor labels of a log axis (2 x 10^5,
    # 3 x 10^5, ...): where labels of an axis overlap, its minor labels go and the major ones stay.
    # Returns the axes whose minor labels went. redraw=False: the figure was laid out as it is now.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.ticker import NullFormatter

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    if redraw:
        fig.draw_without_rendering()
    silenced = set()
    for ax in fig.axes:
        for axis, horizontal in ((ax.xaxis, True), (ax.yaxis, False)):
            labels = [t for t in axis.get_ticklabels(which="both") if t.get_visible() and t.get_text().strip()]
            minor = {id(t) for t in axis.get_ticklabels(minor=True)}  # asked once: each asking updates the ticks
            if not any(id(t) in minor for t in labels):
                continue
            boxes = sorted((b.x0, b.x1) if horizontal else (b.y0, b.y1)
                           for b in (t.get_window_extent(renderer) for t in labels))
            gap = 0.25 * max(t.get_fontsize() for t in labels) * fig.dpi / 72
            if any(later[0] < earlier[1] + gap for earlier, later in zip(boxes, boxes[1:])):
                axis.set_minor_formatter(NullFormatter())
                silenced.add(axis)
    return silenced


_SUPERSCRIPT = str.maketrans("0123456789-.", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻·")
_MATH_LABEL = re.compile(r"^\$\\mathdefault\{(-?)(?:([0-9.]+)\\times\s*)?([0-9.]+)\^\{(-?[0-9]+)\}\}\$$")


def plain_power_label(label: str) -> str:
    """A log axis's mathtext tick label as plain Unicode text: ``$\\mathdefault{2\\times10^{-5}}$`` is 2×10⁻⁵.

    Labels of another form are returned unchanged.  Plain text draws the same label without
    matplotlib's mathtext parser, which took about half the time of every figure with a log axis.
    """
    if not isinstance(label, str):
        raise ValueError(f"label must be a str; got {type(label).__name__}")
    match = _MATH_LABEL.match(label)
    if match is None:
        return label
    sign, mantissa, base, power = match.groups()
    text = f"{base}{power.translate(_SUPERSCRIPT)}"
    if mantissa:
        text = f"{mantissa}×{text}"
    return ("\u2212" if sign else "") + text


class _PlainLabels:
    def __call__(self, x, pos=None):
        return plain_power_label(super().__call__(x, pos))


@functools.lru_cache(maxsize=None)
def _plain_class(base: type) -> type:
    return type(f"Plain{base.__name__}", (_PlainLabels, base), {})


def _plain_log_formatter(formatter):
    # The same formatter, state and all, whose labels pass through plain_power_label.
    plain = object.__new__(_plain_class(type(formatter)))
    plain.__dict__.update(formatter.__dict__)
    return plain


def _plain_log_labels(fig) -> None:
    # Every log axis labelled by matplotlib's default formatter gets the same labels as plain text.
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for get, put in ((axis.get_major_formatter, axis.set_major_formatter),
                             (axis.get_minor_formatter, axis.set_minor_formatter)):
                formatter = get()
                if type(formatter) is _ticker.LogFormatterSciNotation:  # not a formatter of the figure's own
                    put(_plain_log_formatter(formatter))


def legible_png(fig, *, width_px: float | None = None, page_width_px: float = PAGE_WIDTH_PX,
                min_px: float = MIN_TEXT_PX, density: int = PIXEL_DENSITY, bbox_inches=None,
                metadata: dict | None = None, compress_level: int = 6) -> bytes:
    """PNG of ``fig`` at ``density`` pixels per CSS pixel, its text no smaller than ``min_px`` on the page.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    width_px : float, optional
        Width the figure is shown at before the page shrinks it, in CSS pixels (default: width x dpi).
    page_width_px, min_px : float
        See :func:`raise_small_text`.
    density : int
        PNG pixels per CSS pixel, >= 1 (saved at ``dpi x density``).
    bbox_inches : None or "tight"
        Passed to :meth:`~matplotlib.figure.Figure.savefig`.
    metadata : dict, optional
        Further PNG metadata (``{"Software": None}`` drops matplotlib's version, for identical bytes).
    compress_level : int
        zlib level of the PNG, 0-9 (default 6, PIL's): 1 for a PNG that is decoded again at once.

    Returns
    -------
    bytes
        The PNG, recording (:func:`png_records`) the smallest text drawn, in PNG pixels, under
        :data:`TEXT_SIZE_KEY`, and the markers and line styles drawn (:func:`drawn_styles`) under
        :data:`STYLES_KEY`.
    """
    density = as_int(density, "density", minimum=1)
    if as_int(compress_level, "compress_level", minimum=0) > 9:
        raise ValueError(f"compress_level must be 0-9; got {compress_level}")
    _plain_log_labels(fig)
    # One drawing: every text that exists is raised before the figure is drawn (the floor depends only on its
    # size), the PNG is drawn, and the layout drawn is checked afterwards. The figure is drawn again only if the
    # check changed something: a text made while drawing under the floor, or a log axis's crowded minor labels.
    floor_pt = _floor_pt(fig, width_px, page_width_px, min_px)
    _raise_texts(fig, _texts_before_drawing(fig), floor_pt)
    png = _savefig_png(fig, density, bbox_inches, metadata, compress_level)
    shown = _shown_texts(fig)
    changed = _raise_texts(fig, shown, floor_pt)
    if changed:
        fig.draw_without_rendering()
    silenced = _drop_crowded_minor_labels(fig, redraw=False)
    if changed or silenced:
        png = _savefig_png(fig, density, bbox_inches, metadata, compress_level)
        shown = _shown_texts(fig, silenced=silenced)  # otherwise the figure is as it was drawn and listed
    smallest_pt = min((t.get_fontsize() for t in shown), default=math.inf)
    png = png_with_text(png, {TEXT_SIZE_KEY: f"{smallest_pt * fig.dpi * density / 72:.2f}",
                              STYLES_KEY: ",".join(sorted(drawn_styles(fig)))})
    drawn = png_size(png)[0] / density
    if width_px is None and drawn > fig.get_figwidth() * fig.dpi + 1:
        # A tight bounding box wider than the figure (a legend placed outside the axes): the page
        # shrinks it more, so size the text for the width drawn.
        return legible_png(fig, width_px=drawn, page_width_px=page_width_px, min_px=min_px, density=density,
                           bbox_inches=bbox_inches, metadata=metadata, compress_level=compress_level)
    return png


def _savefig_png(fig, density, bbox_inches, metadata, compress_level=6) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi * density, bbox_inches=bbox_inches, metadata=metadata or {},
                pil_kwargs={"compress_level": compress_level})
    return buf.getvalue()


#: Words for matplotlib's marker codes.
MARKER_WORDS = {"o": "circle", ".": "dot", ",": "dot", "s": "square", "^": "triangle", "v": "triangle",
                "<": "triangle", ">": "triangle", "1": "triangle", "2": "triangle", "3": "triangle",
                "4": "triangle", "D": "diamond", "d": "diamond", "*": "star", "x": "cross", "X": "cross",
                "+": "cross", "P": "cross", "p": "pentagon", "h": "hexagon", "H": "hexagon"}


def _dash_word(dashes) -> str:
    # matplotlib's patterns (in units of the line width): dashed (3.7, 1.6), dotted (1, 1.65),
    # dash-dot (6.4, 1.6, 1, 1.6); longer patterns of several dashes read as dash-dot.
    if not dashes:
        return "solid"
    on = [d for d in dashes[::2]]
    if len(dashes) >= 4:
        return "dash-dot"
    return "dotted" if on[0] <= dashes[1] * 0.9 else "dashed"


def _line_word(line) -> str | None:
    style = line.get_linestyle()
    if style in ("None", "none", " ", "") or line.get_linewidth() == 0:
        return None
    if style == "-":
        return "solid"
    offset, dashes = line._unscaled_dash_pattern
    return _dash_word(dashes)


def _marker_of_path(path) -> str | None:
    from matplotlib.markers import MarkerStyle

    for code in MARKER_WORDS:
        candidate = MarkerStyle(code)
        ref = candidate.get_path().transformed(candidate.get_transform())
        if len(ref.vertices) == len(path.vertices):
            a, b = ref.vertices, path.vertices
            span_a, span_b = np.ptp(a, axis=0).max(), np.ptp(b, axis=0).max()
            if span_a > 0 and span_b > 0 and np.allclose(a / span_a, b / span_b, atol=1e-6):
                return code
    return None


def drawn_styles(fig) -> frozenset:
    """The markers and line styles a figure draws, as words: what its alt text and caption may name.

    Marker shapes ("circle", "square", "triangle", "diamond", "star", "cross", "dot", ...) each also as
    "open <shape>" or "filled <shape>"; line styles "solid", "dashed", "dotted", "dash-dot".  Grid lines,
    ticks and the axes' frame are left out.
    """
    from matplotlib.collections import Collection, LineCollection, PathCollection
    from matplotlib.lines import Line2D

    words = set()

    def add_marker(code, filled: bool):
        word = MARKER_WORDS.get(code)
        if word:
            words.update((word, f"{'filled' if filled else 'open'} {word}"))

    def is_none(color) -> bool:  # no fill, or white on the white axes: the marker reads as open
        if color is None or (isinstance(color, str) and color.lower() == "none") or np.size(color) == 0:
            return True
        rgba = np.asarray(_colors.to_rgba_array(color))
        return bool(np.all((rgba[:, 3] == 0) | np.all(rgba[:, :3] == 1, axis=1)))

    for line in _find(fig, Line2D):  # not the ticks' marks and grid lines
        if not line.get_visible() or len(line.get_xdata()) == 0:
            continue
        word = _line_word(line)
        if word and len(line.get_xdata()) > 1:
            words.add(word)
        marker = line.get_marker()
        if isinstance(marker, str) and marker not in ("None", "none", "", " "):
            add_marker(marker, not is_none(line.get_markerfacecolor()))
    for coll in _find(fig, Collection):
        if not coll.get_visible():
            continue
        if isinstance(coll, PathCollection) and len(coll.get_offsets()) and coll.get_paths():
            code = _marker_of_path(coll.get_paths()[0])
            if code:
                add_marker(code, not is_none(coll.get_facecolor()))
        elif isinstance(coll, LineCollection) and len(coll.get_segments()):
            for offset, dashes in coll.get_linestyle():
                if np.any(coll.get_linewidth()):
                    words.add(_dash_word(dashes))
    return frozenset(words)


# Words of alt text and captions that name a marker or a line style, and the drawn styles each one needs
# (any one of them).  "cross" counts only as a noun ("crosses" in parentheses, "marked as crosses", "x marks"):
# "curves cross", "cross-entropy" name no marker.
_SHAPES = ("circle", "square", "triangle", "diamond", "star", "pentagon", "hexagon")
_STYLE_WORDS = (
    *((rf"\b(?P<fill>open|hollow|filled)\s+(?:\w+\s+)?{shape}s?\b", shape) for shape in _SHAPES),
    # "least-squares line", "least squares": a method, not a marker
    *((rf"(?<![-\w])(?<!least ){shape}s?\b", shape) for shape in _SHAPES),
    (r"\b(?P<fill>open|hollow|filled)\s+markers?\b", "marker"),
    (r"\bdots?\b", "dot"),
    (r"\(crosses|\bas crosses\b|\bx marks\b|\bcrosses mark", "cross"),
    (r"\bdash-dot(?:ted)?\b", "dash-dot"),
    (r"\bdashed\b", "dashed"),
    (r"\bdotted\b", "dotted"),
    (r"\bsolid\b", "solid"),
)


def undrawn_style_words(text: str, styles) -> list[str]:
    """Marker and line-style words of ``text`` (alt text or caption) that name nothing ``styles`` holds.

    Parameters
    ----------
    text : str
        Alt text or a caption.
    styles : collection of str
        What the figure draws, as :func:`drawn_styles` names it.

    Returns
    -------
    list of str
        The offending phrases, in order ("dots" where only triangles are drawn, "open squares" where the
        squares are filled, "dashed" with no dashed line); empty when the words are true.  "dots" is true
        of circles or point markers; "open markers" of any open marker.
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string; got {type(text).__name__}")
    styles = frozenset(styles)
    shapes = {word.split()[-1] for word in styles if word.split()[-1] in (*_SHAPES, "cross", "dot")}
    problems, claimed = [], []
    for pattern, need in _STYLE_WORDS:
        for match in re.finditer(pattern, text, flags=re.IGNORECASE):
            if any(start <= match.start() < end for start, end in claimed):
                continue  # "open squares" was checked whole; its "squares" is not checked again
            claimed.append(match.span())
            fill = match.groupdict().get("fill")
            fill = {"hollow": "open"}.get(fill.lower(), fill.lower()) if fill else None
            if need == "marker":
                ok = any(word.startswith(f"{fill} ") for word in styles)
            elif need == "dot":
                ok = bool({"circle", "dot"} & shapes)
            elif fill:
                ok = f"{fill} {need}" in styles
            else:
                ok = need in styles
            if not ok:
                problems.append(match.group(0))
    return problems
