"""Who may watch what and read which alert (each rule written once)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy

from pnyx.alerts.enums import POST_KINDS
from pnyx.alerts.models import Alert
from pnyx.core.access import Access, access_of, can_from
from pnyx.core.actors import Actor
from pnyx.forums.models import Forum
from pnyx.forums.permissions import check_read_forum
from pnyx.threads.models import Thread
from pnyx.threads.permissions import check_view_thread

_SIGN_IN_TO_WATCH = gettext_lazy("Sign in to watch threads and forums.")
_SIGN_IN_FOR_ALERTS = gettext_lazy("Sign in to see your alerts.")


def check_watch_thread(actor: Actor | Access, thread: Thread) -> None:
    access = access_of(actor)
    check_view_thread(access, thread)
    if not access.is_member:
        raise PermissionDenied(_SIGN_IN_TO_WATCH)


def check_watch_forum(actor: Actor | Access, forum: Forum) -> None:
    access = access_of(actor)
    check_read_forum(access, forum)
    if not access.is_member:
        raise PermissionDenied(_SIGN_IN_TO_WATCH)


def check_has_alerts(actor: Actor | Access) -> None:
    """Guests have no alerts (nor preferences)."""
    if not access_of(actor).is_member:
        raise PermissionDenied(_SIGN_IN_FOR_ALERTS)


def check_read_alert(actor: Actor | Access, alert: Alert) -> None:
    """An alert is its member's own, and one about a post only while they may read it."""
    access = access_of(actor)
    if alert.member_id != access.member_id:
        raise Http404
    if alert.kind in POST_KINDS and (
        alert.thread is None or alert.thread.forum_id not in access.grants.read
    ):
        raise Http404


can_watch_thread = can_from(check_watch_thread)
can_watch_forum = can_from(check_watch_forum)
can_read_alert = can_from(check_read_alert)
