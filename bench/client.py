"""A small HTTP client for the benchmark's set-up steps: sign in, fetch a page, post a form."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from bench.procs import BenchError


def _lower(items: object) -> dict[str, str]:
    return {str(name).lower(): str(value) for name, value in items}  # type: ignore[attr-defined]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # names in lower case (HTTP names are case-insensitive)
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Browser:
    """Cookies kept between requests, redirects not followed (the tests look at them)."""

    def __init__(self, base: str, host: str = "") -> None:
        """``host``: the Host header to send (as a proxy in front would), if not the URL's."""
        self.base = base.rstrip("/")
        self.host = host
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(
        self, path: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> Response:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {**({"Host": self.host} if self.host else {}), **(headers or {})}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as answer:
                return Response(answer.status, _lower(answer.headers.items()), answer.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, _lower(error.headers.items()), error.read())

    def cookie(self, name: str) -> str:
        return next((c.value or "" for c in self.jar if c.name == name), "")

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def form_token(self, path: str) -> str:
        page = self.request(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if page.status != 200 or not match:
            raise BenchError(f"no form at {self.base}{path} (status {page.status})")
        return match.group(1)

    def sign_in(self, username: str, password: str) -> None:
        token = self.form_token("/accounts/login/")
        answer = self.request(
            "/accounts/login/",
            {"login": username, "password": password, "csrfmiddlewaretoken": token},
        )
        if answer.status != 302 or not self.cookie("sessionid"):
            raise BenchError(
                f"could not sign in as {username} at {self.base} (status {answer.status})"
            )
