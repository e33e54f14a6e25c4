"""Published laws for the optimal learning rate and batch size as functions of training compute.

- DeepSeek-AI (2024), "DeepSeek LLM: Scaling Open-Source Language Models with Longtermism",
  arXiv:2401.02954: near-optimal learning rate and batch size
  fitted as power laws of the compute budget :math:`C` in FLOPs,

  .. math:: \\eta_{\\rm opt} = 0.3118\\, C^{-0.1250}, \\qquad B_{\\rm opt} = 0.2920\\, C^{0.3271}

  with :math:`B` in tokens.  DeepSeek counts compute as :math:`C = MD`, with :math:`M` the non-embedding
  FLOPs per token (attention included), not :math:`6ND`.

How these were checked: the constants against the paper's text, sec. 3.1, eq. (1) (two stored full-text
copies of arXiv:2401.02954: "The final formulae we fitted for batch size and learning rate are as follows",
then :math:`\\eta_{\\rm opt} = 0.3118 \\cdot C^{-0.1250}`, :math:`B_{\\rm opt} = 0.2920 \\cdot C^{0.3271}`).  The
paper fits them on runs of 1e17 to 2e19 FLOPs, counting "near-optimal" any setting within 0.25% of the
best generalization error; :math:`C` is the compute budget in FLOPs (its figures are labelled "1e17 FLOPs",
"1e20 FLOPs"), counted as :math:`C = MD`.  The text of sec. 3.1 does not name the unit of :math:`B`; tokens is the unit
that makes the law agree with the settings DeepSeek trained with (:data:`DEEPSEEK_LLM_2024_RELEASED`,
from the paper's Table 2 and the README of github.com/deepseek-ai/DeepSeek-LLM): with
:math:`C \\approx 6ND` the law gives the 7B model's learning rate 4.2e-4 and batch of 2304 sequences of
4096 tokens, and the 67B model's 3.2e-4 and 4608 sequences, each within 5%
(``tests/reference/test_hyperparameters.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["HyperparameterLawParams", "ReleasedTrainingSettings", "DEEPSEEK_LLM_2024_HYPERPARAMETERS",
           "DEEPSEEK_LLM_2024_RELEASED"]

_DEEPSEEK = "DeepSeek-AI 2024, DeepSeek LLM, arXiv:2401.02954"
_README = "github.com/deepseek-ai/DeepSeek-LLM README.md, 'Pre-Training Details'"


@dataclass(frozen=True)
class HyperparameterLawParams:
    r"""Constants of power laws for the optimal learning rate and batch size against compute.

    .. math:: \eta_{\rm opt} = a_\eta\, C^{-b_\eta}, \qquad B_{\rm opt} = a_B\, C^{b_B}

    with :math:`C` in FLOPs and :math:`B` in tokens (``batch_unit``).
    """

    lr_coefficient: float
    lr_exponent: float
    batch_coefficient: float
    batch_exponent: float
    batch_unit: str = "tokens"
    source: str = field(default="", compare=False)


#: DeepSeek LLM's hyperparameter laws (arXiv:2401.02954): eta = 0.3118 C^-0.1250, B = 0.2920 C^0.3271.
DEEPSEEK_LLM_2024_HYPERPARAMETERS = HyperparameterLawParams(
    lr_coefficient=0.3118, lr_exponent=0.1250, batch_coefficient=0.2920, batch_exponent=0.3271,
    batch_unit="tokens", source=_DEEPSEEK)


@dataclass(frozen=True)
class ReleasedTrainingSettings:
    """The peak learning rate and batch of a released model, with its size and training tokens."""

    name: str
    n_params: float
    n_tokens: float
    learning_rate: float
    batch_sequences: int
    sequence_length: int
    source: str = field(default="", compare=False)

    @property
    def batch_tokens(self) -> int:
        """Tokens per batch: sequences times sequence length."""
        return self.batch_sequences * self.sequence_length


#: DeepSeek LLM 7B and 67B as trained (their README: 2 trillion tokens, sequences of 4096 tokens, AdamW;
#: 7B: batch 2304, learning rate 4.2e-4; 67B: batch 4608, learning rate 3.2e-4).  Parameter counts are the
#: models' names (7B, 67B), not exact counts.
DEEPSEEK_LLM_2024_RELEASED = MappingProxyType({
    "7B": ReleasedTrainingSettings("DeepSeek LLM 7B", 7e9, 2e12, 4.2e-4, 2304, 4096, source=_README),
    "67B": ReleasedTrainingSettings("DeepSeek LLM 67B", 67e9, 2e12, 3.2e-4, 4608, 4096, source=_README),
})
