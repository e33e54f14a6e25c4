r"""Data for the nonparametric-regression experiments: a Lipschitz target on a k-dimensional set.

The points fill the unit cube :math:`[0,1]^k`, or lie on a curved k-dimensional manifold (a flat
k-torus) inside a D-dimensional space; :func:`hidden_manifold_data` hides k in a data set
where it must be inferred from a learning curve measured with
:func:`scaling_lab.experiments.box_regression.box_regression_curves`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scaling_lab._validate import as_int, as_positive_scalar

__all__ = ["ManifoldData", "HIDDEN_AMBIENT_DIMENSION", "HIDDEN_NOISE", "hidden_manifold_data"]


@dataclass(frozen=True)
class ManifoldData:
    r"""Noisy samples of a Lipschitz target on a k-dimensional set, optionally inside D dimensions.

    Intrinsic coordinates :math:`t \sim U[0,1]^k`, target :math:`f(t) = \sqrt{2/k}\sum_j \sin(2\pi t_j + \phi_j)`
    (variance 1, Lipschitz constant :math:`2\pi\sqrt2`), labels :math:`y = f(t) + \sigma\varepsilon`.

    With ``ambient_dimension=None`` the points are :math:`x = t` in the unit cube.  Otherwise every
    circle :math:`t_j \mapsto (\cos 2\pi t_j, \sin 2\pi t_j)/(2\pi)` (circumference 1) is stacked into a
    flat k-torus in :math:`\mathbb R^{2k}`, which a random orthonormal map (seeded by
    ``embedding_seed``) places in :math:`\mathbb R^D`: a curved k-dimensional manifold, locally
    isometric to the cube, on which f stays Lipschitz.  With ``hidden=True`` the reprs of the data and
    of :func:`box_regression_curves`'s result do not show k (see :func:`hidden_manifold_data`).
    """

    dimension: int
    ambient_dimension: int | None = None
    noise: float = 1.0
    embedding_seed: int = 0
    hidden: bool = False

    def __repr__(self) -> str:
        k = "hidden" if self.hidden else self.dimension
        return (f"ManifoldData(dimension={k}, ambient_dimension={self.ambient_dimension}, noise={self.noise:g}, "
                f"embedding_seed={self.embedding_seed})")

    def __post_init__(self):
        k = as_int(self.dimension, "dimension", minimum=1)
        as_positive_scalar(self.noise, "noise", allow_zero=True)
        as_int(self.embedding_seed, "embedding_seed", minimum=0)
        if self.ambient_dimension is not None:
            as_int(self.ambient_dimension, "ambient_dimension", minimum=2 * k)

    @property
    def space_dimension(self) -> int:
        """Dimension of the space the boxes are cut in (D, or k for the cube)."""
        return self.dimension if self.ambient_dimension is None else int(self.ambient_dimension)

    def _embedding(self):
        rng = np.random.default_rng(self.embedding_seed)
        q, _ = np.linalg.qr(rng.standard_normal((int(self.ambient_dimension), 2 * self.dimension)))
        return q

    def sample(self, n_samples, *, seed=0):
        """Draw ``n_samples`` points; returns ``(points, targets, labels)`` (f without and with noise)."""
        n = as_int(n_samples, "n_samples", minimum=1)
        rng = np.random.default_rng(seed)
        t = rng.random((n, self.dimension))
        return self._draw(t, rng)

    def _draw(self, t, rng):
        points, targets = self._points_and_targets(t)
        return points, targets, targets + self.noise * rng.standard_normal(targets.size)

    def _points_and_targets(self, t):
        phases = 0.7 * np.arange(self.dimension)
        targets = math.sqrt(2.0 / self.dimension) * np.sin(2 * np.pi * t + phases).sum(axis=1)
        if self.ambient_dimension is None:
            return t, targets
        circle = np.concatenate([np.cos(2 * np.pi * t), np.sin(2 * np.pi * t)], axis=1) / (2 * np.pi)
        return circle @ self._embedding().T, targets


#: Ambient dimension and noise of the mystery data set of :func:`hidden_manifold_data`.
HIDDEN_AMBIENT_DIMENSION = 10
HIDDEN_NOISE = 1.0


def hidden_manifold_data(seed=2) -> ManifoldData:
    r"""A data set in 10 dimensions whose intrinsic dimension k (1, 2 or 3) is drawn from ``seed`` and hidden.

    The points lie on a curved k-torus inside :math:`\mathbb R^{10}` (:class:`ManifoldData`, noise 1).
    A student measures its learning curve with :func:`box_regression_curves` and infers k from the
    slope, :math:`k \approx -2/\text{slope} - 2`.  The value is stored in ``dimension`` (a checker
    reads it there); the reprs hide it.

    Parameters
    ----------
    seed : int, optional
        Non-negative; picks k and the embedding. Default 2.
    """
    seed = as_int(seed, "seed", minimum=0)
    k = int(np.random.default_rng(seed).integers(1, 4))
    return ManifoldData(k, ambient_dimension=HIDDEN_AMBIENT_DIMENSION, noise=HIDDEN_NOISE, embedding_seed=seed,
                        hidden=True)
