from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pnyx.core.admin import Kind, PublishesEvents
from pnyx.core.events import Event, SettingsChanged
from pnyx.reactions.models import ReactionWeight
from pnyx.reactions.services import set_reaction_weight


@admin.register(ReactionWeight)
class ReactionWeightAdmin(PublishesEvents[ReactionWeight]):
    list_display = ["kind", "weight"]

    def event(self, obj: ReactionWeight, kind: Kind, actor_id: int | None) -> Event:
        return SettingsChanged(kind="reaction_weights", actor_id=actor_id)

    def save_model(
        self, request: HttpRequest, obj: ReactionWeight, form: Any, change: bool
    ) -> None:
        # Through the service: it recomputes every member's Reaction score with the new
        # weight and publishes SettingsChanged once they are written.
        set_reaction_weight(obj.kind, obj.weight)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
