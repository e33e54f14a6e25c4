"""Kernels for the test suite that cannot lose a race for a TCP port, and that keep their last words.

A Jupyter kernel started over TCP gets its five ports like this: the manager binds five sockets to
port 0, reads the numbers the system chose, closes the sockets, writes the numbers into the connection
file and starts the kernel, which binds them again.  Between the close and the second bind, any other
process on the machine may take one of those ports (an outgoing connection is given a free port from
the same range), and the kernel then exits with "Address already in use" before it answers: nbval
reports "Kernel died before replying to kernel_info" for every cell of that notebook.  ``make test``
starts kernels from two nbval workers while the other worker's kernels and their clients open and close
connections, and the site test starts one beside the unit tests, so the window is open many times per
run.  (nbval sends the kernel's standard error to ``/dev/null``, so its reason is lost.)

:class:`IpcKernelManager` removes the race: the kernel's channels are Unix sockets, files in a
directory private to this process, named before the kernel starts and never handed out by the system.
The kernel's standard error goes to a file beside them (:func:`kernel_log_tail` reads the end of the
newest), so a kernel that dies at start says why.  Where Unix sockets do not exist (Windows), the
manager is plain TCP.
"""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import tempfile
from pathlib import Path

__all__: list[str] = []  # an authoring module: nothing here is re-exported under sl.

_DIRECTORY: Path | None = None
_COUNTER = itertools.count(1)
_LOGS: list[Path] = []


def socket_directory() -> Path:
    """This process's private directory for kernel sockets and logs (made once, removed at exit).

    Short on purpose: a Unix socket's path may not exceed about 100 bytes."""
    global _DIRECTORY
    if _DIRECTORY is None:
        _DIRECTORY = Path(tempfile.mkdtemp(prefix="slk-", dir="/tmp" if os.path.isdir("/tmp") else None))
        atexit.register(shutil.rmtree, _DIRECTORY, True)
    return _DIRECTORY


def ipc_available() -> bool:
    """Whether this platform has Unix sockets for ZeroMQ's ``ipc`` transport."""
    return os.name == "posix"


def kernel_log_tail(lines: int = 30) -> str:
    """The last ``lines`` lines of the standard error of the newest kernel this process started ("" if none)."""
    if not isinstance(lines, int) or isinstance(lines, bool) or lines < 1:
        raise ValueError(f"lines must be a positive integer, got {lines!r}")
    for log in reversed(_LOGS):
        if log.is_file():
            text = log.read_text(encoding="utf-8", errors="replace").splitlines()
            return "\n".join(text[-lines:])
    return ""


def _keep_stderr(kw: dict) -> dict:
    """Send the kernel's standard error (nbval passes /dev/null) to a log file beside its sockets."""
    stderr = kw.get("stderr")
    if stderr is None or getattr(stderr, "name", None) == os.devnull:
        log = socket_directory() / f"k{os.getpid()}-{next(_COUNTER)}.stderr"
        kw["stderr"] = open(log, "w", encoding="utf-8")  # noqa: SIM115 -- the kernel's process holds it
        _LOGS.append(log)
        if stderr is not None:
            stderr.close()
    return kw


def _manager_classes():
    from jupyter_client.manager import AsyncKernelManager, KernelManager
    from traitlets import default

    class _OnUnixSockets:
        @default("transport")
        def _transport_default(self):
            return "ipc" if ipc_available() else "tcp"

        @default("ip")
        def _ip_default(self):
            if self.transport != "ipc":
                return super()._ip_default()
            return str(socket_directory() / f"k{os.getpid()}-{next(_COUNTER)}")

    class IpcKernelManager(_OnUnixSockets, KernelManager):
        """A :class:`jupyter_client.KernelManager` whose kernel listens on Unix sockets (see the module)."""

        def start_kernel(self, **kw):
            return super().start_kernel(**_keep_stderr(kw))

    class AsyncIpcKernelManager(_OnUnixSockets, AsyncKernelManager):
        """The same for :class:`jupyter_client.AsyncKernelManager` (what nbclient uses)."""

        async def start_kernel(self, **kw):
            return await super().start_kernel(**_keep_stderr(kw))

    return IpcKernelManager, AsyncIpcKernelManager


_MANAGERS: tuple | None = None


def ipc_kernel_manager(asynchronous: bool = False):
    """The kernel manager class of this module: blocking (nbval) or ``asynchronous`` (nbclient).

    Made on first use, so that importing this module needs no Jupyter."""
    global _MANAGERS
    if not isinstance(asynchronous, bool):
        raise ValueError(f"asynchronous must be True or False, got {asynchronous!r}")
    if _MANAGERS is None:
        _MANAGERS = _manager_classes()
    return _MANAGERS[1] if asynchronous else _MANAGERS[0]
