from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pnyx.core.site_settings import get_site_settings
from pnyx.core.theme import theme_of


def site(request: HttpRequest) -> dict[str, Any]:
    # Not "site": allauth's pages put their own Site object under that name.
    return {"site_settings": get_site_settings(), "theme": theme_of(request)}
