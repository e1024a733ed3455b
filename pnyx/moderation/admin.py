from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pnyx.moderation.models import ReportReason


@admin.register(ReportReason)
class ReportReasonAdmin(admin.ModelAdmin[ReportReason]):
    """The reasons members choose from when they report a post. A reason in use is turned
    off (``offered``), not deleted, so past reports keep it."""

    list_display = ["label", "key", "position", "is_active"]
    list_editable = ["position", "is_active"]
    ordering = ["position", "pk"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
