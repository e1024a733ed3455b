"""Small request helpers shared by the views: what the client asked for, safe redirects."""

from __future__ import annotations

from urllib.parse import unquote

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

# Scripts that want a piece of a page (a post, a form) instead of the whole page send
# this header; the views answer with the same partial templates the pages include.
FRAGMENT_HEADER = "Pnyx-Fragment"


def wants_fragment(request: HttpRequest) -> bool:
    return request.headers.get(FRAGMENT_HEADER) == "1"


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _is_local_path(request: HttpRequest, value: str) -> bool:
    if not value.startswith("/") or value.startswith("//"):
        return False
    if any(ch == "\\" or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return False
    if ".." in value.split("?", 1)[0].split("/"):
        return False
    return url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next_path(request: HttpRequest, value: str | None, default: str = "/") -> str:
    """``value`` if it is a path on this site, else ``default`` (no open redirects).

    Checked as sent and once percent-decoded, so ``/%2F%2Fevil.test`` and friends fail.
    """
    if value and _is_local_path(request, value) and _is_local_path(request, unquote(value)):
        return value
    return default
