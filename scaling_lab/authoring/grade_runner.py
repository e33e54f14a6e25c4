"""The grader's worker: run one submitted notebook's code and record its answers (``make grade``).

:mod:`scaling_lab.authoring.grade` starts one process per submission::

    python -m scaling_lab.authoring.grade_runner JOB.json EVENTS.jsonl

``JOB.json`` holds the notebook's code cells and, for each exercise, the answer's expression (taken from
the handed-out notebook's check cell, never from the student's) and the cell after which to evaluate it.
The worker executes the cells in order in an IPython shell (no kernel, so no sockets are needed), each under
a limit of CPU time, and writes one JSON line per event to ``EVENTS.jsonl`` as it goes, so what was recorded
survives if the process is killed:

* ``{"event": "start", "cell": n}`` before cell ``n`` runs (``n`` counts every cell, from 1);
* ``{"event": "failed", "cell": n, "error": "...", "timeout": bool}`` when a cell raises or runs too long;
* ``{"event": "answer", "label": ..., "value": {...}, "check_replaced": bool}``, or ``"error"`` instead of
  ``"value"`` when the expression cannot be evaluated;
* ``{"event": "done"}`` at the end.

Answers leave the process as plain data (:func:`encode`), never as pickles: numbers and arrays as lists of
floats, anything else by its type's name. A function answer is called here on the checker's own test
inputs (read from :mod:`scaling_lab.checks.registry` before any student code runs) and its outputs are
recorded; the grader replays them to the checker. The verdicts are made by the grader's process, so a
notebook that replaces ``sl.check`` or edits a check cell changes nothing but its own printout.

No network: :func:`block_network` makes Python's ``socket`` module refuse to connect or resolve names. That
is a guard against accidents, not a sandbox (code can reach ``_socket`` or start a program); the grader
also runs the worker in a network namespace of its own when the system allows it (``unshare``).
"""

from __future__ import annotations

import copy
import json
import os
import signal
import sys
import warnings

import numpy as np

__all__ = ["CellTimeout", "NETWORK_REFUSED", "MAX_NUMBERS", "MAX_FILE_BYTES", "block_network", "encode", "run_job",
           "main"]

#: The error a notebook gets when it tries to use the network during grading.
NETWORK_REFUSED = "network access is disabled while the notebook is graded"
#: Answers larger than this many numbers are recorded by their type only.
MAX_NUMBERS = 1_000_000
#: Longest string recorded as a decision (ChoiceExercise answers are a word or two).
MAX_CHOICE_CHARS = 200
#: The largest file a notebook's process may write (its printed output included), in bytes.
MAX_FILE_BYTES = 200 * 2**20


class CellTimeout(BaseException):
    """Raised in a cell that runs past its time limit (a BaseException, so ``except Exception`` lets it by).

    The limit is on the process's CPU time (``ITIMER_PROF``), so a busy machine does not fail a cell that
    merely waited for a core; a cell that sleeps or waits is stopped by the grader's limit on the whole
    notebook, in seconds of wall-clock time.
    """


def _refuse(*args, **kwargs):
    raise OSError(NETWORK_REFUSED)


def block_network() -> None:
    """Make the ``socket`` module refuse to connect, send to an address, or resolve a host name."""
    import socket

    for name in ("connect", "connect_ex", "sendto"):
        setattr(socket.socket, name, _refuse)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        setattr(socket, name, _refuse)


def _type_name(value) -> str:
    return type(value).__name__


def _safe_repr(value) -> str:
    try:
        return repr(value)[:60]
    except Exception:  # a student's __repr__ may raise anything
        return f"<{_type_name(value)}>"


def encode(value) -> dict:
    """A JSON-able description of an answer, enough for the checkers to judge it as they would the value.

    Returns ``{"kind": k, ...}`` with ``k`` one of ``"ellipsis"``, ``"none"``, ``"array"`` (``shape``,
    ``data``: the answer as floats, as the checkers read it), ``"choice"`` (a decision: a bool, or a string of
    at most :data:`MAX_CHOICE_CHARS` characters, as ``value``), ``"type"`` (a longer string, bytes, dict, set
    or callable: ``type``), or ``"other"`` (not convertible to numbers: ``type`` and ``repr``).
    """
    if value is Ellipsis:
        return {"kind": "ellipsis"}
    if value is None:
        return {"kind": "none"}
    if isinstance(value, (bool, np.bool_)) or (isinstance(value, str) and len(value) <= MAX_CHOICE_CHARS):
        return {"kind": "choice", "type": _type_name(value),
                "value": bool(value) if isinstance(value, (bool, np.bool_)) else str(value)}
    if isinstance(value, (str, bytes, dict, set)) or callable(value):
        return {"kind": "type", "type": _type_name(value), "callable": callable(value)}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = np.asarray(value, dtype=float)
    except Exception:  # a student's object may raise anything from __array__, __float__ or __len__
        return {"kind": "other", "type": _type_name(value), "repr": _safe_repr(value)}
    if arr.size > MAX_NUMBERS:
        return {"kind": "other", "type": _type_name(value), "repr": f"<{arr.size} numbers: too many to grade>"}
    return {"kind": "array", "type": _type_name(value), "shape": list(arr.shape), "data": arr.ravel().tolist()}


