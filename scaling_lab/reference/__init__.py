"""Published constants of the scaling-law literature, each with its citation.

Every number here is copied from a paper or from the authors' official code,
and the comment next to it names the equation or table.  The values are plain
Python data: nothing is read from disk or the network at run time.

Modules, one source each:

- ``containers``: the small frozen records the constants are stored in;
- ``kaplan``: Kaplan et al. (2020); ``kaplan_overfitting``: their overfitting and data rule (§4.2);
- ``hoffmann``: Hoffmann et al. (2022), the models it compares, and Besiroglu et al.'s (2024) replication;
- ``replications``: Besiroglu et al. (2024) processing, Pearce and Song (2024) embedding count;
- ``others``: Muennighoff et al. (2023), Caballero et al. (2023), Rosenfeld et al. (2020);
- ``strubell``: Strubell et al. (2019) Table 1 (CO2 of training); ``learning_curves``: exponents across domains;
- ``benchmarks``: guessing and human accuracy of the benchmarks in Pythia's evaluations;
- ``emergence``: Wei et al.'s (2022) definition of emergent abilities and their Table 1;
- ``moe``: mixtures of experts, Clark et al. (2022) (published constants, released data, our refit) and
  Krajewski et al. (2024) (published constants);
- ``released_models``: parameters and training tokens of released models, from their cards and papers;
- ``compute_budgets``: GPT-3's training compute and shape (Brown et al. 2020), Kaplan et al.'s statements about
  training runs, Besiroglu et al.'s experiment counts;
- ``hyperparameters``: DeepSeek LLM's (2024) laws for the learning rate and batch size against compute, and the
  settings of its released 7B and 67B models.
"""

from scaling_lab._exports import reexport
from scaling_lab.reference import (
    benchmarks, compute_budgets, containers, emergence, hoffmann, kaplan, kaplan_overfitting,
    learning_curves, moe, others, released_models, replications, strubell, hyperparameters,
)

__all__ = reexport(globals(), (containers, kaplan, kaplan_overfitting, hoffmann, others, replications, strubell,
                               learning_curves, compute_budgets, benchmarks, emergence, moe, hyperparameters,
                               released_models))
