"""Tests of scaling_lab.plotting.style: the Okabe-Ito palette and its series colours, and figures made with
Matplotlib's object API (no pyplot state).
"""

import matplotlib

matplotlib.use("Agg")

import pytest
from matplotlib.figure import Figure

from scaling_lab.plotting import PALETTE, SERIES_COLORS, new_figure


def test_palette_is_okabe_ito():
    # Okabe & Ito (2008): the eight colours in their published order.
    assert PALETTE == ("#000000", "#E69F00", "#56B4E9", "#009E73",
                       "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
    assert set(SERIES_COLORS) <= set(PALETTE)
    assert "#000000" not in SERIES_COLORS  # black is reserved for reference lines


def test_new_figure_uses_object_api():
    fig = new_figure(1, 2, width=6, height=3, dpi=80)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2
    # A pyplot figure would have a manager; an object-API figure has none.
    assert fig.canvas.manager is None
    assert tuple(fig.get_size_inches()) == (6, 3)


def test_new_figure_rejects_bad_input():
    with pytest.raises(ValueError, match="ncols"):
        new_figure(1, 0)
    with pytest.raises(ValueError, match="dpi"):
        new_figure(dpi=-1)
