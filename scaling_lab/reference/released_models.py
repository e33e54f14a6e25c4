"""Released language models: parameters and training tokens, each from the model's own card or paper.

Book chapter "Training past Chinchilla" places these on the inference-cost plot: how many tokens per
parameter models that many people use were trained on, against the compute-optimal 20.

Each :class:`~scaling_lab.reference.containers.TrainedModel` holds the parameter count as the source names
the model (a nominal size such as "7B": the sources print no exact count in the place cited), the
pretraining tokens the source gives, and where the figure is printed.  Checked with the course's search
tools against the sources named, in these places:

- Chinchilla 70B, 1.4T tokens: Hoffmann et al. (2022), sec. 4 (:data:`~scaling_lab.reference.CHINCHILLA`).
- Pythia 6.9B, 299,892,736,000 tokens: Biderman et al. (2023) ("We train all models for
  299,892,736,000 ≈ 300B tokens"), repeated in the README of github.com/EleutherAI/pythia.
- Llama 2 7B and 70B, 2.0T tokens: the Llama 2 model card, github.com/meta-llama/llama ``MODEL_CARD.md``
  (commit 0e3444bc), table "Llama 2 family of models" ("Token counts refer to pretraining data only").
- Llama 3 8B and 70B, 15T tokens: the Llama 3 model card, github.com/meta-llama/llama3 ``MODEL_CARD.md``
  (commit 13e795f9), which prints "15T+" and "pretrained on over 15 trillion tokens": 15T is a lower bound.
- TinyLlama 1.1B, 3T tokens: the README of github.com/jzhang38/TinyLlama (commit 026587c0), "Total Tokens
  During Training: 3 trillion (3 epochs/1430k steps)" of a 1T-token corpus; Zhang et al. (2024),
  arXiv:2401.02385, "around 1 trillion tokens for approximately 3 epochs".
- OLMo 2 7B, 4T tokens: the model card of allenai/OLMo-2-1124-7B (Hugging Face), table "Training Tokens:
  4 Trillion".
- Gemma 7B, 6T tokens: Gemma Team (2024), arXiv:2403.08295, section "Pretraining" ("Gemma 2B and 7B are trained on 3T and 6T
  tokens respectively").  Its 2B model is left out: its own model card says 2T where the paper says 3T.

Left out because no token count is published in the model's card or paper: Mistral 7B.
"""

from __future__ import annotations

from scaling_lab.reference.containers import TrainedModel
from scaling_lab.reference.hoffmann import CHINCHILLA

__all__ = ["RELEASED_MODELS", "COMPUTE_OPTIMAL_TOKENS_PER_PARAM"]

#: Hoffmann et al.'s (2022) rule of thumb: about 20 tokens per parameter at the compute-optimal point.
COMPUTE_OPTIMAL_TOKENS_PER_PARAM = 20.0

#: Released models, oldest release first: (name, parameters, pretraining tokens, source).
RELEASED_MODELS = (
    CHINCHILLA,
    TrainedModel("Pythia 6.9B", 6.9e9, 299_892_736_000.0, "Biderman et al. 2023; README of github.com/EleutherAI/pythia"),
    TrainedModel("Llama 2 7B", 7e9, 2.0e12, "Llama 2 model card (github.com/meta-llama/llama MODEL_CARD.md)"),
    TrainedModel("Llama 2 70B", 7e10, 2.0e12, "Llama 2 model card (github.com/meta-llama/llama MODEL_CARD.md)"),
    TrainedModel("TinyLlama 1.1B", 1.1e9, 3.0e12, "TinyLlama README (github.com/jzhang38/TinyLlama); "
                                                 "Zhang et al. 2024"),
    TrainedModel("Gemma 7B", 7e9, 6.0e12, "Gemma Team 2024, arXiv:2403.08295, 'Pretraining'"),
    TrainedModel("Llama 3 8B", 8e9, 15e12, "Llama 3 model card (github.com/meta-llama/llama3 MODEL_CARD.md), "
                                           "'15T+'"),
    TrainedModel("Llama 3 70B", 7e10, 15e12, "Llama 3 model card (github.com/meta-llama/llama3 MODEL_CARD.md), "
                                             "'15T+'"),
    TrainedModel("OLMo 2 7B", 7e9, 4.0e12, "OLMo 2 7B model card (allenai/OLMo-2-1124-7B)"),
)
