"""Tests of scaling_lab.authoring.grade_runner: the grader's worker, on small jobs (no lab is run).

Each test writes a job (a few code cells, the answers to capture) and runs the worker as the grader
does, in a process of its own: cell errors and time limits are recorded and execution goes on, answers
leave as plain data, a replaced ``sl.check`` is noticed, and the network is out of reach.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import numpy as np
import pytest

from scaling_lab.authoring.grade import network_isolation
from scaling_lab.authoring.grade_runner import NETWORK_REFUSED, block_network, encode
from tests.authoring.conftest import tcp_listener


def run_worker(tmp_path, cells, captures=(), cell_timeout=2.0, prefix=(), **limits):
    """Run the worker on ``cells`` (code strings, numbered 1, 2, ...); return its events."""
    job = {"cells": [{"number": i, "source": code} for i, code in enumerate(cells, 1)],
           "captures": [{"label": label, "expr": expr, "after": after} for label, expr, after in captures],
           "cell_timeout": cell_timeout, "memory_mb": 4096, **limits}
    (tmp_path / "job.json").write_text(json.dumps(job))
    subprocess.run([*prefix, sys.executable, "-m", "scaling_lab.authoring.grade_runner", "job.json", "events.jsonl"],
                   cwd=tmp_path, check=True, capture_output=True, timeout=300)
    return [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]


def test_cells_run_in_order_and_errors_do_not_stop_them(tmp_path):
    events = run_worker(tmp_path, ["x = 2", "y = (", "raise ValueError('no')", "import time\nwhile True: pass",
                                   "z = x * 21"],
                        captures=[("lab1-top-share", "z", 4), ("lab1-slope", "y", -1)])
    failed = {e["cell"]: e for e in events if e["event"] == "failed"}
    assert set(failed) == {2, 3, 4}
    assert failed[2]["error"].startswith("SyntaxError") and not failed[2]["timeout"]
    assert failed[3]["error"] == "ValueError: no"
    assert failed[4]["timeout"] and "2 s of CPU time" in failed[4]["error"]
    answers = {e["label"]: e for e in events if e["event"] == "answer"}
    assert answers["lab1-top-share"]["value"] == encode(42)
    assert answers["lab1-slope"]["error"].startswith("NameError")
    assert events[-1] == {"event": "done"}


def test_a_notebook_cannot_fill_the_disk(tmp_path):
    events = run_worker(tmp_path, ["open('big', 'wb').write(b'x' * 3_000_000)", "x = 1"],
                        captures=[("lab1-top-share", "x", 1)], max_file_bytes=1_000_000)
    failed = [e for e in events if e["event"] == "failed"]
    assert [e["cell"] for e in failed] == [1] and "File too large" in failed[0]["error"]
    assert (tmp_path / "big").stat().st_size <= 1_000_000
    assert next(e for e in events if e["event"] == "answer")["value"] == encode(1)


def test_a_function_answer_is_called_on_the_checkers_inputs(tmp_path):
    from scaling_lab.checks.registry import EXERCISES

    code = "import numpy as np\ndef f(ranks, exponent, n_types):\n    return np.asarray(ranks, float) * 0 + exponent"
    events = run_worker(tmp_path, [code], captures=[("lab1-pmf", "f", 0)])
    calls = next(e for e in events if e["event"] == "answer")["value"]["calls"]
    inputs = EXERCISES["lab1-pmf"].test_inputs
    assert len(calls) == len(inputs)
    for call, (ranks, exponent, _) in zip(calls, inputs):
        assert call["value"]["data"] == [exponent] * len(ranks)


def test_a_replaced_check_is_noticed(tmp_path):
    events = run_worker(tmp_path, ["import scaling_lab as sl\nx = 1", "sl.check = print"],
                        captures=[("lab1-top-share", "x", 0), ("lab1-slope", "x", 1)])
    replaced = {e["label"]: e["check_replaced"] for e in events if e["event"] == "answer"}
    assert replaced == {"lab1-top-share": False, "lab1-slope": True}


@pytest.fixture
def listener():
    with tcp_listener() as listening:
        yield listening


def test_the_socket_guard_refuses_connections(tmp_path, listener):
    port, accepted = listener
    events = run_worker(tmp_path, [f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=5)"])
    failed = [e for e in events if e["event"] == "failed"]
    assert failed and NETWORK_REFUSED in failed[0]["error"]
    assert accepted == []


def test_the_network_namespace_cuts_even_raw_sockets(tmp_path, listener):
    """Below the guard (``_socket``), only the namespace stops a connection."""
    prefix, how = network_isolation("auto")
    if not prefix:
        pytest.skip(f"no network namespace here: {how}")
    port, accepted = listener
    events = run_worker(tmp_path, [f"import _socket\ns = _socket.socket()\ns.settimeout(5)\n"
                                   f"s.connect(('127.0.0.1', {port}))"], prefix=prefix)
    failed = [e for e in events if e["event"] == "failed"]
    assert failed and "OSError" in failed[0]["error"]
    assert accepted == []


def test_block_network_refuses_name_lookups(monkeypatch):
    for name in ("connect", "connect_ex", "sendto"):  # monkeypatch puts them back afterwards
        monkeypatch.setattr(socket.socket, name, getattr(socket.socket, name))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, getattr(socket, name))
    block_network()
    with pytest.raises(OSError, match="disabled"):
        socket.getaddrinfo("localhost", 80)


@pytest.mark.parametrize(("value", "kind"), [(Ellipsis, "ellipsis"), (None, "none"), (1.5, "array"),
                                              ("text", "choice"), (True, "choice"), (np.False_, "choice"),
                                              ("x" * 201, "type"), (print, "type"), ([1, [2, 3]], "other"),
                                              (np.zeros(2_000_000), "other")])
def test_encode_keeps_what_a_checker_needs(value, kind):
    encoded = encode(value)
    assert encoded["kind"] == kind
    json.dumps(encoded)
