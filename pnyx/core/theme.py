"""The colour theme a reader chose: light, dark, or (no cookie) whatever the system uses.

The choice lives only in the ``pnyx_theme`` cookie, so a page differs between guests only
by that cookie's value (the guest page cache keys on it). The switch is a GET form that
works without JavaScript and needs no CSRF token; scripts set the same cookie directly.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

THEME_COOKIE = "pnyx_theme"
THEMES = ("light", "dark")
AUTO = "auto"
THEME_MAX_AGE = 60 * 60 * 24 * 365


def theme_of(request: HttpRequest) -> str:
    """ "light", "dark", or "auto" (follow the system) for anything else."""
    value = request.COOKIES.get(THEME_COOKIE, "")
    return value if value in THEMES else AUTO


def remember_theme(response: HttpResponse, theme: str) -> None:
    if theme in THEMES:
        response.set_cookie(
            THEME_COOKIE,
            theme,
            max_age=THEME_MAX_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=False,  # the page's script switches themes without a reload
        )
    else:
        response.delete_cookie(THEME_COOKIE, samesite="Lax")
