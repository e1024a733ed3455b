from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, Literal, TypeVar

from django.contrib import admin
from django.db import transaction
from django.db.models import Model, QuerySet
from django.forms import BaseFormSet, ModelForm
from django.http import HttpRequest

from pnyx.core.events import Event, SettingsChanged, publish_on_commit
from pnyx.core.models import SiteSettings

M = TypeVar("M", bound=Model)
Kind = Literal["created", "updated", "deleted"]


class PublishesEvents(admin.ModelAdmin[M], Generic[M]):
    """A ModelAdmin whose saves and deletions publish domain events, as the services do.

    The admin writes rows itself, outside the services; for a model guests can see, this
    mixin makes every admin write (the change form, its inlines, ``list_editable``, the
    delete page and the "delete selected" action) publish ``event(obj, kind, actor_id)``,
    so the guest page cache and every other subscriber hear of it. Admins that delete
    through a service (which publishes) override ``delete_model``/``delete_queryset``.
    """

    def event(self, obj: M, kind: Kind, actor_id: int | None) -> Event:
        raise NotImplementedError  # pragma: no cover - every subclass says what changed

    def publish(self, request: HttpRequest, objs: Iterable[M], kind: Kind) -> None:
        actor_id = getattr(request.user, "pk", None)
        for obj in objs:
            publish_on_commit(self.event(obj, kind, actor_id))

    def save_model(self, request: HttpRequest, obj: M, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            self.publish(request, [obj], "updated" if change else "created")

    def save_related(
        self, request: HttpRequest, form: ModelForm[M], formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        if any(_changed(formset) for formset in formsets):
            self.publish(request, [form.instance], "updated")

    def delete_model(self, request: HttpRequest, obj: M) -> None:
        with transaction.atomic():
            events = [self.event(obj, "deleted", getattr(request.user, "pk", None))]
            super().delete_model(request, obj)
            for event in events:
                publish_on_commit(event)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[M]) -> None:
        with transaction.atomic():
            actor_id = getattr(request.user, "pk", None)
            events = [self.event(obj, "deleted", actor_id) for obj in queryset]
            super().delete_queryset(request, queryset)
            for event in events:
                publish_on_commit(event)


def _changed(formset: BaseFormSet[Any]) -> bool:
    return bool(
        getattr(formset, "new_objects", None)
        or getattr(formset, "changed_objects", None)
        or getattr(formset, "deleted_objects", None)
    )


@admin.register(SiteSettings)
class SiteSettingsAdmin(PublishesEvents[SiteSettings]):
    list_display = ["name", "registration_open", "edit_window_minutes", "posts_per_page"]

    def event(self, obj: SiteSettings, kind: Kind, actor_id: int | None) -> Event:
        return SettingsChanged(kind="site", actor_id=actor_id)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: SiteSettings | None = None) -> bool:
        return False
