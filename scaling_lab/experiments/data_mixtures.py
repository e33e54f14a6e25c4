r"""Training on a mixture of sources under distribution shift: the mix moves the curve's offset, not its slope.

Least squares on Gaussian inputs from K source domains (domain k: :math:`x \sim N(0, \Sigma_k)`),
trained on :math:`n_k = w_k n` points from each, and tested on a target mixture with second moment
:math:`\Sigma_T`.  When every domain shares one labelling rule :math:`y = x^\top\beta + \sigma\varepsilon`
(a shift of the inputs only), the excess test risk is

.. math::

    \mathbb E\big[(\hat\beta - \beta)^\top \Sigma_T (\hat\beta - \beta)\big]
    = \sigma^2\, \mathbb E\operatorname{tr}\big(\Sigma_T (X^\top X)^{-1}\big)
    \approx \frac{\sigma^2 \operatorname{tr}(\Sigma_T \Sigma_w^{-1})}{n},
    \qquad \Sigma_w = \sum_k w_k \Sigma_k,

so on log-log axes every mix gives slope -1 and the mix only sets the offset
:math:`\log \sigma^2\operatorname{tr}(\Sigma_T\Sigma_w^{-1})` (:func:`mixture_offset`).  If the
labelling rule also differs between domains (``label_shift`` > 0: :math:`\beta_k = \beta + s\,u_k`),
the estimator converges to a compromise and the curve bends to a floor: then the slope changes too.

Kaplan et al. (2020, sec. 1.1 and Fig. 8) observed the first behaviour for language models:
loss on other text distributions tracks the training-distribution loss with a roughly constant
offset ("a small and very slowly growing offset", Fig. 8).  This module is a solvable toy with
that property, not a model of their experiment.

The draw is fast for a grid of mixing weights: :math:`X_k^\top X_k` is drawn directly from its
Wishart distribution (Bartlett decomposition, :data:`scipy.stats.wishart`), so the cost does not grow
with n, and the risk is computed in expectation over the label noise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scaling_lab._lazy import lazy_module
from scaling_lab._validate import as_confidence, as_float_array, as_int, as_positive_scalar
from scaling_lab.experiments._sizes import sample_size_grid
from scaling_lab.fitting.power_law import fit_power_law

__all__ = ["DEFAULT_DOMAIN_VARIANCES", "MixtureShiftCurves", "mixture_offset", "mixture_shift_curves"]

#: Per-feature variances of the two default domains (8 features): domain A is spread along the first
#: features, domain B along the last ones (the same spectrum reversed), 16:1 from end to end.
DEFAULT_DOMAIN_VARIANCES = (
    tuple(float(v) for v in np.geomspace(4.0, 0.25, 8)),
    tuple(float(v) for v in np.geomspace(0.25, 4.0, 8)),
)

stats = lazy_module("scipy.stats")


def _domains(domain_variances):
    var = as_float_array(domain_variances, "domain_variances")
    if var.ndim != 2 or var.shape[0] < 2 or var.shape[1] < 1:
        raise ValueError(f"domain_variances must have shape (n_domains >= 2, n_features); got {var.shape}")
    if np.any(var <= 0):
        raise ValueError("domain_variances must be > 0")
    return var


def _weights(value, name, n_domains, *, rows):
    w = as_float_array(value, name)
    if n_domains == 2 and w.ndim <= (1 if rows else 0):  # the weight of domain A; domain B gets the rest
        w = np.stack([w, 1.0 - w], axis=-1)
    w = np.atleast_2d(w) if rows else w.ravel()
    if w.shape[-1] != n_domains:
        raise ValueError(f"{name} must give one weight per domain ({n_domains}); got shape {np.shape(value)}")
    if np.any(w < 0) or np.any(np.abs(w.sum(axis=-1) - 1) > 1e-9):
        raise ValueError(f"{name} must be non-negative and sum to 1 over the domains; got {np.asarray(value)!r}")
    return w


def mixture_offset(mixing_weights, *, target_weights=(0.0, 1.0), domain_variances=DEFAULT_DOMAIN_VARIANCES,
                   noise=1.0):
    r"""Large-n offset :math:`C(w) = \sigma^2 \operatorname{tr}(\Sigma_T \Sigma_w^{-1})` of the excess risk :math:`C(w)/n`.

    Parameters
    ----------
    mixing_weights : array_like
        Training weights, shape (n_mixes, n_domains) summing to 1 per row; with two domains a plain
        number or 1-d array is the weight of the first domain.
    target_weights : array_like, optional
        Weights of the test mixture. Default (0, 1): the second domain only.
    domain_variances : array_like, optional
        Per-feature variances, shape (n_domains, n_features), > 0. Default :data:`DEFAULT_DOMAIN_VARIANCES`.
    noise : float, optional
        Label noise standard deviation :math:`\sigma > 0`. Default 1.

    Returns
    -------
    float or numpy.ndarray
        One offset per mix; ``inf`` where a feature gets no training variance.
    """
    var = _domains(domain_variances)
    w = _weights(mixing_weights, "mixing_weights", var.shape[0], rows=True)
    target = _weights(target_weights, "target_weights", var.shape[0], rows=False) @ var
    s = as_positive_scalar(noise, "noise")
    train = w @ var
    with np.errstate(divide="ignore"):
        out = s**2 * np.sum(target / train, axis=1)
    return float(out[0]) if np.ndim(mixing_weights) == 0 else out


@dataclass(frozen=True)
class MixtureShiftCurves:
    """Excess target risk for each training mix and size, with one power-law fit per mix.

    ``excess_risk[m, i]`` averages ``n_trials`` draws for mix m at ``sample_sizes[i]`` (expectation over
    the label noise); ``exponents``/``exponents_ci`` and ``log_offsets``/``log_offsets_ci`` are the
    slope and log-intercept of :func:`scaling_lab.fitting.fit_power_law` per mix (least-squares
    intervals).  ``asymptotic_log_offsets`` is :math:`\\log C(w)` from :func:`mixture_offset` (slope -1);
    ``theory_exponents`` and ``theory_log_offsets`` fit :math:`C(w)/(n-p-1)` over the same sizes, the
    exact risk for a single Gaussian domain (:math:`\\mathbb E(X^\\top X)^{-1} = \\Sigma^{-1}/(n-p-1)`),
    which is slightly steeper than -1 at small n; for a mix (a sum of two Wishart matrices) it is an
    approximation, with :math:`\\Sigma_w` in place of :math:`\\Sigma`.  With ``label_shift`` > 0 the theory does not apply.
    """

    mixing_weights: np.ndarray = field(repr=False)
    target_weights: np.ndarray = field(repr=False)
    sample_sizes: np.ndarray = field(repr=False)
    excess_risk: np.ndarray = field(repr=False)
    excess_risk_stderr: np.ndarray = field(repr=False)
    exponents: np.ndarray = field(repr=False)
    exponents_ci: np.ndarray = field(repr=False)
    log_offsets: np.ndarray = field(repr=False)
    log_offsets_ci: np.ndarray = field(repr=False)
    theory_exponents: np.ndarray = field(repr=False)
    theory_log_offsets: np.ndarray = field(repr=False)
    asymptotic_log_offsets: np.ndarray = field(repr=False)
    label_shift: float
    noise: float
    n_trials: int
    confidence: float

    def __repr__(self) -> str:
        return (f"MixtureShiftCurves({self.mixing_weights.shape[0]} mixes x {self.sample_sizes.size} sizes, "
                f"exponents {self.exponents.min():.3f} to {self.exponents.max():.3f}, log offsets "
                f"{self.log_offsets.min():.3f} to {self.log_offsets.max():.3f}, label_shift={self.label_shift:g}, "
                f"{self.n_trials} trials)")


def _gram(rng, n_k, variances, trials):
    """Draws of X^T X for n_k rows of N(0, diag(variances)), shape (trials, p, p)."""
    p = variances.size
    if n_k == 0:
        return np.zeros((trials, p, p))
    if n_k >= p:
        g = stats.wishart.rvs(df=n_k, scale=np.diag(variances), size=trials, random_state=rng)
        return np.asarray(g).reshape(trials, p, p)
    x = rng.standard_normal((trials, n_k, p)) * np.sqrt(variances)
    return np.einsum("tni,tnj->tij", x, x)


def mixture_shift_curves(mixing_weights=tuple(np.linspace(0.0, 1.0, 11)), sample_sizes=(64, 128, 256, 512, 1024,
                         2048, 4096), *, target_weights=(0.0, 1.0), domain_variances=DEFAULT_DOMAIN_VARIANCES,
                         noise=1.0, label_shift=0.0, n_trials=200, confidence=0.95, seed=0) -> MixtureShiftCurves:
    r"""Simulate the excess target risk of least squares trained on each mix, at each size (module docstring).

    Each mix takes :math:`n_k = \mathrm{round}(w_k n)` points from domain k (the last domain gets the
    remainder).  With ``label_shift`` s > 0, domain k labels with :math:`\beta_k = \beta + s\,u_k` for
    fixed random unit vectors :math:`u_k` (the target mixes the :math:`\beta_k` with its own weights).

    Parameters
    ----------
    mixing_weights : array_like, optional
        Shape (n_mixes, n_domains) or, with two domains, the weight of the first. Default 0, 0.1, ..., 1.
    sample_sizes : array_like, optional
        Integer sizes larger than the number of features + 1, at least 3 distinct. Default 64 ... 4096.
    target_weights, domain_variances, noise
        As in :func:`mixture_offset`.
    label_shift : float, optional
        s >= 0. Default 0 (inputs shift, labelling rule shared).
    n_trials : int, optional
        Draws per mix and size, >= 2. Default 200.
    confidence : float, optional
        Coverage of the fit intervals. Default 0.95.
    seed : int or numpy.random.Generator, optional
    """
    var = _domains(domain_variances)
    n_domains, p = var.shape
    w = _weights(mixing_weights, "mixing_weights", n_domains, rows=True)
    target_w = _weights(target_weights, "target_weights", n_domains, rows=False)
    n = sample_size_grid(sample_sizes, minimum=p + 2)
    s = as_positive_scalar(noise, "noise")
    shift = as_positive_scalar(label_shift, "label_shift", allow_zero=True)
    trials = as_int(n_trials, "n_trials", minimum=2)
    confidence = as_confidence(confidence)
    rng = np.random.default_rng(seed)
    directions = rng.standard_normal((n_domains, p))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    offsets = shift * directions                      # beta_k - beta
    target_offset = target_w @ offsets                # beta_T - beta
    sigma_t = target_w @ var                          # diagonal of Sigma_T
    risk = np.empty((w.shape[0], n.size, trials))
    for m, weights in enumerate(w):
        for i, size in enumerate(n.astype(int)):
            counts = np.floor(weights * size + 0.5).astype(int)
            counts[-1] = size - counts[:-1].sum()
            grams = [_gram(rng, int(c), var[k], trials) for k, c in enumerate(counts)]
            total = np.sum(grams, axis=0)
            inverse = np.linalg.inv(total)
            variance = s**2 * np.einsum("tii,i->t", inverse, sigma_t)
            pulled = np.einsum("ktij,kj->ti", np.asarray(grams), offsets)
            bias = np.einsum("tij,tj->ti", inverse, pulled) - target_offset
            risk[m, i] = variance + np.einsum("ti,i,ti->t", bias, sigma_t, bias)
    mean = risk.mean(axis=2)
    fits = [fit_power_law(n, row, confidence=confidence) for row in mean]
    theory = np.atleast_1d(mixture_offset(w, target_weights=target_w, domain_variances=var, noise=s))
    # One Gaussian domain: E (X^T X)^{-1} = Sigma^{-1} / (n - p - 1) exactly; for a mix, an approximation.
    theory_fits = [fit_power_law(n, c / (n - p - 1)) for c in theory]
    return MixtureShiftCurves(
        mixing_weights=w, target_weights=target_w, sample_sizes=n, excess_risk=mean,
        excess_risk_stderr=risk.std(axis=2, ddof=1) / np.sqrt(trials),
        exponents=np.array([f.exponent for f in fits]), exponents_ci=np.array([f.exponent_ci for f in fits]),
        log_offsets=np.log([f.coefficient for f in fits]),
        log_offsets_ci=np.log([f.coefficient_ci for f in fits]),
        theory_exponents=np.array([f.exponent for f in theory_fits]),
        theory_log_offsets=np.log([f.coefficient for f in theory_fits]), asymptotic_log_offsets=np.log(theory),
        label_shift=shift, noise=s, n_trials=trials, confidence=confidence,
    )
