"""The benchmarks of Pythia's evaluations: what each measures, its guessing level and, where published, human accuracy.

Pythia's zero-shot results (Biderman et al. 2023; the data ship as
``scaling_lab/datasets/pythia_zero_shot_evals.csv``) cover eight tasks and MMLU.
A forecast of accuracy needs two reference levels: the accuracy of guessing
(one over the number of answer options) and, where the benchmark's authors
measured it, the accuracy of people.

- Sakaguchi, Le Bras, Bhagavatula and Choi (2020), "WinoGrande: An Adversarial Winograd Schema Challenge at
  Scale", AAAI 2020, arXiv:1907.10641.
- Hendrycks, Burns, Basart, Zou, Mazeika, Song and Steinhardt (2021), "Measuring Massive Multitask Language
  Understanding", ICLR 2021, arXiv:2009.03300.
- Paperno et al. (2016), "The LAMBADA dataset: Word prediction requiring a broad discourse context", ACL 2016.
- Bisk et al. (2020), "PIQA: Reasoning about Physical Commonsense in Natural Language", AAAI 2020.
- Clark et al. (2018), "Think you have Solved Question Answering? Try ARC, the AI2 Reasoning Challenge",
  arXiv:1803.05457.
- Welbl, Liu and Gardner (2017), "Crowdsourcing Multiple Choice Science Questions" (SciQ), W-NUT 2017.
- Liu et al. (2020), "LogiQA: A Challenge Dataset for Machine Reading Comprehension with Logical Reasoning",
  IJCAI 2020.
- Levesque, Davis and Morgenstern (2011), the Winograd Schema Challenge (as cited by Sakaguchi et al. 2020);
  the harness scores the SuperGLUE version (Wang et al. 2019) as a two-way choice.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple

__all__ = [
    "BenchmarkInfo", "PYTHIA_BENCHMARKS", "WINOGRANDE_HUMAN_ACCURACY", "WINOGRANDE_CHANCE_ACCURACY",
    "MMLU_CHANCE_ACCURACY",
]


class BenchmarkInfo(NamedTuple):
    """One benchmark: its key in the Pythia data, title, guessing accuracy, human accuracy and source.

    ``chance_accuracy`` is one over the number of answer options (0 for an
    open-vocabulary task); ``human_accuracy`` is None where the benchmark's
    authors did not report one that we have checked.
    """

    key: str
    title: str
    n_options: int | None
    chance_accuracy: float
    human_accuracy: float | None
    source: str


#: WinoGrande: "human performance of 94.0%" (Sakaguchi et al. 2020, abstract; read in the AAAI paper
#: and in arXiv:1907.10641).
WINOGRANDE_HUMAN_ACCURACY = 0.940
#: WinoGrande: each problem is a sentence with a blank and two options to fill it (Sakaguchi et al. 2020).
WINOGRANDE_CHANCE_ACCURACY = 0.5
#: MMLU: four answer choices per question, so guessing scores 0.25 (Hendrycks et al. 2021).
MMLU_CHANCE_ACCURACY = 0.25

#: The benchmarks of ``pythia_zero_shot_evals.csv``, keyed as in the file (``<key>_acc``).
PYTHIA_BENCHMARKS = MappingProxyType({info.key: info for info in (
    BenchmarkInfo("lambada_openai", "LAMBADA (OpenAI version): predict the last word of a passage", None, 0.0,
                  None, "Paperno et al. 2016, ACL; open vocabulary, so guessing scores about 0"),
    BenchmarkInfo("piqa", "PIQA: physical commonsense, pick one of two solutions", 2, 0.5, 0.95,
                  "Bisk et al. 2020, AAAI, abstract (humans 95%)"),
    BenchmarkInfo("winogrande", "WinoGrande: Winograd schemas at scale, fill a blank with one of two options", 2,
                  WINOGRANDE_CHANCE_ACCURACY, WINOGRANDE_HUMAN_ACCURACY,
                  "Sakaguchi et al. 2020, AAAI, abstract (humans 94.0%)"),
    BenchmarkInfo("wsc", "WSC: the original Winograd schemas (SuperGLUE version, two-way)", 2, 0.5, None,
                  "Levesque et al. 2011 (as cited by Sakaguchi et al. 2020); Wang et al. 2019 (SuperGLUE)"),
    BenchmarkInfo("arc_easy", "ARC-Easy: grade-school science questions", 4, 0.25, None,
                  "Clark et al. 2018; most questions have four options"),
    BenchmarkInfo("arc_challenge", "ARC-Challenge: the harder ARC questions", 4, 0.25, None,
                  "Clark et al. 2018; most questions have four options"),
    BenchmarkInfo("sciq", "SciQ: crowdsourced science exam questions", 4, 0.25, None,
                  "Welbl et al. 2017, W-NUT; four answer options"),
    BenchmarkInfo("logiqa", "LogiQA: logical reasoning in reading comprehension", 4, 0.25, None,
                  "Liu et al. 2020, IJCAI; four candidate answers"),
    BenchmarkInfo("mmlu", "MMLU: mean accuracy over 57 subjects", 4, MMLU_CHANCE_ACCURACY, None,
                  "Hendrycks et al. 2021, ICLR; four answer choices"),
)})
