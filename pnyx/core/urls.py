"""URLs of objects, reversed once: a list page links to every member and thread on it, and
Django's ``reverse`` is slow for that many calls."""

from __future__ import annotations

import functools

from django.urls import get_script_prefix, get_urlconf, reverse


def reverse_cached(viewname: str, *args: str | int) -> str:
    """``reverse(viewname, args=args)``, remembered per URL configuration and script prefix."""
    return _reverse(get_urlconf(), get_script_prefix(), viewname, args)


@functools.lru_cache(maxsize=16384)
def _reverse(urlconf: object, prefix: str, viewname: str, args: tuple[str | int, ...]) -> str:
    return reverse(viewname, args=args)
