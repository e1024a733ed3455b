"""Moderators' heat controls: slow mode on a thread, reply bans for named members.

Each function is one moderator action: the permission is checked first, the write runs in
one transaction with its audit log entry (``pnyx.audit.services.record_action``), and what
guests can see (a thread's slow mode notice) publishes ``ThreadChanged``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pnyx.accounts.models import Member
from pnyx.audit.enums import AuditTarget
from pnyx.audit.services import record_action
from pnyx.core.access import Access, access_of
from pnyx.core.actors import Actor
from pnyx.core.events import ThreadChanged, publish_on_commit
from pnyx.sanctions.enums import RestrictionKind
from pnyx.sanctions.models import Restriction
from pnyx.sanctions.permissions import check_ban_member
from pnyx.threads.models import Thread
from pnyx.threads.permissions import check_moderate_thread

SLOW_MODE_MAX_SECONDS = 24 * 3600
REASON_MAX = 500


def clean_reason(reason: str, *, required: bool) -> str:
    reason = reason.strip()
    if required and not reason:
        raise ValidationError({"reason": _("Give a reason: the member is shown it.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("At most %(n)d characters.") % {"n": REASON_MAX}})
    return reason


def clean_until(until: datetime | None, now: datetime) -> datetime | None:
    if until is not None and until <= now:
        raise ValidationError({"until": _("The end must be in the future.")})
    return until


def _acting(actor: Actor | Access) -> Member | None:
    """The acting member for the audit log (None when given only an Access)."""
    return actor if isinstance(actor, Member) else None


def set_slow_mode(
    actor: Actor,
    thread: Thread,
    *,
    seconds: int,
    until: datetime | None = None,
    reason: str = "",
) -> Thread:
    """Turn slow mode on (one post per member per ``seconds``, until ``until`` or until
    turned off) or off (``seconds`` 0) on ``thread``. Moderators of its forum only."""
    check_moderate_thread(actor, thread)
    if not 0 <= seconds <= SLOW_MODE_MAX_SECONDS:
        raise ValidationError(
            {"seconds": _("From 0 (off) to %(n)d seconds.") % {"n": SLOW_MODE_MAX_SECONDS}}
        )
    now = timezone.now()
    until = None if seconds == 0 else clean_until(until, now)
    reason = clean_reason(reason, required=False)
    with transaction.atomic():
        current = Thread.objects.select_for_update().get(pk=thread.pk)
        before = {
            "slow_mode_seconds": current.slow_mode_seconds,
            "slow_mode_until": current.slow_mode_until,
        }
        after = {"slow_mode_seconds": seconds, "slow_mode_until": until}
        Thread.objects.filter(pk=thread.pk).update(slow_mode_seconds=seconds, slow_mode_until=until)
        record_action(
            _acting(actor),
            "thread.slow_mode" if seconds else "thread.slow_mode.off",
            target_type=AuditTarget.THREAD,
            target_id=thread.pk,
            target_label=thread.title,
            forum_id=thread.forum_id,
            reason=reason,
            before=before,
            after=after,
        )
        publish_on_commit(
            ThreadChanged(
                kind="updated",
                thread_id=thread.pk,
                forum_id=thread.forum_id,
                actor_id=access_of(actor).member_id,
            )
        )
    thread.slow_mode_seconds, thread.slow_mode_until = seconds, until
    return thread


def ban_from_thread(
    actor: Actor,
    thread: Thread,
    member: Member,
    *,
    reason: str,
    until: datetime | None = None,
) -> Restriction:
    """Ban ``member`` from replying to ``thread`` (until ``until``, or for good), with a
    reason they are shown. Moderators of the thread's forum only; not on its moderators."""
    check_moderate_thread(actor, thread)
    if thread.forum_id in access_of(member).grants.moderate:
        raise PermissionDenied(_("Moderators of this forum cannot be banned from its threads."))
    now = timezone.now()
    reason = clean_reason(reason, required=True)
    until = clean_until(until, now)
    with transaction.atomic():
        restriction = Restriction.objects.create(
            member=member,
            kind=RestrictionKind.REPLY_BAN,
            thread=thread,
            reason=reason,
            created_at=now,
            ends_at=until,
            created_by=_acting(actor),
        )
        record_action(
            _acting(actor),
            "thread.reply_ban",
            target_type=AuditTarget.THREAD,
            target_id=thread.pk,
            target_label=thread.title,
            forum_id=thread.forum_id,
            member_id=member.pk,
            reason=reason,
            after={"member": member.username, "until": until},
        )
    return restriction


def lift_reply_ban(actor: Actor, restriction: Restriction, *, reason: str = "") -> None:
    """End a reply ban now. Moderators of the thread's forum only."""
    if restriction.thread is None:
        raise ValueError("not a reply ban")
    check_moderate_thread(actor, restriction.thread)
    reason = clean_reason(reason, required=False)
    if restriction.lifted_at is not None:
        return
    now = timezone.now()
    with transaction.atomic():
        lifted = Restriction.objects.filter(pk=restriction.pk, lifted_at__isnull=True).update(
            lifted_at=now, lifted_by=_acting(actor)
        )
        if not lifted:
            return
        record_action(
            _acting(actor),
            "thread.reply_ban.lift",
            target_type=AuditTarget.THREAD,
            target_id=restriction.thread.pk,
            target_label=restriction.thread.title,
            forum_id=restriction.thread.forum_id,
            member_id=restriction.member_id,
            reason=reason,
            before={"until": restriction.ends_at},
            after={"lifted_at": now},
        )
    restriction.lifted_at = now


def ban_member(
    actor: Actor, member: Member, *, reason: str, until: datetime | None = None
) -> Restriction:
    """Ban ``member`` from acting on the forum (until ``until``, or for good), with a reason
    they are shown. Staff only; never on staff. The member keeps reading what guests read."""
    check_ban_member(actor, member.pk, bool(member.is_staff))
    now = timezone.now()
    reason = clean_reason(reason, required=True)
    until = clean_until(until, now)
    with transaction.atomic():
        restriction = Restriction.objects.create(
            member=member,
            kind=RestrictionKind.BAN,
            reason=reason,
            created_at=now,
            ends_at=until,
            created_by=_acting(actor),
        )
        record_action(
            _acting(actor),
            "member.ban",
            target_type=AuditTarget.MEMBER,
            target_id=member.pk,
            target_label=member.username,
            member_id=member.pk,
            reason=reason,
            after={"until": until},
        )
    return restriction


def until_from_minutes(minutes: int | None, now: datetime | None = None) -> datetime | None:
    """``minutes`` from now (None or 0: no end)."""
    if not minutes:
        return None
    return (now or timezone.now()) + timedelta(minutes=minutes)
