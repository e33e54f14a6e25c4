r"""How a network's initialisation, learning rates and output scale change with its width.

Two parametrisations of a multi-layer perceptron whose hidden layers have width :math:`n`, trained
with Adam, with the width multiplier :math:`m = n / n_0` against a *base width* :math:`n_0`:

- input weights: initial std :math:`1/\sqrt{\text{fan-in}}` and learning rate :math:`\eta` in both;
- hidden weights (:math:`n \times n`): initial std :math:`1/\sqrt{n}` in both; learning rate
  :math:`\eta` under SP, :math:`\eta/m` under μP;
- output weights: initial std :math:`1/\sqrt{n}` and output multiplier 1 under SP; initialised at
  **zero** with output multiplier :math:`1/m` under μP; learning rate :math:`\eta` in both;
- biases: initialised at zero, learning rate :math:`\eta` in both.

This is μP for Adam as formulated in Yang et al. (2022), "Tensor Programs V: Tuning Large Neural
Networks via Zero-Shot Hyperparameter Transfer", arXiv:2203.03466 (NeurIPS 2021), Table 8, and implemented in
their ``mup`` package (``MuReadout`` divides the output by the width multiplier and recommends a
zero-initialised readout; ``MuAdam`` divides the learning rate of the weights whose two dimensions
both grow with width by the width multiplier).  At the base width (:math:`m = 1`) the two
parametrisations differ only in the zero readout.  Under μP the best learning rate found on a
narrow model stays (nearly) best for a wide one; under SP it drifts.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from scaling_lab._validate import as_int

__all__ = ["LayerScaling", "PARAMETRIZATIONS", "layer_scalings"]

#: The parametrisations :func:`layer_scalings` knows.
PARAMETRIZATIONS = ("standard", "mup")


class LayerScaling(NamedTuple):
    """Initial standard deviation of a weight matrix, its learning-rate multiplier, and the output multiplier."""

    init_std: float
    lr_scale: float
    output_multiplier: float = 1.0


def layer_scalings(layer_sizes, *, parametrization="standard", base_width=None) -> list[LayerScaling]:
    r"""Per-layer scalings for an MLP with ``layer_sizes = (n_inputs, n_1, ..., n_L, n_outputs)``.

    Parameters
    ----------
    layer_sizes : sequence of int
        At least 3 sizes (one hidden layer), each >= 1.  The hidden widths ``n_1 .. n_L`` grow with
        the model; inputs and outputs stay fixed.
    parametrization : {"standard", "mup"}
        See the module docstring.
    base_width : int, optional
        :math:`n_0`, the width at which both parametrisations agree (μP only). Default: the
        first hidden width, i.e. :math:`m = 1`.

    Returns
    -------
    list of LayerScaling
        One per weight matrix (``len(layer_sizes) - 1`` of them); biases always learn at rate
        :math:`\eta` (they are vector-like).  Only the last entry can have an
        ``output_multiplier`` other than 1.
    """
    sizes = [as_int(s, "layer_sizes", minimum=1) for s in layer_sizes]
    if len(sizes) < 3:
        raise ValueError(f"layer_sizes must hold inputs, >= 1 hidden width and outputs; got {layer_sizes!r}")
    if parametrization not in PARAMETRIZATIONS:
        raise ValueError(f"parametrization must be one of {PARAMETRIZATIONS}; got {parametrization!r}")
    n_layers = len(sizes) - 1
    if parametrization == "standard":
        return [LayerScaling(1.0 / math.sqrt(sizes[i]), 1.0) for i in range(n_layers)]
    base = sizes[1] if base_width is None else as_int(base_width, "base_width", minimum=1)
    out = [LayerScaling(1.0 / math.sqrt(sizes[0]), 1.0)]
    out += [LayerScaling(1.0 / math.sqrt(sizes[i]), base / sizes[i]) for i in range(1, n_layers - 1)]
    out.append(LayerScaling(0.0, 1.0, base / sizes[-2]))
    return out
