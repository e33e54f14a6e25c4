r"""Random-features regression on data with a power-law spectrum: the solvable model of scaling laws.

The data model of Maloney, Roberts and Sully (2022), "A Solvable Model of Neural Scaling Laws",
arXiv:2210.16859: latent inputs :math:`x \in \mathbb{R}^M` with independent Gaussian coordinates of
variances :math:`\lambda_k \propto k^{-(1+a)}`, and a linear teacher with labels
:math:`y = w \cdot x + \varepsilon`, :math:`w_k \sim \mathcal N(0, 1)`, noise variance
:math:`\sigma^2`.  The model sees only :math:`N` random features of :math:`x`,

.. math::
    \phi(x) = U x \ \ (\text{linear}) \qquad \text{or} \qquad
    \phi(x) = \mathrm{relu}(U x) \ \ (\text{ReLU}), \qquad U_{ik} \sim \mathcal N(0, 1/M),

and fits a linear readout :math:`f(x) = \theta \cdot \phi(x)` on :math:`D` samples by ridge
regression.  For the linear model, with :math:`D \gg N` the loss falls as :math:`N^{-a}`, and with
:math:`N \gg D` as :math:`D^{-a}` (Maloney et al. 2022; the "resolution-limited" regimes of
Bahri et al. 2021, "Explaining Neural Scaling Laws", arXiv:2102.06701), down to the floor
:math:`\sigma^2`.  Its test loss is exact:

.. math:: L = (U^\top\theta - w)^\top \Lambda\, (U^\top\theta - w) + \sigma^2 .

Everything here is linear algebra in float64; there is no training loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import as_float_array, as_int, as_positive_scalar

linalg = lazy_module("scipy.linalg")

__all__ = ["FEATURE_MAPS", "PowerLawTask", "RandomFeaturesFit", "random_features_theory_exponent",
           "ridge_readout", "ridge_objective_and_grad", "fit_random_features"]

#: The feature maps :func:`fit_random_features` knows.
FEATURE_MAPS = ("linear", "relu")


@dataclass(frozen=True)
class PowerLawTask:
    """A regression task with a power-law input spectrum and a linear teacher (see the module docstring).

    Parameters
    ----------
    n_latent : int
        Latent dimension :math:`M`, >= 2. Default 4096.
    spectrum_exponent : float
        :math:`a` in :math:`\\lambda_k \\propto k^{-(1+a)}`, > 0. Default 1.
    noise_variance : float
        :math:`\\sigma^2 \\ge 0`, the loss floor. Default 1e-4.
    seed : int
        Seeds the teacher :math:`w`.
    """

    n_latent: int = 4096
    spectrum_exponent: float = 1.0
    noise_variance: float = 1e-4
    seed: int = 0
    variances: np.ndarray = field(init=False, repr=False, compare=False)
    teacher: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        m = as_int(self.n_latent, "n_latent", minimum=2)
        a = as_positive_scalar(self.spectrum_exponent, "spectrum_exponent")
        as_positive_scalar(self.noise_variance, "noise_variance", allow_zero=True)
        lam = np.arange(1, m + 1, dtype=float) ** -(1.0 + a)
        object.__setattr__(self, "variances", lam / lam.sum())  # normalised: E[(w.x)^2] = 1 on average
        object.__setattr__(self, "teacher", np.random.default_rng([as_int(self.seed, "seed", minimum=0), 0])
                           .standard_normal(m))

    def sample(self, n_samples, *, seed=0):
        """``n_samples`` inputs (rows), their noiseless teacher outputs and their noisy labels."""
        n_samples = as_int(n_samples, "n_samples", minimum=1)
        root = [int(seed)] if np.ndim(seed) == 0 else [int(v) for v in seed]
        rng_x, rng_noise = (np.random.default_rng([*root, i]) for i in (0, 1))
        x = rng_x.standard_normal((n_samples, self.n_latent)) * np.sqrt(self.variances)
        clean = x @ self.teacher
        return x, clean, clean + rng_noise.standard_normal(n_samples) * np.sqrt(self.noise_variance)


def random_features_theory_exponent(spectrum_exponent) -> float:
    r"""Exponent of the linear random-features loss in N (at large D) and in D (at large N): :math:`a`.

    For latent variances :math:`\lambda_k \propto k^{-(1+a)}` the loss is
    :math:`L - \sigma^2 \propto N^{-a}` and :math:`\propto D^{-a}` (Maloney, Roberts and Sully 2022).
    """
    return as_positive_scalar(spectrum_exponent, "spectrum_exponent")


def _checked_problem(features, targets, ridge):
    features = as_float_array(features, "features")
    targets = as_float_array(targets, "targets")
    if features.ndim != 2:
        raise ValueError(f"features must be a 2-d array (samples x features); got shape {features.shape}")
    if targets.shape != (features.shape[0],):
        raise ValueError(f"targets must have one entry per row of features; got {targets.shape} for {features.shape}")
    return features, targets, as_positive_scalar(ridge, "ridge")


def ridge_objective_and_grad(theta, features, targets, ridge):
    r"""The ridge objective and its gradient in :math:`\theta`.

    .. math:: J(\theta) = \frac{1}{2D}\lVert\Phi\theta - y\rVert^2 + \frac{\rho}{2}\lVert\theta\rVert^2,
              \qquad \nabla J = \frac{1}{D}\Phi^\top(\Phi\theta - y) + \rho\,\theta

    with :math:`\rho` the absolute ridge (see :func:`ridge_readout`).
    """
    features, targets, ridge = _checked_problem(features, targets, ridge)
    theta = as_float_array(theta, "theta")
    if theta.shape != (features.shape[1],):
        raise ValueError(f"theta must have shape ({features.shape[1]},); got {theta.shape}")
    residual = features @ theta - targets
    d = len(targets)
    value = 0.5 * float(residual @ residual) / d + 0.5 * ridge * float(theta @ theta)
    return value, features.T @ residual / d + ridge * theta


def ridge_readout(features, targets, ridge) -> np.ndarray:
    r"""The minimiser of :func:`ridge_objective_and_grad`, in closed form.

    .. math:: \hat\theta = (\Phi^\top\Phi + D\rho I_N)^{-1}\Phi^\top y
                         = \Phi^\top(\Phi\Phi^\top + D\rho I_D)^{-1} y

    The second (dual) form is used when :math:`N > D`, so the solve is never larger than
    :math:`\min(N, D)`.  The absolute ridge here is :math:`\rho` = ``ridge`` (> 0).
    """
    features, targets, ridge = _checked_problem(features, targets, ridge)
    d, n = features.shape
    if n <= d:
        gram = features.T @ features
        gram[np.diag_indices(n)] += d * ridge
        return linalg.solve(gram, features.T @ targets, assume_a="pos")
    kernel = features @ features.T
    kernel[np.diag_indices(d)] += d * ridge
    return features.T @ linalg.solve(kernel, targets, assume_a="pos")


@dataclass(frozen=True)
class RandomFeaturesFit:
    """A fitted random-features model: sizes, ridge, and its test loss."""

    feature_map: str
    n_features: int
    n_samples: int
    ridge: float
    loss: float
    train_loss: float


def _features(task, projection, feature_map, n_samples, seed, chunk=512):
    """Features, clean and noisy labels of ``n_samples`` fresh samples, drawn in chunks to save memory."""
    phi, clean, noisy = [], [], []
    for i, start in enumerate(range(0, n_samples, chunk)):
        x, c, y = task.sample(min(chunk, n_samples - start), seed=[*seed, i])
        z = x @ projection.T
        phi.append(z if feature_map == "linear" else np.maximum(z, 0.0))
        clean.append(c)
        noisy.append(y)
    return np.concatenate(phi), np.concatenate(clean), np.concatenate(noisy)


def _linear_features(task, projection, n_samples, seed):
    r"""Linear features and noisy labels drawn from their joint Gaussian law, without the latent x.

    :math:`(\phi, y)` is Gaussian with :math:`\mathrm{Cov}\,\phi = U\Lambda U^\top`,
    :math:`\mathrm{Cov}(\phi, y) = U\Lambda w` and :math:`\mathrm{Var}\,y = w^\top\Lambda w + \sigma^2`:
    the same law as :func:`_features`, at a cost of :math:`D N^2` instead of :math:`D M N` (N < M).
    """
    weighted = projection * task.variances
    cov = weighted @ projection.T
    cross = weighted @ task.teacher
    chol = linalg.cholesky(cov, lower=True)
    rng = np.random.default_rng([*seed, 0])
    phi = rng.standard_normal((n_samples, len(cov))) @ chol.T
    beta = linalg.cho_solve((chol, True), cross)
    residual_var = max(float(task.teacher**2 @ task.variances - cross @ beta), 0.0) + task.noise_variance
    return phi, phi @ beta + rng.standard_normal(n_samples) * np.sqrt(residual_var)


def fit_random_features(task, n_features, n_samples, *, feature_map="linear", ridge=1e-8, n_test=4096,
                        seed=0):
    r"""Draw :math:`N` random features and :math:`D` samples of ``task``, fit the ridge readout, test it.

    The ridge is *relative*: the absolute ridge is
    :math:`\rho = r \cdot \mathrm{tr}(\Phi^\top\Phi)/(D N)`, ``ridge`` times the mean eigenvalue of the
    feature covariance, so the same ``ridge`` means the same thing for every size and feature map.
    With a tiny ridge (1e-8) the fit interpolates for :math:`N \ge D` and the test loss peaks at the
    interpolation threshold :math:`N = D` (double descent, Belkin et al. 2019; Nakkiran et al. 2019);
    larger ridges (1e-4, 1e-2) tame the peak.

    Parameters
    ----------
    task : PowerLawTask
    n_features, n_samples : int
        :math:`N` and :math:`D`, >= 1.
    feature_map : {"linear", "relu"}
    ridge : float or sequence of float
        Relative ridge :math:`r > 0`. Default 1e-8.  A sequence fits one readout per ridge on the
        same features and samples (cheaper than separate calls).
    n_test : int
        Test samples for the ReLU model (the linear model's test loss is exact). Default 4096.
    seed : int
        Seeds the features (:math:`U`), the training samples and the test samples.  The features
        are nested: the first :math:`N` of a larger draw with the same seed are these.

    Returns
    -------
    RandomFeaturesFit, or a list of them (one per ridge) if ``ridge`` is a sequence
        ``loss`` is the test mean squared error including the noise floor :math:`\sigma^2`.
    """
    if not isinstance(task, PowerLawTask):
        raise ValueError(f"task must be a PowerLawTask; got {type(task).__name__}")
    n_features = as_int(n_features, "n_features", minimum=1)
    n_samples = as_int(n_samples, "n_samples", minimum=1)
    if feature_map not in FEATURE_MAPS:
        raise ValueError(f"feature_map must be one of {FEATURE_MAPS}; got {feature_map!r}")
    ridges = [as_positive_scalar(r, "ridge") for r in np.atleast_1d(ridge)]
    if not ridges:
        raise ValueError("ridge must not be empty")
    n_test = as_int(n_test, "n_test", minimum=1)
    seed = as_int(seed, "seed", minimum=0)
    projection = np.random.default_rng([seed, 1]).standard_normal((n_features, task.n_latent))
    projection /= np.sqrt(task.n_latent)
    if feature_map == "linear" and n_features < task.n_latent:
        phi, y = _linear_features(task, projection, n_samples, (seed, 2))
    else:
        phi, _, y = _features(task, projection, feature_map, n_samples, (seed, 2))
    if feature_map == "relu":
        phi_test, clean_test, _ = _features(task, projection, feature_map, n_test, (seed, 3))
    mean_eigenvalue = float(np.einsum("ij,ij->", phi, phi)) / (n_samples * n_features)
    fits = []
    for r in ridges:
        theta = ridge_readout(phi, y, max(r * mean_eigenvalue, np.finfo(float).tiny))
        train_loss = float(np.mean((phi @ theta - y) ** 2))
        if feature_map == "linear":
            error = projection.T @ theta - task.teacher
            loss = float(error**2 @ task.variances) + task.noise_variance
        else:
            loss = float(np.mean((phi_test @ theta - clean_test) ** 2)) + task.noise_variance
        fits.append(RandomFeaturesFit(feature_map, n_features, n_samples, r, loss, train_loss))
    return fits if np.ndim(ridge) else fits[0]
