"""Waiting for a child API server: give up at once when it dies, not at the deadline."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
import respx

from tests.support.server import ServerNotReady, free_port, wait_until_ready


@pytest.fixture
def sleeper() -> Iterator[subprocess.Popen[str]]:
    """A child that stays alive (stands in for a server that is still starting)."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], text=True)
    yield process
    process.kill()
    process.wait()


def test_a_child_that_exits_is_reported_without_waiting_for_the_deadline() -> None:
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"], text=True)
    process.wait()
    url = f"http://127.0.0.1:{free_port()}"
    started = time.monotonic()
    with pytest.raises(ServerNotReady, match="exited with 3"):
        wait_until_ready(process, url, timeout=600)
    assert time.monotonic() - started < 60  # far below the 600 s deadline


@respx.mock
def test_ready_once_readyz_answers_200(sleeper: subprocess.Popen[str]) -> None:
    route = respx.get("http://127.0.0.1:1/readyz").mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(503), httpx.Response(200)]
    )
    wait_until_ready(sleeper, "http://127.0.0.1:1", timeout=60)
    assert route.call_count == 3


@respx.mock
def test_a_server_that_never_gets_ready_times_out(sleeper: subprocess.Popen[str]) -> None:
    respx.get("http://127.0.0.1:1/readyz").mock(return_value=httpx.Response(503))
    with pytest.raises(ServerNotReady, match="not ready in 1 s"):
        wait_until_ready(sleeper, "http://127.0.0.1:1", timeout=1)
    assert sleeper.poll() is None  # waiting never stops the child; the caller decides


def test_free_port_is_bindable() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", free_port()))
