r"""Spending a compute budget when the unique data run out: epochs against model size (Muennighoff et al. 2023).

With :math:`U_D` unique tokens and a budget of :math:`C` FLOPs, training for
:math:`e` epochs sees :math:`D = e\,U_D` tokens and leaves a model of
:math:`N = C/(6D)` parameters.  More epochs mean a smaller model trained on
repeated data.  :func:`repeated_data_profile` gives the loss along that
trade-off from the data-constrained law (:func:`scaling_lab.laws.data_constrained_loss`),
next to what the same law would say if repeated tokens were worth as much as
fresh ones (:func:`scaling_lab.allocation.isoflop_curve` with the same constants),
so the cost of repetition is the gap between the two curves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scaling_lab._validate import as_float_array, as_positive_scalar
from scaling_lab.allocation.optimal_split import compute_optimal, isoflop_curve
from scaling_lab.laws.data_constrained import data_constrained_loss
from scaling_lab.reference.others import MUENNIGHOFF_2023

__all__ = ["RepeatedDataProfile", "repeated_data_profile"]


@dataclass(frozen=True)
class RepeatedDataProfile:
    r"""Loss against epochs at a fixed compute budget and fixed unique data.

    Arrays run over ``epochs``; ``n_params`` is :math:`C/(6 e U_D)` and
    ``n_tokens`` is :math:`e U_D`.  ``loss`` is the data-constrained law,
    ``loss_if_fresh`` the same constants with repeated tokens counted as fresh.
    ``fresh_optimum`` is the compute-optimal ``(n_opt, d_opt)`` of those
    constants with unlimited data (:func:`scaling_lab.allocation.optimal_split`).
    """

    compute_flops: float
    unique_tokens: float
    epochs: np.ndarray = field(repr=False)
    n_params: np.ndarray = field(repr=False)
    n_tokens: np.ndarray = field(repr=False)
    loss: np.ndarray = field(repr=False)
    loss_if_fresh: np.ndarray = field(repr=False)
    fresh_optimum: tuple = field(repr=False)

    @property
    def best(self) -> int:
        """Index of the lowest data-constrained loss on the grid of epochs."""
        return int(np.argmin(self.loss))

    @property
    def best_epochs(self) -> float:
        """Epochs at the lowest data-constrained loss (on the grid)."""
        return float(self.epochs[self.best])

    @property
    def best_n_params(self) -> float:
        """Model size at the lowest data-constrained loss (on the grid)."""
        return float(self.n_params[self.best])

    @property
    def best_loss(self) -> float:
        """The lowest data-constrained loss on the grid."""
        return float(self.loss[self.best])

    def __repr__(self) -> str:
        return (f"RepeatedDataProfile(compute_flops={self.compute_flops:.3g}, unique_tokens={self.unique_tokens:.3g}, "
                f"epochs {self.epochs[0]:g}-{self.epochs[-1]:g}, best {self.best_epochs:.3g} epochs with "
                f"N={self.best_n_params:.3g}, loss {self.best_loss:.4f})")


def repeated_data_profile(compute_flops, unique_tokens, *, epochs=None, params=MUENNIGHOFF_2023) -> RepeatedDataProfile:
    r"""Loss of every split of a budget between epochs over :math:`U_D` unique tokens and model size.

    .. math::
       D = e\,U_D, \qquad N = \frac{C}{6D}, \qquad
       L(e) = E + \frac{A}{N'^{\alpha}} + \frac{B}{D'^{\beta}}

    with :math:`D'` and :math:`N'` the effective data and parameters of
    Muennighoff et al. (2023) (:func:`scaling_lab.laws.data_constrained_loss`);
    ``loss_if_fresh`` uses :math:`D` and :math:`N` themselves.

    Parameters
    ----------
    compute_flops : float
        Budget :math:`C` in FLOPs, > 0.
    unique_tokens : float
        :math:`U_D`, > 0.
    epochs : array_like, optional
        Passes over the unique data, each >= 1; default 400 log-spaced values from 1 to 100.
    params : object, optional
        Anything with ``E, A, B, alpha, beta, r_d_star, r_n_star``; default
        :data:`~scaling_lab.reference.MUENNIGHOFF_2023`.

    Returns
    -------
    RepeatedDataProfile
    """
    c = as_positive_scalar(compute_flops, "compute_flops")
    u = as_positive_scalar(unique_tokens, "unique_tokens")
    e = np.geomspace(1.0, 100.0, 400) if epochs is None else np.sort(as_float_array(epochs, "epochs").ravel())
    if (e < 1).any():
        raise ValueError(f"epochs must be >= 1; got {e[e < 1][:4]}")
    d = e * u
    n = c / (6.0 * d)
    loss = np.atleast_1d(data_constrained_loss(n, d, u, params=params))
    fresh = np.atleast_1d(isoflop_curve(n, c, params=params))
    optimum = compute_optimal(c, params=params)
    return RepeatedDataProfile(c, u, e, n, d, loss, fresh, (float(optimum.n_opt), float(optimum.d_opt)))
