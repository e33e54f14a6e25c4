r"""Design questions answered with scaling curves: a tanh MLP student learning a fixed random teacher.

The teacher is :data:`TEACHER_LAYERS` = (8 inputs, 512 tanh units, 1 output) with fixed random
weights; students are trained by :func:`scaling_lab.nets.train_student` (4,000 steps of batch 128,
fresh samples each step unless a fixed training set is given) and scored by test mean squared
error.  Sweeps (each seeded, deterministic, on both cores):

- :func:`mlp_optimizer_sweep`: loss against size for Adam and for SGD with momentum;
- :func:`mlp_depth_sweep`: one against two hidden layers, per parameter;
- :func:`mlp_shape_sweep`: depth against width at a fixed parameter count (Kaplan et al. 2020, Fig. 5);
- :func:`mlp_data_sweep`: loss against the size of a fixed training set;
- :func:`mlp_learning_curves`: test loss against steps for several sizes (sample efficiency).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from scaling_lab._cache import disk_cached
from scaling_lab._validate import as_int, as_positive_scalar
from scaling_lab.experiments._parallel import check_preset, run_all, stack_curves
from scaling_lab.nets.tanh_mlp import TanhMLP, train_student

__all__ = ["TEACHER_LAYERS", "StudentRuns", "mlp_width_for", "student_sweep", "mlp_optimizer_sweep",
           "mlp_depth_sweep", "mlp_shape_sweep", "mlp_data_sweep", "mlp_learning_curves"]

#: Layer sizes of the teacher (inputs, hidden, outputs); its weights are fixed by :data:`_TEACHER_SEED`.
TEACHER_LAYERS = (8, 512, 1)
_TEACHER_SEED = 2022
#: Peak learning rates, from a sweep over powers of two at width 64 and 4,000 steps (test loss, seed 0):
#: Adam is best at 2^-7 and 2^-6 (0.00138 each); SGD with momentum 0.9 at 2^-2 (0.0022) and diverges at
#: 2^-1.  SGD at 2^-3 diverged at width 256, so SGD uses 2^-4 (0.00294 at width 64) for every width.
_LEARNING_RATES = {"adam": 2.0**-7, "sgd": 2.0**-4}


@lru_cache(maxsize=1)
def _teacher() -> TanhMLP:
    return TanhMLP(TEACHER_LAYERS, seed=_TEACHER_SEED)


@dataclass(frozen=True)
class StudentRuns:
    """Teacher-student runs, one entry per run; ``loss`` is the test mean squared error.

    ``optimizer`` is an array of "adam"/"sgd"; ``depth`` the number of hidden layers and ``width``
    their (common) width; ``curve_steps``/``curve_loss`` hold learning curves (NaN-padded rows).
    """

    depth: np.ndarray
    width: np.ndarray
    n_params: np.ndarray
    n_steps: np.ndarray
    n_samples: np.ndarray
    optimizer: np.ndarray
    learning_rate: np.ndarray
    loss: np.ndarray
    curve_steps: np.ndarray = field(repr=False)
    curve_loss: np.ndarray = field(repr=False)
    seed: int = 0
    wall_seconds: float = field(default=math.nan, compare=False)

    def __len__(self) -> int:
        return int(self.loss.size)

    def select(self, **conditions) -> StudentRuns:
        """The runs whose fields equal the given values, e.g. ``select(optimizer="adam", depth=1)``."""
        keep = np.ones(len(self), dtype=bool)
        for name, value in conditions.items():
            keep &= getattr(self, name) == value
        arrays = {k: getattr(self, k)[keep] for k in ("depth", "width", "n_params", "n_steps", "n_samples",
                                                      "optimizer", "learning_rate", "loss", "curve_steps",
                                                      "curve_loss")}
        return StudentRuns(**arrays, seed=self.seed, wall_seconds=self.wall_seconds)

    def __repr__(self) -> str:
        return (f"StudentRuns({len(self)} runs, N {self.n_params.min():,}-{self.n_params.max():,}, "
                f"optimizers {sorted(set(self.optimizer.tolist()))}, depths {sorted(set(self.depth.tolist()))}, "
                f"loss {self.loss.min():.3g}-{self.loss.max():.3g}, seed={self.seed}, {self.wall_seconds:.1f} s)")


def mlp_width_for(n_params, depth, *, n_inputs=TEACHER_LAYERS[0], n_outputs=TEACHER_LAYERS[-1]) -> int:
    r"""The width h whose MLP with ``depth`` hidden layers of width h has closest to ``n_params`` parameters.

    .. math:: N(h) = (n_{in} + 1) h + (L - 1)(h^2 + h) + (h + 1) n_{out}
    """
    target = as_positive_scalar(n_params, "n_params")
    depth = as_int(depth, "depth", minimum=1)

    def count(h):
        return (n_inputs + 1) * h + (depth - 1) * (h * h + h) + (h + 1) * n_outputs

    h = 1
    while count(h + 1) <= target:
        h += 1
    return h if target - count(h) <= count(h + 1) - target else h + 1


def _run(width, depth, optimizer, n_steps, n_samples, n_curve_points, seed):
    return train_student(_teacher(), (width,) * depth, n_steps=n_steps, learning_rate=_LEARNING_RATES[optimizer],
                         optimizer=optimizer, n_samples=n_samples, n_curve_points=n_curve_points, seed=seed)


def student_sweep(widths, depths, optimizers, *, n_steps=4000, n_samples=None, n_curve_points=0, seed=0,
                  n_jobs=None) -> StudentRuns:
    """Train one student per ``(widths[i], depths[i], optimizers[i])`` (and ``n_samples[i]``), on both cores.

    ``n_samples`` None means fresh samples every step; else an array (or one number) of training-set
    sizes.  Every run uses ``seed``; the teacher is fixed.
    """
    widths = [as_int(w, "widths", minimum=1) for w in np.atleast_1d(widths)]
    depths = [as_int(d, "depths", minimum=1) for d in np.broadcast_to(depths, len(widths))]
    optimizers = [str(o) for o in np.broadcast_to(optimizers, len(widths))]
    for o in optimizers:
        if o not in _LEARNING_RATES:
            raise ValueError(f"optimizers must be 'adam' or 'sgd'; got {o!r}")
    samples = [None] * len(widths) if n_samples is None else [
        as_int(s, "n_samples", minimum=1) for s in np.broadcast_to(n_samples, len(widths))]
    n_steps = as_int(n_steps, "n_steps", minimum=1)
    seed = as_int(seed, "seed", minimum=0)
    jobs = [dict(width=w, depth=d, optimizer=o, n_steps=n_steps, n_samples=s, n_curve_points=n_curve_points,
                 seed=seed) for w, d, o, s in zip(widths, depths, optimizers, samples)]
    start = time.perf_counter()
    runs = run_all(_run, jobs, n_jobs=n_jobs, costs=[w * w * d + 64 * w for w, d in zip(widths, depths)])
    wall = time.perf_counter() - start
    return StudentRuns(
        depth=np.array(depths), width=np.array(widths), n_params=np.array([r.n_params for r in runs]),
        n_steps=np.full(len(runs), n_steps), n_samples=np.array([r.n_samples for r in runs]),
        optimizer=np.array(optimizers), learning_rate=np.array([r.learning_rate for r in runs]),
        loss=np.array([r.loss for r in runs]), curve_steps=stack_curves([r.curve_steps for r in runs]),
        curve_loss=stack_curves([r.curve_loss for r in runs]), seed=seed,
        wall_seconds=wall,
    )


_WIDTHS = (4, 8, 16, 32, 64, 128, 256)


@disk_cached
def mlp_optimizer_sweep(*, seed=0, full=False) -> StudentRuns:
    """Loss against size, one hidden layer of width 4 ... 256, trained by Adam and by SGD with momentum.

    ``full=True`` trains for 8,000 steps instead of 4,000.
    """
    seed = check_preset(seed, full)
    widths = np.array(_WIDTHS * 2)
    optimizers = ["adam"] * len(_WIDTHS) + ["sgd"] * len(_WIDTHS)
    return student_sweep(widths, 1, optimizers, n_steps=8000 if full else 4000, seed=seed)


@disk_cached
def mlp_depth_sweep(*, seed=0, full=False) -> StudentRuns:
    """One against two hidden layers over the same range of parameter counts (about 40 to 2,600), Adam.

    ``full=True`` adds three hidden layers.
    """
    seed = check_preset(seed, full)
    targets = [10 * w + 1 for w in _WIDTHS]  # the one-layer sizes
    depths = (1, 2, 3) if full else (1, 2)
    pairs = [(mlp_width_for(n, d), d) for d in depths for n in targets]
    return student_sweep([w for w, _ in pairs], [d for _, d in pairs], "adam", seed=seed)


@disk_cached
def mlp_shape_sweep(*, seed=0, full=False) -> StudentRuns:
    """Depth against width at a fixed parameter count (about 2,500): 1 ... 4 hidden layers, Adam.

    ``full=True`` adds a second budget of about 10,000 parameters.
    """
    seed = check_preset(seed, full)
    budgets = (2_500, 10_000) if full else (2_500,)
    pairs = [(mlp_width_for(n, d), d) for n in budgets for d in (1, 2, 3, 4)]
    return student_sweep([w for w, _ in pairs], [d for _, d in pairs], "adam", seed=seed)


@disk_cached
def mlp_data_sweep(*, seed=0, full=False) -> StudentRuns:
    """Loss against the size D = 256 ... 16,384 of a fixed training set, one hidden layer of width 256, Adam.

    ``full=True`` extends D down to 64 and up to 65,536.
    """
    seed = check_preset(seed, full)
    data = 2 ** np.arange(6, 17) if full else 2 ** np.arange(8, 15)
    return student_sweep(np.full(data.shape, 256), 1, "adam", n_samples=data, seed=seed)


@disk_cached
def mlp_learning_curves(*, seed=0, full=False) -> StudentRuns:
    """Test loss against steps (20 log-spaced points) for widths 8, 32, 128 (``full``: 4 ... 256), Adam."""
    seed = check_preset(seed, full)
    widths = _WIDTHS if full else (8, 32, 128)
    return student_sweep(widths, 1, "adam", n_curve_points=20, seed=seed)
