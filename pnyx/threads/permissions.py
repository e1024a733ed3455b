"""Who may read, reply to and edit what. Pages and services call these; templates use can_*."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from pnyx.core.actors import Actor, is_member, is_staff
from pnyx.core.site_settings import get_site_settings
from pnyx.forums.permissions import check_view_forum, forum_visibility_q
from pnyx.threads.models import Post, Thread


def visible_threads(actor: Actor, queryset: QuerySet[Thread] | None = None) -> QuerySet[Thread]:
    queryset = Thread.objects.all() if queryset is None else queryset
    return queryset.filter(forum_visibility_q(actor, "forum__"))


def visible_posts(actor: Actor, queryset: QuerySet[Post] | None = None) -> QuerySet[Post]:
    queryset = Post.objects.all() if queryset is None else queryset
    return queryset.filter(forum_visibility_q(actor, "thread__forum__"))


def check_view_thread(actor: Actor, thread: Thread) -> None:
    check_view_forum(actor, thread.forum)


def can_reply_thread(actor: Actor, thread: Thread) -> bool:
    if not is_member(actor):
        return False
    return is_staff(actor) or not thread.is_locked


def check_reply_thread(actor: Actor, thread: Thread) -> None:
    check_view_thread(actor, thread)
    if not is_member(actor):
        raise PermissionDenied(_("Sign in to reply."))
    if thread.is_locked and not is_staff(actor):
        raise PermissionDenied(_("This thread is locked: it takes no new replies."))


def edit_window_open(post: Post) -> bool:
    minutes = get_site_settings().edit_window_minutes
    if minutes == 0:
        return True
    return timezone.now() - post.created_at <= timedelta(minutes=minutes)


def can_edit_post(actor: Actor, post: Post) -> bool:
    if is_staff(actor):
        return True
    if not is_member(actor) or post.author_id != actor.pk:
        return False
    return not post.thread.is_locked and edit_window_open(post)


def check_edit_post(actor: Actor, post: Post) -> None:
    check_view_thread(actor, post.thread)
    if is_staff(actor):
        return
    if not is_member(actor) or post.author_id != actor.pk:
        raise PermissionDenied(_("You can only edit your own posts."))
    if post.thread.is_locked:
        raise PermissionDenied(_("This thread is locked: its posts can no longer be edited."))
    if not edit_window_open(post):
        raise PermissionDenied(_("The time allowed for editing this post has passed."))


def can_view_post_history(actor: Actor, post: Post) -> bool:
    return is_staff(actor) or (is_member(actor) and post.author_id == actor.pk)


def check_view_post_history(actor: Actor, post: Post) -> None:
    check_view_thread(actor, post.thread)
    if not can_view_post_history(actor, post):
        raise PermissionDenied(_("Only the author and staff can see a post's edit history."))
