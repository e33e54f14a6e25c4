r"""A character-level MLP language model (after Bengio et al. 2003), in NumPy, with its training loop.

The model reads the :math:`K` previous characters, looks up an embedding of each, concatenates them
and passes them through two ReLU layers of width :math:`H` to a softmax over the alphabet:

.. math::
    x = [E_{c_{t-K}}, \dots, E_{c_{t-1}}] \in \mathbb{R}^{K d}, \quad
    h_1 = \mathrm{relu}(x W_1 + b_1), \quad h_2 = \mathrm{relu}(h_1 W_2 + b_2), \quad
    p(c_t \mid \cdot) = \mathrm{softmax}(h_2 W_3 + b_3)

With :math:`K = 8` characters, :math:`d = 16` dimensions per embedding and :math:`V = 39` symbols,
the non-embedding parameters number

.. math:: N = (Kd)H + H + H^2 + H + HV + V = H^2 + 169 H + 39,

and the embedding table adds :math:`Vd = 624`.  Kaplan et al. (2020, §2.1 and Fig. 6) count model
size without embeddings.  A training step costs :math:`6N` FLOPs per character in the three matrix
products (2 forward, 4 backward), so :math:`C = 6ND` for :math:`D` training characters.

The loss is the cross-entropy in **bits per character**, :math:`-\log_2 p(c_t \mid \cdot)`, averaged
over a fixed set of validation positions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from scaling_lab._validate import as_int, as_positive_scalar
from scaling_lab.nets.optim import Adam, flat_views, warmup_cosine_schedule

__all__ = ["CharMLP", "CharMLPRun", "char_mlp_learning_rate", "context_windows", "train_char_mlp"]

_LN2 = math.log(2.0)


def context_windows(codes: np.ndarray, positions, context: int):
    """The ``context`` characters before each position (rows) and the character at it (targets).

    ``positions`` must lie in ``context .. len(codes) - 1``.
    """
    positions = np.asarray(positions)
    if positions.size and (positions.min() < context or positions.max() >= len(codes)):
        raise ValueError(f"positions must lie in {context}..{len(codes) - 1}")
    return codes[positions[:, None] + np.arange(-context, 0)], codes[positions]


class CharMLP:
    """The MLP language model; all weights live in one flat buffer, ``params``.

    Parameters
    ----------
    hidden : int
        Width :math:`H` of both hidden layers, >= 1.
    context : int, optional
        Characters :math:`K` read before each prediction, >= 1. Default 8.
    embed_dim : int, optional
        Embedding width :math:`d`, >= 1. Default 16.
    n_symbols : int, optional
        Alphabet size :math:`V`, >= 2. Default 39.
    seed : int or numpy.random.Generator, optional
        For the initial weights: embeddings :math:`\\mathcal N(0, 1)`, hidden layers He-normal
        (std :math:`\\sqrt{2/\\text{fan-in}}`), output layer and biases zero.
    dtype : numpy dtype, optional
        float32 (default) for training, float64 for gradient checks.
    """

    def __init__(self, hidden, *, context=8, embed_dim=16, n_symbols=39, seed=0, dtype=np.float32):
        self.hidden = h = as_int(hidden, "hidden", minimum=1)
        self.context = k = as_int(context, "context", minimum=1)
        self.embed_dim = d = as_int(embed_dim, "embed_dim", minimum=1)
        self.n_symbols = v = as_int(n_symbols, "n_symbols", minimum=2)
        self.shapes = {"E": (v, d), "W1": (k * d, h), "b1": (h,), "W2": (h, h), "b2": (h,),
                       "W3": (h, v), "b3": (v,)}
        self.params = np.zeros(sum(math.prod(s) for s in self.shapes.values()), dtype=dtype)
        self.p = flat_views(self.params, self.shapes)
        rng = np.random.default_rng(seed)
        self.p["E"][...] = rng.standard_normal((v, d))
        self.p["W1"][...] = rng.standard_normal((k * d, h)) * math.sqrt(2.0 / (k * d))
        self.p["W2"][...] = rng.standard_normal((h, h)) * math.sqrt(2.0 / h)
        self.grad = np.zeros_like(self.params)
        self.g = flat_views(self.grad, self.shapes)
        self._eye = np.eye(v, dtype=dtype)

    @property
    def n_params(self) -> int:
        """Non-embedding parameters, :math:`N = H^2 + (Kd + V + 2) H + V`."""
        return self.params.size - self.p["E"].size

    @property
    def n_params_total(self) -> int:
        """All parameters, embeddings included."""
        return self.params.size

    def _forward(self, contexts):
        p = self.p
        x = p["E"][contexts].reshape(len(contexts), -1)
        h1 = np.maximum(x @ p["W1"] + p["b1"], 0.0)
        h2 = np.maximum(h1 @ p["W2"] + p["b2"], 0.0)
        logits = h2 @ p["W3"] + p["b3"]
        logits -= logits.max(axis=1, keepdims=True)
        log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        return x, h1, h2, log_probs

    def loss(self, contexts, targets, *, chunk=8192) -> float:
        """Mean cross-entropy in nats of ``targets`` given ``contexts`` (no gradient; in chunks)."""
        total = 0.0
        for start in range(0, len(targets), chunk):
            log_probs = self._forward(contexts[start:start + chunk])[-1]
            rows = np.arange(log_probs.shape[0])
            total -= float(log_probs[rows, targets[start:start + chunk]].sum(dtype=np.float64))
        return total / len(targets)

    def loss_and_grad(self, contexts, targets):
        """Mean cross-entropy (nats) of a batch and its gradient, written into ``self.grad``."""
        p, g, b = self.p, self.g, len(targets)
        x, h1, h2, log_probs = self._forward(contexts)
        rows = np.arange(b)
        loss = -float(log_probs[rows, targets].mean(dtype=np.float64))
        d_logits = np.exp(log_probs)            # softmax
        d_logits[rows, targets] -= 1.0          # minus the one-hot target
        d_logits /= b
        g["W3"][...] = h2.T @ d_logits
        g["b3"][...] = d_logits.sum(axis=0)
        d_h2 = (d_logits @ p["W3"].T) * (h2 > 0)
        g["W2"][...] = h1.T @ d_h2
        g["b2"][...] = d_h2.sum(axis=0)
        d_h1 = (d_h2 @ p["W2"].T) * (h1 > 0)
        g["W1"][...] = x.T @ d_h1
        g["b1"][...] = d_h1.sum(axis=0)
        d_x = (d_h1 @ p["W1"].T).reshape(-1, self.embed_dim)
        # Embedding gradient: sum the rows of d_x by character, as a one-hot matrix product.
        g["E"][...] = self._eye[contexts.ravel()].T @ d_x
        return loss, self.grad


def char_mlp_learning_rate(hidden, n_tokens, *, batch_size=128) -> float:
    r"""Peak Adam learning rate for :func:`train_char_mlp`, found by sweeps on this corpus.

    .. math:: \eta = 0.008\,(64/H)^{0.35}\,(5\times10^5/D)^{0.3}\,(B/128)^{0.5}

    Wider models and longer runs want smaller steps.  With one rate for every size the fitted
    exponent of loss against size changes a lot while the fit still looks clean (R² > 0.999).
    """
    h = as_positive_scalar(hidden, "hidden")
    d = as_positive_scalar(n_tokens, "n_tokens")
    b = as_positive_scalar(batch_size, "batch_size")
    return 0.008 * (64.0 / h) ** 0.35 * (5e5 / d) ** 0.3 * (b / 128.0) ** 0.5


@dataclass(frozen=True)
class CharMLPRun:
    """One training run of :class:`CharMLP`: its size, budget and validation loss (bits per character)."""

    hidden: int
    n_params: int
    n_params_total: int
    n_tokens: int
    compute_flops: float
    n_steps: int
    learning_rate: float
    loss: float
    curve_tokens: np.ndarray = field(repr=False)
    curve_loss: np.ndarray = field(repr=False)


def train_char_mlp(hidden, n_tokens, *, train, validation, batch_size=128, learning_rate=None,
                   n_validation=32768, n_curve_points=0, seed=0, context=8, embed_dim=16,
                   n_symbols=39) -> CharMLPRun:
    r"""Train one :class:`CharMLP` on ``n_tokens`` training characters and report its validation loss.

    Adam (:math:`\beta = (0.9, 0.99)`, :math:`\epsilon = 10^{-8}`), batches of ``batch_size``
    windows drawn **without replacement** (one pass over at most all of ``train``; the last batch
    may be smaller), 5% linear
    warm-up then cosine decay to zero over this run's own length.  The loss is measured in bits per
    character on ``n_validation`` evenly spaced positions of ``validation`` (the same positions for
    every run).

    Parameters
    ----------
    hidden : int
        Width :math:`H` of the hidden layers.
    n_tokens : int
        Training characters :math:`D`, >= ``batch_size``; the last batch holds the remainder, so
        exactly :math:`D` characters are used and :math:`C = 6ND` holds for any :math:`D`.
    train, validation : numpy.ndarray
        Integer codes (e.g. from :func:`scaling_lab.data.load_shakespeare`).
    batch_size : int, optional
        Default 128.
    learning_rate : float, optional
        Peak rate; default :func:`char_mlp_learning_rate`.
    n_validation : int, optional
        Validation positions, default 32,768.
    n_curve_points : int, optional
        If > 0, also measure the validation loss (on the first 4,096 of those positions) at this
        many log-spaced points of the run, for learning curves. Default 0.
    seed : int, optional
        Seeds the initial weights and the order of the training windows.

    Returns
    -------
    CharMLPRun
    """
    n_tokens = as_int(n_tokens, "n_tokens", minimum=1)
    batch_size = as_int(batch_size, "batch_size", minimum=1)
    if n_tokens < batch_size:
        raise ValueError(f"n_tokens must be >= batch_size ({batch_size}); got {n_tokens}")
    n_steps = -(-n_tokens // batch_size)  # whole batches, then one partial batch for the remainder
    context = as_int(context, "context", minimum=1)
    if n_tokens > len(train) - context:
        raise ValueError(f"n_tokens must be <= {len(train) - context} (one pass over train); got {n_tokens}")
    n_validation = as_int(n_validation, "n_validation", minimum=1)
    if learning_rate is None:
        learning_rate = char_mlp_learning_rate(hidden, n_tokens, batch_size=batch_size)
    peak = as_positive_scalar(learning_rate, "learning_rate")
    n_curve_points = as_int(n_curve_points, "n_curve_points", minimum=0)
    seed = as_int(seed, "seed", minimum=0)

    model = CharMLP(hidden, context=context, embed_dim=embed_dim, n_symbols=n_symbols, seed=seed)
    optimizer = Adam(model.params.size)
    schedule = warmup_cosine_schedule(n_steps, peak)
    order = context + np.random.default_rng([seed, 1]).choice(len(train) - context, n_tokens, replace=False)
    val_positions = np.linspace(context, len(validation) - 1, n_validation).astype(np.int64)
    val_x, val_y = context_windows(validation, val_positions, context)
    curve_at = set(np.unique(np.geomspace(1, n_steps, n_curve_points).astype(int))) if n_curve_points else set()
    curve = []
    for step in range(n_steps):
        batch = order[step * batch_size:(step + 1) * batch_size]
        _, grad = model.loss_and_grad(*context_windows(train, batch, context))
        optimizer.step(model.params, grad, schedule[step])
        if step + 1 in curve_at:
            curve.append((min((step + 1) * batch_size, n_tokens), model.loss(val_x[:4096], val_y[:4096]) / _LN2))
    curve_tokens, curve_loss = (np.array(c, dtype=float) for c in zip(*curve)) if curve else (np.empty(0),) * 2
    return CharMLPRun(hidden=model.hidden, n_params=model.n_params, n_params_total=model.n_params_total,
                      n_tokens=n_tokens, compute_flops=6.0 * model.n_params * n_tokens, n_steps=n_steps,
                      learning_rate=peak, loss=model.loss(val_x, val_y) / _LN2,
                      curve_tokens=curve_tokens, curve_loss=curve_loss)
