from __future__ import annotations

from django.contrib import admin

from pnyx.forums.models import Category, Forum


class ForumInline(admin.TabularInline[Forum, Category]):
    model = Forum
    fields = ["name", "slug", "position", "visibility", "parent"]
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ["name", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ForumInline]


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin[Forum]):
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
