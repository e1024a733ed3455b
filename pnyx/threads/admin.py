from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pnyx.threads.models import Post, PostRevision, Thread


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin[Thread]):
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class PostRevisionInline(admin.TabularInline[PostRevision, Post]):
    model = PostRevision
    fields = ["revision", "editor", "edited_at", "previous_source"]
    readonly_fields = ["revision", "editor", "edited_at", "previous_source"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin[Post]):
    list_display = ["pk", "thread", "author", "position", "created_at", "edited_at"]
    search_fields = ["source"]
    readonly_fields = ["thread", "author", "position", "created_at", "edited_at", "revision"]
    fields = ["thread", "author", "position", "created_at", "edited_at", "revision", "source"]
    inlines = [PostRevisionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Post, form: Any, change: bool) -> None:
        # Through the service, so the HTML is re-rendered and the old text kept in history.
        from pnyx.posting.services import edit_post

        new_source = obj.source
        obj.refresh_from_db(fields=["source"])
        edit_post(request.user, obj, body=new_source)
