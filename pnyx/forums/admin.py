from __future__ import annotations

from django.contrib import admin

from pnyx.core.admin import Kind, PublishesEvents
from pnyx.core.events import Event, ForumChanged
from pnyx.forums.models import Category, Forum


class ForumInline(admin.TabularInline[Forum, Category]):
    model = Forum
    fields = ["name", "slug", "position", "visibility", "parent"]
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Category)
class CategoryAdmin(PublishesEvents[Category]):
    list_display = ["name", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ForumInline]

    def event(self, obj: Category, kind: Kind, actor_id: int | None) -> Event:
        return ForumChanged(kind=kind, forum_id=None, category_id=obj.pk, actor_id=actor_id)


@admin.register(Forum)
class ForumAdmin(PublishesEvents[Forum]):
    list_display = [
        "name",
        "category",
        "parent",
        "visibility",
        "position",
        "thread_count",
        "post_count",
    ]
    list_filter = ["category", "visibility"]
    list_editable = ["position", "visibility"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["thread_count", "post_count", "last_post_at"]

    def event(self, obj: Forum, kind: Kind, actor_id: int | None) -> Event:
        return ForumChanged(
            kind=kind, forum_id=obj.pk, category_id=obj.category_id, actor_id=actor_id
        )
