from __future__ import annotations

from typing import Any

from django import template

from pnyx.threads.models import Thread
from pnyx.threads.permissions import can_moderate_thread

register = template.Library()


@register.simple_tag(takes_context=True)
def moderates_thread(context: dict[str, Any], thread: Thread) -> bool:
    """Whether the reader moderates ``thread``'s forum (asked of the Access: no query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated and can_moderate_thread(user, thread)
