"""Tests of scaling_lab.reference.others: Muennighoff et al.'s (2023) data-constrained constants, Caballero et
al.'s (2023) Figure 1 law, and Rosenfeld et al.'s (2020) illustrative constants.
"""

import math

import pytest

from scaling_lab.reference import (
    CABALLERO_2023_FIGURE_1, MUENNIGHOFF_2023, MUENNIGHOFF_2023_TEST_VALUES, ROSENFELD_2020_ILLUSTRATIVE,
)


def test_muennighoff_constants():
    # README gives logs; the paper quotes A=520.82, B=1487.72, E=1.87 (rounded).
    m = MUENNIGHOFF_2023
    assert m.A == pytest.approx(520.82, abs=0.01)
    assert m.B == pytest.approx(1487.72, abs=0.01)
    assert m.E == pytest.approx(1.8691, abs=1e-4)
    assert m.alpha == m.beta == 0.3526596
    assert len(MUENNIGHOFF_2023_TEST_VALUES) == 2
    assert all(t.unique_tokens <= t.n_tokens for t in MUENNIGHOFF_2023_TEST_VALUES)


def test_caballero_figure1_uses_overridden_f3():
    p = CABALLERO_2023_FIGURE_1
    assert len(p.breaks) == 3
    assert p.breaks[2].sharpness == 0.05  # the script overrides 0.3 with 0.05
    assert [b.location for b in p.breaks] == sorted(b.location for b in p.breaks)


def test_rosenfeld_defaults_are_marked_illustrative():
    assert "illustrative" in ROSENFELD_2020_ILLUSTRATIVE.source.lower()
    assert math.isfinite(ROSENFELD_2020_ILLUSTRATIVE.eta)
