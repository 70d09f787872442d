"""Access: a bearer token for endpoints that change data (and, by configuration, for reads)."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header

from innograph.api.deps import get_settings
from innograph.api.errors import ApiError
from innograph.config import Settings


def _check(settings: Settings, authorization: str | None) -> None:
    if not settings.api_token:
        raise ApiError(403, "changing data over HTTP is disabled: set INNOGRAPH_API_TOKEN on the server to enable it")
    supplied = (authorization or "").removeprefix("Bearer ").strip()
    if not supplied or not hmac.compare_digest(supplied.encode(), settings.api_token.encode()):
        raise ApiError(401, "a valid token is required: send 'Authorization: Bearer <INNOGRAPH_API_TOKEN>'")


def require_write_token(settings: Annotated[Settings, Depends(get_settings)],
                        authorization: Annotated[str | None, Header()] = None) -> None:
    _check(settings, authorization)


def require_read_token(settings: Annotated[Settings, Depends(get_settings)],
                       authorization: Annotated[str | None, Header()] = None) -> None:
    """Reads are public unless INNOGRAPH_PROTECT_READS is set."""
    if settings.protect_reads:
        _check(settings, authorization)
