"""Student notebooks of every lab, built once for the tests of ``tests/authoring/`` that read them."""

from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path

import jupytext
import nbformat
import pytest

from scaling_lab.authoring.setup_cell import CourseRepository
from scaling_lab.authoring.student import make_student_version

ROOT = Path(__file__).resolve().parents[2]
LAB_FILES = sorted((ROOT / "labs").glob("*.md"))
REPO = CourseRepository("https://github.com/someone/course", "main")
#: The jupytext header of a MyST notebook page, for the toy pages of these tests.
MYST_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---"""


@pytest.fixture(scope="package")
def student_dir(tmp_path_factory):
    """Every lab's student notebook, built into one folder (as ``make student`` does), for a fork's repository."""
    out = tmp_path_factory.mktemp("student")
    for lab in LAB_FILES:
        make_student_version(lab, out, repository=REPO)
    return out


@pytest.fixture(scope="package", params=LAB_FILES, ids=lambda p: p.stem)
def lab(request, tmp_path_factory):
    """One lab: its source file, its source notebook and its student notebook."""
    source = jupytext.read(request.param)
    student = nbformat.read(make_student_version(request.param, tmp_path_factory.mktemp("student")), 4)
    return request.param, source, student


@contextlib.contextmanager
def tcp_listener():
    """A TCP server on 127.0.0.1, accepting in a thread: yields its port and the list of connections it took."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    accepted, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                accepted.append(server.accept())
            except OSError:
                continue
    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join()
        server.close()
