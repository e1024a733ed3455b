"""Who may react to which post (see pnyx.threads.permissions for reading it)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from pnyx.core.access import Access, access_of, can_from
from pnyx.core.actors import Actor
from pnyx.threads.models import Post
from pnyx.threads.permissions import check_view_thread

_SIGN_IN_TO_REACT = gettext_lazy("Sign in to react to posts.")
_NOT_OWN_POST = gettext_lazy("You can't react to your own post.")
_NO_REACTIONS_HERE = gettext_lazy("You can't react to posts in this forum.")


def check_react_to_post(actor: Actor | Access, post: Post) -> None:
    access = access_of(actor)
    thread = post.thread
    check_view_thread(access, thread)
    if not access.is_member:
        raise PermissionDenied(_SIGN_IN_TO_REACT)
    if access.is_self(post.author_id):
        raise PermissionDenied(_NOT_OWN_POST)
    if thread.forum_id not in access.grants.react:
        raise PermissionDenied(_NO_REACTIONS_HERE)


can_react_to_post = can_from(check_react_to_post)
