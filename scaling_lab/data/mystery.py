r"""Noise-free data on a curved k-dimensional manifold in 16 dimensions, and a mystery source that hides k.

The points lie on a warped flat torus: intrinsic coordinates :math:`t \sim U[0,1)^k`, each circle
:math:`t_j \mapsto (\cos 2\pi t_j, \sin 2\pi t_j)` stacked into :math:`z \in \mathbb R^{2k}`, then

.. math:: x = \tanh(Q z + b) \in \mathbb R^{16},

with :math:`Q` a random 16×2k matrix with orthonormal columns and :math:`b` a random offset (both drawn
from ``geometry_seed``).  :math:`Q` is injective and tanh is increasing, so the map is one-to-one and
smooth: a curved k-dimensional manifold that spans all 16 coordinates (its points are not confined to a
2k-dimensional subspace, so a matrix rank does not give k away).  The label is the smooth target
:math:`f(t) = \sqrt{2/k}\sum_j \sin(2\pi t_j + \phi_j)` (variance 1), without noise.

:class:`WarpedTorus` states its dimension; :class:`MysteryData` draws its dimension (1 to 6) from its
seed by a rule it does not expose, and counts the points drawn against a budget.  They serve
``labs/lab02_measure.md``, where the dimension is inferred from how the error of a nearest-neighbour
learner falls with the number of points (``book/nonparametric.md``: with noise-free labels and a fixed
number of neighbours the squared error falls as :math:`n^{-2/k}`).
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from scaling_lab._validate import as_int

__all__ = ["MYSTERY_AMBIENT_DIMENSION", "MYSTERY_DIMENSIONS", "MYSTERY_BUDGET_POINTS", "WarpedTorus", "MysteryData"]

#: Number of coordinates of every point.
MYSTERY_AMBIENT_DIMENSION = 16
#: The intrinsic dimensions a :class:`MysteryData` may have.
MYSTERY_DIMENSIONS = (1, 2, 3, 4, 5, 6)
#: Points a :class:`MysteryData` hands out before it refuses (default budget).
MYSTERY_BUDGET_POINTS = 2**17

_SALT = 60_217  # mixes the seed into the secret draw of the dimension
_PAIRS = MYSTERY_AMBIENT_DIMENSION // 2  # (cos, sin) pairs of the embedding


def secret_dimension(seed: int) -> int:
    """The hidden dimension of ``MysteryData(seed)``: for checkers and tests, not for students."""
    low, high = MYSTERY_DIMENSIONS[0], MYSTERY_DIMENSIONS[-1]
    return int(np.random.default_rng([seed, _SALT]).integers(low, high + 1))


def _frequencies(dimension: int, rng) -> np.ndarray:
    """Eight integer frequency vectors on the k-torus: the k unit vectors first (so the map is one-to-one),
    then the shortest others, one of each pair +-m, in an order drawn from ``rng`` among equal lengths
    (for k = 1 the harmonics 2 to 8)."""
    k = dimension
    units = [tuple(int(i == j) for i in range(k)) for j in range(k)]
    if k == 1:
        return np.array(units + [(m,) for m in range(2, _PAIRS + 1)], dtype=float)
    grid = np.array(list(itertools.product(range(-2, 3), repeat=k)))
    first = np.array([row[np.flatnonzero(row)[0]] if row.any() else 0 for row in grid])
    norms = np.sum(grid**2, axis=1)
    candidates = grid[(first > 0) & (norms > 1)]  # one of each pair +-m; no zero, no unit vector
    order = np.lexsort((rng.random(len(candidates)), np.sum(candidates**2, axis=1)))
    return np.array(units + [tuple(m) for m in candidates[order[:_PAIRS - k]]], dtype=float)


def draw_torus_points(dimension: int, geometry_seed: int, n_samples: int, seed: int, stream: int = 0):
    """Points (n, 16) and noise-free targets (n,) of the k-torus of ``geometry_seed``.

    ``stream`` 1 (the mystery's) draws geometries that no :class:`WarpedTorus` has, so a student cannot find
    the mystery's dimension by matching its points against known tori.
    """
    geometry = np.random.default_rng([geometry_seed, dimension, _SALT, stream])
    frequencies = _frequencies(dimension, geometry)
    rotation, _ = np.linalg.qr(geometry.standard_normal((MYSTERY_AMBIENT_DIMENSION, MYSTERY_AMBIENT_DIMENSION)))
    shifts = geometry.random(_PAIRS)
    phases = 2 * np.pi * geometry.random(dimension)
    t = np.random.default_rng(seed).random((n_samples, dimension))
    angles = 2 * np.pi * (t @ frequencies.T + shifts)
    features = np.concatenate([np.cos(angles), np.sin(angles)], axis=1) / (2 * np.pi)
    points = features @ rotation.T
    targets = math.sqrt(2.0 / dimension) * np.sin(2 * np.pi * t + phases).sum(axis=1)
    return points, targets


class WarpedTorus:
    """Noise-free samples on a warped k-torus in 16 dimensions, of known ``dimension`` (module docstring).

    Parameters
    ----------
    dimension : int
        Intrinsic dimension k, 1 to 8.
    geometry_seed : int, optional
        Non-negative; picks the warp and the target's phases. Default 7.
    """

    __slots__ = ("dimension", "geometry_seed")

    def __init__(self, dimension, geometry_seed=7):
        self.dimension = as_int(dimension, "dimension", minimum=1)
        if self.dimension > MYSTERY_AMBIENT_DIMENSION // 2:
            raise ValueError(f"dimension must be at most {MYSTERY_AMBIENT_DIMENSION // 2}; got {self.dimension}")
        self.geometry_seed = as_int(geometry_seed, "geometry_seed", minimum=0)

    def __repr__(self) -> str:
        return f"WarpedTorus(dimension={self.dimension}, geometry_seed={self.geometry_seed})"

    def sample(self, n_samples, *, seed):
        """Draw ``n_samples`` points; returns ``(points, targets)``, shapes (n, 16) and (n,).

        The same ``seed`` gives the same points, and a larger draw starts with the points of a smaller one.
        """
        n = as_int(n_samples, "n_samples", minimum=1)
        return draw_torus_points(self.dimension, self.geometry_seed, n, as_int(seed, "seed", minimum=0))


class MysteryData:
    """A data source of unknown intrinsic dimension (1 to 6) in 16 coordinates, with a budget of points.

    ``sample(n_samples, seed=...)`` returns noise-free ``(points, targets)`` like :class:`WarpedTorus`, and
    counts the points against ``budget_points``; a draw past the budget is refused.  Nothing on the
    object states the dimension: it is measured, from how fast a learner's error falls with n.

    Parameters
    ----------
    seed : int
        Non-negative; picks the source (its dimension and its geometry).
    budget_points : int, optional
        Points the source hands out in all. Default :data:`MYSTERY_BUDGET_POINTS` (131,072).
    """

    __slots__ = ("seed", "budget_points", "_spent")

    def __init__(self, seed, budget_points=MYSTERY_BUDGET_POINTS):
        self.seed = as_int(seed, "seed", minimum=0)
        self.budget_points = as_int(budget_points, "budget_points", minimum=1)
        self._spent = 0

    @property
    def spent_points(self) -> int:
        """Points drawn so far."""
        return self._spent

    @property
    def remaining_points(self) -> int:
        """Points that may still be drawn."""
        return self.budget_points - self._spent

    def __repr__(self) -> str:
        return (f"MysteryData(seed={self.seed}, ambient_dimension={MYSTERY_AMBIENT_DIMENSION}, "
                f"spent_points={self._spent:,}, remaining_points={self.remaining_points:,})")

    def sample(self, n_samples, *, seed):
        """Draw ``n_samples`` points (counted against the budget); returns ``(points, targets)``.

        The same ``seed`` gives the same points, and a larger draw starts with the points of a smaller one.
        """
        n = as_int(n_samples, "n_samples", minimum=1)
        draw_seed = as_int(seed, "seed", minimum=0)
        if n > self.remaining_points:
            raise ValueError(f"n_samples = {n:,} is more than the {self.remaining_points:,} points left of the "
                             f"budget of {self.budget_points:,}")
        self._spent += n
        return draw_torus_points(secret_dimension(self.seed), self.seed, n, draw_seed, stream=1)
