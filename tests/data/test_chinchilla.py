"""Tests of scaling_lab.data.chinchilla: the 245 runs of Hoffmann et al. (2022) Fig. 4 extracted by Epoch AI.

The reference numbers are Besiroglu et al.'s (2024) published fit (data_analysis.ipynb @ 92258837, cell 18:
Hoffmann's 4,500-point grid + L-BFGS-B on the *sum* of Huber losses, 240 runs), carried in
scaling_lab.reference.
"""

import hashlib
from importlib import resources

import numpy as np
import pytest

from scaling_lab import fit_chinchilla
from scaling_lab.data import ChinchillaFig4Runs, chinchilla_fig4_runs
from scaling_lab.reference import (
    BESIROGLU_2024_DROPPED_RUNS, BESIROGLU_2024_GRID_SUM_HUBER, BESIROGLU_2024_GRID_SUM_HUBER_OBJECTIVE,
)

PARAMS = ("E", "A", "B", "alpha", "beta")


def test_shipped_file_is_epochs_file_unchanged():
    # SHA-256 of data/svg_extracted_data.csv at epoch-research/analyzing-chinchilla @ 92258837 (see the note).
    data = resources.files("scaling_lab.datasets").joinpath("chinchilla_fig4_epoch_extracted.csv").read_bytes()
    assert hashlib.sha256(data).hexdigest() == "193478df4e90f040016431996c45682659306840ecdadf83cfb9cd5ca0aa1b30"
    note = resources.files("scaling_lab.datasets").joinpath("chinchilla_fig4_epoch_extracted.md").read_text()
    for needle in ("Hoffmann", "Besiroglu", "2404.10102", "2203.15556", "92258837", "Licence"):
        assert needle in note


def test_all_245_runs_and_named_arrays():
    runs = chinchilla_fig4_runs()
    assert isinstance(runs, ChinchillaFig4Runs)
    assert len(runs) == 245 and runs.n_dropped == 0
    for arr in (runs.n_params, runs.n_tokens, runs.compute_flops, runs.loss):
        assert arr.shape == (245,) and np.all(np.isfinite(arr)) and np.all(arr > 0)
        assert not arr.flags.writeable
    # D = C / (6N) exactly (Hoffmann et al. 2022; Besiroglu et al. 2024 cell 3).
    np.testing.assert_allclose(6.0 * runs.n_params * runs.n_tokens, runs.compute_flops, rtol=1e-15)
    # Hoffmann et al.'s span: "from 70 million to over 16 billion parameters" (the extraction reaches 57M).
    assert runs.n_params.min() == pytest.approx(5.733e7, rel=1e-3)
    assert runs.n_params.max() == pytest.approx(1.618e10, rel=1e-3)
    assert "n_runs=245" in repr(runs)


def test_epochs_subset_drops_the_five_highest_losses():
    full = chinchilla_fig4_runs()
    runs = chinchilla_fig4_runs(drop_highest_loss=BESIROGLU_2024_DROPPED_RUNS)
    assert BESIROGLU_2024_DROPPED_RUNS == 5
    assert len(runs) == 240 and runs.n_dropped == 5
    dropped = np.sort(full.loss)[-5:]
    np.testing.assert_allclose(dropped, [3.446995, 3.765563, 3.793872, 4.665232, 5.005582], rtol=1e-6)
    assert runs.loss.max() < dropped.min()
    # The order of the file is kept.
    keep = full.loss < dropped.min()
    np.testing.assert_array_equal(runs.n_params, full.n_params[keep])


def test_approach_3_on_the_240_runs_reaches_epochs_grid_optimum():
    runs = chinchilla_fig4_runs(drop_highest_loss=5)
    fit = fit_chinchilla(runs.n_params, runs.n_tokens, runs.loss)
    # Epoch's objective is 0.001018274034615 (sum of Huber losses, finite-difference L-BFGS-B from the
    # best of 4,500 starts). Ours, with the exact gradient and a Newton polish, may only be lower, and
    # by no more than their optimiser's stopping error (measured: 1.7e-8 relative lower).
    assert fit.objective <= BESIROGLU_2024_GRID_SUM_HUBER_OBJECTIVE * (1 + 1e-9)
    assert fit.objective == pytest.approx(BESIROGLU_2024_GRID_SUM_HUBER_OBJECTIVE, rel=1e-7)
    # Parameters: Epoch's finite-difference L-BFGS-B stopped slightly short of the optimum on this flat
    # objective (measured differences: B 2.1e-4 relative, the others below 4e-5); 2e-3 allows for that.
    for name in PARAMS:
        assert getattr(fit, name) == pytest.approx(getattr(BESIROGLU_2024_GRID_SUM_HUBER, name), rel=2e-3), name


@pytest.mark.parametrize("bad", [-1, 1.5, "5", True, 240, None])
def test_bad_drop_highest_loss_names_the_argument(bad):
    with pytest.raises(ValueError, match="drop_highest_loss"):
        chinchilla_fig4_runs(drop_highest_loss=bad)


def test_largest_allowed_drop_keeps_six_runs():
    assert len(chinchilla_fig4_runs(drop_highest_loss=239)) == 6


def test_docstring_example_runs():
    import doctest

    from scaling_lab.data import chinchilla

    result = doctest.testmod(chinchilla)
    assert result.attempted >= 1 and result.failed == 0
