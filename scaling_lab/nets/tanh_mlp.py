r"""A tanh multi-layer perceptron in NumPy, and a student trained to imitate a fixed random teacher.

The network with hidden widths :math:`n_1, \dots, n_L` computes

.. math::
    h_0 = x, \qquad h_l = \tanh(h_{l-1} W_l + b_l)\ (l = 1..L), \qquad
    f(x) = \mu\,(h_L W_{L+1} + b_{L+1})

with an output multiplier :math:`\mu` (1 except under μP, :mod:`scaling_lab.nets.parametrization`).
A *teacher* is such a network with fixed random weights; a *student* learns it from samples
:math:`x \sim \mathcal N(0, I)` by minimising the mean squared error
:math:`\frac{1}{B d_{out}} \sum (f(x) - y)^2`.  Because the target is an exact, noiseless function,
the test error falls as a power law in the student's size and in the number of samples until
optimisation runs out of steps, a small model of the scaling laws of real networks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from scaling_lab._validate import as_int, as_positive_scalar
from scaling_lab.nets.optim import SGD, Adam, flat_views, warmup_cosine_schedule
from scaling_lab.nets.parametrization import layer_scalings

__all__ = ["TanhMLP", "TeacherStudentRun", "train_student"]


class TanhMLP:
    """A tanh MLP with all weights in one flat buffer, ``params``.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``(n_inputs, n_1, ..., n_L, n_outputs)``, at least one hidden layer.
    parametrization : {"standard", "mup"}, optional
        Initial scales, learning-rate multipliers (``lr_scale``, one per weight) and output
        multiplier, from :func:`scaling_lab.nets.parametrization.layer_scalings`.
    base_width : int, optional
        Base width of μP.
    seed : int or numpy.random.Generator, optional
        For the initial weights (Gaussian; biases zero).
    dtype : numpy dtype, optional
        float32 (default) or float64 (gradient checks).
    """

    def __init__(self, layer_sizes, *, parametrization="standard", base_width=None, seed=0, dtype=np.float32):
        scalings = layer_scalings(layer_sizes, parametrization=parametrization, base_width=base_width)
        self.layer_sizes = tuple(int(s) for s in layer_sizes)
        self.n_layers = len(scalings)
        self.output_multiplier = scalings[-1].output_multiplier
        self.shapes = {}
        for i in range(self.n_layers):
            self.shapes[f"W{i + 1}"] = (self.layer_sizes[i], self.layer_sizes[i + 1])
            self.shapes[f"b{i + 1}"] = (self.layer_sizes[i + 1],)
        self.params = np.zeros(sum(math.prod(s) for s in self.shapes.values()), dtype=dtype)
        self.p = flat_views(self.params, self.shapes)
        self.lr_scale = np.ones_like(self.params)
        scale_views = flat_views(self.lr_scale, self.shapes)
        rng = np.random.default_rng(seed)
        for i, scaling in enumerate(scalings):
            weight = self.p[f"W{i + 1}"]
            weight[...] = rng.standard_normal(weight.shape) * scaling.init_std
            scale_views[f"W{i + 1}"][...] = scaling.lr_scale
        self.grad = np.zeros_like(self.params)
        self.g = flat_views(self.grad, self.shapes)

    @property
    def n_params(self) -> int:
        """Number of weights and biases."""
        return self.params.size

    def _forward(self, inputs):
        activations = [inputs]
        for i in range(1, self.n_layers):
            activations.append(np.tanh(activations[-1] @ self.p[f"W{i}"] + self.p[f"b{i}"]))
        last = self.n_layers
        out = (activations[-1] @ self.p[f"W{last}"] + self.p[f"b{last}"]) * self.output_multiplier
        return activations, out

    def __call__(self, inputs) -> np.ndarray:
        """The network's outputs for a batch of inputs (rows)."""
        return self._forward(inputs)[1]

    def loss(self, inputs, targets) -> float:
        """Mean squared error over the batch and the outputs."""
        return float(np.mean((self(inputs) - targets) ** 2, dtype=np.float64))

    def loss_and_grad(self, inputs, targets):
        """Mean squared error and its gradient, written into ``self.grad``."""
        activations, out = self._forward(inputs)
        error = out - targets
        loss = float(np.mean(error**2, dtype=np.float64))
        delta = error * (2.0 * self.output_multiplier / error.size)  # d loss / d (pre-multiplier output)
        for i in range(self.n_layers, 0, -1):
            self.g[f"W{i}"][...] = activations[i - 1].T @ delta
            self.g[f"b{i}"][...] = delta.sum(axis=0)
            if i > 1:
                delta = (delta @ self.p[f"W{i}"].T) * (1.0 - activations[i - 1] ** 2)
        return loss, self.grad


@dataclass(frozen=True)
class TeacherStudentRun:
    """One student trained on a teacher: size, budget and test loss (mean squared error)."""

    hidden_widths: tuple
    n_params: int
    n_steps: int
    n_samples: int
    optimizer: str
    parametrization: str
    learning_rate: float
    loss: float
    curve_steps: np.ndarray = field(repr=False)
    curve_loss: np.ndarray = field(repr=False)


