r"""Functional forms of neural scaling laws, defined once for the whole course.

Every function takes array-like inputs (broadcast together), validates them,
and returns a float for scalar input or a NumPy array otherwise.  Published
constants come from :mod:`scaling_lab.reference`; each can be overridden.

Conventions
-----------
- A *pure* power law is written with a signed exponent, :math:`y = c\,x^{k}`
  (:func:`power_law`); decaying laws have :math:`k < 0`.
- A *saturating* law is written :math:`L = E + A\,x^{-\alpha}` with
  :math:`\alpha > 0` (:func:`saturating_power_law`).
- Kaplan et al. (2020) write :math:`L = (X_c/X)^{\alpha_X}` with
  :math:`\alpha_X > 0`; their functions keep that form.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from scaling_lab._validate import (
    as_int, as_positive_array, as_positive_scalar, as_scalar, as_unit_interval_array, broadcast, param_value, to_output,
)
from scaling_lab.reference import (
    HOFFMANN_2022, KAPLAN_2020_COMPUTE_EFFICIENT, KAPLAN_2020_CRITICAL_BATCH, KAPLAN_2020_LOSS_CMIN,
    KAPLAN_2020_LOSS_D, KAPLAN_2020_LOSS_N, KAPLAN_2020_LOSS_ND, KAPLAN_2020_LOSS_NS, MUENNIGHOFF_2023,
    PF_DAY_FLOPS, ROSENFELD_2020_ILLUSTRATIVE,
)

__all__ = [
    "power_law", "saturating_power_law", "zipf_pmf",
    "kaplan_loss_n", "kaplan_loss_d", "kaplan_loss_c", "kaplan_loss_nd", "kaplan_loss_ns",
    "critical_batch_size", "KaplanAllocation", "kaplan_compute_efficient",
    "ContradictionPoint", "kaplan_contradiction_point",
    "chinchilla_loss", "rosenfeld_loss", "data_constrained_loss", "bnsl",
    "per_token_accuracy", "exact_match_accuracy", "token_edit_distance",
    "training_flops", "kaplan_forward_flops_per_token", "pf_days", "flops_from_pf_days",
]


# ---------------------------------------------------------------------------
# generic forms
# ---------------------------------------------------------------------------
def power_law(x, coefficient, exponent):
    r"""Pure power law with a signed exponent.

    The form of Kaplan et al. (2020), eqs. 1.1-1.3, and of Zipf's law (Zipf 1949).

    .. math:: y = c\, x^{k}

    Parameters
    ----------
    x : array_like
        The scaled quantity (parameters, tokens, compute ...), > 0.
    coefficient : float
        :math:`c`, finite.
    exponent : float
        :math:`k`, finite; negative for a decaying law.  This signed
        convention is used throughout the package for pure power laws.

    Returns
    -------
    float or ndarray
    """
    x = as_positive_array(x, "x")
    c = as_scalar(coefficient, "coefficient")
    k = as_scalar(exponent, "exponent")
    return to_output(c * x**k)


def saturating_power_law(x, irreducible_loss, coefficient, exponent):
    r"""Power law decaying to a floor.

    The one-variable form with an irreducible term, as in Hestness et al. (2017)
    and each term of Hoffmann et al. (2022), eq. 10.

    .. math:: L(x) = E + A\, x^{-\alpha}, \qquad A > 0,\ \alpha > 0

    Parameters
    ----------
    x : array_like
        The scaled quantity, > 0.
    irreducible_loss : float
        :math:`E`, the loss as :math:`x \to \infty`.
    coefficient : float
        :math:`A > 0`.
    exponent : float
        :math:`\alpha > 0` (the decay rate; note the minus sign in the formula).
    """
    x = as_positive_array(x, "x")
    e = as_scalar(irreducible_loss, "irreducible_loss")
    a = as_positive_scalar(coefficient, "coefficient")
    alpha = as_positive_scalar(exponent, "exponent")
    return to_output(e + a * x**-alpha)


def zipf_pmf(ranks, exponent, n_types):
    r"""Probability of rank :math:`r` under a Zipf law truncated at :math:`K` types.

    .. math:: p(r) = \frac{r^{-s}}{H(K, s)}, \qquad H(K, s) = \sum_{j=1}^{K} j^{-s},
              \qquad r = 1, \dots, K

    Zipf (1949); the truncated discrete form fitted by maximum likelihood in
    Clauset, Shalizi and Newman (2009), sec. 3.

    Parameters
    ----------
    ranks : array_like
        Ranks :math:`r`, integers in ``1..n_types``.
    exponent : float
        :math:`s \ge 0` (about 1 for English words).
    n_types : int
        :math:`K \ge 1`, the number of types (the largest rank).

    Returns
    -------
    float or ndarray
        Probabilities; over ``ranks = 1..n_types`` they sum to one.
    """
    r = as_positive_array(ranks, "ranks")
    s = as_positive_scalar(exponent, "exponent", allow_zero=True)
    k = as_int(n_types, "n_types", minimum=1)
    if np.any(r != np.round(r)) or np.any(r > k):
        raise ValueError(f"ranks must be integers in 1..n_types={k}")
    log_h = float(np.logaddexp.reduce(-s * np.log(np.arange(1, k + 1, dtype=float))))
    return to_output(np.exp(-s * np.log(r) - log_h))


# ---------------------------------------------------------------------------
# Kaplan et al. (2020)
# ---------------------------------------------------------------------------
def kaplan_loss_n(n_params, *, n_c=KAPLAN_2020_LOSS_N.scale, alpha_n=KAPLAN_2020_LOSS_N.exponent):
    r"""Loss vs model size, trained to convergence on ample data (Kaplan et al. 2020, eq. 1.1, Table 5).

    .. math:: L(N) = (N_c / N)^{\alpha_N}, \quad N_c = 8.8\times10^{13},\ \alpha_N = 0.076

    ``n_params`` counts non-embedding parameters; the loss is in nats/token.
    """
    n = as_positive_array(n_params, "n_params")
    n_c = as_positive_scalar(n_c, "n_c")
    alpha_n = as_positive_scalar(alpha_n, "alpha_n")
    return to_output((n_c / n) ** alpha_n)


def kaplan_loss_d(n_tokens, *, d_c=KAPLAN_2020_LOSS_D.scale, alpha_d=KAPLAN_2020_LOSS_D.exponent):
    r"""Loss vs dataset size for large models with early stopping (Kaplan et al. 2020, eq. 1.2, Table 5).

    .. math:: L(D) = (D_c / D)^{\alpha_D}, \quad D_c = 5.4\times10^{13},\ \alpha_D = 0.095
    """
    d = as_positive_array(n_tokens, "n_tokens")
    d_c = as_positive_scalar(d_c, "d_c")
    alpha_d = as_positive_scalar(alpha_d, "alpha_d")
    return to_output((d_c / d) ** alpha_d)


def kaplan_loss_c(compute_pf_days, *, c_c=KAPLAN_2020_LOSS_CMIN.scale, alpha_c=KAPLAN_2020_LOSS_CMIN.exponent):
    r"""Loss vs minimum compute, optimal allocation (Kaplan et al. 2020, eq. 1.3, Table 5).

    .. math:: L(C_{\min}) = (C_c^{\min} / C_{\min})^{\alpha_C^{\min}},
       \quad C_c^{\min} = 3.1\times10^{8}\ \text{PF-days},\ \alpha_C^{\min} = 0.050

    For the 'naive' fixed-batch fit of Table 5 pass
    ``c_c=KAPLAN_2020_LOSS_C_NAIVE.scale, alpha_c=KAPLAN_2020_LOSS_C_NAIVE.exponent``.
    ``compute_pf_days`` is in PF-days (see :func:`pf_days`).
    """
    c = as_positive_array(compute_pf_days, "compute_pf_days")
    c_c = as_positive_scalar(c_c, "c_c")
    alpha_c = as_positive_scalar(alpha_c, "alpha_c")
    return to_output((c_c / c) ** alpha_c)


def kaplan_loss_nd(n_params, n_tokens, *, params=KAPLAN_2020_LOSS_ND):
    r"""Joint loss vs model and data size (Kaplan et al. 2020, eq. 1.5, Table 2).

    .. math:: L(N, D) = \left[\left(\frac{N_c}{N}\right)^{\alpha_N/\alpha_D} + \frac{D_c}{D}\right]^{\alpha_D}

    Table 2 constants: :math:`N_c = 6.4\times10^{13}`, :math:`D_c = 1.8\times10^{13}`,
    :math:`\alpha_N = 0.076`, :math:`\alpha_D = 0.103`.  ``params`` is any object
    with ``n_c, d_c, alpha_n, alpha_d``.
    """
    n = as_positive_array(n_params, "n_params")
    d = as_positive_array(n_tokens, "n_tokens")
    n, d = broadcast(n_params=n, n_tokens=d)
    n_c, d_c = param_value(params, "n_c"), param_value(params, "d_c")
    a_n, a_d = param_value(params, "alpha_n"), param_value(params, "alpha_d")
    return to_output(((n_c / n) ** (a_n / a_d) + d_c / d) ** a_d)


def kaplan_loss_ns(n_params, n_steps, *, params=KAPLAN_2020_LOSS_NS):
    r"""Loss vs model size and training steps (Kaplan et al. 2020, eq. 1.6, Table 3).

    .. math:: L(N, S_{\min}) = \left(\frac{N_c}{N}\right)^{\alpha_N} + \left(\frac{S_c}{S_{\min}}\right)^{\alpha_S}

    Table 3 constants: :math:`N_c = 6.5\times10^{13}`, :math:`S_c = 2.1\times10^{3}`,
    :math:`\alpha_N = 0.077`, :math:`\alpha_S = 0.76`.  ``n_steps`` is
    :math:`S_{\min}`, the step count at a batch size well above critical.
    """
    n = as_positive_array(n_params, "n_params")
    s = as_positive_array(n_steps, "n_steps")
    n, s = broadcast(n_params=n, n_steps=s)
    n_c, s_c = param_value(params, "n_c"), param_value(params, "s_c")
    a_n, a_s = param_value(params, "alpha_n"), param_value(params, "alpha_s")
    return to_output((n_c / n) ** a_n + (s_c / s) ** a_s)


def critical_batch_size(loss, *, b_star=KAPLAN_2020_CRITICAL_BATCH.b_star,
                        alpha_b=KAPLAN_2020_CRITICAL_BATCH.alpha_b):
    r"""Critical batch size in tokens (Kaplan et al. 2020, eq. 1.4, Table 5).

    .. math:: B_{\rm crit}(L) = \frac{B_*}{L^{1/\alpha_B}}, \quad \alpha_B = 0.21

    The default :math:`B_* = 2.1\times10^8` tokens is Table 5's value; eq. 1.4
    in the main text rounds it to :math:`\sim 2\times10^8`
    (``KAPLAN_2020_B_STAR_EQ_1_4``).
    """
    loss = as_positive_array(loss, "loss")
    b_star = as_positive_scalar(b_star, "b_star")
    alpha_b = as_positive_scalar(alpha_b, "alpha_b")
    return to_output(b_star / loss ** (1.0 / alpha_b))


class KaplanAllocation(NamedTuple):
    """Compute-efficient training at a budget (Kaplan et al. 2020, Table 6)."""

    n_opt: float | np.ndarray
    batch_size: float | np.ndarray
    s_min: float | np.ndarray
    d_opt: float | np.ndarray


def kaplan_compute_efficient(compute_pf_days, *, table=KAPLAN_2020_COMPUTE_EFFICIENT):
    r"""Model size, batch, steps and data for a compute budget (Kaplan et al. 2020, Table 6).

    .. math:: N_{\rm opt} = 1.3\times10^{9}\, C_{\min}^{0.73},\quad
              B = 2.0\times10^{6}\, C_{\min}^{0.24},\quad
              S_{\min} = 5.4\times10^{3}\, C_{\min}^{0.03},\quad
              D_{\rm opt} = 2\times10^{10}\, C_{\min}^{0.27}

    with :math:`C_{\min}` in PF-days.  The first three exponents sum to one, so
    :math:`6 N B S_{\min} \approx C_{\min}`; training at :math:`B = B_{\rm crit}`
    takes :math:`S = 2 S_{\min}` steps, hence :math:`D_{\rm opt} \approx 2 B S_{\min}`.
    """
    c = as_positive_array(compute_pf_days, "compute_pf_days")
    rows = (table.n_opt, table.batch_size, table.s_min, table.d_opt)
    return KaplanAllocation(*(to_output(row.scale * c**row.exponent) for row in rows))


class ContradictionPoint(NamedTuple):
    """Where Kaplan's L(C_min) and L(D(C_min)) trends cross (Kaplan et al. 2020, sec. 6.3)."""

    compute_pf_days: float
    n_params: float
    n_tokens: float
    loss: float


