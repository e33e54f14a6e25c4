r"""Scaling laws of random-features regression, measured beside theory, and its double descent.

Built on :mod:`scaling_lab.nets.random_features` (the data model of Maloney, Roberts and Sully
2022; latent variances :math:`\lambda_k \propto k^{-(1+a)}` over :math:`M = 4096` dimensions, label
noise variance :math:`10^{-4}`, relative ridge :math:`10^{-8}` unless stated).  Sweeps:

- :func:`rf_size_sweep`: loss against the number of features N at D = 8,192 samples;
- :func:`rf_data_sweep`: loss against the number of samples D with N = 4,096 features;
- :func:`rf_double_descent`: loss against N across the interpolation threshold N = D, for several
  ridges (Belkin et al. 2019; Nakkiran et al. 2019).

For the linear feature map the theory exponent is :math:`a`
(:func:`scaling_lab.nets.random_features_theory_exponent`); every result carries it.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from scaling_lab._cache import disk_cached
from scaling_lab._validate import as_int, as_positive_array, as_positive_scalar
from scaling_lab.experiments._parallel import check_preset, run_all
from scaling_lab.nets.random_features import (
    FEATURE_MAPS, PowerLawTask, fit_random_features, random_features_theory_exponent,
)

__all__ = ["RandomFeaturesRuns", "random_features_sweep", "rf_size_sweep", "rf_data_sweep", "rf_double_descent"]

_N_LATENT = 4096
_NOISE = 1e-4
_N_TEST = 2048


@dataclass(frozen=True)
class RandomFeaturesRuns:
    """Random-features fits: ``loss[s, r, i]`` is seed ``seeds[s]``, ridge ``ridge[r]``, run ``i``.

    ``loss`` includes the noise floor ``noise_variance``; ``theory_exponent`` is :math:`a` (the
    predicted exponent of ``loss - noise_variance`` for linear features).
    """

    feature_map: str
    n_features: np.ndarray
    n_samples: np.ndarray
    ridge: np.ndarray
    loss: np.ndarray
    seeds: tuple
    spectrum_exponent: float
    noise_variance: float
    theory_exponent: float
    wall_seconds: float = field(default=math.nan, compare=False)

    @property
    def mean_loss(self) -> np.ndarray:
        """Loss averaged over seeds: ``mean_loss[r, i]`` for ridge ``r``, run ``i``."""
        return self.loss.mean(axis=0)

    def __repr__(self) -> str:
        return (f"RandomFeaturesRuns({self.feature_map}, {self.loss.shape[2]} runs x {self.ridge.size} ridges x "
                f"{len(self.seeds)} seeds, "
                f"N {self.n_features.min()}-{self.n_features.max()}, D {self.n_samples.min()}-{self.n_samples.max()}, "
                f"a={self.spectrum_exponent:g}, theory exponent {self.theory_exponent:g}, {self.wall_seconds:.1f} s)")


def _run(n_features, n_samples, feature_map, ridges, spectrum_exponent, seed):
    task = PowerLawTask(n_latent=_N_LATENT, spectrum_exponent=spectrum_exponent, noise_variance=_NOISE, seed=0)
    fits = fit_random_features(task, n_features, n_samples, feature_map=feature_map, ridge=ridges, n_test=_N_TEST,
                               seed=seed)
    return [f.loss for f in fits]


def random_features_sweep(n_features, n_samples, *, feature_map="linear", ridges=(1e-8,), spectrum_exponent=1.0,
                          seeds=(0,), n_jobs=None) -> RandomFeaturesRuns:
    """Fit random-features models for every ``(n_features[i], n_samples[i])``, ridge and seed, on both cores.

    ``n_features`` and ``n_samples`` broadcast against each other.  For each pair and seed the
    features and samples are drawn once and one readout is fitted per ridge.  The task (teacher,
    spectrum) is the same for every run; each seed draws new features and samples.
    """
    n_features, n_samples = np.broadcast_arrays(
        np.atleast_1d(as_positive_array(n_features, "n_features")).astype(int),
        np.atleast_1d(as_positive_array(n_samples, "n_samples")).astype(int))
    ridges = tuple(float(r) for r in np.atleast_1d(as_positive_array(ridges, "ridges")))
    if feature_map not in FEATURE_MAPS:
        raise ValueError(f"feature_map must be one of {FEATURE_MAPS}; got {feature_map!r}")
    a = as_positive_scalar(spectrum_exponent, "spectrum_exponent")
    seeds = tuple(as_int(s, "seeds", minimum=0) for s in np.atleast_1d(seeds))
    jobs = [dict(n_features=int(n), n_samples=int(d), feature_map=feature_map, ridges=ridges, spectrum_exponent=a,
                 seed=s) for s in seeds for n, d in zip(n_features, n_samples)]
    test = _N_TEST if feature_map == "relu" else 0
    costs = [j["n_features"] * (j["n_samples"] + test) * _N_LATENT for j in jobs]
    start = time.perf_counter()
    losses = np.array(run_all(_run, jobs, n_jobs=n_jobs, costs=costs))  # (seeds * runs, ridges)
    losses = losses.reshape(len(seeds), n_features.size, len(ridges)).transpose(0, 2, 1)
    return RandomFeaturesRuns(feature_map, n_features.copy(), n_samples.copy(), np.array(ridges), losses, seeds, a,
                              _NOISE, random_features_theory_exponent(a), time.perf_counter() - start)


def _seeds(seed, full):
    seed = check_preset(seed, full)
    return (seed, seed + 1, seed + 2) if full else (seed,)


@disk_cached
def rf_size_sweep(*, feature_map="linear", seed=0, full=False) -> RandomFeaturesRuns:
    """Loss against features N = 16 ... 1,024 (7 values) at D = 8,192 samples, a = 1.

    ``full=True`` averages 3 seeds.  Fit ``loss - noise_variance`` against ``n_features`` with
    :func:`scaling_lab.fitting.fit_power_law`; theory: exponent -1 for linear features.
    """
    seeds = _seeds(seed, full)
    return random_features_sweep(16 * 2 ** np.arange(7), 8192, feature_map=feature_map, seeds=seeds)


@disk_cached
def rf_data_sweep(*, feature_map="linear", seed=0, full=False) -> RandomFeaturesRuns:
    """Loss against samples D = 32 ... 1,024 (6 values) with N = 4,096 features, a = 1 (``full``: 3 seeds)."""
    seeds = _seeds(seed, full)
    return random_features_sweep(4096, 32 * 2 ** np.arange(6), feature_map=feature_map, seeds=seeds)


@disk_cached
def rf_double_descent(*, ridges=(1e-8, 1e-4, 1e-2), n_samples=256, seed=0, full=False) -> RandomFeaturesRuns:
    """ReLU random features at fixed D = ``n_samples`` across the interpolation threshold N = D, per ridge.

    N runs over 17 log-spaced values from D/8 to 8D, N = D among them (``full``: 31 values and 3
    seeds).  ``mean_loss[r]`` is the curve for ``ridges[r]``.
    """
    seeds = _seeds(seed, full)
    d = as_int(n_samples, "n_samples", minimum=2)
    n = np.unique(np.round(d * 2.0 ** np.linspace(-3, 3, 31 if full else 17)).astype(int))
    return random_features_sweep(n, d, feature_map="relu", ridges=ridges, seeds=seeds)
