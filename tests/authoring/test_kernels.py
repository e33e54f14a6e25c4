"""Tests of scaling_lab.authoring.kernels: the suite's kernels listen on Unix sockets and keep their stderr.

A kernel started by the blocking manager (nbval's) and one by the asynchronous manager (nbclient's) run
code over ``ipc`` sockets that live in this process's private directory; two kernels never share a
socket name; a kernel that dies at start leaves its reason in the log that :func:`kernel_log_tail` reads
(nbval would have sent it to /dev/null); loading the nbval plugin hands nbval this manager.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from scaling_lab.authoring import kernels
from scaling_lab.authoring.kernels import ipc_available, ipc_kernel_manager, kernel_log_tail, socket_directory

pytestmark = pytest.mark.skipif(not ipc_available(), reason="Unix sockets only")


def _run(km, code: str) -> str:
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        printed = []
        kc.execute_interactive(code, timeout=60, output_hook=lambda msg: printed.append(
            msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None)
        return "".join(printed)
    finally:
        kc.stop_channels()


def test_a_kernel_runs_on_unix_sockets_in_the_private_directory():
    km = ipc_kernel_manager()(kernel_name="python3")
    km.start_kernel(stderr=open(os.devnull, "w"))  # as nbval starts it
    try:
        info = km.get_connection_info()
        assert info["transport"] == "ipc"
        assert Path(info["ip"]).parent == socket_directory()
        sockets = [Path(f"{info['ip']}-{info[name]}") for name in
                   ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")]
        assert len(str(sockets[0])) < 100  # a Unix socket's path is limited to about 107 bytes
        assert _run(km, "print(6 * 7)").strip() == "42"
        assert all(path.exists() for path in sockets), sockets  # bound by the kernel once it is up
    finally:
        km.shutdown_kernel(now=True)
    assert not any(path.exists() for path in sockets)  # removed with the kernel


def test_two_kernels_never_share_a_socket_name():
    first, second = ipc_kernel_manager()(kernel_name="python3"), ipc_kernel_manager()(kernel_name="python3")
    assert first.ip != second.ip
    assert Path(first.ip).parent == Path(second.ip).parent == socket_directory()


def test_the_asynchronous_manager_runs_a_kernel_on_unix_sockets():
    async def main():
        km = ipc_kernel_manager(asynchronous=True)(kernel_name="python3")
        await km.start_kernel()
        try:
            assert km.transport == "ipc"
            kc = km.client()
            kc.start_channels()
            try:
                await kc.wait_for_ready(timeout=60)
                reply = await kc.execute_interactive("x = 1", timeout=60)
                assert reply["content"]["status"] == "ok"
            finally:
                kc.stop_channels()
        finally:
            await km.shutdown_kernel(now=True)

    asyncio.run(main())


def test_a_kernel_that_dies_at_start_leaves_its_reason():
    km = ipc_kernel_manager()(kernel_name="python3")
    # An option the kernel does not know: it prints why to its standard error and exits.
    km.start_kernel(stderr=open(os.devnull, "w"), extra_arguments=["--no-such-option-for-a-kernel"])
    kc = km.client()
    kc.start_channels()
    try:
        with pytest.raises(RuntimeError, match="Kernel died"):
            kc.wait_for_ready(timeout=60)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert "no-such-option-for-a-kernel" in kernel_log_tail()


def test_the_nbval_plugin_hands_nbval_this_manager(monkeypatch):
    import nbval.kernel

    from scaling_lab.authoring import nbval_record

    monkeypatch.setattr(nbval.kernel, "KernelManager", nbval.kernel.KernelManager)  # restored afterwards
    nbval_record.pytest_configure(None)
    assert nbval.kernel.KernelManager is ipc_kernel_manager()


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="lines"):
        kernel_log_tail(0)
    with pytest.raises(ValueError, match="lines"):
        kernel_log_tail(2.5)
    with pytest.raises(ValueError, match="asynchronous"):
        ipc_kernel_manager("yes")


def test_no_log_yet_reads_empty(monkeypatch):
    monkeypatch.setattr(kernels, "_LOGS", [])
    assert kernel_log_tail() == ""