def train_student(teacher, hidden_widths, *, n_steps=4000, batch_size=128, learning_rate=3e-3, optimizer="adam",
                  momentum=0.9, parametrization="standard", base_width=None, n_samples=None, n_test=4096,
                  n_curve_points=0, seed=0) -> TeacherStudentRun:
    r"""Train a tanh MLP student to imitate ``teacher`` and report its test mean squared error.

    Each step draws a batch of inputs :math:`x \sim \mathcal N(0, I)` (fresh ones, or, with
    ``n_samples``, from one fixed training set of that size) and labels them with the teacher.
    The learning rate warms up over 5% of the steps, then decays to zero on a cosine.

    Parameters
    ----------
    teacher : TanhMLP
        The target function (its input and output sizes set the student's).
    hidden_widths : int or tuple of int
        The student's hidden widths, e.g. ``64`` or ``(32, 32)``.
    n_steps, batch_size : int, optional
        Defaults 4000 and 128.
    learning_rate : float, optional
        Peak learning rate, > 0. Default 3e-3.
    optimizer : {"adam", "sgd"}, optional
        Adam (0.9, 0.99, 1e-8) or SGD with heavy-ball ``momentum``.
    parametrization, base_width : optional
        See :mod:`scaling_lab.nets.parametrization`.
    n_samples : int, optional
        Size of a fixed training set (loss against data); default None, fresh samples every step.
    n_test : int, optional
        Test inputs (fixed by ``seed``), default 4096.
    n_curve_points : int, optional
        If > 0, the test loss at this many log-spaced steps, for learning curves.
    seed : int, optional
        Seeds the student's initial weights, the data and the test set.

    Returns
    -------
    TeacherStudentRun
    """
    if not isinstance(teacher, TanhMLP):
        raise ValueError(f"teacher must be a TanhMLP; got {type(teacher).__name__}")
    widths = (hidden_widths,) if np.ndim(hidden_widths) == 0 else tuple(hidden_widths)
    widths = tuple(as_int(w, "hidden_widths", minimum=1) for w in widths)
    if not widths:
        raise ValueError("hidden_widths must hold at least one width")
    n_steps = as_int(n_steps, "n_steps", minimum=1)
    batch_size = as_int(batch_size, "batch_size", minimum=1)
    peak = as_positive_scalar(learning_rate, "learning_rate")
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"optimizer must be 'adam' or 'sgd'; got {optimizer!r}")
    n_test = as_int(n_test, "n_test", minimum=1)
    n_curve_points = as_int(n_curve_points, "n_curve_points", minimum=0)
    seed = as_int(seed, "seed", minimum=0)
    n_in, n_out = teacher.layer_sizes[0], teacher.layer_sizes[-1]

    student = TanhMLP((n_in, *widths, n_out), parametrization=parametrization, base_width=base_width,
                      seed=[seed, 0])
    if optimizer == "adam":
        opt = Adam(student.n_params, lr_scale=student.lr_scale)
    else:
        opt = SGD(student.n_params, momentum=momentum, lr_scale=student.lr_scale)
    rng = np.random.default_rng([seed, 1])
    test_x = np.random.default_rng([seed, 2]).standard_normal((n_test, n_in)).astype(np.float32)
    test_y = teacher(test_x)
    if n_samples is not None:
        n_samples = as_int(n_samples, "n_samples", minimum=1)
        train_x = rng.standard_normal((n_samples, n_in)).astype(np.float32)
        train_y = teacher(train_x)
    schedule = warmup_cosine_schedule(n_steps, peak)
    curve_at = set(np.unique(np.geomspace(1, n_steps, n_curve_points).astype(int))) if n_curve_points else set()
    curve = []
    for step in range(n_steps):
        if n_samples is None:
            x = rng.standard_normal((batch_size, n_in)).astype(np.float32)
            y = teacher(x)
        else:
            idx = rng.integers(0, n_samples, batch_size)
            x, y = train_x[idx], train_y[idx]
        with np.errstate(over="ignore", invalid="ignore"):
            batch_loss, grad = student.loss_and_grad(x, y)
        if not math.isfinite(batch_loss):  # diverged (e.g. SGD with too large a rate)
            break
        opt.step(student.params, grad, schedule[step])
        if step + 1 in curve_at:
            curve.append((step + 1, student.loss(test_x, test_y)))
    curve_steps, curve_loss = (np.array(c, dtype=float) for c in zip(*curve)) if curve else (np.empty(0),) * 2
    with np.errstate(over="ignore", invalid="ignore"):
        loss = student.loss(test_x, test_y)
    return TeacherStudentRun(widths, student.n_params, n_steps, n_samples or n_steps * batch_size, optimizer,
                             parametrization, peak, loss if np.isfinite(loss) else math.inf, curve_steps, curve_loss)
