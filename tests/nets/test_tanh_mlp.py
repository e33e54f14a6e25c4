"""Tests of scaling_lab.nets.tanh_mlp: the tanh MLP of the teacher-student experiments, its gradient in every
parametrisation, its parameter count and the student's training loop.

Gradient checks as in test_char_mlp.py: central differences in float64, relative error below 1e-6.
"""

import math

import numpy as np
import pytest

from tests.nets.conftest import numerical_gradient, relative_error

from scaling_lab.nets import PARAMETRIZATIONS, TanhMLP, train_student


@pytest.mark.parametrize("parametrization", PARAMETRIZATIONS)
@pytest.mark.parametrize("hidden", [(6,), (5, 5), (4, 3, 4)])
def test_tanh_mlp_gradient_matches_central_differences(parametrization, hidden):
    model = TanhMLP((3, *hidden, 2), parametrization=parametrization, base_width=2, seed=3, dtype=np.float64)
    rng = np.random.default_rng(4)
    model.params += 0.3 * rng.standard_normal(model.params.size)  # μP starts with a zero readout
    inputs, targets = rng.standard_normal((9, 3)), rng.standard_normal((9, 2))
    _, grad = model.loss_and_grad(inputs, targets)
    grad = grad.copy()
    assert relative_error(grad, numerical_gradient(lambda: model.loss(inputs, targets), model.params)) < 1e-6


def test_tanh_mlp_parameter_count():
    assert TanhMLP((8, 16, 1)).n_params == 8 * 16 + 16 + 16 + 1
    assert TanhMLP((16, 32, 32, 4)).n_params == 16 * 32 + 32 + 32 * 32 + 32 + 32 * 4 + 4


def test_train_student_is_deterministic_and_diverges_cleanly():
    teacher = TanhMLP((4, 16, 1), seed=0)
    a = train_student(teacher, 8, n_steps=50, seed=3)
    b = train_student(teacher, 8, n_steps=50, seed=3)
    assert a.loss == b.loss and a.n_params == 4 * 8 + 8 + 8 + 1
    blown = train_student(teacher, 8, n_steps=50, optimizer="sgd", learning_rate=1e6, seed=3)
    assert blown.loss == math.inf
    fixed = train_student(teacher, (8, 8), n_steps=50, n_samples=64, seed=3)
    assert fixed.n_samples == 64 and fixed.hidden_widths == (8, 8)


# ----------------------------------------------------------------------------- bad input
def test_bad_input():
    with pytest.raises(ValueError, match="teacher must be a TanhMLP"):
        train_student(None, 4)
    with pytest.raises(ValueError, match="optimizer must be"):
        train_student(TanhMLP((3, 4, 1)), 4, optimizer="lbfgs")
    with pytest.raises(ValueError, match="hidden_widths must be >= 1"):
        train_student(TanhMLP((3, 4, 1)), (4, 0))
