"""The look shared by every figure of the course: one colour-blind-safe palette, markers and line styles.

Colours come from the Okabe--Ito palette (Okabe & Ito 2008, "Color Universal
Design"), which stays distinguishable under the common forms of colour
blindness.  When ``color`` is omitted, a helper picks the next series colour
from :data:`SERIES_COLORS` according to how many series the axes already
holds, so two calls on one axes get two different colours.  Colour is never
the only cue: in the same way, successive point series get different marker
shapes (:data:`SERIES_MARKERS`) and successive curves different line styles
(:data:`SERIES_LINESTYLES`), unless the caller chooses them.

Figures are built with matplotlib's object API (:class:`matplotlib.figure.Figure`)
when no axes is given, so nothing is shown or kept alive by pyplot behind the
caller's back; in a notebook, end the cell with the figure (or ``ax.figure``)
to display it.

:func:`axes_or_new`, :func:`next_series_index`, :func:`pick_color` and :func:`style_grid` are the
building blocks of the plotting helpers (public to this package, not re-exported under ``sl.``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import as_int, as_positive_scalar

_axes = lazy_module("matplotlib.axes")
_colors = lazy_module("matplotlib.colors")
_figure = lazy_module("matplotlib.figure")

if TYPE_CHECKING:  # annotations only; matplotlib is imported on first use
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["PALETTE", "OKABE_ITO", "SERIES_COLORS", "SERIES_MARKERS", "SERIES_LINESTYLES", "new_figure"]

#: The eight Okabe--Ito colours by name.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: The Okabe--Ito palette as a tuple of hex colours, in the published order.
PALETTE: tuple[str, ...] = tuple(OKABE_ITO.values())

#: Order in which helpers colour successive series: strong colours first;
#: black is kept for reference lines and yellow (hard to see on white) last.
SERIES_COLORS: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["orange"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["yellow"],
)

#: Marker shapes of successive point series on one axes (with the colours, never instead of them).
SERIES_MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X")

#: Line styles of successive curves on one axes: solid, dashed, dash-dot, dotted, then longer patterns.
SERIES_LINESTYLES: tuple = ("-", "--", "-.", ":", (0, (5, 1.5, 1, 1.5, 1, 1.5)), (0, (8, 2)), (0, (1, 3)))


def new_figure(nrows: int = 1, ncols: int = 1, *, width: float = 6.0, height: float = 4.0,
               dpi: float = 100.0, **subplot_kw) -> Figure:
    """A :class:`~matplotlib.figure.Figure` with a grid of axes, built without pyplot.

    Parameters
    ----------
    nrows, ncols : int
        Grid of axes, each >= 1.  The axes are ``fig.axes`` in row-major order.
    width, height : float
        Figure size in inches, > 0.
    dpi : float
        Dots per inch, > 0 (pixels = inches x dpi).
    **subplot_kw
        Passed to :meth:`matplotlib.figure.Figure.subplots`.

    Returns
    -------
    matplotlib.figure.Figure
        Laid out with ``constrained`` layout.  Nothing is displayed; return
        it from a notebook cell to show it.
    """
    nrows = as_int(nrows, "nrows", minimum=1)
    ncols = as_int(ncols, "ncols", minimum=1)
    width = as_positive_scalar(width, "width")
    height = as_positive_scalar(height, "height")
    dpi = as_positive_scalar(dpi, "dpi")
    fig = _figure.Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    fig.subplots(nrows, ncols, squeeze=False, **subplot_kw)
    _show_figures_in_notebooks()
    return fig


def _show_figures_in_notebooks() -> None:
    """Let IPython display a pyplot-free Figure as a PNG when a cell returns it.

    ``%matplotlib inline`` registers a formatter like this as a side effect; figures
    built with the object API need it without touching pyplot's state.  The PNG is
    :func:`~scaling_lab.plotting.legibility.notebook_png`: twice the pixels, shown at the
    figure's size, its text legible at the page's width.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to display into
        return
    shell = get_ipython()
    if shell is None:
        return
    png = shell.display_formatter.formatters["image/png"]
    from scaling_lab.plotting.legibility import notebook_png

    if png.type_printers.get(_figure.Figure) is not notebook_png:
        png.for_type(_figure.Figure, notebook_png)


def axes_or_new(ax) -> Axes:
    if ax is None:
        return new_figure().axes[0]
    if not isinstance(ax, _axes.Axes):
        raise ValueError(f"ax must be a matplotlib Axes or None; got {type(ax).__name__}")
    return ax


def next_series_index(ax: Axes) -> int:
    """How many series the axes holds already: the next series' place in the colour, marker and style cycles."""
    return len(ax.lines) + len(ax.collections)


def pick_color(ax: Axes, color) -> str:
    if color is None:
        return SERIES_COLORS[next_series_index(ax) % len(SERIES_COLORS)]
    if not _colors.is_color_like(color):
        raise ValueError(f"color must be a matplotlib colour; got {color!r}")
    return color


def style_grid(ax: Axes) -> None:
    ax.grid(True, which="major", color="#000000", alpha=0.15, linewidth=0.8)
    ax.grid(True, which="minor", color="#000000", alpha=0.06, linewidth=0.5)
