"""Watch and unwatch buttons for the thread and forum pages (forms: no JavaScript needed)."""

from __future__ import annotations

from typing import Any

from django import template

from pnyx.alerts.selectors import forum_watch_of, is_watching_thread
from pnyx.core.actors import actor_of
from pnyx.forums.models import Forum
from pnyx.threads.models import Thread

register = template.Library()


@register.inclusion_tag("alerts/partials/watch_thread.html", takes_context=True)
def thread_watch_form(context: dict[str, Any], thread: Thread) -> dict[str, Any]:
    request = context["request"]
    actor = actor_of(request)
    if not actor.is_authenticated:
        return {"show": False}
    return {
        "show": True,
        "thread": thread,
        "watching": is_watching_thread(actor, thread),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("alerts/partials/watch_forum.html", takes_context=True)
def forum_watch_form(context: dict[str, Any], forum: Forum) -> dict[str, Any]:
    request = context["request"]
    actor = actor_of(request)
    if not actor.is_authenticated:
        return {"show": False}
    watch = forum_watch_of(actor, forum)
    return {
        "show": True,
        "forum": forum,
        "watch": watch,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
