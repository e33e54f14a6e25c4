"""Tests of scaling_lab.widgets.emergence: the explorers of ``book/emergence.md``.

What they show: every metric of the simulation, rescaled so that 1 is best without changing a curve's shape;
and Pythia's real curves at checkpoints that exist in the data.  Their drawing is covered by the contract test
in test_spec.py; these build the live form, which draws one frame.
"""

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.widgets.emergence import (
    _PYTHIA_METRICS, _PYTHIA_STEPS, EMERGENCE_METRIC_LABELS, _as_score, mirage_explorer, pythia_emergence_explorer,
)

SMALL = dict(width=160, height=100, dpi=30)


def test_every_metric_of_the_simulation_has_a_label():
    assert set(EMERGENCE_METRIC_LABELS) == set(sl.EMERGENCE_METRICS)


def test_scores_are_rescaled_linearly_with_one_best():
    # Edit distance: 0 wrong tokens is perfect, L wrong the worst; Brier: 0 perfect, 2 the worst; the
    # accuracies are scores already.
    np.testing.assert_allclose(_as_score("token_edit_distance", np.array([0.0, 15.0, 30.0]), 30), [1.0, 0.5, 0.0])
    np.testing.assert_allclose(_as_score("brier_score", np.array([0.0, 1.0, 2.0]), 30), [1.0, 0.5, 0.0])
    values = np.array([0.1, 0.7])
    assert _as_score("exact_match", values, 30) is values
    # Linear, so the shape is unchanged: the emergence score (range over median step, a ratio) only turns
    # its sign, as a falling error becomes a rising score.
    raw = np.array([3.0, 1.0, 0.5, 0.0])
    scaled = _as_score("token_edit_distance", raw, 3)
    assert sl.emergence_score(np.arange(1.0, 5.0), scaled) == pytest.approx(
        -sl.emergence_score(np.arange(1.0, 5.0), raw), rel=1e-12)


def test_the_mirage_explorer_has_seven_lengths_and_four_metrics():
    ex = mirage_explorer("live", **SMALL)
    assert ex.values["answer_length"] == (1, 2, 3, 5, 10, 20, 30)
    assert ex.values["metric"] == tuple(EMERGENCE_METRIC_LABELS)
    assert len(ex.values["answer_length"]) * len(ex.values["metric"]) == 28  # the docstring's frame count


def test_the_pythia_explorer_shows_checkpoints_of_the_data():
    ex = pythia_emergence_explorer("live", **SMALL)
    assert set(_PYTHIA_STEPS) <= set(sl.load_pythia_evals().steps.tolist())
    assert ex.current_values() == {"metric": "lambada_openai", "step": sl.PYTHIA_FINAL_STEP}
    assert len(ex.values["metric"]) * len(ex.values["step"]) == 20
    for metric in _PYTHIA_METRICS:  # each metric is one the experiments know
        assert sl.pythia_emergence_curves(metric).values.shape[1] == sl.load_pythia_evals().steps.size


@pytest.mark.parametrize("make", [mirage_explorer, pythia_emergence_explorer])
@pytest.mark.parametrize("kwargs, name", [({"width": 0}, "width"), ({"dpi": float("nan")}, "dpi")])
def test_bad_sizes_are_named(make, kwargs, name):
    with pytest.raises(ValueError, match=name):
        make("live", **{**SMALL, **kwargs})
