"""Tests of scaling_lab.data.synthetic: seeded generators with planted parameters."""

import numpy as np
import pytest

from scaling_lab.allocation import compute_optimal
from scaling_lab.laws import chinchilla_loss
from scaling_lab.reference import BESIROGLU_2024, HOFFMANN_2022
from scaling_lab.data.synthetic import (
    HOFFMANN_ISOFLOP_BUDGETS,
    SyntheticRuns,
    chinchilla_synthetic_runs,
    isoflop_synthetic_runs,
    sample_zipf_counts,
    training_curve_runs,
)


# --------------------------------------------------------------------------- Zipf
def test_zipf_counts_are_a_seeded_multinomial_sample():
    counts = sample_zipf_counts(1.0, 1000, 100_000, seed=4)
    assert counts.shape == (1000,) and counts.sum() == 100_000 and counts.dtype.kind == "i"
    assert np.array_equal(counts, sample_zipf_counts(1.0, 1000, 100_000, seed=4))
    assert not np.array_equal(counts, sample_zipf_counts(1.0, 1000, 100_000, seed=5))
    # Rank 1 has probability 1/H(1000, 1) = 1/7.4855; its count is within 5 binomial SDs.
    p1 = 1 / np.sum(1 / np.arange(1, 1001))
    assert abs(counts[0] - 1e5 * p1) < 5 * np.sqrt(1e5 * p1 * (1 - p1))


def test_zipf_exponent_zero_is_uniform():
    counts = sample_zipf_counts(0.0, 10, 100_000, seed=0)
    # Uniform over 10 ranks: each count is 10,000 +- 5 SDs (SD = 95).
    assert np.all(np.abs(counts - 10_000) < 5 * 95)


@pytest.mark.parametrize(
    "args, match",
    [
        ((-1.0, 100, 1000), "exponent"),
        ((np.nan, 100, 1000), "exponent"),
        ((1.0, 1, 1000), "n_types"),
        ((1.0, 100.5, 1000), "n_types"),
        ((1.0, 100, 0), "n_tokens"),
    ],
)
def test_zipf_counts_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        sample_zipf_counts(*args)


# --------------------------------------------------------------------------- Chinchilla runs
def test_chinchilla_runs_shape_span_and_seed():
    runs = chinchilla_synthetic_runs(seed=3)
    assert isinstance(runs, SyntheticRuns) and len(runs) == 240
    # The Chinchilla study's span of model sizes (Hoffmann et al. 2022, §3): 7e7 to 1.6e10.
    assert runs.n_params.min() == pytest.approx(7e7) and runs.n_params.max() == pytest.approx(1.6e10)
    assert np.allclose(runs.compute_flops, 6 * runs.n_params * runs.n_tokens)
    assert set(np.round(np.log(runs.compute_flops), 9)) == set(np.round(np.log(HOFFMANN_ISOFLOP_BUDGETS), 9))
    assert np.array_equal(runs.loss, chinchilla_synthetic_runs(seed=3).loss)
    assert "SyntheticRuns(n_runs=240" in repr(runs)


def test_chinchilla_runs_noise_level():
    runs = chinchilla_synthetic_runs(2000, noise=0.01, seed=0)
    log_ratio = np.log(runs.loss / chinchilla_loss(runs.n_params, runs.n_tokens, HOFFMANN_2022))
    # SD of 2000 N(0, 0.01^2) draws is 0.01 within 3 * 0.01/sqrt(4000) = 5e-4.
    assert np.std(log_ratio) == pytest.approx(0.01, abs=5e-4)
    quiet = chinchilla_synthetic_runs(50, noise=0.0, params=BESIROGLU_2024)
    assert np.allclose(quiet.loss, chinchilla_loss(quiet.n_params, quiet.n_tokens, BESIROGLU_2024), rtol=1e-14)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(n_points=10), "n_points"),
        (dict(noise=-0.1), "noise"),
        (dict(noise=np.inf), "noise"),
        (dict(params=object()), "params"),
        (dict(params=HOFFMANN_2022.__class__(E=1.0, A=-1.0, B=1.0, alpha=0.3, beta=0.3)), "params.A"),
    ],
)
def test_chinchilla_runs_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        chinchilla_synthetic_runs(**kwargs)


# --------------------------------------------------------------------------- IsoFLOP runs
def test_isoflop_runs_centred_on_the_optimum():
    runs = isoflop_synthetic_runs([1e19, 1e20, 1e21], n_per_budget=5, noise=0.0)
    assert len(runs) == 15
    n_opt = compute_optimal(np.array([1e19, 1e20, 1e21]), HOFFMANN_2022).n_opt
    # The middle of each symmetric log-spaced window is the eq. 4 optimum (to rounding).
    assert np.allclose(runs.n_params.reshape(3, 5)[:, 2], n_opt, rtol=1e-12)
    assert np.allclose(runs.n_params.reshape(3, 5)[:, -1] / runs.n_params.reshape(3, 5)[:, 0], 64.0)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(compute_budgets=[1e19, -1.0]), "compute_budgets"),
        (dict(n_per_budget=2), "n_per_budget"),
        (dict(size_window=1.0), "size_window"),
        (dict(n_params_range=(1e9, 1e8)), "n_params_range"),
        (dict(noise=np.nan), "noise"),
    ],
)
def test_isoflop_runs_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        isoflop_synthetic_runs(**kwargs)


# --------------------------------------------------------------------------- training curves
def test_training_curves_layout():
    runs = training_curve_runs(n_models=5, n_checkpoints=7, noise=0.0)
    assert len(runs) == 35
    sizes = runs.n_params.reshape(5, 7)
    assert np.all(sizes == sizes[:, :1])  # one model per block of checkpoints
    flops = runs.compute_flops.reshape(5, 7)
    assert np.allclose(flops[:, -1] / flops[:, 0], 900.0)  # span 30 either side
    # Model N is compute-optimal at the centre of its curve (eq. 4 inverted).
    assert np.allclose(compute_optimal(flops[:, 3], HOFFMANN_2022).n_opt, sizes[:, 0], rtol=1e-9)
    assert np.allclose(runs.loss, chinchilla_loss(runs.n_params, runs.n_tokens, HOFFMANN_2022))


def test_training_curves_noise_is_one_offset_per_model():
    runs = training_curve_runs(n_models=4, n_checkpoints=6, noise=0.05, seed=1)
    ratio = np.log(runs.loss / chinchilla_loss(runs.n_params, runs.n_tokens, HOFFMANN_2022)).reshape(4, 6)
    assert np.allclose(ratio, ratio[:, :1]) and np.ptp(ratio[:, 0]) > 0


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(n_models=2), "n_models"),
        (dict(n_checkpoints=1), "n_checkpoints"),
        (dict(span=0.5), "span"),
        (dict(noise=-1), "noise"),
        (dict(n_params_range=(0, 1e9)), "n_params_range"),
    ],
)
def test_training_curves_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        training_curve_runs(**kwargs)
