"""Who may read, reply to, moderate and edit what. Each rule is one ``check_*`` function (pages,
the API and services call them); the ``can_*`` functions templates use are derived from them.

Every function takes the actor or its Access (``pnyx.core.access``): a thread or post is
readable when its forum is among the forums the Access reads (its whole ancestry is checked
there, once per reader), and the actions ask for the forum's grants.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from pnyx.core.access import Access, access_of, can_from
from pnyx.core.actors import Actor
from pnyx.core.site_settings import get_site_settings
from pnyx.threads.models import Post, Thread


def visible_threads(
    actor: Actor | Access, queryset: QuerySet[Thread] | None = None
) -> QuerySet[Thread]:
    queryset = Thread.objects.all() if queryset is None else queryset
    return queryset.filter(forum_id__in=sorted(access_of(actor).grants.read))


def visible_posts(actor: Actor | Access, queryset: QuerySet[Post] | None = None) -> QuerySet[Post]:
    queryset = Post.objects.all() if queryset is None else queryset
    return queryset.filter(thread__forum_id__in=sorted(access_of(actor).grants.read))


_SIGN_IN_TO_REPLY = gettext_lazy("Sign in to reply.")
_NO_REPLIES_HERE = gettext_lazy("You can't reply in this forum.")
_LOCKED = gettext_lazy("This thread is locked: it takes no new replies.")
_MODERATORS_ONLY = gettext_lazy("Only moderators can do that.")
_OWN_POSTS_ONLY = gettext_lazy("You can only edit your own posts.")
_NO_EDITS_HERE = gettext_lazy("You can't edit posts in this forum.")
_LOCKED_EDIT = gettext_lazy("This thread is locked: its posts can no longer be edited.")
_EDIT_WINDOW = gettext_lazy("The time allowed for editing this post has passed.")
_HISTORY = gettext_lazy("Only the author and staff can see a post's edit history.")
_DELETE = gettext_lazy("Only moderators can delete posts and threads.")


def check_view_thread(actor: Actor | Access, thread: Thread) -> None:
    """Http404 (never 403) for a thread in a forum the actor may not read."""
    if thread.forum_id not in access_of(actor).grants.read:
        raise Http404


def check_moderate_thread(actor: Actor | Access, thread: Thread) -> None:
    """Moderators of the thread's forum (staff, today) act on it whatever its state: they
    reply to it and edit its posts when it is locked."""
    access = access_of(actor)
    check_view_thread(access, thread)
    if thread.forum_id not in access.grants.moderate:
        raise PermissionDenied(_MODERATORS_ONLY)


def check_reply_thread(actor: Actor | Access, thread: Thread) -> None:
    access = access_of(actor)
    check_view_thread(access, thread)
    if not access.is_member:
        raise PermissionDenied(_SIGN_IN_TO_REPLY)
    if thread.forum_id not in access.grants.reply:
        raise PermissionDenied(_NO_REPLIES_HERE)
    if thread.is_locked and thread.forum_id not in access.grants.moderate:
        raise PermissionDenied(_LOCKED)


def edit_window_open(post: Post) -> bool:
    minutes = get_site_settings().edit_window_minutes
    if minutes == 0:
        return True
    return timezone.now() - post.created_at <= timedelta(minutes=minutes)


def check_edit_post(actor: Actor | Access, post: Post) -> None:
    access = access_of(actor)
    thread = post.thread
    check_view_thread(access, thread)
    if thread.forum_id in access.grants.moderate:
        return
    if not access.is_self(post.author_id):
        raise PermissionDenied(_OWN_POSTS_ONLY)
    if thread.forum_id not in access.grants.edit_own:
        raise PermissionDenied(_NO_EDITS_HERE)
    if thread.is_locked:
        raise PermissionDenied(_LOCKED_EDIT)
    if not edit_window_open(post):
        raise PermissionDenied(_EDIT_WINDOW)


def check_view_post_history(actor: Actor | Access, post: Post) -> None:
    access = access_of(actor)
    thread = post.thread
    check_view_thread(access, thread)
    if not (access.is_self(post.author_id) or thread.forum_id in access.grants.moderate):
        raise PermissionDenied(_HISTORY)


def check_delete_thread(actor: Actor | Access, thread: Thread) -> None:
    """Moderators of the thread's forum (staff, today) delete it with its posts."""
    access = access_of(actor)
    check_view_thread(access, thread)
    if thread.forum_id not in access.grants.moderate:
        raise PermissionDenied(_DELETE)


def check_delete_post(actor: Actor | Access, post: Post) -> None:
    """Moderators of the post's forum delete it (its thread, when it is the first post)."""
    check_delete_thread(actor, post.thread)


can_view_thread = can_from(check_view_thread)
can_moderate_thread = can_from(check_moderate_thread)
can_reply_thread = can_from(check_reply_thread)
can_edit_post = can_from(check_edit_post)
can_view_post_history = can_from(check_view_post_history)
can_delete_thread = can_from(check_delete_thread)
can_delete_post = can_from(check_delete_post)
