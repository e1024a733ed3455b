"""The NinjaAPI object of v1: authentication, error mapping and the OpenAPI document."""

from __future__ import annotations

import json
import re
from typing import Any

import pydantic_core
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Swagger
from ninja.errors import HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.parser import Parser

from pnyx.api import conversations
from pnyx.api.alerts import router as alerts_router
from pnyx.api.auth import TokenAuth
from pnyx.api.endpoints import router
from pnyx.api.errors import STATUS_DESCRIPTIONS, response_for_exception
from pnyx.api.groups import router as groups_router
from pnyx.api.moderation import router as moderation_router
from pnyx.api.sanctions import router as sanctions_router
from pnyx.api.search import router as search_router

DESCRIPTION = """\
Everything a member can do on the pages, for scripts, bots and apps.

**Authentication.** Create a personal token in *Account settings → API tokens* (or with
`pnyx token create USERNAME`) and send it as `Authorization: Bearer <token>`. Without a
token you are a guest and read what guests may read. Session cookies are ignored.

**Errors** are always `{"error": {"code", "message", "fields"}}`. A hidden forum, thread or
post answers 404 exactly like a missing one. A refused request changes nothing.

**Retries.** Send an `Idempotency-Key` header with a POST; sending the same request with
the same key again returns the first answer and creates nothing.

**Limits.** Writes are rate limited per token and per address (429 with `Retry-After`).
"""


class LocalSwagger(Swagger):
    """Swagger UI from the copy django-ninja ships, always.

    django-ninja serves its local copy only when "ninja" is in INSTALLED_APPS, and falls
    back to a CDN otherwise; it is not an installed app here (see settings), its
    templates and static files being found by path. The CDN would break our CSP."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        auths = api.auth if isinstance(api.auth, list | tuple) else []
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": any(getattr(auth, "csrf", False) for auth in auths),
        }
        return render(request, self.template, context)


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class MalformedJSONError(ValueError):
    """The request body is not JSON Pnyx accepts; the message says where and why."""


class StrictJSONParser(Parser):
    """JSON read by pydantic's parser instead of ``json.loads``: a lone UTF-16 surrogate
    (``"\\ud800"``, which no text can hold and which failed later as a 500), ``NaN`` and
    nesting deeper than 200 levels (a ``RecursionError`` with ``json``) are refused as
    malformed (400)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        body = request.body
        try:
            data = pydantic_core.from_json(body, allow_inf_nan=False)
        except ValueError as exc:
            detail = str(exc)
            if _SURROGATE_ESCAPE.search(body):
                detail += (
                    ": a lone UTF-16 surrogate (\\uD800 to \\uDFFF) is not a character; send "
                    "both halves of a pair, or the character itself"
                )
            raise MalformedJSONError(detail) from None
        result: dict[str, Any] = data
        return result


class PnyxAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                # A token is optional: without one the request is a guest's.
                operation["security"] = [{"TokenAuth": []}, {}]
                for status, response in operation["responses"].items():
                    description = STATUS_DESCRIPTIONS.get(int(status))
                    if description:
                        response["description"] = description
                    if int(status) in (429, 503):
                        response["headers"] = {
                            "Retry-After": {
                                "description": "Seconds to wait before trying again.",
                                "schema": {"type": "integer"},
                            }
                        }
        return schema


api = PnyxAPI(
    title="Pnyx API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=TokenAuth(),
    parser=StrictJSONParser(),
    openapi_url="/openapi.json",
    docs_url="/docs",
    # The local copy of Swagger UI that django-ninja ships (no CDN: our CSP is 'self'),
    # with the online validator badge off (it would send the document elsewhere).
    docs=LocalSwagger(settings={"validatorUrl": None, "persistAuthorization": False}),
)
api.add_router("/", router)
api.add_router("/", groups_router)
api.add_router("/", moderation_router)
api.add_router("/", conversations.router)
api.add_router("/", search_router)
api.add_router("/", sanctions_router)
api.add_router("/", alerts_router)


def _handle(request: HttpRequest, exc: Any) -> HttpResponse:
    return response_for_exception(request, exc)


# django-ninja looks handlers up along the exception's class hierarchy; register the one
# mapping for everything it has a default for, and for everything else.
for _exception in (Exception, Http404, HttpError, SchemaValidationError):
    api.add_exception_handler(_exception, _handle)
