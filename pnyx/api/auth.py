"""Who is calling: a personal API token, or nobody (a guest). Session cookies never count.

The API reads only the ``Authorization: Bearer <token>`` header, so a browser's session
cookie gives a cross-site request no power here (there is nothing for CSRF to ride on).
Writes are rate limited here too, before the request body is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer

from pnyx.accounts.models import ApiToken
from pnyx.accounts.services import authenticate_token
from pnyx.api.errors import ApiError
from pnyx.core.actors import Actor
from pnyx.core.ratelimit import Rate, client_address, hit

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
INVALID_TOKEN_HEADERS = {"WWW-Authenticate": 'Bearer realm="pnyx", error="invalid_token"'}


@dataclass(frozen=True)
class Caller:
    """The actor an API request acts as, and the token that says so (None for guests)."""

    actor: Actor
    token: ApiToken | None


def caller_of(request: HttpRequest) -> Caller:
    caller = getattr(request, "auth", None)
    if not isinstance(caller, Caller):  # pragma: no cover - every operation has the auth
        raise RuntimeError("the API's authentication did not run")
    return caller


def check_write_rates(request: HttpRequest, caller: Caller) -> None:
    """Per address (whoever sends) and per token; RateLimited when either is used up."""
    hit(
        "api-write-address",
        client_address(request),
        Rate.from_setting(settings.API_ADDRESS_WRITE_RATE),
    )
    if caller.token is not None:
        hit("api-write-token", caller.token.public_id, Rate.from_setting(settings.API_WRITE_RATE))


class TokenAuth(HttpBearer):
    """Bearer tokens; no header at all means a guest."""

    def __call__(self, request: HttpRequest) -> Caller:
        header = request.headers.get("Authorization")
        if header is None:
            caller = Caller(actor=AnonymousUser(), token=None)
        else:
            scheme, _sep, raw = header.strip().partition(" ")
            if scheme.lower() != "bearer" or not raw.strip():
                raise ApiError(
                    401,
                    "invalid_token",
                    "Send the token as: Authorization: Bearer <token>.",
                    headers=INVALID_TOKEN_HEADERS,
                )
            token = authenticate_token(raw)
            if token is None:
                raise ApiError(
                    401,
                    "invalid_token",
                    "The token is not valid: it is malformed, unknown or revoked.",
                    headers=INVALID_TOKEN_HEADERS,
                )
            caller = Caller(actor=token.member, token=token)
        if request.method not in SAFE_METHODS:
            check_write_rates(request, caller)
        return caller

    def authenticate(self, request: HttpRequest, token: str) -> Any:  # pragma: no cover
        raise NotImplementedError  # __call__ does the work
