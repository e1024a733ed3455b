"""Response headers every page carries (CSP as the second wall behind the sanitiser)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' https: data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Django's admin sets a few inline styles; scripts stay locked down there too.
_ADMIN_CSP = _CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith("/admin/")
            response["Content-Security-Policy"] = _ADMIN_CSP if admin else _CSP
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response
