r"""Nearest-neighbour regression and its learning curve: the error falls as :math:`n^{-2/k}` on noise-free data.

The one-nearest-neighbour regressor predicts, at a point, the label of the closest training point
(Euclidean distance).  With noise-free labels of a smooth target on a k-dimensional set, the squared error
at a point is about :math:`|\nabla f|^2 r^2 / k`, with r the distance to the nearest of n points, and
:math:`\mathbb E[r^2] \propto n^{-2/k}`: the squared error falls as :math:`n^{-2/k}`, the root-mean-square
error as :math:`n^{-1/k}`.  This is the informal "error :math:`\propto n^{-1/d}`" of ``book/nonparametric.md``
(noise-free labels, a fixed number of points per neighbourhood), not Stone's :math:`n^{-2/(d+2)}`, which
holds with noisy labels and a neighbourhood tuned to n.  ``labs/lab02_measure.md`` uses it to measure an
intrinsic dimension.
"""

from __future__ import annotations

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import as_float_array, as_int

spatial = lazy_module("scipy.spatial")

__all__ = ["nearest_neighbour_predict", "nearest_neighbour_curve"]

def _as_points(value, name):
    x = as_float_array(value, name)
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2:
        raise ValueError(f"{name} must have shape (n_points, dimension); got {x.shape}")
    return x


def nearest_neighbour_predict(train_points, train_targets, test_points):
    r"""One-nearest-neighbour regression: the label of the closest training point to each test point.

    The closest point (Euclidean distance) is found exactly with a k-d tree (:class:`scipy.spatial.cKDTree`).

    Parameters
    ----------
    train_points : array_like, shape (n, d) or (n,)
        Training inputs, finite; at least one point.
    train_targets : array_like, shape (n,)
        Training labels, finite.
    test_points : array_like, shape (m, d) or (m,)
        Where to predict, with the same d.

    Returns
    -------
    numpy.ndarray, shape (m,)
    """
    x = _as_points(train_points, "train_points")
    y = as_float_array(train_targets, "train_targets").ravel()
    q = _as_points(test_points, "test_points")
    if y.size != x.shape[0]:
        raise ValueError(f"train_targets must have one value per training point; got {y.size} and {x.shape[0]}")
    if q.shape[1] != x.shape[1]:
        raise ValueError(f"test_points must have {x.shape[1]} columns like train_points; got {q.shape[1]}")
    _, nearest = spatial.cKDTree(x).query(q)
    return y[nearest]


def nearest_neighbour_curve(data, sample_sizes, *, n_trials, n_test, train_seeds, test_seed):
    """Mean squared error of one-nearest-neighbour regression on ``data`` at each size, for each trial.

    Trial i draws ``max(sample_sizes)`` points with ``data.sample(..., seed=train_seeds[i])`` and uses its
    first n points at size n (nested subsets, as a data set grows); every trial is scored on the same
    ``n_test`` points drawn with ``seed=test_seed``, against their noise-free targets.

    Parameters
    ----------
    data : object
        Has ``sample(n_samples, *, seed)`` returning ``(points, targets)`` (e.g. a
        :class:`~scaling_lab.data.mystery.WarpedTorus`).
    sample_sizes : array_like of int
        Increasing sizes, >= 1.
    n_trials, n_test : int
        Trials (>= 1) and test points (>= 1).
    train_seeds : sequence of int
        One seed per trial.
    test_seed : int
        Seed of the test points.

    Returns
    -------
    numpy.ndarray, shape (n_trials, len(sample_sizes))
        ``errors[i, j]``: trial i at ``sample_sizes[j]``.
    """
    sizes = np.asarray(as_float_array(sample_sizes, "sample_sizes"), dtype=np.int64).ravel()
    if np.any(sizes < 1) or np.any(np.diff(sizes) <= 0):
        raise ValueError(f"sample_sizes must be increasing integers >= 1; got {sizes}")
    n_trials = as_int(n_trials, "n_trials", minimum=1)
    n_test = as_int(n_test, "n_test", minimum=1)
    if len(train_seeds) != n_trials:
        raise ValueError(f"train_seeds must have one seed per trial ({n_trials}); got {len(train_seeds)}")
    test_points, test_targets = data.sample(n_test, seed=test_seed)
    errors = np.empty((n_trials, sizes.size))
    for i, seed in enumerate(train_seeds):
        points, targets = data.sample(int(sizes[-1]), seed=seed)
        for j, n in enumerate(sizes):
            errors[i, j] = np.mean((nearest_neighbour_predict(points[:n], targets[:n], test_points)
                                    - test_targets) ** 2)
    return errors
