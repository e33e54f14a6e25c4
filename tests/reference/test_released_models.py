"""Tests of scaling_lab.reference.released_models: the released models' parameters and training tokens against
the figures printed in their own cards and papers (the module docstring names each place)."""

import numpy as np
import pytest

import scaling_lab as sl

# name: (parameters, tokens) as printed by the source.
PRINTED = {
    "Chinchilla": (70e9, 1.4e12),          # Hoffmann et al. 2022, sec. 4
    "Pythia 6.9B": (6.9e9, 299_892_736_000),  # Biderman et al. 2023: "299,892,736,000 ≈ 300B tokens"
    "Llama 2 7B": (7e9, 2.0e12),            # Llama 2 model card: "2.0T"
    "Llama 2 70B": (70e9, 2.0e12),
    "TinyLlama 1.1B": (1.1e9, 3e12),        # TinyLlama README: "3 trillion (3 epochs/1430k steps)"
    "Gemma 7B": (7e9, 6e12),                # Gemma Team 2024: "3T and 6T tokens respectively"
    "Llama 3 8B": (8e9, 15e12),             # Llama 3 model card: "15T+"
    "Llama 3 70B": (70e9, 15e12),
    "OLMo 2 7B": (7e9, 4e12),               # OLMo 2 7B model card: "4 Trillion"
}


def test_every_model_matches_its_source():
    assert {m.name for m in sl.RELEASED_MODELS} == set(PRINTED)
    for model in sl.RELEASED_MODELS:
        n, d = PRINTED[model.name]
        assert model.n_params == pytest.approx(n, rel=1e-12) and model.n_tokens == pytest.approx(d, rel=1e-12)
        assert model.source, model.name


def test_chinchilla_is_the_one_already_in_the_package_and_sits_at_20():
    assert sl.CHINCHILLA in sl.RELEASED_MODELS
    assert sl.CHINCHILLA.n_tokens / sl.CHINCHILLA.n_params == pytest.approx(sl.COMPUTE_OPTIMAL_TOKENS_PER_PARAM)


def test_tokens_per_parameter_span_two_decades():
    # TinyLlama: 3T / 1.1B = 2727 tokens per parameter; Llama 3 8B: 1875; Chinchilla: 20.
    ratios = {m.name: m.n_tokens / m.n_params for m in sl.RELEASED_MODELS}
    assert ratios["TinyLlama 1.1B"] == pytest.approx(2727.27, rel=1e-5)
    assert ratios["Llama 3 8B"] == pytest.approx(1875.0)
    assert min(ratios.values()) == pytest.approx(20.0)
    assert sum(r > 100 for r in ratios.values()) == 6
    assert np.all([m.n_params > 0 and m.n_tokens > 0 for m in sl.RELEASED_MODELS])
