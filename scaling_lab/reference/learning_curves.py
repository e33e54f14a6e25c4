"""Published learning-curve exponents across domains, each marked with how far it was checked.

A learning curve is error against training-set size, :math:`\\varepsilon(m) \\propto m^{\\beta_g}`
(Hestness et al. 2017, who write :math:`\\beta_g` with its sign) or loss against tokens,
:math:`L(D) = (D_c/D)^{\\alpha_D}` (Kaplan et al. 2020, who write the exponent positive).  Here every
exponent is stored **signed** (negative for a falling curve), the convention of
:func:`scaling_lab.fitting.fit_power_law`.

``status`` says how the number was checked:

- ``"primary"``: read in the paper (or its official code);
- ``"authors' summary"``: read in the authors' own announcement, not in the paper's tables;
- ``"secondary"``: seen only quoted by others; **not verified**: show it as such or leave it out.

Sources: Kaplan et al. (2020), "Scaling Laws for Neural Language Models", arXiv:2001.08361;
Hestness, Narang, Ardalani, Diamos, Jun, Kianinejad, Patwary, Yang and Zhou (2017), "Deep Learning
Scaling is Predictable, Empirically", arXiv:1712.00409, and Baidu Research's announcement of it
("our empirically-collected learning curves show smaller magnitude exponents in the range
[-0.35, -0.07]"; the same text contrasts the -0.5 that prior theory suggests).  The per-domain
values of Hestness et al. below are as quoted in third-party notes, not checked against the paper's
own text.  The quoted top-5 value (-0.488) even lies outside the authors' stated
range, one more reason to show these values as unverified.
"""

from __future__ import annotations

from typing import NamedTuple

from scaling_lab.reference.kaplan import KAPLAN_2020_LOSS_D, KAPLAN_2020_LOSS_N

__all__ = ["PublishedExponent", "PUBLISHED_LEARNING_CURVE_EXPONENTS", "HESTNESS_2017_EXPONENT_RANGE",
           "verified_exponents"]


class PublishedExponent(NamedTuple):
    """A published scaling exponent (signed), what it measures, its source and how it was checked."""

    domain: str
    quantity: str
    exponent: float
    source: str
    status: str


_HESTNESS = "Hestness et al. 2017, arXiv:1712.00409"
_SECONDARY = "secondary"

#: The range of learning-curve exponents across the four domains of Hestness et al. (2017), as stated
#: in the authors' announcement (Baidu Research): [-0.35, -0.07].  Status: authors' summary.
HESTNESS_2017_EXPONENT_RANGE = (-0.35, -0.07)

#: Published exponents by domain.  Kaplan's are primary (eqs. 1.1-1.2, Table 5); Hestness's per-domain
#: values are secondary only (see the module docstring) and must be shown as unverified.
PUBLISHED_LEARNING_CURVE_EXPONENTS = (
    PublishedExponent("language", "cross-entropy loss vs training tokens (early-stopped)",
                      -KAPLAN_2020_LOSS_D.exponent, "Kaplan et al. 2020, eq. 1.2, Table 5", "primary"),
    PublishedExponent("language", "cross-entropy loss vs non-embedding parameters",
                      -KAPLAN_2020_LOSS_N.exponent, "Kaplan et al. 2020, eq. 1.1, Table 5", "primary"),
    PublishedExponent("all four domains", "generalization error vs training-set size (range, steepest end)",
                      HESTNESS_2017_EXPONENT_RANGE[0], f"{_HESTNESS}; Baidu Research announcement", "authors' summary"),
    PublishedExponent("all four domains", "generalization error vs training-set size (range, shallowest end)",
                      HESTNESS_2017_EXPONENT_RANGE[1], f"{_HESTNESS}; Baidu Research announcement", "authors' summary"),
    PublishedExponent("machine translation", "per-token error vs training-set size", -0.128, _HESTNESS, _SECONDARY),
    PublishedExponent("image classification", "top-1 error vs training-set size", -0.309, _HESTNESS, _SECONDARY),
    PublishedExponent("image classification", "top-5 error vs training-set size", -0.488, _HESTNESS, _SECONDARY),
    PublishedExponent("speech recognition", "error vs training-set size", -0.299, _HESTNESS, _SECONDARY),
)


def verified_exponents(*, include_authors_summary=True):
    """The entries of :data:`PUBLISHED_LEARNING_CURVE_EXPONENTS` that are not secondary-only."""
    keep = {"primary", "authors' summary"} if include_authors_summary else {"primary"}
    return tuple(e for e in PUBLISHED_LEARNING_CURVE_EXPONENTS if e.status in keep)
