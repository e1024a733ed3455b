"""The moderation tools shown on other apps' pages (the thread page), so those pages need
nothing from this app but a template tag: ``{% load moderation %}{% thread_tools thread %}``."""

from __future__ import annotations

from typing import Any

from django import template

from pnyx.core.actors import actor_of
from pnyx.moderation.permissions import can_moderate_thread
from pnyx.threads.models import Thread

register = template.Library()


@register.inclusion_tag("moderation/partials/thread_tools.html", takes_context=True)
def thread_tools(context: template.Context, thread: Thread) -> dict[str, Any]:
    """The moderator's buttons for ``thread`` (nothing for anybody else). No query: the
    rule asks the reader's Access, already built for the page."""
    request = context.get("request")
    if request is None or not can_moderate_thread(actor_of(request), thread):
        return {"show": False}
    return {"show": True, "thread": thread, "csrf_token": context.get("csrf_token")}