def kaplan_contradiction_point(*, loss_cmin=KAPLAN_2020_LOSS_CMIN, loss_d=KAPLAN_2020_LOSS_D,
                               table=KAPLAN_2020_COMPUTE_EFFICIENT):
    r"""Compute at which Kaplan's compute trend would beat its own data limit (sec. 6.3).

    Along the compute-efficient frontier the data grow as
    :math:`D(C) = 2\times10^{10} C^{0.27}` tokens (Table 6, :math:`C` in PF-days).
    The loss reachable with that data, :math:`L(D(C)) = (D_c/D(C))^{\alpha_D}`,
    falls as :math:`C^{-0.027}`, slower than :math:`L(C_{\min}) = (C_c/C)^{0.050}`;
    the trends must cross.  Setting them equal gives

    .. math:: \ln C^* = \frac{\alpha_D \ln(D_c/s_D) - \alpha_C \ln C_c}{\alpha_D p_D - \alpha_C}

    with :math:`D(C) = s_D C^{p_D}`.  :math:`N^*` comes from Table 6's
    :math:`N = 1.3\times10^9 C^{0.73}` and :math:`D^* = D(C^*)`.  Kaplan et al.
    quote :math:`C^* \sim 10^4` PF-days, :math:`N^* \sim 10^{12}`,
    :math:`D^* \sim 10^{12}` and :math:`L^* \sim 1.7` nats/token; with these
    relations :math:`D^*` comes out a few times :math:`10^{11}`.
    """
    a_c, c_c = param_value(loss_cmin, "exponent", "loss_cmin"), param_value(loss_cmin, "scale", "loss_cmin")
    a_d, d_c = param_value(loss_d, "exponent", "loss_d"), param_value(loss_d, "scale", "loss_d")
    s_d, p_d = table.d_opt.scale, table.d_opt.exponent
    slope = a_d * p_d - a_c
    if abs(slope) < 1e-12:
        raise ValueError("loss_cmin and loss_d trends are parallel along D(C); they never cross")
    log_c = (a_d * np.log(d_c / s_d) - a_c * np.log(c_c)) / slope
    c_star = float(np.exp(log_c))
    return ContradictionPoint(
        compute_pf_days=c_star,
        n_params=float(table.n_opt.scale * c_star**table.n_opt.exponent),
        n_tokens=float(s_d * c_star**p_d),
        loss=float((c_c / c_star) ** a_c),
    )


