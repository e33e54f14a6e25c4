"""Published constants of the replication and reconciliation studies of compute-optimal scaling.

- Besiroglu, Erdil, Barnett and You (2024), "Chinchilla Scaling: A replication attempt",
  arXiv:2404.10102; code and data at github.com/epoch-research/analyzing-chinchilla @ 92258837
  (their fitted constants and intervals are in :mod:`scaling_lab.reference.hoffmann`).
- Pearce and Song (2024), "Reconciling Kaplan and Chinchilla Scaling Laws", Transactions on Machine
  Learning Research (TMLR), arXiv:2406.12907; code at github.com/TeaPearce/
  Reconciling_Kaplan_Chinchilla_Scaling_Laws @ c708e5bf (``script_analysis_kaplan_chinchilla.py``).
- Kaplan et al. (2020), arXiv:2001.08361, §3: the range of model sizes they trained.
"""

from __future__ import annotations

from scaling_lab.reference.containers import EmbeddingCount

__all__ = [
    "BESIROGLU_2024_DROPPED_RUNS", "BESIROGLU_2024_BOOTSTRAP_RESAMPLES", "BESIROGLU_2024_BOOTSTRAP_SEED",
    "PEARCE_SONG_2024_EMBEDDINGS", "PEARCE_SONG_2024_COMPUTE_RANGE", "KAPLAN_2020_NONEMBEDDING_RANGE",
]

_EPOCH = "Besiroglu et al. 2024, arXiv:2404.10102; analyzing-chinchilla data_analysis.ipynb @ 92258837"

#: Number of highest-loss runs of the 245 extracted from Hoffmann's Figure 4 that Besiroglu et al.
#: leave out of every fit: they keep the runs whose loss is strictly below the 5th-largest
#: (``nr_of_models_excluded = 5``, notebook cell 15), so 240 runs remain.
BESIROGLU_2024_DROPPED_RUNS = 5
#: Bootstrap resamples behind their intervals (``bootstraps = 4000``, notebook cell 15).
BESIROGLU_2024_BOOTSTRAP_RESAMPLES = 4000
#: Seed of their resampling, ``np.random.seed(42)`` then ``np.random.choice`` (legacy RandomState;
#: notebook cell 15). Each resample was then fitted by one BFGS run started from Hoffmann et al.'s
#: unrounded eq. 10 values (cell 21).
BESIROGLU_2024_BOOTSTRAP_SEED = 42


#: Pearce and Song (2024), from their script: omega = 47491 (``gamma``), fitted to the sizes and widths
#: of Hoffmann et al.'s (2022) models listed there, with a 32,000-token vocabulary (``vocab_size``);
#: equivalently an aspect ratio d_model/n_layer = 12 (omega/V)^3 = 39.2 (``aspect_ratio``), and a
#: context of 2,048 tokens (``ctx``).
PEARCE_SONG_2024_EMBEDDINGS = EmbeddingCount(
    omega=47491.0, vocab_size=32000.0, aspect_ratio=12.0 * (47491.0 / 32000.0) ** 3, n_ctx=2048,
    source="Pearce & Song 2024 (TMLR), arXiv:2406.12907; script_analysis_kaplan_chinchilla.py @ c708e5bf",
)

#: Kaplan et al. (2020), §3: "Model size (ranging in size from 768 to 1.5 billion non-embedding
#: parameters)". Pearce and Song simulate their study over this range (10^2.9 to 10^9.2 in the script).
KAPLAN_2020_NONEMBEDDING_RANGE = (768.0, 1.5e9)

#: Non-embedding compute range of Pearce and Song's simulated Kaplan study, 10^12.95 to 10^20.7 FLOPs
#: (``c_range_bounds = [12.95, 20.7]`` in their script), over which they fit N*_E against C_E.
PEARCE_SONG_2024_COMPUTE_RANGE = (10.0**12.95, 10.0**20.7)
