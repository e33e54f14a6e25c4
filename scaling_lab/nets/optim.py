r"""Optimisers and a learning-rate schedule for the NumPy networks, working on one flat parameter buffer.

Every network in :mod:`scaling_lab.nets` keeps all its weights in one 1-d array and hands out
named, reshaped *views* of it (:func:`flat_views`).  An optimiser then updates every weight with a
handful of whole-array NumPy operations, whatever the architecture:

- :class:`Adam` (Kingma and Ba 2015, Algorithm 1), with an optional per-weight learning-rate scale
  (used by the maximal-update parametrisation, :mod:`scaling_lab.nets.parametrization`);
- :class:`SGD` with heavy-ball momentum (Polyak 1964), :math:`v \leftarrow \mu v + g`,
  :math:`\theta \leftarrow \theta - \eta v`;
- :func:`warmup_cosine_schedule`: linear warm-up, then cosine decay to zero over the run;
- :func:`warmup_stable_decay_schedule`: linear warm-up, a constant rate, then a short cooldown to
  zero (Hägele et al. 2024), whose runs of different lengths share every step before their cooldown.
"""

from __future__ import annotations

import math

import numpy as np

from scaling_lab._validate import as_int, as_positive_scalar, as_scalar, as_unit_interval_array

__all__ = ["flat_views", "Adam", "SGD", "COOLDOWN_SHAPES", "cooldown_steps", "warmup_cosine_schedule",
           "warmup_stable_decay_schedule"]


def flat_views(flat: np.ndarray, shapes: dict) -> dict:
    """Split a 1-d array into named views of the given shapes (no copies: writing a view writes ``flat``).

    Parameters
    ----------
    flat : numpy.ndarray
        1-d array of size ``sum(prod(shape))``.
    shapes : dict of str to tuple of int
        Name and shape of each block, in storage order.

    Returns
    -------
    dict of str to numpy.ndarray
    """
    sizes = [math.prod(shape) for shape in shapes.values()]
    if np.ndim(flat) != 1 or np.size(flat) != sum(sizes):
        raise ValueError(f"flat must be a 1-d array of size {sum(sizes)}; got shape {np.shape(flat)}")
    views, start = {}, 0
    for (name, shape), size in zip(shapes.items(), sizes):
        views[name] = flat[start:start + size].reshape(shape)
        start += size
    return views


def _check_lr_scale(lr_scale, n_params):
    if lr_scale is None:
        return None
    scale = np.asarray(lr_scale)
    if scale.shape != (n_params,) or not np.all(np.isfinite(scale)) or (scale < 0).any():
        raise ValueError(f"lr_scale must be a finite, non-negative array of shape ({n_params},)")
    return scale


class Adam:
    r"""Adam (Kingma and Ba 2015, Algorithm 1) on a flat parameter buffer, in place.

    .. math::
        m \leftarrow \beta_1 m + (1-\beta_1) g, \quad v \leftarrow \beta_2 v + (1-\beta_2) g^2, \quad
        \theta \leftarrow \theta - \eta\, s\, \frac{m / (1-\beta_1^t)}{\sqrt{v / (1-\beta_2^t)} + \epsilon}

    with :math:`s` an optional per-weight learning-rate scale (default 1).

    Parameters
    ----------
    n_params : int
        Size of the flat buffer.
    beta1, beta2 : float, optional
        Decay rates of the moment estimates, in [0, 1). Defaults 0.9 and 0.99.
    eps : float, optional
        Added to the root of the second moment, > 0. Default 1e-8.
    lr_scale : array_like, optional
        Per-weight multiplier of the learning rate, shape ``(n_params,)``.
    dtype : numpy dtype, optional
        Of the moment buffers; default float32.
    """

    def __init__(self, n_params, *, beta1=0.9, beta2=0.99, eps=1e-8, lr_scale=None, dtype=np.float32):
        n_params = as_int(n_params, "n_params", minimum=1)
        self.beta1 = float(as_unit_interval_array(beta1, "beta1", open_high=True))
        self.beta2 = float(as_unit_interval_array(beta2, "beta2", open_high=True))
        self.eps = as_positive_scalar(eps, "eps")
        self.lr_scale = _check_lr_scale(lr_scale, n_params)
        self.m = np.zeros(n_params, dtype=dtype)
        self.v = np.zeros(n_params, dtype=dtype)
        self._scratch = np.zeros(n_params, dtype=dtype)
        self.t = 0

    def step(self, params: np.ndarray, grad: np.ndarray, learning_rate: float) -> None:
        """Update ``params`` in place from ``grad`` with learning rate ``learning_rate``."""
        self.t += 1
        b1, b2, tmp = self.beta1, self.beta2, self._scratch
        self.m *= b1
        self.m += (1.0 - b1) * grad
        self.v *= b2
        np.square(grad, out=tmp)
        tmp *= 1.0 - b2
        self.v += tmp
        # theta -= lr * m_hat / (sqrt(v_hat) + eps), written with one division.
        correction2 = math.sqrt(1.0 - b2**self.t)
        np.sqrt(self.v, out=tmp)
        tmp += self.eps * correction2
        np.divide(self.m, tmp, out=tmp)
        tmp *= learning_rate * correction2 / (1.0 - b1**self.t)
        if self.lr_scale is not None:
            tmp *= self.lr_scale
        params -= tmp


