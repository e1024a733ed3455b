from __future__ import annotations

from datetime import date

import pytest

from pnyx.accounts.models import Member
from pnyx.audit.enums import AuditTarget
from pnyx.audit.models import AuditEntry
from pnyx.audit.services import REASON_MAX, record_action
from pnyx.threads.models import Thread

pytestmark = pytest.mark.django_db


def test_record_action_keeps_who_what_and_why(moderator: Member, thread: Thread) -> None:
    entry = record_action(
        moderator,
        "thread.lock",
        target_type=AuditTarget.THREAD,
        target_id=thread.pk,
        target_label=thread.title,
        forum_id=thread.forum_id,
        member_id=thread.author_id,
        reason="Flame war",
        before={"is_locked": False, "on": date(2026, 1, 2)},
        after={"is_locked": True},
    )
    entry.refresh_from_db()
    assert entry.actor_id == moderator.pk
    assert entry.actor_name == moderator.username
    assert (entry.action, entry.target_type, entry.target_id) == (
        "thread.lock",
        "thread",
        thread.pk,
    )
    assert entry.target_label == thread.title
    assert entry.forum_id == thread.forum_id
    assert entry.reason == "Flame war"
    assert entry.before == {"is_locked": False, "on": "2026-01-02"}
    assert entry.after == {"is_locked": True}


def test_record_action_without_an_actor_is_the_system() -> None:
    entry = record_action(None, "thread.close", target_type=AuditTarget.THREAD, target_id=7)
    assert entry.actor_id is None
    assert entry.actor_name == ""


def test_record_action_cuts_an_overlong_reason(moderator: Member) -> None:
    entry = record_action(
        moderator, "member.warn", target_type=AuditTarget.MEMBER, reason="x" * (REASON_MAX + 9)
    )
    assert len(entry.reason) == REASON_MAX


def test_the_entry_keeps_the_actor_name_after_the_actor_is_gone(moderator: Member) -> None:
    entry = record_action(moderator, "post.delete", target_type=AuditTarget.POST, target_id=1)
    Member.objects.filter(pk=moderator.pk).delete()
    entry.refresh_from_db()
    assert entry.actor_id is None
    assert entry.actor_name == moderator.username


def test_entries_are_never_changed_or_deleted(moderator: Member) -> None:
    entry = record_action(moderator, "post.delete", target_type=AuditTarget.POST, target_id=1)
    entry.reason = "rewritten"
    with pytest.raises(TypeError, match="never changed"):
        entry.save()
    with pytest.raises(TypeError, match="never deleted"):
        entry.delete()
    with pytest.raises(TypeError, match="never changed"):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(TypeError, match="never deleted"):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""
