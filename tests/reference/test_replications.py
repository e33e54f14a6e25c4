"""Tests of scaling_lab.reference.replications: the constants of the replications of the compute-optimal
results (Besiroglu et al. 2024; Pearce and Song 2024).
"""

import pytest

from scaling_lab.reference import KAPLAN_2020_NONEMBEDDING_RANGE, PEARCE_SONG_2024_EMBEDDINGS


def test_embedding_count_constants():
    c = PEARCE_SONG_2024_EMBEDDINGS
    assert c.omega == 47491 and c.vocab_size == 32000 and c.n_ctx == 2048
    assert c.aspect_ratio == pytest.approx(39.2, abs=0.05)  # the script's aspect_ratio = 39.2
    # omega = V (A_r / 12)^(1/3): embeddings V d_model with d_model = (A_r N / 12)^(1/3).
    assert c.vocab_size * (c.aspect_ratio / 12) ** (1 / 3) == pytest.approx(c.omega, rel=1e-12)
    assert KAPLAN_2020_NONEMBEDDING_RANGE == (768.0, 1.5e9)
