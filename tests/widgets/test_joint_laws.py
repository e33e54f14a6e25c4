"""Tests of scaling_lab.widgets.joint_laws: the data-cost explorer of ``book/joint_laws.md``.

One frame per law, budget and price of a token (15 with the defaults); a second law adds a slider; every
argument it is given is checked, naming it, before anything is drawn.  Its drawing is covered by the contract
test in test_spec.py.
"""

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.widgets.joint_laws import _cost_label, data_cost_explorer

SMALL = dict(width=200, height=100, dpi=30)


def test_default_frames_are_three_budgets_by_five_prices():
    ex = data_cost_explorer("live", **SMALL)
    assert list(ex.sliders) == ["budget", "token_cost"]
    assert ex.values == {"budget": (1e20, 1e21, 1e22), "token_cost": (0.0, 1e9, 1e10, 1e11, 1e12)}
    assert ex.current_values()["budget"] == 1e21  # the middle budget


def test_a_second_law_adds_a_slider():
    kaplan = sl.KaplanJointFit(n_c=5e8, d_c=9e8, alpha_n=0.09, alpha_d=0.12, n_c_ci=(0, 0), d_c_ci=(0, 0),
                               alpha_n_stderr=0.0, alpha_d_stderr=0.0, alpha_n_ci=(0, 0), alpha_d_ci=(0, 0),
                               n_points=16, rms_log_residual=0.0)
    ex = data_cost_explorer("live", laws={"Chinchilla": sl.HOFFMANN_2022, "Kaplan": kaplan}, budgets=[1e10, 1e11],
                            token_costs=[0.0, 1e4], **SMALL)
    assert list(ex.sliders) == ["budget", "token_cost", "law"] and ex.values["law"] == ("Chinchilla", "Kaplan")


def test_prices_are_labelled_free_or_in_flops():
    assert _cost_label(0.0) == "free" and _cost_label(1e10) == "10¹⁰ FLOPs"


@pytest.mark.parametrize("kwargs, name", [
    ({"laws": {}}, "laws"),
    ({"laws": [sl.HOFFMANN_2022]}, "laws"),
    ({"laws": {"nothing": object()}}, "params"),
    ({"budgets": []}, "budgets"),
    ({"budgets": [1e20, -1e21]}, "budgets"),
    ({"budgets": [1e20, np.nan]}, "budgets"),
    ({"budgets": "1e20"}, "budgets"),
    ({"budgets": [5.0]}, r"budgets \(minus 6\)"),  # a budget must buy at least one token of a one-parameter model
    ({"token_costs": [0.0, -1.0]}, "token_costs"),
    ({"token_costs": [np.inf]}, "token_costs"),
])
def test_bad_input_names_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        data_cost_explorer("live", **{**SMALL, **kwargs})
