"""Strubell, Ganesh and McCallum (2019), Table 1: the CO2 cost of training NLP models beside familiar consumption.

Source: E. Strubell, A. Ganesh and A. McCallum, "Energy and Policy Considerations for Deep Learning in
NLP", Proceedings of the 57th Annual Meeting of the Association for Computational Linguistics (ACL 2019),
pp. 3645-3650, doi:10.18653/v1/P19-1355 (arXiv:1906.02243).  Table 1, "Estimated CO2 emissions from
training common NLP models, compared to familiar consumption", in pounds of CO2-equivalent (lbs CO2e).
The paper's footnote 1 gives its sources for the consumption rows (air travel and per-capita
consumption; car lifetime).  The training rows are the paper's estimates: power drawn during training
times PUE 1.58, at the U.S. average 0.954 lbs CO2e per kWh (its eqs. 1-2).  The "NLP pipeline
(parsing, SRL)" rows correspond to the case study of sec. 4.2 (LISA, Strubell et al. 2018: one model,
and all 4,789 jobs of its development, 239,942 GPU hours, Table 4); the "neural architecture search"
row is the evolutionary architecture search of So, Le and Liang (2019), "The Evolved Transformer" (ICML
2019, PMLR 97, pp. 5877-5886), which looked for a new architecture starting from a population seeded with
the Transformer (their abstract).  Strubell et al. priced it from So et al.'s report (their sec. 2.1: "979M
training steps" in all, and a base model that "requires 10 hours to train for 300k steps on one TPUv2
core"), which "equates to 32,623 hours of TPU or 274,120 hours on 8 P100 GPUs" (626,155 lbs in Table 1).
The size of the candidates trained during the search is not taken from So et al.'s paper here.  The Transformer (big) itself was designed
by hand, so the ratio of that row to one training run compares a search for a new architecture with one
run of a finished one, not the cost of tuning that model.  Checked against a text copy of the ACL paper.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["CarbonEstimate", "STRUBELL_2019_TABLE_1", "POUNDS_TO_KG"]

#: One pound in kilograms (exact, by the international definition of 1959).
POUNDS_TO_KG = 0.45359237


class CarbonEstimate(NamedTuple):
    """One row of Strubell et al. (2019) Table 1: a label, its emissions in lbs CO2e and its section."""

    label: str
    co2e_lbs: float
    category: str


_CONSUMPTION = "familiar consumption"
_TRAINING = "training one model (GPU)"

#: Strubell et al. (2019), Table 1, in lbs CO2e, in the printed order.
STRUBELL_2019_TABLE_1 = (
    CarbonEstimate("Air travel, 1 passenger, NY-SF", 1984.0, _CONSUMPTION),
    CarbonEstimate("Human life, avg, 1 year", 11023.0, _CONSUMPTION),
    CarbonEstimate("American life, avg, 1 year", 36156.0, _CONSUMPTION),
    CarbonEstimate("Car, avg incl. fuel, 1 lifetime", 126000.0, _CONSUMPTION),
    CarbonEstimate("NLP pipeline (parsing, SRL)", 39.0, _TRAINING),
    CarbonEstimate("NLP pipeline w/ tuning & experimentation", 78468.0, _TRAINING),
    CarbonEstimate("Transformer (big)", 192.0, _TRAINING),
    CarbonEstimate("Transformer (big) w/ neural architecture search", 626155.0, _TRAINING),
)
