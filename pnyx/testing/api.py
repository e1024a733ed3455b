"""A JSON API client for tests: Django's test client with the token and JSON set up."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.test import Client

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

PREFIX = "/api/v1"


class ApiClient:
    """Calls ``/api/v1/…`` as the holder of ``token`` (a guest without one)."""

    def __init__(self, token: str | None = None, *, client: Client | None = None) -> None:
        self.token = token
        self.client = client or Client()

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        result = {} if self.token is None else {"Authorization": f"Bearer {self.token}"}
        result.update(headers or {})
        return result

    def get(self, path: str, params: dict[str, Any] | None = None, **headers: str) -> Response:
        response: Response = self.client.get(
            PREFIX + path, params or {}, headers=self._headers(headers)
        )
        return response

    def send(
        self, method: str, path: str, data: Any = None, *, raw: str | None = None, **headers: str
    ) -> Response:
        body = raw if raw is not None else ("" if data is None else json.dumps(data))
        response: Response = self.client.generic(
            method,
            PREFIX + path,
            body,
            content_type="application/json" if body else "",
            headers=self._headers(headers),
        )
        return response

    def post(self, path: str, data: Any = None, **headers: str) -> Response:
        return self.send("POST", path, data, **headers)

    def patch(self, path: str, data: Any = None, **headers: str) -> Response:
        return self.send("PATCH", path, data, **headers)

    def put(self, path: str, **headers: str) -> Response:
        return self.send("PUT", path, **headers)

    def delete(self, path: str, **headers: str) -> Response:
        return self.send("DELETE", path, **headers)


def error_of(response: Response) -> dict[str, Any]:
    """The ``error`` object of an API error response (asserts the envelope's shape)."""
    body = json.loads(response.content)
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    assert {"code", "message", "fields"} <= set(error), error
    return error
