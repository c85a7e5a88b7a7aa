"""Starting ``python -m api`` in a child process and waiting for it: shared by tests and benchmarks.

Both need a real server on a free loopback port, and both must stop waiting as soon as the child
exits (a crash at start-up would otherwise look like a slow start until the deadline).
"""

from __future__ import annotations

import socket
import subprocess
import time

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
