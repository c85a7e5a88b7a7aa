"""API keys: who is calling and what they may do, for REST and GraphQL alike.

Keys come from ``settings.api.api_keys`` (``FACTCHECK_API__API_KEYS='["k1","k2"]'``) and are sent
as ``Authorization: Bearer <key>``. Writes (ingest, delete) always need a key; reads need one only
when ``settings.api.require_key_for_reads``. A key that is sent but matches none is refused even
where none is needed: a CMS configured with a revoked key should learn it on its first request,
not at its first write.

Keys are kept as SHA-256 digests and compared with :func:`hmac.compare_digest` against every
configured key (no early exit), so neither the content nor the position of a key leaks through
timing. Neither keys nor the header are ever logged; a caller is known by the key's position.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from pydantic import SecretStr
from starlette.requests import HTTPConnection

from api.errors import ApiError
from factcheck.settings import ApiSettings

REALM = "factcheck"


class Scope(StrEnum):
    READ = "read"
    WRITE = "write"


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: the 1-based position of its key in the settings."""

    key_number: int


class AuthError(ApiError):
    """401 (no usable key) or 403 (key not accepted), with the ``WWW-Authenticate`` challenge."""

    def __init__(self, status: int, detail: str, *, error: str | None = None) -> None:
        challenge = f'Bearer realm="{REALM}"' + (f', error="{error}"' if error else "")
        super().__init__(status, detail, headers={"WWW-Authenticate": challenge})


def missing_key() -> AuthError:
    return AuthError(
        401, "This request needs an API key: send the header 'Authorization: Bearer <key>'."
    )


@dataclass(frozen=True)
class Caller:
    """What the request's ``Authorization`` header says: a principal, nothing, or a problem."""

    principal: Principal | None = None
    problem: AuthError | None = None


class KeyRing:
    """The configured API keys.

    Example:
        >>> ring = KeyRing([SecretStr("k1"), SecretStr("k2")])
        >>> ring.identify("Bearer k2").principal
        Principal(key_number=2)
        >>> ring.identify("Bearer nope").problem.status
        403
    """

    def __init__(self, keys: Sequence[SecretStr]) -> None:
        self._digests = [_digest(key.get_secret_value()) for key in keys]

    def identify(self, authorization: str | None) -> Caller:
        if authorization is None:
            return Caller()
        scheme, _, token = authorization.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return Caller(problem=AuthError(
                401, "The Authorization header must be 'Bearer <key>'.", error="invalid_request"
            ))
        presented = _digest(token)
        matched: int | None = None
        for number, digest in enumerate(self._digests, start=1):
            if hmac.compare_digest(presented, digest) and matched is None:
                matched = number
        if matched is None:
            return Caller(problem=AuthError(
                403, "The API key is not accepted.", error="invalid_token"
            ))
        return Caller(principal=Principal(matched))


def _digest(key: str) -> bytes:
    # Equal-length digests: compare_digest then takes the same time whatever the key's length.
    return hashlib.sha256(key.encode("utf-8")).digest()


def authorize(caller: Caller, scope: Scope, *, settings: ApiSettings) -> Principal | None:
    """The principal allowed to act in ``scope``; None for an open read. Raises AuthError.

    Example:
        >>> authorize(Caller(), Scope.READ, settings=ApiSettings()) is None
        True
    """
    if caller.problem is not None:
        raise caller.problem
    if caller.principal is not None:
        return caller.principal
    if scope is Scope.READ and not settings.require_key_for_reads:
        return None
    raise missing_key()


def identify(connection: HTTPConnection, ring: KeyRing) -> Caller:
    return ring.identify(connection.headers.get("authorization"))
