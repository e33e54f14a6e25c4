"""Exercise checkers: is a student's answer right, wrong (with a hint), or not there yet?

``core`` holds :class:`CheckResult` and the generic checkers; each lab has a
module of its own (``lab1``, ...). All public names are importable from
``scaling_lab.checks``, so a lab writes ``from scaling_lab.checks import
check_lab1_top_share``.
"""

from scaling_lab.checks.core import CheckResult, check_array, check_function, check_number, is_unanswered
from scaling_lab.checks.lab1 import (
    LAB1_N_WORDS, LAB1_SAMPLE_SEED, LAB1_SAMPLE_TOKENS, check_lab1_forecast, check_lab1_loglog_slope,
    check_lab1_mle_exponent, check_lab1_top_share, check_lab1_zipf_pmf, lab1_sample_counts,
)

__all__ = [
    "CheckResult", "is_unanswered", "check_number", "check_array", "check_function",
    "LAB1_N_WORDS", "LAB1_SAMPLE_TOKENS", "LAB1_SAMPLE_SEED", "lab1_sample_counts",
    "check_lab1_top_share", "check_lab1_loglog_slope", "check_lab1_forecast", "check_lab1_zipf_pmf",
    "check_lab1_mle_exponent",
]
