"""Tests of scaling_lab.nets.char_mlp: the character-level MLP language model, its gradient, parameter counts,
learning-rate rule, context windows and training loop.

Gradient checks run the float64 path of the model; the central difference with step 1e-6 has truncation
error O(h^2 f''') ~ 1e-12 and round-off O(eps f / h) ~ 1e-10, so a relative error (in the Euclidean norm)
below 1e-6 leaves a wide margin while a wrong backward pass gives O(1).
"""

import math

import numpy as np
import pytest

from tests.nets.conftest import numerical_gradient, relative_error

from scaling_lab.nets import CharMLP, char_mlp_learning_rate, context_windows, train_char_mlp


# ----------------------------------------------------------------------------- gradients
def test_char_mlp_gradient_matches_central_differences():
    model = CharMLP(5, context=3, embed_dim=4, n_symbols=6, seed=1, dtype=np.float64)
    rng = np.random.default_rng(0)
    model.params += 0.3 * rng.standard_normal(model.params.size)  # leave the zero output layer
    contexts, targets = rng.integers(0, 6, (7, 3)), rng.integers(0, 6, 7)
    _, grad = model.loss_and_grad(contexts, targets)
    grad = grad.copy()
    numeric = numerical_gradient(lambda: model.loss(contexts, targets), model.params)
    assert relative_error(grad, numeric) < 1e-6


def test_char_mlp_gradient_with_repeated_characters():
    """The one-hot embedding gradient must sum over repeated characters in a window."""
    model = CharMLP(3, context=4, embed_dim=2, n_symbols=3, seed=2, dtype=np.float64)
    model.params += 0.2 * np.random.default_rng(1).standard_normal(model.params.size)
    contexts, targets = np.array([[1, 1, 1, 2], [0, 1, 0, 1]]), np.array([2, 0])
    _, grad = model.loss_and_grad(contexts, targets)
    grad = grad.copy()
    assert relative_error(grad, numerical_gradient(lambda: model.loss(contexts, targets), model.params)) < 1e-6


def test_float32_gradient_agrees_with_float64():
    """The float32 training path computes the same gradient to float32 precision (rel. error ~1e-7 x depth)."""
    m64 = CharMLP(16, seed=5, dtype=np.float64)
    m32 = CharMLP(16, seed=5)
    rng = np.random.default_rng(6)
    m64.params += 0.1 * rng.standard_normal(m64.params.size)
    m32.params[...] = m64.params
    contexts, targets = rng.integers(0, 39, (64, 8)), rng.integers(0, 39, 64)
    g64 = m64.loss_and_grad(contexts, targets)[1].copy()
    g32 = m32.loss_and_grad(contexts, targets)[1].astype(np.float64)
    assert relative_error(g32, g64) < 1e-5


# ----------------------------------------------------------------------------- closed forms and counts
@pytest.mark.parametrize("hidden", [1, 8, 64, 237, 362])
def test_char_mlp_parameter_counts(hidden):
    model = CharMLP(hidden)
    assert model.n_params == hidden**2 + 169 * hidden + 39
    assert model.n_params_total == model.n_params + 39 * 16


def test_char_mlp_starts_uniform():
    """The output layer starts at zero, so every prediction is uniform: loss = ln 39 nats exactly."""
    model = CharMLP(10, seed=0)
    rng = np.random.default_rng(0)
    assert model.loss(rng.integers(0, 39, (50, 8)), rng.integers(0, 39, 50)) == pytest.approx(math.log(39), rel=1e-6)


def test_learning_rate_rule():
    assert char_mlp_learning_rate(64, 500_000) == pytest.approx(0.008)
    assert char_mlp_learning_rate(128, 1_000_000, batch_size=512) == pytest.approx(
        0.008 * 0.5**0.35 * 0.5**0.3 * 2.0)


def test_context_windows():
    codes = np.arange(20)
    contexts, targets = context_windows(codes, np.array([3, 10]), 3)
    np.testing.assert_array_equal(contexts, [[0, 1, 2], [7, 8, 9]])
    np.testing.assert_array_equal(targets, [3, 10])


# ----------------------------------------------------------------------------- training loops
def _tiny_text():
    rng = np.random.default_rng(8)
    return (rng.integers(0, 39, 5000)).astype(np.uint8), rng.integers(0, 39, 1000).astype(np.uint8)


def test_train_char_mlp_is_deterministic_and_learns():
    train = np.tile(np.arange(39, dtype=np.uint8), 100)  # a perfectly predictable text
    run = train_char_mlp(8, 2560, train=train, validation=train[:500], n_validation=256, seed=1, n_curve_points=4)
    again = train_char_mlp(8, 2560, train=train, validation=train[:500], n_validation=256, seed=1, n_curve_points=4)
    other = train_char_mlp(8, 2560, train=train, validation=train[:500], n_validation=256, seed=2)
    assert run.loss == again.loss and np.array_equal(run.curve_loss, again.curve_loss)
    assert run.loss != other.loss
    assert run.loss < 0.5 * math.log2(39)  # far below the uniform 5.29 bits
    assert run.n_tokens == 2560 and run.n_steps == 20 and run.compute_flops == 6.0 * run.n_params * 2560
    assert run.curve_tokens[-1] == 2560 and np.all(np.diff(run.curve_tokens) > 0)


def test_train_char_mlp_uses_exactly_n_tokens():
    """A D that is not a multiple of the batch: the last batch holds the remainder, so C = 6ND exactly."""
    train = np.tile(np.arange(39, dtype=np.uint8), 100)
    run = train_char_mlp(8, 2600, train=train, validation=train[:500], n_validation=256, seed=1, n_curve_points=3)
    assert run.n_tokens == 2600 and run.n_steps == 21 and run.compute_flops == 6.0 * run.n_params * 2600
    assert run.curve_tokens[-1] == 2600
    with pytest.raises(ValueError, match="one pass over train"):
        train_char_mlp(8, len(train), train=train, validation=train[:500], n_validation=256)
    short = train_char_mlp(4, 300, train=train, validation=train[:500], n_validation=64, seed=0, context=2)
    assert short.n_params == 4 * 4 + 73 * 4 + 39  # K = 2: N = H^2 + (16K + 41) H + 39


# ----------------------------------------------------------------------------- bad input
def test_bad_input():
    text, val = _tiny_text()
    with pytest.raises(ValueError, match="hidden must be >= 1"):
        CharMLP(0)
    with pytest.raises(ValueError, match="n_symbols must be >= 2"):
        CharMLP(4, n_symbols=1)
    with pytest.raises(ValueError, match="n_tokens must be >= batch_size"):
        train_char_mlp(4, 100, train=text, validation=val)
    with pytest.raises(ValueError, match="n_tokens must be <= "):
        train_char_mlp(4, 10_000, train=text, validation=val)
    with pytest.raises(ValueError, match="learning_rate must be > 0"):
        train_char_mlp(4, 256, train=text, validation=val, learning_rate=-1)
    with pytest.raises(ValueError, match="n_tokens must be finite"):
        char_mlp_learning_rate(4, np.nan)
    with pytest.raises(ValueError, match="positions must lie in"):
        context_windows(np.arange(10), np.array([1]), 3)
