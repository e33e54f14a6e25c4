"""Tests of scaling_lab.widgets.forecasting: the figure helper and the explorer of ``book/forecasting.md``
(what the forecast figure draws, bad input).

(The explorer's drawing is covered by the contract test in test_spec.py.)
"""

import matplotlib

matplotlib.use("Agg")

import pytest

from scaling_lab.experiments import pythia_forecast
from scaling_lab.widgets import FORECAST_LAW_LABELS, pythia_forecast_explorer, plot_pythia_forecast


def test_plot_pythia_forecast_draws_law_band_and_models():
    loss = pythia_forecast(law="power_law", n_boot=20)
    ax = plot_pythia_forecast(loss)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    labels = [h.get_label() for h in ax.get_legend_handles_labels()[0]]
    assert FORECAST_LAW_LABELS["power_law"] in labels and "revealed models" in labels
    accuracy = pythia_forecast("winogrande", n_boot=20)
    ax = plot_pythia_forecast(accuracy, show_observed=False, label="trend")
    assert ax.get_yscale() == "linear" and ax.get_legend_handles_labels()[1] == ["trend"]  # band labelled once


@pytest.mark.parametrize("call, name", [
    (lambda: plot_pythia_forecast("not a forecast"), "forecast"),
    (lambda: pythia_forecast_explorer("static", n_boot=2), "n_boot"),
    (lambda: pythia_forecast_explorer("static", n_boot=float("nan")), "n_boot"),
])
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()
