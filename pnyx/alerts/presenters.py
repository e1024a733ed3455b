"""What the alert centre and the API show of an alert: frozen values, with the sentence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pnyx.alerts.enums import AlertKind
from pnyx.alerts.models import Alert
from pnyx.core.access import Access
from pnyx.core.actors import Actor
from pnyx.core.urls import reverse_cached
from pnyx.threads.selectors import post_url


@dataclass(frozen=True, slots=True)
class AlertItem:
    id: int
    kind: str
    message: str
    actor_name: str | None
    actor_username: str | None
    thread_id: int | None
    thread_title: str | None
    post_id: int | None
    follow_url: str  # marks it read, then goes to ``target_url``
    created_at: datetime
    read: bool


def alert_link(alert: Alert) -> str:
    """Where an alert leads: the exact post, or what another app gave."""
    if alert.post is not None:
        return post_url(alert.post)
    return alert.url or reverse_cached("alert-list")


def _message(alert: Alert, actor_name: str) -> str:
    title = alert.thread.title if alert.thread is not None else ""
    kind = alert.kind
    if kind == AlertKind.REPLY:
        return _("%(actor)s replied to %(thread)s") % {"actor": actor_name, "thread": title}
    if kind == AlertKind.THREAD:
        return _("%(actor)s started %(thread)s") % {"actor": actor_name, "thread": title}
    if kind == AlertKind.QUOTE:
        return _("%(actor)s quoted your post in %(thread)s") % {
            "actor": actor_name,
            "thread": title,
        }
    if kind == AlertKind.MENTION:
        return _("%(actor)s mentioned you in %(thread)s") % {"actor": actor_name, "thread": title}
    if kind == AlertKind.REACTION:
        if alert.actor_count > 1:
            return ngettext(
                "%(n)d member reacted to your post in %(thread)s",
                "%(n)d members reacted to your post in %(thread)s",
                alert.actor_count,
            ) % {"n": alert.actor_count, "thread": title}
        return _("%(actor)s reacted to your post in %(thread)s") % {
            "actor": actor_name,
            "thread": title,
        }
    if alert.text:
        return alert.text
    if kind == AlertKind.REPORT_OUTCOME:
        return _("A report of yours was handled")
    if kind == AlertKind.MODERATION:
        return _("A moderator acted on your content")
    return _("%(actor)s sent you a message") % {"actor": actor_name}


def alert_item(alert: Alert) -> AlertItem:
    actor = alert.actor
    actor_name = actor.name if actor is not None else _("Someone")
    return AlertItem(
        id=alert.pk,
        kind=alert.kind,
        message=_message(alert, actor_name),
        actor_name=actor.name if actor is not None else None,
        actor_username=actor.username if actor is not None else None,
        thread_id=alert.thread_id,
        thread_title=alert.thread.title if alert.thread is not None else None,
        post_id=alert.post_id,
        follow_url=reverse_cached("alert-open", alert.pk),
        created_at=alert.created_at,
        read=alert.read_at is not None,
    )


def alert_items(actor: Actor | Access, alerts: list[Alert]) -> list[AlertItem]:
    """The alerts as ``actor`` sees them (already filtered by ``selectors.readable``)."""
    return [alert_item(alert) for alert in alerts]