# ---------------------------------------------------------------------------
# Chinchilla, Rosenfeld, data-constrained, BNSL
# ---------------------------------------------------------------------------
def chinchilla_loss(n_params, n_tokens, params=HOFFMANN_2022):
    r"""Parametric loss of Hoffmann et al. (2022), eq. 10.

    .. math:: L(N, D) = E + \frac{A}{N^{\alpha}} + \frac{B}{D^{\beta}}

    Parameters
    ----------
    n_params : array_like
        Model size :math:`N` (parameters), > 0.
    n_tokens : array_like
        Training tokens :math:`D`, > 0; broadcast against ``n_params``.
    params : object, optional
        Anything with attributes ``E, A, B, alpha, beta`` (a
        :class:`~scaling_lab.reference.ChinchillaParams` or a fit result).
        Default: eq. 10 as printed, ``E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28``.

    Returns
    -------
    float or ndarray
        Loss in nats/token.
    """
    n = as_positive_array(n_params, "n_params")
    d = as_positive_array(n_tokens, "n_tokens")
    n, d = broadcast(n_params=n, n_tokens=d)
    e = param_value(params, "E", positive=False)
    a, b = param_value(params, "A"), param_value(params, "B")
    alpha, beta = param_value(params, "alpha"), param_value(params, "beta")
    return to_output(e + a / n**alpha + b / d**beta)


