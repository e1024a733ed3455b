"""Who may use the moderation tools. Each rule is one ``check_*`` function (pages, the API and
the services call them); the ``can_*`` twins for templates are derived with ``can_from``.

Moderating is a forum grant of the actor's Access (``access.grants.moderate``: the forums it
moderates). Hidden things are Http404, visible things the actor may not do PermissionDenied.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy

from pnyx.core.access import Access, access_of, can_from
from pnyx.core.actors import Actor
from pnyx.forums.models import Forum
from pnyx.threads.models import Thread
from pnyx.threads.permissions import check_moderate_thread

__all__ = [
    "can_moderate_thread",
    "check_moderate_thread",
    "check_move_thread",
]

_NOT_THERE = gettext_lazy("You can only move threads to forums you moderate.")


def check_move_thread(actor: Actor | Access, thread: Thread, forum: Forum) -> None:
    """Moderators of both the thread's forum and ``forum`` move it there (a forum the
    actor may not see is missing: Http404)."""
    access = access_of(actor)
    check_moderate_thread(access, thread)
    if forum.pk not in access.grants.view:
        raise Http404
    if forum.pk not in access.grants.moderate:
        raise PermissionDenied(_NOT_THERE)


can_moderate_thread = can_from(check_moderate_thread)
