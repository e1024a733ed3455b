from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from pnyx.core.actors import Actor, is_member
from pnyx.threads.models import Post
from pnyx.threads.permissions import check_view_thread


def can_react_to_post(actor: Actor, post: Post) -> bool:
    return is_member(actor) and post.author_id != actor.pk


def check_react_to_post(actor: Actor, post: Post) -> None:
    check_view_thread(actor, post.thread)
    if not is_member(actor):
        raise PermissionDenied(_("Sign in to react to posts."))
    if post.author_id == actor.pk:
        raise PermissionDenied(_("You can't react to your own post."))
