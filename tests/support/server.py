"""Starting ``python -m api`` in a child process and waiting for it: shared by tests and benchmarks.

Both need a real server on a free loopback port, and both must stop waiting as soon as the child
exits (a crash at start-up would otherwise look like a slow start until the deadline).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx


class ServerNotReady(RuntimeError):
    """The server exited, or did not answer ``/readyz`` with 200 before the deadline."""


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_ready(process: subprocess.Popen[str], url: str, *, timeout: float) -> None:
    """Poll ``{url}/readyz`` until it answers 200; raise :class:`ServerNotReady` otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise ServerNotReady(f"the server exited with {process.returncode} before it was ready")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass  # not listening yet
        if time.monotonic() > deadline:
            raise ServerNotReady(f"the server was not ready in {timeout:.0f} s")
        time.sleep(0.5)


# A tiny launcher instead of ``python -m api`` directly: it asks Linux to SIGTERM the server when
# the process that started it (pytest, a benchmark) dies, even by SIGKILL, instead of letting it
# live on with the models in memory.
_LAUNCH = """import ctypes, os, signal, sys
parent = int(sys.argv[1])
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
except (OSError, AttributeError):
    pass
if os.getppid() != parent:
    sys.exit("the parent went away before the server started")
os.execv(sys.executable, [sys.executable, "-m", "api", *sys.argv[2:]])
"""


@dataclass(frozen=True)
class RunningServer:
    url: str
    process: subprocess.Popen[str]


@contextmanager
def api_server(
    env: Mapping[str, str], *, log: IO[str], cwd: Path, timeout: float
) -> Iterator[RunningServer]:
    """``python -m api`` in its own process (as in production) on a free loopback port, with
    ``env`` added to this process's environment; stopped when the block ends.

    Its output goes to ``log``: a file, not a pipe, since nobody reads a pipe meanwhile and a
    server whose log fills the pipe's 64 KiB buffer blocks in write() on its next line,
    mid-request. Raises :class:`ServerNotReady` (the server already stopped) when it exits or
    does not answer ``/readyz`` in ``timeout`` seconds.
    """
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", _LAUNCH, str(os.getpid()),
         "--host", "127.0.0.1", "--port", str(port)],
        cwd=cwd, env={**os.environ, **env}, stdin=subprocess.DEVNULL, stdout=log,
        stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(process, url, timeout=timeout)
        yield RunningServer(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