class SGD:
    r"""Stochastic gradient descent with heavy-ball momentum, in place.

    .. math:: v \leftarrow \mu v + g, \qquad \theta \leftarrow \theta - \eta\, s\, v

    Parameters
    ----------
    n_params : int
        Size of the flat buffer.
    momentum : float, optional
        :math:`\mu` in [0, 1); 0 gives plain SGD. Default 0.9.
    lr_scale : array_like, optional
        Per-weight multiplier :math:`s` of the learning rate, shape ``(n_params,)``.
    dtype : numpy dtype, optional
        Of the velocity buffer; default float32.
    """

    def __init__(self, n_params, *, momentum=0.9, lr_scale=None, dtype=np.float32):
        n_params = as_int(n_params, "n_params", minimum=1)
        self.momentum = float(as_unit_interval_array(momentum, "momentum", open_high=True))
        self.lr_scale = _check_lr_scale(lr_scale, n_params)
        self.velocity = np.zeros(n_params, dtype=dtype)

    def step(self, params: np.ndarray, grad: np.ndarray, learning_rate: float) -> None:
        """Update ``params`` in place from ``grad`` with learning rate ``learning_rate``."""
        self.velocity *= self.momentum
        self.velocity += grad
        update = learning_rate * self.velocity
        if self.lr_scale is not None:
            update *= self.lr_scale
        params -= update


def warmup_cosine_schedule(n_steps, peak_learning_rate, *, warmup_fraction=0.05, warmup_steps=None) -> np.ndarray:
    r"""Learning rate of every step: linear warm-up, then cosine decay to zero.

    With :math:`w = \lceil f\,S \rceil` warm-up steps out of :math:`S`,

    .. math::
        \eta_t = \eta_{\max} \frac{t+1}{w} \ (t < w), \qquad
        \eta_t = \frac{\eta_{\max}}{2}\Bigl(1 + \cos \frac{\pi (t - w + 1)}{S - w + 1}\Bigr) \ (t \ge w)

    so the rate peaks at the end of warm-up and nearly reaches zero at the last step.  Every run
    decays over *its own* length: Hoffmann et al. (2022) found that a cosine cycle longer than the
    run leaves its loss too high, which biases comparisons of runs of different lengths.

    Parameters
    ----------
    n_steps : int
        Number of steps, >= 1.
    peak_learning_rate : float
        :math:`\eta_{\max}`, > 0.
    warmup_fraction : float, optional
        :math:`f` in [0, 1). Default 0.05.
    warmup_steps : int, optional
        A fixed number of warm-up steps :math:`w` in ``0 .. n_steps - 1`` instead of a fraction
        (runs of different lengths then warm up alike, as the runs of
        :func:`warmup_stable_decay_schedule` do).

    Returns
    -------
    numpy.ndarray
        Shape ``(n_steps,)``.
    """
    n_steps = as_int(n_steps, "n_steps", minimum=1)
    peak = as_positive_scalar(peak_learning_rate, "peak_learning_rate")
    fraction = as_scalar(warmup_fraction, "warmup_fraction")
    if not 0.0 <= fraction < 1.0:
        raise ValueError(f"warmup_fraction must lie in [0, 1); got {fraction!r}")
    n_warm = math.ceil(fraction * n_steps) if warmup_steps is None else _warmup_steps(warmup_steps, n_steps)
    t = np.arange(n_steps, dtype=float)
    decay = 0.5 * (1.0 + np.cos(np.pi * (t - n_warm + 1) / (n_steps - n_warm + 1)))
    warm = (t + 1) / max(n_warm, 1)
    return peak * np.where(t < n_warm, warm, decay)


