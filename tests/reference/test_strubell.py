"""Tests of scaling_lab.reference.strubell: Strubell et al.'s (2019) Table 1 as printed, the ratios the
chapter quotes (book/why_scaling_laws.md), and the pound-to-kilogram conversion it uses.
"""

import pytest

from scaling_lab.reference.strubell import POUNDS_TO_KG, STRUBELL_2019_TABLE_1


def test_strubell_table_1_as_printed():
    # Strubell, Ganesh & McCallum 2019 (ACL), Table 1, lbs CO2e, in the printed order.
    assert [row.co2e_lbs for row in STRUBELL_2019_TABLE_1] == [1984, 11023, 36156, 126000, 39, 78468, 192, 626155]
    assert [row.category for row in STRUBELL_2019_TABLE_1].count("training one model (GPU)") == 4


def test_strubell_ratios_the_chapter_quotes():
    rows = {row.label: row.co2e_lbs for row in STRUBELL_2019_TABLE_1}
    # Tuning multiplies the single model's cost about 2000x; architecture search about 3300x.
    assert rows["NLP pipeline w/ tuning & experimentation"] / rows["NLP pipeline (parsing, SRL)"] == pytest.approx(2012, abs=1)
    assert rows["Transformer (big) w/ neural architecture search"] / rows["Transformer (big)"] == pytest.approx(3261, abs=1)
    # The search emits about five car lifetimes.
    assert rows["Transformer (big) w/ neural architecture search"] / rows["Car, avg incl. fuel, 1 lifetime"] == pytest.approx(4.97, abs=0.01)


def test_pounds_become_the_tonnes_the_chapter_quotes():
    # book/why_scaling_laws.md converts Table 1 to tonnes: lbs * POUNDS_TO_KG / 1000.  By hand,
    # 626,155 lbs x 0.45359237 kg/lb = 284,019.13 kg: the architecture search emitted 284.0 t CO2e, and the
    # NY-SF flight, 1,984 lbs, 899.93 kg.  Tolerances are rounding of the hand computation (5e-4).
    rows = {row.label: row.co2e_lbs for row in STRUBELL_2019_TABLE_1}
    search = rows["Transformer (big) w/ neural architecture search"]
    assert search * POUNDS_TO_KG / 1000 == pytest.approx(284.019, abs=5e-4)
    assert rows["Air travel, 1 passenger, NY-SF"] * POUNDS_TO_KG == pytest.approx(899.927, abs=5e-4)
    # An independent known conversion: the US short ton, 2,000 lbs, is 907.18474 kg (NIST Handbook 44,
    # Appendix C); a factor off in any printed digit misses it by more than 1e-6 kg.
    assert 2000 * POUNDS_TO_KG == pytest.approx(907.18474, abs=1e-6)
