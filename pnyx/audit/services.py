"""Writing the audit log. Every moderator and administrator action calls ``record_action``
inside its own transaction, so the entry exists exactly when the action does."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from pnyx.audit.enums import AuditTarget
from pnyx.audit.models import AuditEntry
from pnyx.core.actors import Actor, is_member
from pnyx.core.logs import current_request_id

REASON_MAX = 2000
LABEL_MAX = 300


def _plain(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """``value`` as JSON would store it (dates as ISO strings, lazy strings as text)."""
    if value is None:
        return None
    loaded: dict[str, Any] = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    return loaded


def record_action(
    actor: Actor | None,
    action: str,
    *,
    target_type: AuditTarget,
    target_id: int | None = None,
    target_label: str = "",
    forum_id: int | None = None,
    member_id: int | None = None,
    reason: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one entry to the audit log. ``actor`` None means the system (a timed close, an
    automatic sanction); ``action`` is a short dotted verb (``thread.lock``, ``post.delete``,
    ``member.ban``); ``before``/``after`` hold the changed fields where that applies. Call it
    inside the action's transaction."""
    acting = actor if actor is not None and is_member(actor) else None
    return AuditEntry.objects.create(
        created_at=timezone.now(),
        actor=acting,
        actor_name=acting.username if acting is not None else "",
        action=action[:64],
        target_type=target_type,
        target_id=target_id,
        target_label=target_label[:LABEL_MAX],
        forum_id=forum_id,
        member_id=member_id,
        reason=reason[:REASON_MAX],
        before=_plain(before),
        after=_plain(after),
        request_id=current_request_id() or "",
    )