def _warmup_steps(warmup_steps, n_steps):
    n_warm = as_int(warmup_steps, "warmup_steps", minimum=0)
    if n_warm >= n_steps:
        raise ValueError(f"warmup_steps must be < n_steps ({n_steps}); got {n_warm}")
    return n_warm


#: Shapes of the cooldown of :func:`warmup_stable_decay_schedule`, as the fraction of the peak rate left
#: after a share :math:`u \in (0, 1]` of the cooldown.
COOLDOWN_SHAPES = {"1-sqrt": lambda u: 1.0 - np.sqrt(u), "linear": lambda u: 1.0 - u}


def warmup_stable_decay_schedule(n_steps, peak_learning_rate, *, warmup_steps, cooldown_fraction=0.2,
                                 cooldown_shape="1-sqrt") -> np.ndarray:
    r"""Learning rate of every step: linear warm-up, a constant ("stable") rate, then a cooldown to zero.

    With :math:`w` warm-up steps and a cooldown of :math:`k = \lceil c\,S \rceil` steps out of
    :math:`S`, starting at step :math:`s = S - k`,

    .. math::
        \eta_t = \eta_{\max} \frac{t+1}{w} \ (t < w), \qquad
        \eta_t = \eta_{\max} \ (w \le t < s), \qquad
        \eta_t = \eta_{\max} \Bigl(1 - \sqrt{\tfrac{t - s + 1}{k}}\Bigr) \ (t \ge s)

    for the ``"1-sqrt"`` cooldown of Hägele et al. (2024), which they found better than the
    ``"linear"`` one, :math:`\eta_{\max} (1 - \tfrac{t - s + 1}{k})`.  The rate reaches zero at
    the last step.  Nothing before step :math:`s` depends on :math:`S`, so runs of every length
    share one stable phase: a run of length :math:`S` is the long run's first :math:`s` steps plus
    its own cooldown.

    Parameters
    ----------
    n_steps : int
        Number of steps :math:`S`, >= 2.
    peak_learning_rate : float
        :math:`\eta_{\max}`, > 0.
    warmup_steps : int
        :math:`w`, >= 0, and the warm-up must end before the cooldown starts.
    cooldown_fraction : float, optional
        :math:`c` in (0, 1]. Default 0.2.
    cooldown_shape : {"1-sqrt", "linear"}, optional
        Default ``"1-sqrt"``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_steps,)``.
    """
    n_steps = as_int(n_steps, "n_steps", minimum=2)
    peak = as_positive_scalar(peak_learning_rate, "peak_learning_rate")
    n_warm = as_int(warmup_steps, "warmup_steps", minimum=0)
    fraction = as_scalar(cooldown_fraction, "cooldown_fraction")
    if not 0.0 < fraction <= 1.0:
        raise ValueError(f"cooldown_fraction must lie in (0, 1]; got {fraction!r}")
    if cooldown_shape not in COOLDOWN_SHAPES:
        raise ValueError(f"cooldown_shape must be one of {sorted(COOLDOWN_SHAPES)}; got {cooldown_shape!r}")
    n_cool = cooldown_steps(n_steps, fraction)
    start = n_steps - n_cool
    if n_warm > start:
        raise ValueError(f"warmup_steps must be <= the step the cooldown starts ({start}); got {n_warm}")
    t = np.arange(n_steps, dtype=float)
    rate = np.where(t < n_warm, (t + 1) / max(n_warm, 1), 1.0)
    cooling = t >= start
    rate[cooling] = COOLDOWN_SHAPES[cooldown_shape]((t[cooling] - start + 1) / n_cool)
    return peak * rate


def cooldown_steps(n_steps, cooldown_fraction) -> int:
    r"""Steps in the cooldown of a :func:`warmup_stable_decay_schedule` run: :math:`\lceil c\,S \rceil`, at least 1."""
    n_steps = as_int(n_steps, "n_steps", minimum=1)
    fraction = as_scalar(cooldown_fraction, "cooldown_fraction")
    if not 0.0 < fraction <= 1.0:
        raise ValueError(f"cooldown_fraction must lie in (0, 1]; got {fraction!r}")
    return max(1, math.ceil(round(fraction * n_steps, 9)))