def rosenfeld_loss(n_params, n_samples, params=ROSENFELD_2020_ILLUSTRATIVE):
    r"""Joint error form and envelope of Rosenfeld et al. (2020), ICLR 2020.

    .. math::
       \tilde\epsilon(m, n) = a\, n^{-\alpha} + b\, m^{-\beta} + c_\infty, \qquad
       \hat\epsilon(m, n) = \epsilon_0 \left|\frac{\tilde\epsilon}{\tilde\epsilon - i\eta}\right|
       = \frac{\epsilon_0\, \tilde\epsilon}{\sqrt{\tilde\epsilon^2 + \eta^2}}

    :math:`m` is the model size, :math:`n` the number of training samples.
    The envelope saturates at the random-guess error :math:`\epsilon_0` for
    small models or data and is a power law plus floor when
    :math:`\tilde\epsilon \ll \eta`.  The default ``params`` are ILLUSTRATIVE,
    not published values: the paper fits them per task.  ``params`` is any
    object with ``a, alpha, b, beta, c_inf, eps0, eta``.
    """
    m = as_positive_array(n_params, "n_params")
    n = as_positive_array(n_samples, "n_samples")
    m, n = broadcast(n_params=m, n_samples=n)
    a, alpha, b, beta = (param_value(params, k) for k in ("a", "alpha", "b", "beta"))
    c_inf = param_value(params, "c_inf", positive=False)
    eps0, eta = param_value(params, "eps0"), param_value(params, "eta")
    eps_tilde = a * n**-alpha + b * m**-beta + c_inf
    return to_output(eps0 * np.abs(eps_tilde) / np.hypot(eps_tilde, eta))


