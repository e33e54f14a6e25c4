r"""An offline "training API" with a FLOP budget: buy training runs, fit a scaling law, predict far ahead.

A :class:`TrainingAPI` stands for a cluster you rent by the FLOP. Each :meth:`~TrainingAPI.query` trains
one (simulated) transformer and returns its final loss, and spends its training FLOPs from a fixed
budget. Repeating a query is free and returns the same loss; a query that would overspend is refused
and spends nothing. With what you bought, predict the compute-optimal model size and its loss at a
budget far beyond your own, and :meth:`~TrainingAPI.submit` scores the prediction against the truth.

The truth model
---------------
Hidden behind each seed is one loss surface, drawn once from the ranges below (students see this
description, not the drawn constants; :meth:`TrainingAPI.reveal` shows them in instructor mode).

*Model and data.* A transformer of width ``d_model`` and depth ``n_layers`` has
:math:`N = 12\, n_{\rm layers} d_{\rm model}^2` non-embedding parameters (Kaplan et al. 2020, eq. 2.1);
``train_flops`` :math:`C` buys :math:`D = C/(6N)` tokens (Kaplan et al. 2020, §2.1).

*Loss at ideal settings.* A Chinchilla law (Hoffmann et al. 2022, eq. 2) in :math:`N` and :math:`D`,

.. math:: L^*(N, D) = E + \frac{A}{N^{\alpha}} + \frac{B}{D^{\beta}},

with constants near Besiroglu et al.'s (2024) refit of Hoffmann's data (E = 1.82, A = 482, B = 2085,
alpha = 0.348, beta = 0.366): per seed, :math:`\alpha, \beta \sim U(0.30, 0.40)`,
:math:`E \sim U(1.70, 1.95)`, and A, B chosen so that :math:`A/N^\alpha` at :math:`N = 10^8` and
:math:`B/D^\beta` at :math:`D = 2\times10^9` equal the refit's values there (the loss levels stay
realistic while the exponents, hence the compute-optimal allocation, change from seed to seed).

*Batch size* counts **tokens per step, not sequences**. This simulator's sequences are
:data:`SEQUENCE_LENGTH` = 2,048 tokens long (its choice, a common one: GPT-3 used 2,048), so a batch of
128 sequences is ``batch_size=128 * 2048``; a batch below one sequence, or above the run's
:math:`D` tokens (less than one step), is refused. Larger batches waste tokens above the critical batch size, smaller
ones lose to gradient noise: the tokens count as

.. math:: D_{\rm eff} = \frac{D}{(1 + B/B_{\rm crit})(1 + B_{\rm crit}/(16 B))}, \qquad
          B_{\rm crit} = \frac{B_*}{L^*(N, D)^{1/\alpha_B}}

with Kaplan et al.'s critical batch size (eq. 5.3, Table 5: :math:`B_* = 2.1\times10^8` tokens,
:math:`\alpha_B = 0.21`; the first factor is their eq. 5.5). The best batch is
:math:`B_{\rm crit}/4`, which grows as the loss falls; there :math:`D_{\rm eff} = D/1.5625`. The batch does
not move the best learning rate here: a simplification of this simulator (McCandlish et al. 2018 find
that the best learning rate of SGD grows with the batch).

*Learning rate and shape.* Away from the best learning rate :math:`\eta^*(N) = \eta_0 (N/10^8)^{-p}`
and the best aspect ratio :math:`\rho^*(N) = \rho_0 (N/10^8)^{q}` (:math:`\rho` = d_model / n_layers)
the reducible loss grows:

.. math:: L = E + \Bigl[\frac{A}{N^\alpha} + \frac{B}{D_{\rm eff}^\beta}\Bigr]
          \Bigl[1 + s_\eta \ln^2\frac{\eta}{\eta^*} + s_\rho \ln^2\frac{\rho}{\rho^*}\Bigr] + \sigma\varepsilon

per seed :math:`\eta_0` log-uniform in [4e-4, 1.2e-3], :math:`p \sim U(0.2, 0.35)` (bigger models want
smaller steps: Kaplan et al. 2020 found this and fitted a rule for it, their eq. D.1; the power law
is this simulator's choice), :math:`s_\eta \sim U(0.02, 0.04)`;
:math:`\rho_0 \sim U(40, 80)`, :math:`q \sim U(0, 0.15)`, :math:`s_\rho \sim U(0.005, 0.015)` (the loss
depends only weakly on shape at fixed N: Kaplan et al. 2020, §3.1 and Fig. 5). A learning rate above
:math:`e^{1.5}\eta^* \approx 4.5\,\eta^*` diverges: the run returns :math:`\ln 32000 = 10.37`, the loss
of a uniform guess over a 32,000-token vocabulary. These hyperparameter penalties are a design
choice of this course, not published fits.

*Saturation at the uniform guess.* No model does worse than guessing uniformly over its
:data:`VOCAB_SIZE` = 32,000 tokens, a loss of :math:`\ln V = 10.37` nats, but the law above exceeds it at
small scale (it was fitted above about :math:`7\times10^7` parameters). The simulator returns a smooth
soft minimum of the law's loss :math:`L` (noise included) and :math:`\ln V` (:func:`saturate_loss`),

.. math:: L_{\rm sat} = \bigl(L^{-k} + (\ln V)^{-k}\bigr)^{-1/k}, \qquad k = 20,

a soft minimum of :math:`\ln L` and :math:`\ln\ln V` with width :math:`1/k`: below :math:`\ln V` for every
:math:`L`, increasing in :math:`L` (so decreasing in :math:`N` and :math:`D`), infinitely differentiable,
and within :math:`(L/\ln V)^k/k` of :math:`L` relatively: under :math:`10^{-6}` for :math:`L < 5`
nats, where the law holds, and 0.03% at the lab's highest loss (8 nats). At :math:`k = 2` with
:math:`\epsilon_0 = \eta` this is the shape of Rosenfeld et al.'s (2020) envelope, which saturates their
error law at the random-guess error; the form and :math:`k = 20` are this simulator's choices.

*Noise.* :math:`\sigma \sim U(0.005, 0.015)` nats, one draw :math:`\varepsilon \sim N(0, 1)` per
distinct query, seeded by the API's seed and the query, so a repeat gives the same loss. Kaplan et
al. (2020) estimate the variation of the loss between random seeds at "roughly 0.02" (§4.2), roughly
constant across model sizes (App. D.6); the range here sits a little below, so that a small budget
can still predict far ahead.

*The truth at a budget.* With ideal settings the loss is :math:`L^*(N, D_{\rm eff})` with
:math:`D_{\rm eff} = D/1.5625`, a Chinchilla law with :math:`B' = 1.5625^\beta B`, so the
compute-optimal size and loss follow from Hoffmann et al.'s eq. 4
(:func:`scaling_lab.allocation.optimal_split`).

*The score* of a prediction :math:`(\hat N, \hat L)` at compute :math:`C` combines the loss given up by
training :math:`\hat N` instead of :math:`N_{\rm opt}(C)` at ideal settings (the regret,
:math:`R = L(\hat N \mid C) - L_{\rm opt}(C) \ge 0`) and the error of the predicted loss,
:math:`\Delta = |\hat L - L_{\rm opt}(C)|`:

.. math:: \text{score} = 100 \exp\Bigl(-\frac{R}{0.02\ \text{nats}} - \frac{\Delta}{0.05\ \text{nats}}\Bigr)

100 for a perfect answer; a model 2x too large or small at 1e21 FLOPs gives up about 0.015 nats
(score 47 if its loss is right), and a loss 1% off costs as much as a 2x wrong size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scaling_lab._validate import as_int, as_positive_array, as_positive_scalar, to_output
from scaling_lab.allocation.optimal_split import compute_optimal, isoflop_curve
from scaling_lab.fitting.chinchilla import fit_chinchilla
from scaling_lab.laws.joint import chinchilla_loss
from scaling_lab.laws.kaplan import critical_batch_size
from scaling_lab.reference.containers import ChinchillaParams
from scaling_lab.reference.hoffmann import BESIROGLU_2024

__all__ = ["VOCAB_SIZE", "SEQUENCE_LENGTH", "saturate_loss", "BudgetExceededError", "TrainingRun",
           "TrainingTruth", "Submission", "TrainingAPI"]

#: Tokens in the simulated vocabulary; ln(VOCAB_SIZE) = 10.37 nats is the loss of a uniform guess.
VOCAB_SIZE = 32000
#: Tokens per training sequence in this simulator (its choice); the smallest batch is one sequence.
SEQUENCE_LENGTH = 2048
_DIVERGED_LOSS = math.log(VOCAB_SIZE)
_SHARPNESS = 20.0  # k of saturate_loss
_DIVERGENCE = 1.5  # ln(eta / eta*) above which a run diverges
_NOISE_BATCH = 16.0  # B_noise = B_crit / 16, so the best batch is B_crit / 4
_IDEAL_FACTOR = (1.0 + 0.25) ** 2  # D / D_eff at the best batch
_REGRET_SCALE, _LOSS_ERROR_SCALE = 0.02, 0.05  # nats
_N_REF, _D_REF = 1e8, 2e9


def saturate_loss(loss):
    r"""The simulator's smooth cap of a law's loss at the uniform guess over its vocabulary.

    .. math:: L_{\rm sat} = \bigl(L^{-k} + (\ln V)^{-k}\bigr)^{-1/k}, \qquad k = 20,\ V = 32{,}000

    Always below :math:`\ln V = 10.37` nats, increasing and infinitely differentiable in :math:`L`, and
    within a relative :math:`(L/\ln V)^k/k` of :math:`L` (under 1e-6 for :math:`L < 5`). A choice of this
    simulator, not a published law (module docstring).

    Parameters
    ----------
    loss : array_like
        Loss in nats per token, > 0 and finite.

    Returns
    -------
    float or numpy.ndarray
        The saturated loss, same shape as ``loss``.
    """
    value = as_positive_array(loss, "loss")
    # ln V * (1 + (ln V / L)^k)^(-1/k), written so that it never rounds above ln V
    return to_output(_DIVERGED_LOSS * np.exp(-np.log1p((_DIVERGED_LOSS / value) ** _SHARPNESS) / _SHARPNESS))


class BudgetExceededError(ValueError):
    """A query asked for more FLOPs than the budget has left; nothing was spent."""


@dataclass(frozen=True)
class TrainingRun:
    """One bought (or repeated) training run: its final ``loss``, and ``law_loss``, the loss of the law
    (noise included) before :func:`saturate_loss` (equal to ``loss`` for a run that diverged)."""

    d_model: int
    n_layers: int
    learning_rate: float
    batch_size: float
    train_flops: float
    n_params: float
    n_tokens: float
    loss: float
    diverged: bool
    law_loss: float


@dataclass(frozen=True)
class TrainingTruth:
    r"""The hidden surface of one seed (instructor mode): the constants of the module docstring."""

    law: ChinchillaParams
    lr_ref: float
    lr_exponent: float
    lr_sensitivity: float
    aspect_ref: float
    aspect_exponent: float
    aspect_sensitivity: float
    noise: float

    @property
    def ideal_law(self) -> ChinchillaParams:
        """The Chinchilla law reached with ideal hyperparameters (B scaled by 1.5625^beta)."""
        lw = self.law
        return ChinchillaParams(E=lw.E, A=lw.A, B=lw.B * _IDEAL_FACTOR**lw.beta, alpha=lw.alpha, beta=lw.beta,
                                source="training_api truth at ideal learning rate, batch and shape")

    def best_learning_rate(self, n_params):
        """Loss-minimising learning rate for a model of ``n_params`` non-embedding parameters."""
        return self.lr_ref * (np.asarray(n_params, dtype=float) / _N_REF) ** -self.lr_exponent

    def best_aspect_ratio(self, n_params):
        """Loss-minimising d_model / n_layers for ``n_params``."""
        return self.aspect_ref * (np.asarray(n_params, dtype=float) / _N_REF) ** self.aspect_exponent

    def best_batch_size(self, n_params, n_tokens):
        """Loss-minimising tokens per step, B_crit(L*(N, D)) / 4."""
        return critical_batch_size(chinchilla_loss(n_params, n_tokens, self.law)) / math.sqrt(_NOISE_BATCH)

    def optimum(self, compute_flops):
        """``(n_opt, d_opt, loss)`` at a budget, with ideal hyperparameters (Hoffmann et al. 2022, eq. 4)."""
        n_opt, d_opt = compute_optimal(compute_flops, self.ideal_law)
        return n_opt, d_opt, chinchilla_loss(n_opt, d_opt, self.ideal_law)

    def shape_for(self, n_params):
        """``(d_model, n_layers)`` nearest to ``n_params`` at the best aspect ratio."""
        rho = float(self.best_aspect_ratio(n_params))
        n_layers = max(1, round((n_params / (12.0 * rho**2)) ** (1.0 / 3.0)))
        return max(1, round(math.sqrt(n_params / (12.0 * n_layers)))), n_layers


@dataclass(frozen=True)
class Submission:
    """The score of a prediction against the truth at ``compute_flops`` (the true optimum and the size ratio are
    NaN unless the API is in instructor mode)."""

    compute_flops: float
    n_params: float
    loss: float
    true_n_params: float
    true_loss: float
    size_ratio: float
    regret: float
    loss_error: float
    score: float

    def __repr__(self) -> str:
        if math.isnan(self.true_n_params):
            truth = "true optimum hidden (instructor mode shows it); "
        else:
            truth = (f"true N_opt={self.true_n_params:.3g}, L_opt={self.true_loss:.4f}; "
                     f"size ratio {self.size_ratio:.2f}, ")
        return (f"Submission(compute_flops={self.compute_flops:.3g}: predicted N={self.n_params:.3g}, "
                f"L={self.loss:.4f}; {truth}regret {self.regret:.4f}, loss error "
                f"{self.loss_error:.4f} nats; score {self.score:.1f}/100)")


def _draw_truth(seed) -> TrainingTruth:
    rng = np.random.default_rng(seed)
    ref = BESIROGLU_2024
    alpha, beta = rng.uniform(0.30, 0.40, size=2)
    a_coef = ref.A * _N_REF ** (alpha - ref.alpha)  # same A/N^alpha as the refit at N = 1e8
    b_coef = ref.B * _D_REF ** (beta - ref.beta)
    law = ChinchillaParams(E=float(rng.uniform(1.70, 1.95)), A=float(a_coef), B=float(b_coef),
                           alpha=float(alpha), beta=float(beta), source="training_api hidden truth")
    return TrainingTruth(
        law=law, lr_ref=float(math.exp(rng.uniform(math.log(4e-4), math.log(1.2e-3)))),
        lr_exponent=float(rng.uniform(0.2, 0.35)), lr_sensitivity=float(rng.uniform(0.02, 0.04)),
        aspect_ref=float(rng.uniform(40.0, 80.0)), aspect_exponent=float(rng.uniform(0.0, 0.15)),
        aspect_sensitivity=float(rng.uniform(0.005, 0.015)), noise=float(rng.uniform(0.005, 0.015)),
    )


class TrainingAPI:
    r"""A simulated training cluster with a fixed FLOP budget (see the module docstring for the truth).

    Parameters
    ----------
    budget_flops : float
        Total training FLOPs you may spend, > 0.
    seed : int, optional
        Chooses the hidden loss surface (one per student) and the noise. Default 0.
    instructor : bool, optional
        Allow :meth:`reveal` and :meth:`ideal_strategy`. Default False. (Nothing is secret offline:
        this only keeps the truth out of sight by accident.)

    Examples
    --------
    >>> api = TrainingAPI(1e18, seed=3)
    >>> loss = api.query(d_model=256, n_layers=4, learning_rate=1e-3, batch_size=65536, train_flops=1e16)
    >>> api.spent_flops, api.query(256, 4, 1e-3, 65536, 1e16) == loss, api.spent_flops
    (1e+16, True, 1e+16)
    """

    def __init__(self, budget_flops, seed=0, *, instructor=False):
        self.budget_flops = as_positive_scalar(budget_flops, "budget_flops")
        self.seed = as_int(seed, "seed", minimum=0)
        self.instructor = bool(instructor)
        self._truth = _draw_truth(self.seed)
        self._runs: dict[tuple, TrainingRun] = {}
        self._spent = 0.0

    @property
    def spent_flops(self) -> float:
        """FLOPs spent so far (repeats and refused queries cost nothing)."""
        return self._spent

    @property
    def remaining_flops(self) -> float:
        """FLOPs left in the budget."""
        return self.budget_flops - self._spent

    @property
    def history(self) -> tuple[TrainingRun, ...]:
        """Every distinct run bought, in order."""
        return tuple(self._runs.values())

    def query(self, d_model, n_layers, learning_rate, batch_size, train_flops) -> float:
        r"""Train one model and return its final loss (nats per token); spends ``train_flops``.

        Parameters
        ----------
        d_model, n_layers : int
            Width and depth, >= 1; the model has :math:`N = 12\, n_{\rm layers} d_{\rm model}^2`
            non-embedding parameters.
        learning_rate : float
            Peak learning rate, > 0.
        batch_size : float
            Tokens per optimisation step (**tokens, not sequences**): at least one
            :data:`SEQUENCE_LENGTH` = 2,048-token sequence, and at most the :math:`D = C/(6N)` tokens
            the run sees (at least one step). 128 sequences are ``128 * 2048`` tokens.
        train_flops : float
            Training compute :math:`C`, > 0; the run sees :math:`D = C/(6N)` tokens.

        Raises
        ------
        BudgetExceededError
            (a ``ValueError``) if ``train_flops`` exceeds :attr:`remaining_flops`; nothing is spent.
        ValueError
            For a bad argument, naming it.
        """
        d = as_int(d_model, "d_model", minimum=1)
        layers = as_int(n_layers, "n_layers", minimum=1)
        lr = as_positive_scalar(learning_rate, "learning_rate")
        batch = as_positive_scalar(batch_size, "batch_size")
        flops = as_positive_scalar(train_flops, "train_flops")
        if batch < SEQUENCE_LENGTH:
            raise ValueError(
                f"batch_size counts tokens, not sequences: {batch:,.6g} tokens is less than one "
                f"{SEQUENCE_LENGTH:,}-token sequence (this simulator's sequence length); for {batch:,.6g} "
                f"sequences, try batch_size={batch:.6g} * {SEQUENCE_LENGTH}")
        n = 12.0 * layers * d * d
        tokens = flops / (6.0 * n)
        if batch > tokens:
            raise ValueError(
                f"batch_size={batch:,.6g} tokens is more than the whole run: train_flops={flops:.4g} trains "
                f"N={n:,.0f} parameters on only D = C/(6N) = {tokens:,.6g} tokens, less than one step; use a "
                f"smaller batch_size or more train_flops")
        key = (d, layers, lr, batch, flops)
        if key in self._runs:
            return self._runs[key].loss
        if flops > self.remaining_flops * (1 + 1e-12):
            raise BudgetExceededError(
                f"refused: train_flops={flops:.4g} exceeds the remaining budget of {self.remaining_flops:.4g} "
                f"FLOPs (spent {self._spent:.4g} of {self.budget_flops:.4g}); nothing was spent")
        law_loss, diverged = self._loss(d, layers, lr, batch, flops)
        loss = law_loss if diverged else saturate_loss(law_loss)
        self._runs[key] = TrainingRun(d, layers, lr, batch, flops, n, tokens, loss, diverged, law_loss)
        self._spent += flops
        return loss

    def _loss(self, d, layers, lr, batch, flops):
        t = self._truth
        n = 12.0 * layers * d * d
        tokens = flops / (6.0 * n)
        log_lr = math.log(lr / float(t.best_learning_rate(n)))
        if log_lr > _DIVERGENCE:
            return _DIVERGED_LOSS, True
        b_crit = float(critical_batch_size(chinchilla_loss(n, tokens, t.law)))
        d_eff = tokens / ((1.0 + batch / b_crit) * (1.0 + b_crit / (_NOISE_BATCH * batch)))
        reducible = t.law.A / n**t.law.alpha + t.law.B / d_eff**t.law.beta
        log_rho = math.log((d / layers) / float(t.best_aspect_ratio(n)))
        penalty = 1.0 + t.lr_sensitivity * log_lr**2 + t.aspect_sensitivity * log_rho**2
        bits = np.frombuffer(np.array([lr, batch, flops]).tobytes(), dtype=np.uint32).tolist()
        eps = np.random.default_rng([self.seed, d, layers, *bits]).standard_normal()
        return float(t.law.E + reducible * penalty + t.noise * eps), False

    def submit(self, n_params, loss, compute) -> Submission:
        """Score a predicted compute-optimal model size ``n_params`` and its ``loss`` at ``compute`` FLOPs.

        Returns a :class:`Submission` with the ``regret`` (loss given up by training ``n_params`` at this
        compute, ideal settings), the ``loss_error`` and the ``score`` (module docstring), and, in instructor
        mode only, the true optimum (``true_n_params``, ``true_loss``) and ``size_ratio`` (NaN otherwise,
        so that a student's submission scores a prediction without handing over the answer). Submitting
        costs nothing.
        """
        n_hat = as_positive_scalar(n_params, "n_params")
        l_hat = as_positive_scalar(loss, "loss")
        c = as_positive_scalar(compute, "compute")
        n_opt, _, l_opt = self._truth.optimum(c)
        regret = max(float(isoflop_curve(n_hat, c, self._truth.ideal_law)) - float(l_opt), 0.0)
        error = abs(l_hat - float(l_opt))
        score = 100.0 * math.exp(-regret / _REGRET_SCALE - error / _LOSS_ERROR_SCALE)
        if not self.instructor:  # the consequences only: the true optimum stays hidden
            return Submission(c, n_hat, l_hat, math.nan, math.nan, math.nan, regret, error, score)
        return Submission(c, n_hat, l_hat, float(n_opt), float(l_opt), n_hat / float(n_opt), regret, error, score)

    def reveal(self) -> TrainingTruth:
        """The hidden truth of this seed (instructor mode only)."""
        if not self.instructor:
            raise PermissionError("reveal() is for instructors: create TrainingAPI(..., instructor=True)")
        return self._truth

    def ideal_strategy(self, target_flops, *, n_budgets=4, n_sizes=7, share=0.9):
        """What an omniscient student would buy and predict (instructor mode only).

        IsoFLOP profiles (Hoffmann et al. 2022, §3.2): ``n_budgets`` budgets a factor 4 apart whose
        runs together spend ``share`` of the budget, ``n_sizes`` sizes each within a factor 4 of the
        true optimum, at the true best learning rate, batch and shape; then Approach 3
        (:func:`scaling_lab.chinchilla.fit_chinchilla`) on the runs, and its prediction at
        ``target_flops``. Runs on a fresh copy of this API (same seed); returns
        ``(runs, fit, submission)``.
        """
        truth = self.reveal()
        n_b = as_int(n_budgets, "n_budgets", minimum=2)
        n_s = as_int(n_sizes, "n_sizes", minimum=3)
        share = as_positive_scalar(share, "share")
        weights = 4.0 ** np.arange(n_b)
        budgets = share * self.budget_flops * weights / (n_s * weights.sum())
        sim = TrainingAPI(self.budget_flops, self.seed, instructor=True)
        for c in budgets:
            n_opt = float(truth.optimum(c)[0])
            for n in n_opt * np.geomspace(0.25, 4.0, n_s):
                d_model, n_layers = truth.shape_for(n)
                n_true = 12.0 * n_layers * d_model**2
                tokens = c / (6.0 * n_true)
                batch = min(max(float(truth.best_batch_size(n_true, tokens)), SEQUENCE_LENGTH), tokens)
                sim.query(d_model, n_layers, float(truth.best_learning_rate(n_true)), batch, c)
        runs = sim.history
        fit = fit_chinchilla([r.n_params for r in runs], [r.n_tokens for r in runs], [r.loss for r in runs])
        n_pred, d_pred = compute_optimal(target_flops, fit)
        return runs, fit, sim.submit(n_pred, fit.predict(n_pred, d_pred), target_flops)

    def __repr__(self) -> str:
        return (f"TrainingAPI(budget_flops={self.budget_flops:.3g}, seed={self.seed}: spent {self._spent:.3g}, "
                f"remaining {self.remaining_flops:.3g}, {len(self._runs)} runs)")
