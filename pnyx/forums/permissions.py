"""Who may see and post in which forum. The only place these rules live."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from pnyx.core.actors import Actor, is_member, is_staff
from pnyx.forums.enums import Visibility
from pnyx.forums.models import Forum


def readable_visibilities(actor: Actor) -> list[str]:
    if is_staff(actor):
        return [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.STAFF]
    if is_member(actor):
        return [Visibility.PUBLIC, Visibility.MEMBERS]
    return [Visibility.PUBLIC]


def forum_visibility_q(actor: Actor, prefix: str = "") -> Q:
    """A filter for forums (or, with a prefix such as ``thread__forum__``, their rows)."""
    return forum_visibility_q_for(readable_visibilities(actor), prefix)


def forum_visibility_q_for(allowed: list[str], prefix: str = "") -> Q:
    """``forum_visibility_q`` for the visibilities a reader may see."""
    return Q(**{f"{prefix}visibility__in": allowed}) & (
        Q(**{f"{prefix}parent__isnull": True}) | Q(**{f"{prefix}parent__visibility__in": allowed})
    )


def visible_forums(actor: Actor, queryset: QuerySet[Forum] | None = None) -> QuerySet[Forum]:
    queryset = Forum.objects.all() if queryset is None else queryset
    return queryset.filter(forum_visibility_q(actor))


def can_view_forum(actor: Actor, forum: Forum) -> bool:
    allowed = readable_visibilities(actor)
    if forum.visibility not in allowed:
        return False
    return forum.parent_id is None or (
        forum.parent is not None and forum.parent.visibility in allowed
    )


def check_view_forum(actor: Actor, forum: Forum) -> None:
    """Raise Http404 (never 403) so a hidden forum looks like a missing one."""
    if not can_view_forum(actor, forum):
        raise Http404


def can_start_thread(actor: Actor, forum: Forum) -> bool:
    return is_member(actor) and can_view_forum(actor, forum)


def check_start_thread(actor: Actor, forum: Forum) -> None:
    check_view_forum(actor, forum)
    if not is_member(actor):
        raise PermissionDenied(_("Sign in to start a thread."))
