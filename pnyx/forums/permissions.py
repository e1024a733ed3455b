"""Who may see and post in which forum. The only place these rules live.

``VisibilityPolicy`` is the forum policy of ``pnyx.core.access``: it turns an actor into forum
grants from the forum tree (``pnyx.forums.tree``). A forum is readable when its own visibility
and that of every ancestor, to any depth, are ones the actor's tier reads: guests read public
forums, members also members-only ones, staff everything. Members may start threads, reply,
react and edit their own posts wherever they read; staff moderate wherever they read.
The rules below ask the Access, so a policy with groups (issue 11) changes only the policy.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy

from pnyx.core.access import (
    EMPTY,
    Access,
    ActorFacts,
    ForumGrants,
    access_of,
    can_from,
    facts_of,
)
from pnyx.core.actors import Actor
from pnyx.forums.enums import Visibility
from pnyx.forums.models import Forum
from pnyx.forums.tree import ForumTree, current_forum_tree, held_forum_tree

_TIERS: dict[tuple[bool, bool], list[str]] = {
    (False, False): [Visibility.PUBLIC],
    (True, False): [Visibility.PUBLIC, Visibility.MEMBERS],
    (True, True): [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.STAFF],
}


def _tier(facts: ActorFacts) -> list[str]:
    return _TIERS[(facts.is_member, facts.is_member and facts.is_staff)]


def readable_visibilities(actor: Actor | Access) -> list[str]:
    """The visibilities the actor's tier reads (a forum also needs its ancestors' to be)."""
    facts = actor.facts if isinstance(actor, Access) else facts_of(actor)
    return list(_tier(facts))


class VisibilityPolicy:
    """Forum grants from each forum's visibility and its ancestors' (see the module)."""

    def grants(self, facts: ActorFacts) -> ForumGrants:
        return self.grants_in(current_forum_tree(), facts)

    @staticmethod
    def grants_in(tree: ForumTree, facts: ActorFacts) -> ForumGrants:
        key = ("visibility-policy", facts.is_member, facts.is_member and facts.is_staff)
        found = tree.memo.get(key)
        if isinstance(found, ForumGrants):
            return found
        readable = tree.reachable(frozenset(_tier(facts)))
        acting = readable if facts.is_member else EMPTY
        grants = tree.memo[key] = ForumGrants(
            view=readable,
            read=readable,
            start_thread=acting,
            reply=acting,
            react=acting,
            edit_own=acting,
            bypass_limits=readable if facts.is_member and facts.is_staff else EMPTY,
            moderate=readable if facts.is_member and facts.is_staff else EMPTY,
        )
        return grants

    def generation(self) -> object:
        return held_forum_tree()


def visible_forums(
    actor: Actor | Access, queryset: QuerySet[Forum] | None = None
) -> QuerySet[Forum]:
    queryset = Forum.objects.all() if queryset is None else queryset
    return queryset.filter(pk__in=sorted(access_of(actor).grants.view))


_NOT_READABLE = gettext_lazy("You can't read the threads of this forum.")
_SIGN_IN_TO_START = gettext_lazy("Sign in to start a thread.")
_NO_NEW_THREADS = gettext_lazy("You can't start threads in this forum.")


def check_view_forum(actor: Actor | Access, forum: Forum) -> None:
    """Raise Http404 (never 403) so a hidden forum looks like a missing one."""
    if forum.pk not in access_of(actor).grants.view:
        raise Http404


def check_read_forum(actor: Actor | Access, forum: Forum) -> None:
    """Its thread list and threads (a forum may be seen in lists without being readable)."""
    access = access_of(actor)
    check_view_forum(access, forum)
    if forum.pk not in access.grants.read:
        raise PermissionDenied(_NOT_READABLE)


def check_start_thread(actor: Actor | Access, forum: Forum) -> None:
    access = access_of(actor)
    check_read_forum(access, forum)
    if not access.is_member:
        raise PermissionDenied(_SIGN_IN_TO_START)
    if forum.pk not in access.grants.start_thread:
        raise PermissionDenied(_NO_NEW_THREADS)


can_view_forum = can_from(check_view_forum)
can_read_forum = can_from(check_read_forum)
can_start_thread = can_from(check_start_thread)
