"""A small HTTP-aware TCP proxy on the loopback, for fault injection in front of the real node.

The tests point ``ELASTICSEARCH_URL`` at :attr:`FaultProxy.url`; the proxy forwards to the real
node until told otherwise:

* :meth:`cut` — the node is "stopped": open connections are reset and new ones refused;
  :meth:`restore` brings it back on the same port.
* :meth:`hang` — the node accepts connections and never answers (a stuck JVM).
* :meth:`cut_after_bulk` — forward ``n`` more ``_bulk`` requests, cut on the next one.
* :meth:`reject_bulk` — answer the next ``n`` ``_bulk`` requests with ES-style ``429``
  rejections, either for the whole request or for every document in it, without forwarding.

It runs its own event loop in a daemon thread, so synchronous tests, in-process apps and
indexer subprocesses can all talk to it. Only loopback addresses are used.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")

RejectMode = Literal["request", "items"]


@dataclass
class Counters:
    connections: int = 0
    requests: int = 0
    bulk_requests: int = 0
    bulk_forwarded: int = 0
    rejected_bulk: int = 0
    paths: list[str] = field(default_factory=list)


class FaultProxy:
    def __init__(self, upstream_url: str) -> None:
        parts = urlsplit(upstream_url)
        self._upstream = (parts.hostname or "127.0.0.1", parts.port or 9200)
        self.counters = Counters()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._port = 0
        self._writers: set[asyncio.StreamWriter] = set()
        self._hanging = False
        self._cut_after: int | None = None
        self._reject_left = 0
        self._reject_mode: RejectMode = "items"

    # -- life cycle --------------------------------------------------------------------------

    def start(self) -> FaultProxy:
        self._thread.start()
        self._call(self._listen())
        return self

    def stop(self) -> None:
        self._call(self._close_all())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    # -- faults ------------------------------------------------------------------------------

    def cut(self) -> None:
        """Stop listening and reset every open connection: a stopped node."""
        self._call(self._close_all())

    def restore(self) -> None:
        """Forward again, on the same port; every fault is cleared."""
        self._hanging = False
        self._cut_after = None
        self._reject_left = 0
        if self._server is None:
            self._call(self._listen())

    def hang(self) -> None:
        """Accept connections but never answer; open connections go silent too."""
        self._hanging = True

    def cut_after_bulk(self, n: int) -> None:
        """Forward ``n`` more ``_bulk`` requests; the one after them cuts the node."""
        self._cut_after = self.counters.bulk_forwarded + n

    def reject_bulk(self, n: int, *, mode: RejectMode = "items") -> None:
        """Answer the next ``n`` ``_bulk`` requests with 429 instead of forwarding them."""
        self._reject_left = n
        self._reject_mode = mode

    # -- internals ---------------------------------------------------------------------------

    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=10)

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(
            self._serve, "127.0.0.1", self._port, reuse_address=True
        )
        self._port = self._server.sockets[0].getsockname()[1]

    async def _close_all(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            transport = writer.transport
            if not transport.is_closing():
                transport.abort()  # RST: the client sees a dropped connection, as on a crash
        self._writers.clear()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.counters.connections += 1
        self._writers.add(writer)
        upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        pipe: asyncio.Task[None] | None = None
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    return
                head, body, method, path = request
                self.counters.requests += 1
                self.counters.paths.append(f"{method} {path}")
                while self._hanging:
                    await asyncio.sleep(0.05)
                if path.split("?")[0].endswith("/_bulk"):
                    self.counters.bulk_requests += 1
                    if self._reject_left > 0:
                        self._reject_left -= 1
                        self.counters.rejected_bulk += 1
                        writer.write(_rejection(body, self._reject_mode))
                        await writer.drain()
                        continue
                    if self._cut_after is not None and self.counters.bulk_forwarded >= \
                            self._cut_after:
                        await self._close_all()
                        return
                    self.counters.bulk_forwarded += 1
                if upstream is None:
                    upstream = await asyncio.open_connection(*self._upstream)
                    self._writers.add(upstream[1])
                    pipe = asyncio.create_task(self._pipe(upstream[0], writer))
                upstream[1].write(head + body)
                await upstream[1].drain()
        except (ConnectionError, asyncio.IncompleteReadError, OSError):
            return
        finally:
            if pipe is not None:
                pipe.cancel()
            for w in (writer, upstream[1] if upstream else None):
                if w is not None:
                    self._writers.discard(w)
                    with contextlib.suppress(Exception):
                        w.close()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, OSError, asyncio.CancelledError):
            while data := await reader.read(65536):
                while self._hanging:
                    await asyncio.sleep(0.05)
                writer.write(data)
                await writer.drain()
        with contextlib.suppress(Exception):
            writer.close()


async def _read_request(
    reader: asyncio.StreamReader,
) -> tuple[bytes, bytes, str, str] | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = lines[0].split(" ", 2)
    headers = {k.strip().lower(): v.strip() for k, _, v in
               (line.partition(":") for line in lines[1:] if line)}
    if headers.get("transfer-encoding", "").lower() == "chunked":
        raise NotImplementedError("chunked request bodies are not supported by the test proxy")
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return head, body, method, path


def _http(status: int, reason: str, payload: dict[str, Any]) -> bytes:
    body = json.dumps(payload).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "content-type: application/json\r\n"
        "x-elastic-product: Elasticsearch\r\n"
        f"content-length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def _rejection(body: bytes, mode: RejectMode) -> bytes:
    reason = "rejected execution of coordinating operation (injected by the test proxy)"
    error = {"type": "es_rejected_execution_exception", "reason": reason}
    if mode == "request":
        return _http(429, "Too Many Requests", {"error": error, "status": 429})
    items = []
    lines = [line for line in body.split(b"\n") if line.strip()]
    position = 0
    while position < len(lines):
        action = json.loads(lines[position])
        (op, meta), = action.items()
        position += 1 if op == "delete" else 2
        items.append({op: {"_index": meta.get("_index"), "_id": meta.get("_id"),
                           "status": 429, "error": error}})
    return _http(200, "OK", {"took": 1, "errors": True, "items": items})