def data_constrained_loss(n_params, n_tokens, unique_tokens, params=MUENNIGHOFF_2023):
    r"""Loss with repeated data, Muennighoff et al. (2023) and the datablations README (Parametric Fit).

    .. math::
       L = E + \frac{A}{N'^{\alpha}} + \frac{B}{D'^{\beta}}, \qquad
       D' = U_D + U_D R_D^* \left(1 - e^{-R_D/R_D^*}\right), \qquad
       N' = U_N + U_N R_N^* \left(1 - e^{-R_N/R_N^*}\right)

    with :math:`R_D = D/U_D - 1` repeated epochs, :math:`U_N = \min(N, N_{\rm opt}(U_D))`
    and :math:`R_N = N/U_N - 1` excess parameters.  :math:`N_{\rm opt}(U_D)` is the
    compute-optimal model size (Hoffmann eq. 4 with these constants) whose optimal
    data is :math:`U_D`: :math:`N_{\rm opt}(U) = G\,(G U)^{\beta/\alpha}`,
    :math:`G = (\alpha A/(\beta B))^{1/(\alpha+\beta)}`.  Repeating data or adding
    parameters beyond what the unique data supports is worth less and less.

    Parameters
    ----------
    n_params, n_tokens, unique_tokens : array_like
        :math:`N`, total training tokens :math:`D` and unique tokens :math:`U_D \le D`.
    params : object, optional
        Anything with ``E, A, B, alpha, beta, r_d_star, r_n_star``; default is the
        published fit (``MUENNIGHOFF_2023``).
    """
    n = as_positive_array(n_params, "n_params")
    d = as_positive_array(n_tokens, "n_tokens")
    u = as_positive_array(unique_tokens, "unique_tokens")
    n, d, u = broadcast(n_params=n, n_tokens=d, unique_tokens=u)
    if (u > d).any():
        raise ValueError("unique_tokens must be <= n_tokens (cannot see more unique tokens than tokens)")
    e = param_value(params, "E", positive=False)
    a, b, alpha, beta = (param_value(params, k) for k in ("A", "B", "alpha", "beta"))
    rd_star, rn_star = param_value(params, "r_d_star"), param_value(params, "r_n_star")
    g = (alpha * a / (beta * b)) ** (1.0 / (alpha + beta))
    r_d = np.maximum(d / u - 1.0, 0.0)
    u_n = np.minimum(n, g * (g * u) ** (beta / alpha))
    r_n = np.maximum(n / u_n - 1.0, 0.0)
    n_eff = u_n + u_n * rn_star * (1.0 - np.exp(-r_n / rn_star))
    d_eff = u + u * rd_star * (1.0 - np.exp(-r_d / rd_star))
    return to_output(e + a / n_eff**alpha + b / d_eff**beta)


