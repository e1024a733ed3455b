from __future__ import annotations

from typing import Any

from django import template

from pnyx.ignoring.permissions import can_ignore
from pnyx.ignoring.selectors import ignored_ids

register = template.Library()


@register.simple_tag(takes_context=True)
def ignored_member_ids(context: template.Context) -> frozenset[int]:
    """The ids of the members the reader ignores (cached: no query in the steady state)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return frozenset()
    return ignored_ids(user.pk)


@register.inclusion_tag("ignoring/partials/ignore_button.html", takes_context=True)
def ignore_button(context: template.Context, member: Any) -> dict[str, Any]:
    """Ignore / Stop ignoring, a form that posts (no JavaScript needed)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    shown = user is not None and user.is_authenticated and can_ignore(user, member)
    return {
        "shown": shown,
        "member": member,
        "ignoring": shown and member.pk in ignored_ids(user.pk),  # type: ignore[union-attr]
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }
