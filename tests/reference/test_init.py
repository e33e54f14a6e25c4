"""Tests of scaling_lab/reference/__init__.py: every name it exports exists, and it reads nothing at run time."""

import inspect

import scaling_lab.reference as ref


def test_all_names_exist():
    for name in ref.__all__:
        assert hasattr(ref, name), name


def test_module_reads_nothing_at_run_time():
    # Users do not have ../shared: the constants must be plain Python data.
    source = inspect.getsource(ref)
    assert "open(" not in source and "shared" not in source and "json" not in source
