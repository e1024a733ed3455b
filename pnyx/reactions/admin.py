from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pnyx.reactions.models import ReactionWeight
from pnyx.reactions.services import set_reaction_weight


@admin.register(ReactionWeight)
class ReactionWeightAdmin(admin.ModelAdmin[ReactionWeight]):
    list_display = ["kind", "weight"]

    def save_model(
        self, request: HttpRequest, obj: ReactionWeight, form: Any, change: bool
    ) -> None:
        # Recomputes every member's Reaction score with the new weight.
        set_reaction_weight(obj.kind, obj.weight)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
