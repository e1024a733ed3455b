"""Forum page flows: one call per page or API endpoint."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import overload

from pnyx.core.access import access_of
from pnyx.core.actors import Actor
from pnyx.core.pages import Redirect
from pnyx.forums.models import Forum
from pnyx.forums.permissions import can_start_thread
from pnyx.forums.selectors import ThreadListPage, forum_threads_page, get_forum, subforums


@dataclass
class ForumPage:
    forum: Forum
    listing: ThreadListPage
    can_start_thread: bool
    subforums: list[Forum] = field(default_factory=list)


@overload
def read_forum_page(
    actor: Actor,
    forum_id: int,
    number: int,
    *,
    slug: None = None,
    paged_url: bool = False,
    with_subforums: bool = False,
) -> ForumPage: ...


@overload
def read_forum_page(
    actor: Actor,
    forum_id: int,
    number: int,
    *,
    slug: str,
    paged_url: bool = False,
    with_subforums: bool = False,
) -> ForumPage | Redirect: ...


def read_forum_page(
    actor: Actor,
    forum_id: int,
    number: int,
    *,
    slug: str | None = None,
    paged_url: bool = False,
    with_subforums: bool = False,
) -> ForumPage | Redirect:
    """One page of a forum's threads as the actor sees them (Http404 for a forum it may not
    see, or a page past the last). Pages pass the URL's ``slug`` (and whether it spelt out
    ``page-N``) and get a Redirect to the canonical URL for another slug or an explicit
    ``page-1``; they also list the subforums (``with_subforums``), the API does not."""
    access = access_of(actor)
    forum = get_forum(access, forum_id)
    if slug is not None and (slug != forum.slug or (number == 1 and paged_url)):
        suffix = f"page-{number}" if number > 1 else ""
        return Redirect(forum.get_absolute_url() + suffix)
    return ForumPage(
        forum=forum,
        listing=forum_threads_page(actor, forum, number),
        can_start_thread=can_start_thread(access, forum),
        subforums=subforums(access, forum) if with_subforums else [],
    )
