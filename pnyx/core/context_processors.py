from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pnyx.core.site_settings import get_site_settings


def site(request: HttpRequest) -> dict[str, Any]:
    # Not "site": allauth's pages put their own Site object under that name.
    return {"site_settings": get_site_settings()}
