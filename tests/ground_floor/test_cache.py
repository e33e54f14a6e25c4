"""Tests of scaling_lab._cache: results reused across calls only when asked, and never stale."""

import pickle

import pytest

from scaling_lab import _cache

CALLS = []


@_cache.disk_cached
def slow_square(x, *, seed=0):
    CALLS.append((x, seed))
    return {"value": x * x, "seed": seed}


def test_no_cache_without_the_variable(monkeypatch):
    monkeypatch.delenv(_cache.CACHE_ENV_VAR, raising=False)
    CALLS.clear()
    assert slow_square(3) == {"value": 9, "seed": 0}
    assert slow_square(3) == {"value": 9, "seed": 0}
    assert len(CALLS) == 2


def test_cache_reuses_equal_calls_and_separates_different_ones(monkeypatch, tmp_path):
    monkeypatch.setenv(_cache.CACHE_ENV_VAR, str(tmp_path))
    CALLS.clear()
    assert slow_square(3) == slow_square(3, seed=0) == {"value": 9, "seed": 0}
    assert slow_square(3, seed=1)["seed"] == 1
    assert CALLS == [(3, 0), (3, 1)]  # the default and the explicit seed=0 share one entry
    assert len(list(tmp_path.glob("slow_square-*.pkl"))) == 2


def test_unstable_arguments_are_not_cached(monkeypatch, tmp_path):
    monkeypatch.setenv(_cache.CACHE_ENV_VAR, str(tmp_path))
    CALLS.clear()
    slow_square(3, seed=object())
    slow_square(3, seed=object())
    assert len(CALLS) == 2 and not list(tmp_path.iterdir())


def test_broken_entry_is_recomputed(monkeypatch, tmp_path):
    monkeypatch.setenv(_cache.CACHE_ENV_VAR, str(tmp_path))
    CALLS.clear()
    slow_square(4)
    (entry,) = tmp_path.glob("*.pkl")
    entry.write_bytes(b"not a pickle")
    assert slow_square(4)["value"] == 16 and len(CALLS) == 2
    assert pickle.loads(entry.read_bytes())["value"] == 16


def test_key_includes_the_source_hash(monkeypatch):
    key = _cache._key(slow_square.__wrapped__, (3,), {})
    monkeypatch.setattr(_cache, "_source_hash", lambda: "changed")
    assert _cache._key(slow_square.__wrapped__, (3,), {}) != key
    with pytest.raises(TypeError):
        _cache._key(slow_square.__wrapped__, (), {})  # a missing argument is the caller's bug


def test_session_cache_keeps_one_result_per_call(monkeypatch):
    """session_cached: f() and f(seed=0) share one result for the process, whatever the environment."""
    import numpy as np

    monkeypatch.delenv(_cache.CACHE_ENV_VAR, raising=False)
    calls = []

    @_cache.session_cached
    def sweep(*, seed=0, full=False):
        calls.append((seed, full))
        return _Result(np.arange(3.0) + (seed if isinstance(seed, int) else 0))

    first = sweep()
    assert sweep(seed=0) is first and sweep(seed=0, full=False) is first and calls == [(0, False)]
    assert sweep(seed=1).values[0] == 1.0 and len(calls) == 2
    with pytest.raises(ValueError):
        first.values[0] = 5.0  # kept arrays are read-only: no caller can change what the next one gets
    sweep(seed=object())
    sweep(seed=object())
    assert len(calls) == 4  # unstable arguments are never kept


class _Result:
    def __init__(self, values):
        self.values = values
