"""A per-client token-bucket rate limit, as a small pure-ASGI middleware.

Each client owns a bucket of ``burst`` tokens that refills at ``per_minute / 60`` tokens a
second; a request takes one token, and a request finding the bucket empty is answered ``429``
with ``Retry-After`` (whole seconds until a token is back). A client is its API key when it sends
one of the configured keys (``Authorization: Bearer <key>``, as :mod:`api.auth` reads it), else
its address. Unknown keys count as the address: inventing keys must not buy fresh buckets.

State lives in this process (one bucket per client, least recently seen dropped past
``max_clients``); behind several workers each one enforces its own share.

Example:
    >>> app = RateLimitMiddleware(app, per_minute=120, burst=20)
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from factcheck.settings import ApiSettings

Clock = Callable[[], float]

DEFAULT_EXEMPT_PATHS = ("/healthz", "/readyz")


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass(frozen=True)
class Decision:
    allowed: bool
    remaining: int
    retry_after: float


class TokenBuckets:
    """The buckets of all clients: ``take(client)`` spends a token when there is one.

    Example:
        >>> buckets = TokenBuckets(per_minute=60, burst=2, clock=lambda: 0.0)
        >>> [buckets.take("a").allowed for _ in range(3)]
        [True, True, False]
    """

    def __init__(
        self,
        *,
        per_minute: float,
        burst: int,
        max_clients: int = 100_000,
        clock: Clock = time.monotonic,
    ) -> None:
        if per_minute <= 0 or burst < 1 or max_clients < 1:
            raise ValueError("per_minute must be > 0, burst and max_clients >= 1")
        self.rate = per_minute / 60.0  # tokens per second
        self.burst = burst
        self._max_clients = max_clients
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, client: str) -> Decision:
        # No await between read and write: the event loop makes this atomic.
        now = self._clock()
        bucket = self._buckets.get(client)
        if bucket is None:
            bucket = _Bucket(tokens=float(self.burst), updated=now)
            self._buckets[client] = bucket
            if len(self._buckets) > self._max_clients:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(client)
            elapsed = max(0.0, now - bucket.updated)
            bucket.tokens = min(float(self.burst), bucket.tokens + elapsed * self.rate)
            bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return Decision(True, int(bucket.tokens), 0.0)
        return Decision(False, 0, (1.0 - bucket.tokens) / self.rate)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def presented_key(scope: Scope) -> str | None:
    """The API key a request carries as ``Authorization: Bearer <key>`` (as api.auth reads it)."""
    authorization = _header(scope, b"authorization")
    if authorization and authorization[:7].lower() == "bearer ":
        return authorization[7:].strip() or None
    return None


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class RateLimitMiddleware:
    """Answers ``429`` with ``Retry-After`` once a client has used up its bucket.

    ``api_keys`` are the keys that earn their own bucket; ``trust_forwarded`` takes the client
    address from the first ``X-Forwarded-For`` hop (only behind a proxy that sets it).
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        per_minute: float,
        burst: int | None = None,
        api_keys: Iterable[str] = (),
        exempt_paths: Collection[str] = DEFAULT_EXEMPT_PATHS,
        trust_forwarded: bool = False,
        max_clients: int = 100_000,
        clock: Clock = time.monotonic,
    ) -> None:
        self.app = app
        self.per_minute = per_minute
        self.buckets = TokenBuckets(
            per_minute=per_minute,
            burst=burst if burst is not None else max(1, math.ceil(per_minute)),
            max_clients=max_clients,
            clock=clock,
        )
        # Keys are kept as digests only; a memory dump shows no credential.
        self._keys = frozenset(_digest(k) for k in api_keys)
        self._exempt = frozenset(exempt_paths)
        self._trust_forwarded = trust_forwarded

    def client_id(self, scope: Scope) -> str:
        key = presented_key(scope)
        if key is not None:
            digest = _digest(key)
            if digest in self._keys:
                return f"key:{digest}"
        if self._trust_forwarded:
            forwarded = _header(scope, b"x-forwarded-for")
            if forwarded and forwarded.split(",")[0].strip():
                return f"addr:{forwarded.split(',')[0].strip()}"
        client = scope.get("client")
        return f"addr:{client[0] if client else 'unknown'}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in self._exempt:
            await self.app(scope, receive, send)
            return
        decision = self.buckets.take(self.client_id(scope))
        if decision.allowed:
            await self.app(scope, receive, send)
            return
        await self._refuse(decision, send)

    async def _refuse(self, decision: Decision, send: Send) -> None:
        retry_after = max(1, math.ceil(decision.retry_after))
        limit = f"{self.per_minute:g}"
        body = json.dumps(
            {"detail": f"Rate limit exceeded ({limit} requests per minute); "
                       f"retry in {retry_after} s."}
        ).encode()
        start: Message = {
            "type": "http.response.start",
            "status": 429,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(retry_after).encode()),
                (b"x-ratelimit-limit", limit.encode()),
                (b"x-ratelimit-remaining", b"0"),
            ],
        }
        await send(start)
        await send({"type": "http.response.body", "body": body})


def rate_limit_middleware(settings: ApiSettings) -> list[Middleware]:
    """The middleware as configured in ``settings`` (none when the limit is off).

    Example:
        >>> Starlette(routes=..., middleware=[*rate_limit_middleware(settings.api)])
    """
    if settings.rate_limit_per_minute <= 0:
        return []
    return [
        Middleware(
            RateLimitMiddleware,
            per_minute=settings.rate_limit_per_minute,
            burst=settings.rate_limit_burst,
            api_keys=[key.get_secret_value() for key in settings.api_keys],
            trust_forwarded=settings.rate_limit_trust_forwarded,
        )
    ]
