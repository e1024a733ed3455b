from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from pnyx.core.admin import Kind, PublishesEvents
from pnyx.core.events import Event, PostChanged, ThreadChanged
from pnyx.posting.services import delete_post, delete_thread
from pnyx.threads.models import Post, PostRevision, Thread


@admin.register(Thread)
class ThreadAdmin(PublishesEvents[Thread]):
    """Title, slug, pinned and locked are edited here; deleting goes through the service,
    which keeps the forum's and the authors' counters exact."""

    list_display = [
        "title",
        "forum",
        "author",
        "created_at",
        "reply_count",
        "view_count",
        "is_pinned",
        "is_locked",
    ]
    list_filter = ["is_pinned", "is_locked", "forum"]
    search_fields = ["title"]
    raw_id_fields = ["author"]
    # Moving threads between forums changes counters: that is a moderation action, not an edit.
    readonly_fields = ["forum", "author", "created_at", "reply_count", "view_count", "last_post_at"]
    fields = [
        "title",
        "slug",
        "forum",
        "author",
        "created_at",
        "is_pinned",
        "is_locked",
        "reply_count",
        "view_count",
        "last_post_at",
    ]

    def event(self, obj: Thread, kind: Kind, actor_id: int | None) -> Event:
        return ThreadChanged(kind=kind, thread_id=obj.pk, forum_id=obj.forum_id, actor_id=actor_id)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Thread) -> None:
        delete_thread(request.user, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Thread]) -> None:
        with transaction.atomic():
            for thread in queryset:
                delete_thread(request.user, thread)


class PostRevisionInline(admin.TabularInline[PostRevision, Post]):
    model = PostRevision
    fields = ["revision", "editor", "edited_at", "previous_source"]
    readonly_fields = ["revision", "editor", "edited_at", "previous_source"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Post)
class PostAdmin(PublishesEvents[Post]):
    """A post's text is edited, and posts are deleted, through the services (history kept,
    counters exact, events published)."""

    list_display = ["pk", "thread", "author", "position", "created_at", "edited_at"]
    search_fields = ["source"]
    readonly_fields = ["thread", "author", "position", "created_at", "edited_at", "revision"]
    fields = ["thread", "author", "position", "created_at", "edited_at", "revision", "source"]
    inlines = [PostRevisionInline]

    def event(self, obj: Post, kind: Kind, actor_id: int | None) -> Event:
        return PostChanged(
            kind="deleted" if kind == "deleted" else "edited",
            post_id=obj.pk,
            thread_id=obj.thread_id,
            forum_id=obj.thread.forum_id,
            member_id=obj.author_id,
            actor_id=actor_id,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Post) -> None:
        delete_post(request.user, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        with transaction.atomic():
            # Last first: each deletion moves up the posts after it.
            for post in queryset.order_by("thread_id", "-position"):
                delete_post(request.user, post)

    def save_model(self, request: HttpRequest, obj: Post, form: Any, change: bool) -> None:
        # Through the service, so the HTML is re-rendered and the old text kept in history.
        from pnyx.posting.services import edit_post

        new_source = obj.source
        obj.refresh_from_db(fields=["source"])
        edit_post(request.user, obj, body=new_source)
