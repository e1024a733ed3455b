from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from pnyx.accounts.models import Member


@admin.register(Member)
class MemberAdmin(UserAdmin):  # type: ignore[type-arg]
    list_display = [
        "username",
        "display_name",
        "email",
        "date_joined",
        "post_count",
        "reaction_score",
        "is_staff",
        "is_active",
    ]
    search_fields = ["username", "display_name", "email"]
    readonly_fields = ["post_count", "reaction_score", "last_login", "date_joined"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            "Forum profile",
            {
                "fields": (
                    "display_name",
                    "avatar",
                    "country",
                    "location",
                    "post_count",
                    "reaction_score",
                )
            },
        ),
    )
