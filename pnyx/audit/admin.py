from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pnyx.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """The log, read-only: nobody adds, changes or deletes entries here."""

    list_display = ["created_at", "actor_name", "action", "target_type", "target_label", "reason"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_name", "target_label", "reason"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
