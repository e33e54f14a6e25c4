"""Tests of scaling_lab.nets.parametrization: the per-layer initialisation, learning-rate and output scalings of
the standard parametrisation and of muP (Yang et al. 2022), which agree at the base width.
"""

import numpy as np
import pytest

from scaling_lab.nets import TanhMLP, flat_views, layer_scalings


def test_parametrizations_agree_at_base_width_except_the_readout():
    sp = layer_scalings((16, 32, 32, 4))
    mup = layer_scalings((16, 32, 32, 4), parametrization="mup", base_width=32)
    assert [s.lr_scale for s in mup] == [1.0, 1.0, 1.0] and mup[-1].output_multiplier == 1.0
    assert sp[:2] == mup[:2] and mup[-1].init_std == 0.0


def test_mup_scales_with_width():
    mup = layer_scalings((16, 256, 256, 4), parametrization="mup", base_width=32)
    assert mup[0].lr_scale == 1.0 and mup[0].init_std == pytest.approx(1 / 4)
    assert mup[1].lr_scale == pytest.approx(1 / 8) and mup[1].init_std == pytest.approx(1 / 16)
    assert mup[2].init_std == 0.0 and mup[2].lr_scale == 1.0 and mup[2].output_multiplier == pytest.approx(1 / 8)
    model = TanhMLP((16, 256, 256, 4), parametrization="mup", base_width=32)
    views = flat_views(model.lr_scale, model.shapes)
    assert np.all(views["W2"] == 1 / 8) and np.all(views["W1"] == 1) and np.all(views["b2"] == 1)
    assert np.all(model(np.ones((3, 16), dtype=np.float32)) == 0.0)  # zero readout


# ----------------------------------------------------------------------------- bad input
def test_bad_input():
    with pytest.raises(ValueError, match="layer_sizes must hold"):
        layer_scalings((3, 4))
    with pytest.raises(ValueError, match="parametrization must be one of"):
        TanhMLP((3, 4, 1), parametrization="ntk")
    with pytest.raises(ValueError, match="base_width must be >= 1"):
        layer_scalings((3, 4, 1), parametrization="mup", base_width=0)
