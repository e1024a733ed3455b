from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from pnyx.accounts.models import ApiToken, Member
from pnyx.accounts.services import delete_member, revoke_token, set_email_by_staff
from pnyx.core.admin import Kind, PublishesEvents
from pnyx.core.events import Event, MemberChanged


@admin.register(Member)
class MemberAdmin(PublishesEvents[Member], UserAdmin):  # type: ignore[type-arg]
    """Member cards are on every page: changes publish MemberChanged; deleting goes through
    the service (reactions taken back, counters exact)."""

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

    def save_model(self, request: HttpRequest, obj: Member, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "email" in form.changed_data:
            # allauth's address rows follow, and the old address is told (issue 9).
            old = str(form.initial.get("email") or "")
            set_email_by_staff(request.user, obj, obj.email)
            if old and old.lower() != obj.email.lower():
                get_account_adapter(request).send_notification_mail(
                    "account/email/email_changed",
                    obj,
                    {"from_email": old, "to_email": obj.email},
                    email=old,
                )

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

    def event(self, obj: Member, kind: Kind, actor_id: int | None) -> Event:
        return MemberChanged(kind=kind, member_id=obj.pk, actor_id=actor_id)

    def delete_model(self, request: HttpRequest, obj: Member) -> None:
        delete_member(request.user, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Member]) -> None:
        with transaction.atomic():
            for member in queryset:
                delete_member(request.user, member)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Staff can see and revoke tokens; only their owners create them (the secret is shown
    once, to the owner)."""

    list_display = ["public_id", "name", "member", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["public_id", "name", "member__username"]
    list_select_related = ["member"]
    fields = ["member", "name", "public_id", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["member", "name", "public_id", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens", permissions=["view"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        tokens = list(queryset.select_related("member"))
        for token in tokens:
            revoke_token(request.user, token)
        self.message_user(request, f"{len(tokens)} token(s) revoked.")
