"""Which browser origins may call the API: the newsroom CMS and the browser extension.

Configured origins (``settings.api.cors_origins``) are allowed as listed; with
``settings.api.allow_extension_origins`` any Chrome or Firefox extension origin is allowed too
(their ids are per-install for Firefox, so they cannot be listed in advance). No cookies are ever
involved (keys travel in the Authorization header), so credentials stay disallowed and a wildcard
origin stays safe to configure.
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from factcheck.settings import ApiSettings

# Chrome extension ids are 32 letters a-p; Firefox uses a per-install UUID.
EXTENSION_ORIGINS = (
    r"chrome-extension://[a-p]{32}"
    r"|moz-extension://[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
)


def cors_middleware(settings: ApiSettings) -> Middleware:
    """The CORS layer of the app, preflight included.

    Example:
        >>> Starlette(middleware=[cors_middleware(Settings().api)])
    """
    return Middleware(
        CORSMiddleware,
        allow_origins=list(settings.cors_origins),
        allow_origin_regex=EXTENSION_ORIGINS if settings.allow_extension_origins else None,
        allow_methods=["GET", "POST", "DELETE"],
        allow_headers=["Authorization", "Content-Type"],
        # A browser script may read these: the timing split and what to do after a 401/503.
        expose_headers=["Server-Timing", "Retry-After", "WWW-Authenticate"],
        allow_credentials=False,
        max_age=600,
    )
