from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pnyx.core.site_settings import get_site_settings


def site(request: HttpRequest) -> dict[str, Any]:
    return {"site": get_site_settings()}