def bnsl(scale, a, b, c0, breaks=()):
    r"""Broken neural scaling law (Caballero et al. 2022, eq. 1).

    .. math:: y = a + b\, x^{-c_0} \prod_{i=1}^{n}
              \left(1 + \left(\frac{x}{d_i}\right)^{1/f_i}\right)^{-c_i f_i}

    Each break :math:`i` changes the log-log slope by :math:`-c_i` around
    :math:`x = d_i`, with sharpness :math:`f_i` (smaller is sharper).  The
    product is evaluated in log space, so very sharp breaks do not overflow.

    Parameters
    ----------
    scale : array_like
        :math:`x` (parameters, data or compute), > 0.
    a, b, c0 : float
        Floor, scale and initial slope.
    breaks : sequence of (c, d, f)
        One triple per break (e.g. :class:`~scaling_lab.reference.BNSLBreak`);
        ``d > 0`` and ``f > 0``.  For Figure 1 use
        ``bnsl(x, p.a, p.b, p.c0, p.breaks)`` with ``p = CABALLERO_2022_FIGURE_1``.
    """
    x = as_positive_array(scale, "scale")
    a, b, c0 = as_scalar(a, "a"), as_scalar(b, "b"), as_scalar(c0, "c0")
    log_x = np.log(x)
    log_term = -c0 * log_x
    for i, brk in enumerate(breaks):
        try:
            c, d, f = brk
        except (TypeError, ValueError):
            raise ValueError(f"breaks[{i}] must be a (c, d, f) triple; got {brk!r}") from None
        c = as_scalar(c, f"breaks[{i}].c")
        d = as_positive_scalar(d, f"breaks[{i}].d")
        f = as_positive_scalar(f, f"breaks[{i}].f")
        log_term = log_term - c * f * np.logaddexp(0.0, (log_x - np.log(d)) / f)
    return to_output(a + b * np.exp(log_term))


# ---------------------------------------------------------------------------
# Schaeffer et al. (2023): metrics as functions of per-token loss
# ---------------------------------------------------------------------------
def per_token_accuracy(loss):
    r"""Probability of the correct token, :math:`p = e^{-L}` (Schaeffer et al. 2023, sec. 2).

    ``loss`` is the per-token cross-entropy in nats, >= 0.
    """
    loss = as_positive_array(loss, "loss", allow_zero=True)
    return to_output(np.exp(-loss))


