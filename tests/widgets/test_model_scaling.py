"""Tests of scaling_lab.widgets.model_scaling: the design-procedure explorer of ``book/model_scaling.md``.

Its frames are the number of smallest sizes fitted (3 up to all of them) times two law forms.  Its default,
illustrative options are chosen so that the procedure matters: their curves cross (the option better at the
smallest size loses at the largest), a pure power law fitted to the small end forecasts too low a loss, and a
law with a floor recovers them.  Its drawing is covered by the contract test in test_spec.py.
"""

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.widgets.model_scaling import _illustrative_options, design_procedure_explorer

SMALL = dict(width=160, height=100, dpi=30)


def test_frames_are_the_fitted_sizes_by_the_two_forms():
    ex = design_procedure_explorer("live", **SMALL)
    assert ex.values == {"n_fit": (3, 4, 5, 6, 7), "form": ("power law", "power law + floor")}  # 10 frames
    n = np.geomspace(10.0, 1e4, 6)
    own = design_procedure_explorer("live", n_params={"x": n}, loss={"x": 2 + n**-0.5}, **SMALL)
    assert own.values["n_fit"] == (3, 4, 5, 6)


def test_the_illustrative_options_cross_and_only_the_floor_forecasts_them_right():
    n_params, loss = _illustrative_options()
    n = n_params["option A"]
    assert np.array_equal(n, n_params["option B"])
    a, b = loss["option A"], loss["option B"]
    assert b[0] < a[0] and a[-1] < b[-1]  # B is better small, A wins at the largest size
    for option, y in loss.items():
        # Fitted on the three smallest sizes, a pure power law forecasts too low a loss (no floor) ...
        assert sl.fit_power_law(n[:3], y[:3]).predict(n[-1]) < y[-1], option
        # ... while the law with a floor, from four sizes, recovers these noise-free curves.
        assert sl.fit_saturating_power_law(n[:4], y[:4]).predict(n[-1]) == pytest.approx(y[-1], rel=1e-6), option


@pytest.mark.parametrize("kwargs, match", [
    ({"n_params": {"a": [1, 2, 3, 4, 5]}}, "give both n_params and loss"),
    ({"n_params": {"a": [1, 2, 3, 4, 5]}, "loss": {"b": [5, 4, 3, 2, 1]}}, "same keys"),
    ({"n_params": [1, 2, 3, 4, 5], "loss": [5, 4, 3, 2, 1]}, "dicts"),
    ({"n_params": {}, "loss": {}}, "1 to 4 options"),
    ({"n_params": {k: [1, 2, 3, 4, 5] for k in "abcde"}, "loss": {k: [5, 4, 3, 2, 1] for k in "abcde"}},
     "1 to 4 options; got 5"),
    ({"n_params": {"a": [1, 2, 3, 4]}, "loss": {"a": [4, 3, 2, 1]}}, r"n_params\['a'\] must hold at least 5"),
    ({"n_params": {"a": [1, 2, 3, 4, 5]}, "loss": {"a": [5, 4, 3, 2]}}, r"loss\['a'\] must have the same shape"),
    ({"n_params": {"a": [1, 2, 3, 4, 5]}, "loss": {"a": [5, 4, 0, 2, 1]}}, r"loss\['a'\] must be > 0"),
    ({"n_params": {"a": [1, 2, np.nan, 4, 5]}, "loss": {"a": [5, 4, 3, 2, 1]}}, r"n_params\['a'\] must be finite"),
])
def test_bad_input_names_the_argument(kwargs, match):
    with pytest.raises(ValueError, match=match):
        design_procedure_explorer("live", **{**SMALL, **kwargs})
