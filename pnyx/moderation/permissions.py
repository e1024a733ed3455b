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
from pnyx.moderation.models import ReportCase
from pnyx.threads.models import Post, Thread
from pnyx.threads.permissions import check_moderate_thread, check_view_thread

__all__ = [
    "can_moderate_thread",
    "can_report_post",
    "check_moderate_thread",
    "check_move_thread",
    "check_report_post",
    "check_resolve_case",
    "check_view_case",
    "check_view_moderation",
]

_NOT_THERE = gettext_lazy("You can only move threads to forums you moderate.")
_SIGN_IN_TO_REPORT = gettext_lazy("Sign in to report posts.")
_OWN_POST = gettext_lazy("You can't report your own post.")
_MODERATORS_ONLY = gettext_lazy("Only moderators can see this.")


def check_move_thread(actor: Actor | Access, thread: Thread, forum: Forum) -> None:
    """Moderators of both the thread's forum and ``forum`` move it there (a forum the
    actor may not see is missing: Http404)."""
    access = access_of(actor)
    check_moderate_thread(access, thread)
    if forum.pk not in access.grants.view:
        raise Http404
    if forum.pk not in access.grants.moderate:
        raise PermissionDenied(_NOT_THERE)


def check_report_post(actor: Actor | Access, post: Post) -> None:
    """Members report posts they can read, but not their own."""
    access = access_of(actor)
    check_view_thread(access, post.thread)
    if not access.is_member:
        raise PermissionDenied(_SIGN_IN_TO_REPORT)
    if access.is_self(post.author_id):
        raise PermissionDenied(_OWN_POST)


def check_view_moderation(actor: Actor | Access) -> None:
    """The moderation queue and the audit log: for moderators of at least one forum (each
    then shows only what concerns the forums they moderate)."""
    access = access_of(actor)
    if not access.grants.moderate:
        raise PermissionDenied(_MODERATORS_ONLY)


def check_view_case(actor: Actor | Access, case: ReportCase, *, reporter_ids: set[int]) -> None:
    """A case is seen by the moderators of its post's forum and by its reporters (who see
    the outcome); to anybody else it is missing."""
    access = access_of(actor)
    if case.post.thread.forum_id in access.grants.moderate:
        return
    if access.member_id is None or access.member_id not in reporter_ids:
        raise Http404


def check_resolve_case(actor: Actor | Access, case: ReportCase) -> None:
    """Moderators of the post's forum resolve its case (Http404 where it is hidden)."""
    check_moderate_thread(actor, case.post.thread)


can_moderate_thread = can_from(check_moderate_thread)
can_report_post = can_from(check_report_post)
