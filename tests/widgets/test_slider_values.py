"""Tests of scaling_lab.widgets._slider_values: the slider values an explorer takes from its caller, converted
and checked (a sequence of positive numbers, or of integers with a minimum), with the argument named."""

import pytest

from scaling_lab.widgets._slider_values import int_values, positive_values


@pytest.mark.parametrize("given", [[], "abc", [[1.0, 2.0]], 3.0])
def test_slider_values_reject_non_sequences(given):
    with pytest.raises(ValueError, match="things"):
        positive_values(given, "things")
    with pytest.raises(ValueError, match="things"):
        int_values(given, "things", 1)


def test_slider_values_convert_and_check():
    assert positive_values((1, 2.5), "x") == [1.0, 2.5]
    assert int_values([3, 4.0], "n", 2) == [3, 4]
    with pytest.raises(ValueError, match="n"):
        int_values([1], "n", 2)
    with pytest.raises(ValueError, match="x"):
        positive_values([1.0, -1.0], "x")
