"""Tests of scaling_lab.reference.containers: the record types of published constants are frozen, compare by
value (the source is metadata), and are the only record types of the compute-optimal constants.
"""

import dataclasses
import inspect

import pytest

import scaling_lab.reference as ref
from scaling_lab.reference import HOFFMANN_2022


def test_params_are_frozen_and_compare_by_value():
    with pytest.raises(dataclasses.FrozenInstanceError):
        HOFFMANN_2022.E = 2.0
    # 'source' is metadata: two parameter sets with equal numbers are equal.
    assert dataclasses.replace(HOFFMANN_2022, source="copy") == HOFFMANN_2022


def test_container_classes_of_the_compute_optimal_constants_live_in_containers():
    # One place for the record types of published constants; kaplan, hoffmann, replications and others
    # hold only values. (strubell and learning_curves still define their own records.)
    from scaling_lab.reference import containers, hoffmann, kaplan, others, replications

    for module in (kaplan, hoffmann, replications, others):
        for name in module.__all__:
            value = getattr(module, name)
            assert not inspect.isclass(value), f"{module.__name__} defines the class {name}: move it to containers"
            record = type(value)
            if dataclasses.is_dataclass(value) or hasattr(value, "_fields"):
                assert record.__module__ == containers.__name__, f"{name} is a {record.__name__} from {record.__module__}"
    assert ref.EmbeddingCount is containers.EmbeddingCount
