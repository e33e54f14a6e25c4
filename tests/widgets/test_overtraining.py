"""Tests of scaling_lab.widgets.overtraining: the inference-cost explorer of ``book/overtraining.md`` (its own
slider values, what a frame's title reports, bad input).  Its drawing is covered by the contract test in
test_spec.py.
"""

import numpy as np
import pytest

import scaling_lab as sl

SMALL = dict(width=120, height=80, dpi=30)


@pytest.mark.parametrize("kwargs, name", [
    (dict(inference_tokens=[0.0, -1e12]), "inference_tokens"),
    (dict(inference_tokens=[np.nan]), "inference_tokens"),
    (dict(inference_tokens=[]), "inference_tokens"),
    (dict(target_losses=[1.5]), "target_losses"),  # below the refit's E = 1.817
    (dict(target_losses=[0.0]), "target_losses"),
    (dict(width=0), "width"),
])
def test_inference_cost_explorer_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        sl.inference_cost_explorer(mode="live", **{**SMALL, **kwargs})


def test_explorer_takes_its_own_values_and_draws_distinct_frames():
    ex = sl.inference_cost_explorer(mode="static", inference_tokens=[0.0, 1e13], target_losses=[2.1], **SMALL)
    assert ex.values["inference_tokens"] == (0.0, 1e13) and ex.values["target_loss"] == (2.1,)
    assert len(ex.frames) == 2 and len(set(ex.frames)) == 2 and len(set(ex.axis_limits)) == 1


def test_default_explorer_has_21_frames():
    ex = sl.inference_cost_explorer(mode="static", **SMALL)
    assert len(ex.frames) == 21


# --------------------------------------------------------------------------- plot_released_models
def test_plot_released_models_draws_every_model_and_one_path_per_loss():
    import matplotlib.pyplot as plt

    ax = sl.plot_released_models(target_losses=[2.0, 2.1], inference_tokens=[0.0, 1e12, 1e14])
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels.count("released models") == 1
    assert sum(label.startswith("cheapest model at loss") for label in labels) == 2
    stars = next(line for line in ax.get_lines() if line.get_label() == "released models")
    expected = [m.n_tokens / m.n_params for m in sl.RELEASED_MODELS]
    np.testing.assert_allclose(stars.get_ydata(), expected)
    names = {text.get_text() for text in ax.texts}
    assert {m.name for m in sl.RELEASED_MODELS} <= names
    path = next(line for line in ax.get_lines() if line.get_label() == "cheapest model at loss 2.10")
    plan = sl.inference_optimal_allocation(2.1, np.array([0.0, 1e12, 1e14]))
    np.testing.assert_allclose(path.get_ydata(), plan.tokens_per_param)
    plt.close(ax.figure)


@pytest.mark.parametrize("kwargs, name", [
    (dict(models=[]), "models"),
    (dict(models=[sl.TrainedModel("x", -1.0, 1e12, "")]), "models"),
    (dict(models=[sl.TrainedModel("x", 1e9, np.nan, "")]), "models"),
    (dict(inference_tokens=[1e12]), "inference_tokens"),
    (dict(inference_tokens=[0.0, -1.0]), "inference_tokens"),
    (dict(target_losses=[1.5]), "target_losses"),
    (dict(target_losses=[2.0, 2.1, 2.2, 2.3, 2.4]), "target_losses"),
])
def test_plot_released_models_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        sl.plot_released_models(**kwargs)
