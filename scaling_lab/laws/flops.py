r"""Counting training compute, and converting between FLOPs and PF-days."""

from __future__ import annotations

from scaling_lab._validate import as_positive_array, broadcast, to_output
from scaling_lab.reference.kaplan import PF_DAY_FLOPS

__all__ = ["training_flops", "kaplan_forward_flops_per_token", "pf_days", "flops_from_pf_days"]


def training_flops(n_params, n_tokens):
    r"""Training compute :math:`C \approx 6 N D` FLOPs (Kaplan et al. 2020, sec. 2.1; Hoffmann et al. 2022).

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
    r"""Forward-pass FLOPs per token with attention (Kaplan et al. 2020, eq. 2.2; itemised in Table 1).

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


def pf_days(compute_flops):
    r"""Convert FLOPs to petaflop/s-days: :math:`C / 8.64\times10^{19}` (Kaplan et al. 2020)."""
    return to_output(as_positive_array(compute_flops, "compute_flops") / PF_DAY_FLOPS)


def flops_from_pf_days(compute_pf_days):
    r"""Convert PF-days to FLOPs: :math:`C \times 8.64\times10^{19}` (Kaplan et al. 2020)."""
    return to_output(as_positive_array(compute_pf_days, "compute_pf_days") * PF_DAY_FLOPS)
