"""Published constants of Kaplan et al. (2020), "Scaling Laws for Neural Language Models", arXiv:2001.08361.

Each value names its equation or table.  Compute is in PF-days (1 PF-day = 8.64e19 FLOPs), as in the
paper; model size counts non-embedding parameters; losses are in nats per token.
"""

from __future__ import annotations

from scaling_lab.reference.containers import (
    KaplanAllocationLaw, KaplanComputeEfficient, KaplanContradiction, KaplanCriticalBatch, KaplanLossND,
    KaplanLossNS, KaplanPowerLaw,
)

__all__ = [
    "PF_DAY_FLOPS", "KAPLAN_2020_LOSS_N", "KAPLAN_2020_LOSS_D", "KAPLAN_2020_LOSS_CMIN",
    "KAPLAN_2020_LOSS_C_NAIVE", "KAPLAN_2020_B_STAR_EQ_1_4", "KAPLAN_2020_B_STAR_TABLE_5",
    "KAPLAN_2020_CRITICAL_BATCH", "KAPLAN_2020_LOSS_ND", "KAPLAN_2020_LOSS_NS", "KAPLAN_2020_COMPUTE_EFFICIENT",
    "KAPLAN_2020_ALPHA_CMIN_PREDICTED", "KAPLAN_2020_N_OF_CMIN_EXPONENT_PREDICTED",
    "KAPLAN_2020_DATA_OF_COMPUTE_EQ_6_7", "KAPLAN_2020_CONTRADICTION",
]

#: One petaflop/s-day in FLOP: 1e15 FLOP/s x 86 400 s (Kaplan et al. 2020, sec. 1.3).
PF_DAY_FLOPS = 8.64e19

_KAPLAN = "Kaplan et al. 2020, arXiv:2001.08361"

#: L(N) = (N_c/N)^alpha_N, N = non-embedding parameters. Eq. 1.1 and Appendix A Table 5.
KAPLAN_2020_LOSS_N = KaplanPowerLaw(8.8e13, 0.076, "non-embedding parameters", f"{_KAPLAN}, eq. 1.1, Table 5")
#: L(D) = (D_c/D)^alpha_D, D = tokens, early-stopped large models. Eq. 1.2 and Table 5.
KAPLAN_2020_LOSS_D = KaplanPowerLaw(5.4e13, 0.095, "tokens", f"{_KAPLAN}, eq. 1.2, Table 5")
#: L(C_min) = (C_c^min/C_min)^alpha_C^min, C_min in PF-days. Eq. 1.3 and Table 5.
KAPLAN_2020_LOSS_CMIN = KaplanPowerLaw(3.1e8, 0.050, "PF-days (minimum compute)", f"{_KAPLAN}, eq. 1.3, Table 5")
#: 'Naive' L(C) at a fixed batch size, C in PF-days. Table 5.
KAPLAN_2020_LOSS_C_NAIVE = KaplanPowerLaw(1.6e7, 0.057, "PF-days (fixed batch size)", f"{_KAPLAN}, Table 5")

#: B* as quoted in eq. 1.4 of the main text ("B* ~ 2e8 tokens").
KAPLAN_2020_B_STAR_EQ_1_4 = 2.0e8
#: B* as listed in Appendix A Table 5 (2.1e8 tokens).
KAPLAN_2020_B_STAR_TABLE_5 = 2.1e8
#: B_crit(L) = B*/L^(1/alpha_B), eq. 1.4 / Table 5 (alpha_B = 0.21).  The package
#: defaults to the Table 5 value of B* because that table is the paper's summary
#: of fitted constants and prints one more significant digit than eq. 1.4's "~2e8".
KAPLAN_2020_CRITICAL_BATCH = KaplanCriticalBatch(
    b_star=KAPLAN_2020_B_STAR_TABLE_5, alpha_b=0.21, source=f"{_KAPLAN}, eq. 1.4, Table 5"
)

#: L(N, D) joint fit, eq. 1.5 with the constants of Table 2 ("Fits to L(N, D)").
#: These differ from the separate L(N), L(D) fits of Table 5.
KAPLAN_2020_LOSS_ND = KaplanLossND(
    n_c=6.4e13, d_c=1.8e13, alpha_n=0.076, alpha_d=0.103, source=f"{_KAPLAN}, eq. 1.5, Table 2"
)

#: L(N, S_min) fit, eq. 1.6 with the constants of Table 3 ("Fits to L(N, S)").
KAPLAN_2020_LOSS_NS = KaplanLossNS(
    n_c=6.5e13, s_c=2.1e3, alpha_n=0.077, alpha_s=0.76, source=f"{_KAPLAN}, eq. 1.6, Table 3"
)

#: Appendix A Table 6, compute-efficient training: scale * C_min^p with C_min in PF-days.
KAPLAN_2020_COMPUTE_EFFICIENT = KaplanComputeEfficient(
    n_opt=KaplanAllocationLaw(1.3e9, 0.73, "non-embedding parameters"),
    batch_size=KaplanAllocationLaw(2.0e6, 0.24, "tokens"),
    s_min=KaplanAllocationLaw(5.4e3, 0.03, "steps"),
    d_opt=KaplanAllocationLaw(2.0e10, 0.27, "tokens (one epoch)"),
    source=f"{_KAPLAN}, Appendix A Table 6 (also sec. 1.2)",
)

#: Predicted alpha_C^min = 1/(1/alpha_S + 1/alpha_B + 1/alpha_N), as printed in eq. 6.4.  With the
#: paper's own exponents (alpha_S = 0.76, alpha_B = 0.21, alpha_N = 0.076) the formula gives 0.052
#: (Appendix B.7); the printed 0.054 does not follow from them.
KAPLAN_2020_ALPHA_CMIN_PREDICTED = 0.054
#: Predicted exponent of N(C_min), eq. 6.5.
KAPLAN_2020_N_OF_CMIN_EXPONENT_PREDICTED = 0.71



#: Data used by compute-efficient training at the critical batch size, one epoch (sec. 6.3, eq. 6.7):
#: D(C_min) = 2 C_min / (6 N(C_min)) ~ 4e10 tokens x (C_min / PF-day)^0.26.
KAPLAN_2020_DATA_OF_COMPUTE_EQ_6_7 = KaplanAllocationLaw(4.0e10, 0.26, "tokens (one epoch, C_min in PF-days)")

#: The trends of sec. 6.3 whose crossing is Kaplan's "contradiction": L(C_min) (eq. 1.3) against the
#: loss L(D) (eq. 1.2) reachable with the data of eq. 6.7; N* from Table 6's N(C_min) (Figure 14).
KAPLAN_2020_CONTRADICTION = KaplanContradiction(
    loss_cmin=KAPLAN_2020_LOSS_CMIN, loss_d=KAPLAN_2020_LOSS_D,
    data_of_compute=KAPLAN_2020_DATA_OF_COMPUTE_EQ_6_7, n_of_compute=KAPLAN_2020_COMPUTE_EFFICIENT.n_opt,
    source=f"{_KAPLAN}, sec. 6.3, eqs. 1.2, 1.3, 6.7 and 6.8; Table 6",
)