def _describe_error(exc: BaseException, cell_timeout: float) -> str:
    if isinstance(exc, CellTimeout):
        return f"ran longer than the time limit of {cell_timeout:g} s of CPU time"
    text = f"{_type_name(exc)}: {exc}"
    if isinstance(exc, SyntaxError) and exc.lineno:
        text = f"{_type_name(exc)}: {exc.msg} (line {exc.lineno})"
    return text[:300]


def _record_calls(func, inputs, cell_timeout) -> list[dict]:
    """Call a student's function on each input (copied), as the checker would; stop at the first failure."""
    calls = []
    for args in inputs:
        try:
            _start_timer(cell_timeout)
            out = func(*copy.deepcopy(args))
            _stop_timer()
        except BaseException as exc:  # noqa: BLE001 - a student's function may raise anything, or loop
            _stop_timer()
            name = "TimeoutError" if isinstance(exc, CellTimeout) else _type_name(exc)
            calls.append({"raised": name, "message": _describe_error(exc, cell_timeout)})
            break
        calls.append({"value": encode(out)})
        if out is Ellipsis or out is None:
            break
    return calls


def _on_alarm(signum, frame):
    raise CellTimeout()


def _start_timer(seconds: float) -> None:
    signal.setitimer(signal.ITIMER_PROF, seconds)


def _stop_timer() -> None:
    signal.setitimer(signal.ITIMER_PROF, 0)


def _shell(workdir: str):
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.colors = "NoColor"
    os.environ["IPYTHONDIR"] = os.path.join(workdir, ".ipython")
    return InteractiveShell.instance(config=config)


def run_job(job: dict, events_path: str) -> None:
    """Execute the job's cells and write its events (see the module's docstring)."""
    from scaling_lab.checks import registry
    from scaling_lab.checks.spec import FunctionExercise

    original_check = registry.check
    inputs = {c["label"]: copy.deepcopy(registry.EXERCISES[c["label"]].test_inputs) for c in job["captures"]
              if isinstance(registry.EXERCISES.get(c["label"]), FunctionExercise)}
    cell_timeout = float(job["cell_timeout"])
    signal.signal(signal.SIGPROF, _on_alarm)
    shell = _shell(os.getcwd())
    block_network()
    captures_after: dict[int, list[dict]] = {}
    for capture in job["captures"]:
        captures_after.setdefault(capture["after"], []).append(capture)

    with open(events_path, "a", encoding="utf-8") as events:
        def emit(**event):
            events.write(json.dumps(event) + "\n")
            events.flush()

        def capture_answers(position):
            for capture in captures_after.get(position, []):
                sl = shell.user_ns.get("sl")
                replaced = (sl is not None and getattr(sl, "check", original_check) is not original_check) or \
                    sys.modules["scaling_lab"].check is not original_check
                try:
                    _start_timer(cell_timeout)
                    value = eval(capture["expr"], shell.user_ns)  # noqa: S307 - the handed-out check's expression
                    _stop_timer()
                except BaseException as exc:  # noqa: BLE001 - a name never defined, or a property that loops
                    _stop_timer()
                    emit(event="answer", label=capture["label"], error=_describe_error(exc, cell_timeout),
                         check_replaced=replaced)
                    continue
                if capture["label"] in inputs and callable(value):
                    encoded = {"kind": "function", "type": _type_name(value),
                               "calls": _record_calls(value, inputs[capture["label"]], cell_timeout)}
                else:
                    encoded = encode(value)
                emit(event="answer", label=capture["label"], value=encoded, check_replaced=replaced)

        for position, cell in enumerate(job["cells"]):
            emit(event="start", cell=cell["number"])
            try:
                _start_timer(cell_timeout)
                result = shell.run_cell(cell["source"], store_history=False, silent=False)
                _stop_timer()
                error = result.error_before_exec or result.error_in_exec
            except CellTimeout as exc:  # the alarm went off inside IPython's own code
                error = exc
            _stop_timer()
            if error is not None:
                emit(event="failed", cell=cell["number"], error=_describe_error(error, cell_timeout),
                     timeout=isinstance(error, CellTimeout))
            capture_answers(position)
        capture_answers(-1)
        emit(event="done")


def main(argv=None) -> int:
    """Command-line entry point: ``python -m scaling_lab.authoring.grade_runner JOB.json EVENTS.jsonl``."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: python -m scaling_lab.authoring.grade_runner JOB.json EVENTS.jsonl", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as handle:
        job = json.load(handle)
    import resource

    memory_mb = job.get("memory_mb")
    if memory_mb:
        limit = int(memory_mb) * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # A cell that prints without end fills no disk: past MAX_FILE_BYTES a write fails (OSError) in that cell.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    max_bytes = int(job.get("max_file_bytes", MAX_FILE_BYTES))
    resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))
    run_job(job, argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
