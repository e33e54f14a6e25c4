"""Tests of scaling_lab.reference.hyperparameters: DeepSeek LLM's constants against its released settings.

The paper's constants (eta = 0.3118 C^-0.1250, B = 0.2920 C^0.3271 tokens) are checked here against an
independent source: the learning rates and batches DeepSeek released for the 7B and 67B models
(github.com/deepseek-ai/DeepSeek-LLM README), which the law was used to choose.  With C = 6ND (the
paper counts C = MD with M the non-embedding FLOPs per token, and "7B"/"67B" are rounded sizes) the law
lands within 5% of every released value.
"""

import pytest

import scaling_lab as sl
from scaling_lab.reference import DEEPSEEK_LLM_2024_HYPERPARAMETERS, DEEPSEEK_LLM_2024_RELEASED


def test_constants_as_published():
    law = DEEPSEEK_LLM_2024_HYPERPARAMETERS
    assert (law.lr_coefficient, law.lr_exponent) == (0.3118, 0.1250)
    assert (law.batch_coefficient, law.batch_exponent) == (0.2920, 0.3271)
    assert "2401.02954" in law.source


def test_released_settings_as_in_the_readme():
    seven, sixty_seven = DEEPSEEK_LLM_2024_RELEASED["7B"], DEEPSEEK_LLM_2024_RELEASED["67B"]
    assert (seven.learning_rate, seven.batch_sequences, seven.sequence_length) == (4.2e-4, 2304, 4096)
    assert (sixty_seven.learning_rate, sixty_seven.batch_sequences) == (3.2e-4, 4608)
    assert seven.n_tokens == sixty_seven.n_tokens == 2e12
    assert seven.batch_tokens == 2304 * 4096


@pytest.mark.parametrize("name", ["7B", "67B"])
def test_law_reproduces_the_released_settings(name):
    """Within 5%: the rounding of N in the names and 6N against DeepSeek's M move C by a few percent."""
    model = DEEPSEEK_LLM_2024_RELEASED[name]
    compute = 6.0 * model.n_params * model.n_tokens
    assert sl.optimal_learning_rate(compute) == pytest.approx(model.learning_rate, rel=0.05)
    assert sl.optimal_batch_size(compute) == pytest.approx(model.batch_tokens, rel=0.05)
