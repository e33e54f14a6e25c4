"""Tests of scaling_lab.widgets.power_laws: the power-law explorer of ``book/power_laws.md`` (frames, the
default frame budget, bad input).
"""

import matplotlib

matplotlib.use("Agg")

import pytest

from scaling_lab.widgets import FRAME_BUDGET, power_law_explorer


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


def test_power_law_explorer_bad_input():
    with pytest.raises(ValueError, match="exponents"):
        power_law_explorer("live", exponents=[])
    with pytest.raises(ValueError, match="coefficients"):
        power_law_explorer("live", coefficients=[1.0, -2.0])
    with pytest.raises(ValueError, match="max_rank"):
        power_law_explorer("live", max_rank=2)
    with pytest.raises(ValueError, match="initial"):
        power_law_explorer("live", initial_exponent=0.3)
