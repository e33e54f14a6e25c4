"""What a page shows: figures in one colour-blind-safe style, and values glued into the book's text.

- ``style``: the palette, markers and line styles; :func:`new_figure` (no pyplot);
- ``legibility``: PNGs at twice the pixels with no text under 10 px at the page's width; the styles a figure draws;
- ``figures``: log-log axes, measured points, fitted curves, rank-frequency plots;
- ``sweeps``: figures of training sweeps (runs grouped by a variable, learning-rate sweeps), plain log ticks;
- ``glued``: :func:`glue`, numbers and figures recorded for the book's ``{glue}`` roles;
- ``catalogue``: every law and every published constant of the package, as the tables of ``book/summary.md``.

Matplotlib is imported when the first figure is drawn, not when the package is imported.
"""

from scaling_lab._exports import reexport
from scaling_lab.plotting import catalogue, figures, glued, legibility, style, sweeps

__all__ = reexport(globals(), (style, figures, sweeps, glued, catalogue))
