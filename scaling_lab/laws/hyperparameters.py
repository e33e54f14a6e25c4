r"""The optimal learning rate and batch size as power laws of training compute (DeepSeek-AI 2024).

DeepSeek-AI (2024), "DeepSeek LLM: Scaling Open-Source Language Models with Longtermism",
arXiv:2401.02954, swept the learning rate and batch size of small models at several compute budgets
and fitted the near-optimal values as power laws of the budget :math:`C` (FLOPs):

.. math:: \eta_{\rm opt} = 0.3118\, C^{-0.1250}, \qquad B_{\rm opt} = 0.2920\, C^{0.3271} \ \text{tokens}

Bigger budgets want a smaller learning rate and a larger batch.  The constants are in
:data:`scaling_lab.reference.DEEPSEEK_LLM_2024_HYPERPARAMETERS`, with how they were checked.  They were
fitted to Transformers trained with AdamW on DeepSeek's tokenised corpus: at another scale, model,
optimiser or tokeniser they are a hypothesis, not a setting.
"""

from __future__ import annotations

from scaling_lab._validate import as_positive_array, param_value, to_output
from scaling_lab.reference.hyperparameters import DEEPSEEK_LLM_2024_HYPERPARAMETERS

__all__ = ["optimal_learning_rate", "optimal_batch_size"]


def optimal_learning_rate(compute_flops, *, params=DEEPSEEK_LLM_2024_HYPERPARAMETERS):
    r"""Near-optimal peak learning rate for a training budget: DeepSeek-AI (2024).

    .. math:: \eta_{\rm opt}(C) = a_\eta\, C^{-b_\eta}

    with :math:`a_\eta = 0.3118` and :math:`b_\eta = 0.1250` by default.

    Parameters
    ----------
    compute_flops : array_like
        Training compute :math:`C` in FLOPs, > 0.
    params : HyperparameterLawParams, optional
        Anything with ``lr_coefficient`` and ``lr_exponent`` (> 0); default
        :data:`scaling_lab.reference.DEEPSEEK_LLM_2024_HYPERPARAMETERS`.

    Returns
    -------
    float or ndarray
    """
    c = as_positive_array(compute_flops, "compute_flops")
    a, b = param_value(params, "lr_coefficient"), param_value(params, "lr_exponent")
    return to_output(a * c ** (-b))


def optimal_batch_size(compute_flops, *, params=DEEPSEEK_LLM_2024_HYPERPARAMETERS):
    r"""Near-optimal batch size, in tokens, for a training budget: DeepSeek-AI (2024).

    .. math:: B_{\rm opt}(C) = a_B\, C^{b_B}

    with :math:`a_B = 0.2920` and :math:`b_B = 0.3271` by default.

    Parameters
    ----------
    compute_flops : array_like
        Training compute :math:`C` in FLOPs, > 0.
    params : HyperparameterLawParams, optional
        Anything with ``batch_coefficient`` and ``batch_exponent`` (> 0); default
        :data:`scaling_lab.reference.DEEPSEEK_LLM_2024_HYPERPARAMETERS`.

    Returns
    -------
    float or ndarray
        Tokens per batch (not rounded to whole sequences).
    """
    c = as_positive_array(compute_flops, "compute_flops")
    a, b = param_value(params, "batch_coefficient"), param_value(params, "batch_exponent")
    return to_output(a * c**b)
