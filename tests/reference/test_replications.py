"""Tests of scaling_lab.reference.replications: the constants of the replications of the compute-optimal
results (Besiroglu et al. 2024; Pearce and Song 2024).
"""

import math

import pytest

from scaling_lab.data import chinchilla_fig4_runs
from scaling_lab.experiments import simulate_kaplan_study
from scaling_lab.reference import (
    BESIROGLU_2024_BOOTSTRAP_CI95, BESIROGLU_2024_BOOTSTRAP_RESAMPLES, BESIROGLU_2024_BOOTSTRAP_SEED,
    BESIROGLU_2024_DROPPED_RUNS, KAPLAN_2020_NONEMBEDDING_RANGE, PEARCE_SONG_2024_COMPUTE_RANGE,
    PEARCE_SONG_2024_EMBEDDINGS,
)


def test_embedding_count_constants():
    c = PEARCE_SONG_2024_EMBEDDINGS
    assert c.omega == 47491 and c.vocab_size == 32000 and c.n_ctx == 2048
    assert c.aspect_ratio == pytest.approx(39.2, abs=0.05)  # the script's aspect_ratio = 39.2
    # omega = V (A_r / 12)^(1/3): embeddings V d_model with d_model = (A_r N / 12)^(1/3).
    assert c.vocab_size * (c.aspect_ratio / 12) ** (1 / 3) == pytest.approx(c.omega, rel=1e-12)
    assert KAPLAN_2020_NONEMBEDDING_RANGE == (768.0, 1.5e9)


def test_besiroglus_fit_keeps_240_of_the_245_runs():
    # Hoffmann et al.'s Figure 4 as extracted: 245 runs; Besiroglu et al. drop the 5 with the highest loss.
    assert BESIROGLU_2024_DROPPED_RUNS == 5
    assert len(chinchilla_fig4_runs()) - BESIROGLU_2024_DROPPED_RUNS == 240
    assert len(chinchilla_fig4_runs(drop_highest_loss=BESIROGLU_2024_DROPPED_RUNS)) == 240


def test_besiroglus_resampling_is_4000_draws_from_seed_42():
    # data_analysis.ipynb cell 15: bootstraps = 4000, np.random.seed(42); the intervals carried in
    # scaling_lab.reference.hoffmann are theirs, for the five constants.
    assert (BESIROGLU_2024_BOOTSTRAP_RESAMPLES, BESIROGLU_2024_BOOTSTRAP_SEED) == (4000, 42)
    assert set(BESIROGLU_2024_BOOTSTRAP_CI95) == {"E", "A", "B", "alpha", "beta"}


def test_pearce_and_songs_compute_range_covers_kaplans_model_sizes():
    # Their script: c_range_bounds = [12.95, 20.7] (log10 FLOPs of non-embedding compute).
    low, high = PEARCE_SONG_2024_COMPUTE_RANGE
    assert math.log10(low) == pytest.approx(12.95, abs=1e-12) and math.log10(high) == pytest.approx(20.7, abs=1e-12)
    # The simulated study's compute-optimal sizes span Kaplan et al.'s 768 to 1.5e9 parameters (within a factor
    # of ten at each end: the study picks sizes from a continuous frontier).
    sizes = simulate_kaplan_study().frontier.n_nonembedding
    n_low, n_high = KAPLAN_2020_NONEMBEDDING_RANGE
    assert n_low / 10 < sizes.min() < n_low * 10 and n_high / 10 < sizes.max() < n_high * 10