def _token_counts(n_target_tokens):
    counts = as_positive_array(n_target_tokens, "n_target_tokens")
    if (counts != np.round(counts)).any():
        raise ValueError(f"n_target_tokens must be whole numbers; got {n_target_tokens!r}")
    return counts


def exact_match_accuracy(per_token_prob, n_target_tokens):
    r"""Exact-match accuracy of an :math:`L`-token answer, :math:`p^L` (Schaeffer et al. 2023, sec. 2).

    Assumes tokens are right independently with probability :math:`p`; this
    nonlinear metric makes smooth gains in :math:`p` look like sudden jumps.
    """
    p = as_unit_interval_array(per_token_prob, "per_token_prob")
    length = _token_counts(n_target_tokens)
    p, length = broadcast(per_token_prob=p, n_target_tokens=length)
    return to_output(p**length)


def token_edit_distance(per_token_prob, n_target_tokens):
    r"""Expected token edit distance, :math:`L (1 - p)` (Schaeffer et al. 2023, sec. 2).

    A linear metric: it changes smoothly with :math:`p`.
    """
    p = as_unit_interval_array(per_token_prob, "per_token_prob")
    length = _token_counts(n_target_tokens)
    p, length = broadcast(per_token_prob=p, n_target_tokens=length)
    return to_output(length * (1.0 - p))


# ---------------------------------------------------------------------------
# FLOP counting
# ---------------------------------------------------------------------------
def training_flops(n_params, n_tokens):
    r"""Training compute :math:`C \approx 6 N D` FLOPs (Kaplan et al. 2020 sec. 2.1; Hoffmann et al. 2022).

    Each parameter takes part in one multiply and one add per token in the
    forward pass (2 FLOPs).  The backward pass needs gradients with respect to
    both the activations and the weights, about twice the forward cost
    (4 FLOPs).  Hence :math:`2 + 4 = 6` FLOPs per parameter per token;
    attention over the context is neglected (see
    :func:`kaplan_forward_flops_per_token`).

    .. math:: C = 6\, N\, D
    """
    n = as_positive_array(n_params, "n_params")
    d = as_positive_array(n_tokens, "n_tokens")
    n, d = broadcast(n_params=n, n_tokens=d)
    return to_output(6.0 * n * d)


def kaplan_forward_flops_per_token(n_params, n_layer, n_ctx, d_model):
    r"""Forward-pass FLOPs per token with attention (Kaplan et al. 2020, Table 1).

    .. math:: C_{\rm forward} \approx 2N + 2\, n_{\rm layer}\, n_{\rm ctx}\, d_{\rm model}

    The second term is the attention over the context; it is small when
    :math:`d_{\rm model} > n_{\rm ctx}/12`.
    """
    n = as_positive_array(n_params, "n_params")
    layers = as_positive_array(n_layer, "n_layer")
    ctx = as_positive_array(n_ctx, "n_ctx")
    width = as_positive_array(d_model, "d_model")
    n, layers, ctx, width = broadcast(n_params=n, n_layer=layers, n_ctx=ctx, d_model=width)
    return to_output(2.0 * n + 2.0 * layers * ctx * width)


def pf_days(flops):
    r"""Convert FLOPs to petaflop/s-days: :math:`C / 8.64\times10^{19}` (Kaplan et al. 2020)."""
    return to_output(as_positive_array(flops, "flops") / PF_DAY_FLOPS)


def flops_from_pf_days(compute_pf_days):
    r"""Convert PF-days to FLOPs: :math:`C \times 8.64\times10^{19}` (Kaplan et al. 2020)."""
    return to_output(as_positive_array(compute_pf_days, "compute_pf_days") * PF_DAY_FLOPS)
