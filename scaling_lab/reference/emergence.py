"""Emergent abilities as Wei et al. (2022) defined and listed them.

Wei, Tay, Bommasani, Raffel, Zoph, Borgeaud, Yogatama, Bosma, Zhou, Metzler, Chi, Hashimoto, Vinyals,
Liang, Dean and Fedus (2022), "Emergent Abilities of Large Language Models", Transactions on Machine
Learning Research (08/2022), arXiv:2206.07682.  Table 1 lists each ability with the training compute and
model size at which it emerged; the rows below are its few-shot prompting abilities (the rows with one
model; "Many BIG-Bench tasks" and the augmented-prompting rows are left out).

Schaeffer, Miranda and Koyejo (2023, NeurIPS) argue that much of this sharpness comes from the metric
(:mod:`scaling_lab.experiments.emergence`); cite both.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["EmergentAbility", "WEI_2022_DEFINITION", "WEI_2022_TABLE_1"]

#: The definition, from the abstract of Wei et al. (2022).
WEI_2022_DEFINITION = ("We consider an ability to be emergent if it is not present in smaller models "
                       "but is present in larger models.")


class EmergentAbility(NamedTuple):
    """One row of Wei et al. (2022), Table 1: an ability and the scale at which it emerged.

    ``compute_flops`` is the training compute of the smallest model showing the
    ability ("Train. FLOPs"), ``n_params`` its size, ``model`` the family and
    ``reference`` the paper that reported it.
    """

    ability: str
    compute_flops: float
    n_params: float
    model: str
    reference: str


_BROWN = "Brown et al. (2020)"
_RAE = "Rae et al. (2021)"

#: Wei et al. (2022), Table 1, few-shot prompting abilities, as printed (TMLR version).
WEI_2022_TABLE_1 = (
    EmergentAbility("Addition/subtraction (3 digit)", 2.3e22, 13e9, "GPT-3", _BROWN),
    EmergentAbility("Addition/subtraction (4-5 digit)", 3.1e23, 175e9, "GPT-3", _BROWN),
    EmergentAbility("MMLU Benchmark (57 topic avg.)", 3.1e23, 175e9, "GPT-3", "Hendrycks et al. (2021a)"),
    EmergentAbility("Toxicity classification (CivilComments)", 1.3e22, 7.1e9, "Gopher", _RAE),
    EmergentAbility("Truthfulness (Truthful QA)", 5.0e23, 280e9, "Gopher", _RAE),
    EmergentAbility("MMLU Benchmark (26 topics)", 5.0e23, 280e9, "Gopher", _RAE),
    EmergentAbility("Grounded conceptual mappings", 3.1e23, 175e9, "GPT-3", "Patel & Pavlick (2022)"),
    EmergentAbility("MMLU Benchmark (30 topics)", 5.0e23, 70e9, "Chinchilla", "Hoffmann et al. (2022)"),
    EmergentAbility("Word in Context (WiC) benchmark", 2.5e24, 540e9, "PaLM", "Chowdhery et al. (2022)"),
)
