r"""Mean estimation, the simplest scaling law: the squared error of a sample mean falls as :math:`\sigma^2/n`.

For :math:`n` independent draws with mean :math:`\mu` and variance :math:`\sigma^2`,

.. math::

    \mathbb E[(\hat\mu_n - \mu)^2] = \operatorname{Var}\Big(\frac1n\sum_i x_i\Big) = \frac{\sigma^2}{n},
    \qquad \log \mathbb E[(\hat\mu_n - \mu)^2] = -\log n + 2 \log \sigma,

a straight line of slope :math:`-1` on log-log axes whose intercept is :math:`2\log\sigma` (not 0).
:func:`simulate_estimator_risk` measures it over many independent trials and fits the slope with
:func:`scaling_lab.fitting.fit_power_law`; the interval is also computed by resampling whole trials
with :func:`scaling_lab.fitting.resampling.bootstrap`, which does not lean on the least-squares model.

Most, not all, classical estimators have a :math:`1/n` squared error: :data:`ESTIMATORS` lists four
regular parametric estimators with exact :math:`1/n`-type risks and the maximum-likelihood endpoint of
a uniform distribution, whose risk :math:`2\theta^2/((n+1)(n+2))` falls as :math:`1/n^2` (the model is
not regular: its support depends on the parameter).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from scaling_lab._validate import as_confidence, as_int, as_positive_scalar, format_ci
from scaling_lab.experiments._sizes import sample_size_grid
from scaling_lab.fitting.power_law import PowerLawFit, fit_power_law
from scaling_lab.fitting.resampling import bootstrap

__all__ = [
    "ESTIMATORS", "EstimatorRisk", "mean_estimation_risk", "exact_estimator_risk", "simulate_estimator_risk",
]


# --------------------------------------------------------------------------- the estimators and their exact risks
def _mean(rng, n, trials, scale):
    x = rng.normal(0.0, scale, size=(trials, n))
    return x.mean(axis=1), 0.0


def _proportion(rng, n, trials, scale):
    return rng.binomial(n, scale, size=trials) / n, scale


def _variance(rng, n, trials, scale):
    x = rng.normal(0.0, scale, size=(trials, n))
    return x.var(axis=1, ddof=1), scale**2


def _exponential_rate(rng, n, trials, scale):
    # the sum of n Exp(rate) draws is Gamma(n, 1/rate): draw it directly (exact, and n times faster)
    return n / rng.gamma(n, 1.0 / scale, size=trials), scale


def _uniform_endpoint(rng, n, trials, scale):
    # the maximum of n Uniform(0, theta) draws is theta * Beta(n, 1) = theta * U^(1/n)
    return scale * rng.random(trials) ** (1.0 / n), scale


#: name -> (draw function, exact risk as a function of (n, parameter), smallest n, asymptotic exponent,
#: parameter meaning, description).  Exact risks (squared error, expectation over the sample):
#:   mean of N(mu, sigma^2): sigma^2 / n;  proportion of Bernoulli(p): p(1-p)/n;
#:   unbiased variance of N(0, sigma^2): 2 sigma^4 / (n-1);
#:   MLE of an exponential rate, n / sum(x): lambda^2 (n+2) / ((n-1)(n-2))  [E 1/S = lambda/(n-1),
#:   E 1/S^2 = lambda^2/((n-1)(n-2)) for S ~ Gamma(n, rate lambda)];
#:   MLE of the endpoint of Uniform(0, theta), max(x): 2 theta^2 / ((n+1)(n+2))  [max/theta ~ Beta(n, 1)].
ESTIMATORS = {
    "mean": (_mean, lambda n, s: s**2 / n, 1, -1.0, "sigma (standard deviation)",
             "sample mean of N(mu, sigma^2)"),
    "proportion": (_proportion, lambda n, p: p * (1 - p) / n, 1, -1.0, "p (success probability)",
                   "share of successes in n Bernoulli(p) trials"),
    "variance": (_variance, lambda n, s: 2 * s**4 / (n - 1), 2, -1.0, "sigma (standard deviation)",
                 "unbiased sample variance of N(0, sigma^2)"),
    "exponential_rate": (_exponential_rate, lambda n, lam: lam**2 * (n + 2) / ((n - 1) * (n - 2)), 5, -1.0,
                         "lambda (rate)", "maximum-likelihood rate n / sum(x) of Exponential(lambda)"),
    "uniform_endpoint": (_uniform_endpoint, lambda n, t: 2 * t**2 / ((n + 1) * (n + 2)), 1, -2.0,
                         "theta (endpoint)", "maximum-likelihood endpoint max(x) of Uniform(0, theta)"),
}


def _estimator(name):
    if name not in ESTIMATORS:
        raise ValueError(f"estimator must be one of {sorted(ESTIMATORS)}; got {name!r}")
    return ESTIMATORS[name]


def _parameter(estimator, value):
    value = as_positive_scalar(value, "parameter")
    if estimator == "proportion" and not value < 1:
        raise ValueError(f"parameter must lie in (0, 1) for the proportion estimator; got {value!r}")
    return value


def mean_estimation_risk(sample_sizes, sigma=1.0):
    r"""Exact mean squared error of the sample mean: :math:`\mathbb E[(\hat\mu_n-\mu)^2] = \sigma^2/n`.

    Holds for any distribution with variance :math:`\sigma^2` (independent draws), not only the normal.

    Parameters
    ----------
    sample_sizes : array_like
        n, integers >= 1.
    sigma : float, optional
        Standard deviation of one draw, > 0. Default 1.

    Returns
    -------
    float or numpy.ndarray
    """
    return exact_estimator_risk(sample_sizes, "mean", parameter=as_positive_scalar(sigma, "sigma"))


def exact_estimator_risk(sample_sizes, estimator="mean", *, parameter=1.0):
    """Exact squared-error risk of one of :data:`ESTIMATORS` at each sample size (formulas there).

    Parameters
    ----------
    sample_sizes : array_like
        n, integers, at least the estimator's minimum (1; 2 for ``"variance"``; 5 for ``"exponential_rate"``,
        whose squared error has a finite variance only for n > 4).
    estimator : str, optional
        A key of :data:`ESTIMATORS`. Default ``"mean"``.
    parameter : float, optional
        sigma, p (in (0, 1)), lambda or theta, > 0. Default 1 (use e.g. 0.3 for ``"proportion"``).
    """
    _, risk, minimum, *_ = _estimator(estimator)
    n = sample_size_grid(sample_sizes, minimum=minimum, distinct=0)
    value = risk(n, _parameter(estimator, parameter))
    return float(value[0]) if np.ndim(sample_sizes) == 0 else value.reshape(np.shape(sample_sizes))


# --------------------------------------------------------------------------- the simulation
@dataclass(frozen=True)
class EstimatorRisk:
    r"""Measured squared error of an estimator over sample sizes, its log-log fit and the theory beside it.

    ``squared_errors[t, j]`` is trial t at ``sample_sizes[j]``; ``mean_squared_error`` averages the
    trials and ``mean_squared_error_stderr`` is its standard error.  ``fit`` is the least-squares
    power law through the means; ``exponent_ci`` is the bootstrap interval of the slope (whole trials
    resampled, ``n_boot`` times).  ``theory_exponent`` is the slope of the exact risk over the same
    sizes (-1 up to small-n corrections for the regular estimators) and ``asymptotic_exponent`` its
    large-n limit. ``log_intercept`` is :math:`\log c` of the fit :math:`c\,n^{k}`; for the mean the
    theory is :math:`2\log\sigma` (``theory_log_intercept``).
    """

    estimator: str
    parameter: float
    sample_sizes: np.ndarray = field(repr=False)
    squared_errors: np.ndarray = field(repr=False)
    mean_squared_error: np.ndarray = field(repr=False)
    mean_squared_error_stderr: np.ndarray = field(repr=False)
    exact_risk: np.ndarray = field(repr=False)
    fit: PowerLawFit = field(repr=False)
    exponent: float
    exponent_ci: tuple[float, float]
    theory_exponent: float
    asymptotic_exponent: float
    log_intercept: float
    log_intercept_ci: tuple[float, float]
    theory_log_intercept: float
    n_trials: int
    n_boot: int
    confidence: float
    seed: object

    def __repr__(self) -> str:
        pct = f"{100 * self.confidence:g}%"
        return (
            f"EstimatorRisk({self.estimator}, parameter={self.parameter:g}: exponent={self.exponent:.4f} "
            f"[{pct} bootstrap CI {format_ci(self.exponent_ci)}; least squares "
            f"{format_ci(self.fit.exponent_ci)}], theory {self.theory_exponent:.4f} "
            f"(asymptotic {self.asymptotic_exponent:g}); log intercept {self.log_intercept:.4f} "
            f"{format_ci(self.log_intercept_ci)} vs theory {self.theory_log_intercept:.4f}; "
            f"{self.n_trials} trials x {self.sample_sizes.size} sizes, seed={self.seed!r})"
        )


def _slope_of_trials(squared_errors, *, sample_sizes):
    return fit_power_law(sample_sizes, squared_errors.mean(axis=0))


def simulate_estimator_risk(sample_sizes=(8, 16, 32, 64, 128, 256, 512, 1024), *, estimator="mean",
                            parameter=1.0, n_trials=2000, n_boot=400, confidence=0.95, seed=0) -> EstimatorRisk:
    r"""Measure :math:`\mathbb E[(\hat\theta_n - \theta)^2]` over ``n_trials`` independent samples per size.

    Each trial draws a fresh sample of size n (independently for every size), applies the estimator and
    records its squared error. The log-log slope of the mean squared error against n is fitted by
    :func:`scaling_lab.fitting.fit_power_law` (:math:`\log \mathrm{MSE} = \log c + k\log n`), and its
    interval is the percentile bootstrap over trials (:func:`scaling_lab.fitting.resampling.bootstrap`, Efron &
    Tibshirani 1993, ch. 13). For the mean, theory gives :math:`k = -1` and :math:`\log c = 2\log\sigma`.

    Parameters
    ----------
    sample_sizes : array_like, optional
        At least 3 distinct integer sizes, each at least the estimator's minimum. Default 8, 16, ..., 1024.
    estimator : str, optional
        A key of :data:`ESTIMATORS`. Default ``"mean"``.
    parameter : float, optional
        sigma, p, lambda or theta of the sampled distribution, > 0. Default 1.
    n_trials : int, optional
        Independent samples per size, >= 10. Default 2000.
    n_boot : int, optional
        Bootstrap replicates, >= 10. Default 400.
    confidence : float, optional
        Coverage of both intervals. Default 0.95.
    seed : int or numpy.random.Generator, optional
        Seed for :func:`numpy.random.default_rng`. Default 0.

    Returns
    -------
    EstimatorRisk
    """
    draw, risk, minimum, asymptotic, *_ = _estimator(estimator)
    n = sample_size_grid(sample_sizes, minimum=minimum)
    value = _parameter(estimator, parameter)
    trials = as_int(n_trials, "n_trials", minimum=10)
    n_boot = as_int(n_boot, "n_boot", minimum=10)
    confidence = as_confidence(confidence)
    rng = np.random.default_rng(seed)
    errors = np.empty((trials, n.size))
    for j, size in enumerate(n.astype(int)):
        estimate, truth = draw(rng, int(size), trials, value)
        errors[:, j] = (estimate - truth) ** 2
    if np.any(errors <= 0):  # a trial hit the truth exactly (possible for the proportion at tiny n)
        errors = np.maximum(errors, np.finfo(float).tiny)
    mse = errors.mean(axis=0)
    fit = fit_power_law(n, mse, confidence=confidence)
    boot = bootstrap(_slope_of_trials, errors, n_boot=n_boot, confidence=confidence, seed=rng,
                     sample_sizes=n)
    exact = risk(n, value)
    theory = fit_power_law(n, exact).exponent
    log_c_ci = tuple(math.log(v) for v in boot.intervals["coefficient"])
    theory_log_c = 2 * math.log(value) if estimator == "mean" else math.log(fit_power_law(n, exact).coefficient)
    return EstimatorRisk(
        estimator=estimator, parameter=value, sample_sizes=n, squared_errors=errors, mean_squared_error=mse,
        mean_squared_error_stderr=errors.std(axis=0, ddof=1) / math.sqrt(trials), exact_risk=exact, fit=fit,
        exponent=fit.exponent, exponent_ci=boot.intervals["exponent"], theory_exponent=theory,
        asymptotic_exponent=asymptotic, log_intercept=math.log(fit.coefficient), log_intercept_ci=log_c_ci,
        theory_log_intercept=theory_log_c, n_trials=trials, n_boot=n_boot, confidence=confidence,
        seed=seed if isinstance(seed, (int, np.integer)) else None,
    )
