from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pnyx.alerts.selectors import unread_count
from pnyx.core.actors import actor_of


def alerts(request: HttpRequest) -> dict[str, Any]:
    """``alert_count`` for the header: a callable, so the template counts only when it shows
    it (signed-in pages), from the cache in the steady state (no query)."""

    def count() -> int:
        return unread_count(actor_of(request))

    return {"alert_count": count}
