"""Tests of scaling_lab.reference.emergence: Wei et al.'s (2022) definition of emergence and their Table 1,
checked against C = 6ND with the models' published token counts.
"""

import pytest

from scaling_lab.laws import training_flops
from scaling_lab.reference import GOPHER, GPT3, WEI_2022_DEFINITION, WEI_2022_TABLE_1, EmergentAbility


def test_wei_definition_and_table():
    assert "not present in smaller models but is present in larger models" in WEI_2022_DEFINITION
    assert len(WEI_2022_TABLE_1) == 9 and all(isinstance(row, EmergentAbility) for row in WEI_2022_TABLE_1)
    three_digit = WEI_2022_TABLE_1[0]
    assert (three_digit.compute_flops, three_digit.n_params, three_digit.model) == (2.3e22, 13e9, "GPT-3")


def test_table_1_flops_are_6ND_for_gpt3_and_gopher():
    # GPT-3 and Gopher models were all trained on 300B tokens (Brown et al. 2020; Rae et al. 2021), so
    # Table 1's training FLOPs should be 6 N D to the two printed digits (rounding: 3%).
    tokens = {"GPT-3": GPT3.n_tokens, "Gopher": GOPHER.n_tokens}
    for row in WEI_2022_TABLE_1:
        if row.model in tokens:
            assert training_flops(row.n_params, tokens[row.model]) == pytest.approx(row.compute_flops, rel=0.03)
