"""URLs of objects, reversed once: a list page links to every member and thread on it, and
Django's ``reverse`` is slow for that many calls."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit, urlunsplit

from django.urls import get_script_prefix, get_urlconf, reverse


def reverse_cached(viewname: str, *args: str | int) -> str:
    """``reverse(viewname, args=args)``, remembered per URL configuration and script prefix."""
    return _reverse(get_urlconf(), get_script_prefix(), viewname, args)


@functools.lru_cache(maxsize=16384)
def _reverse(urlconf: object, prefix: str, viewname: str, args: tuple[str | int, ...]) -> str:
    return reverse(viewname, args=args)


def site_url(path: str) -> str:
    """The absolute URL of ``path`` on this site, from PNYX_SITE_URL.

    Never from the request: its Host header is the client's to choose (a port that
    ALLOWED_HOSTS does not check, or any name behind a permissive proxy), and a link
    built from it could send a reset token to someone else's server. Only the scheme and
    host of PNYX_SITE_URL are used; ``path`` already carries any script prefix.
    """
    from django.conf import settings

    base = urlsplit(settings.SITE_URL)
    parts = urlsplit(path)
    return urlunsplit((base.scheme, base.netloc, parts.path or "/", parts.query, parts.fragment))
