"""Account bans: staff ban a member for a time or for good; the member cannot post, and is
told why and until when, on pages and in the API."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from pnyx.audit.models import AuditEntry
from pnyx.core.errors import SanctionedError
from pnyx.posting.services import create_thread, reply_to_thread
from pnyx.sanctions.models import Restriction
from pnyx.sanctions.services import ban_member
from pnyx.testing.api import error_of

if TYPE_CHECKING:
    from pnyx.accounts.models import Member
    from pnyx.forums.models import Forum
    from pnyx.testing.api import ApiClient
    from pnyx.threads.models import Thread

pytestmark = pytest.mark.django_db


def test_a_banned_member_cannot_post_and_is_told_why_and_until_when(
    moderator: Member, member: Member, thread: Thread, forum: Forum
) -> None:
    until = timezone.now() + timedelta(days=7)
    ban_member(moderator, member, reason="Spam links", until=until)
    with pytest.raises(SanctionedError) as refused:
        reply_to_thread(member, thread, body="Buy now.")
    assert refused.value.code == "banned"
    assert refused.value.until == until
    assert refused.value.message.startswith(
        "You are banned from this forum. Reason: Spam links. It ends on "
    )
    with pytest.raises(SanctionedError):
        create_thread(member, forum, title="Cheap", body="Buy now.")
    entry = AuditEntry.objects.get(action="member.ban")
    assert (entry.actor_id, entry.member_id, entry.reason) == (
        moderator.pk,
        member.pk,
        "Spam links",
    )
    with time_machine.travel(until + timedelta(seconds=1), tick=False):
        reply_to_thread(member, thread, body="Back, and behaving.")


def test_a_permanent_ban_says_so(moderator: Member, member: Member, thread: Thread) -> None:
    ban_member(moderator, member, reason="Ban evasion")
    with pytest.raises(SanctionedError) as refused:
        reply_to_thread(member, thread, body="Hello again.")
    assert refused.value.until is None
    assert refused.value.message.endswith("This is permanent.")


def test_only_staff_ban_and_never_staff(
    moderator: Member, member: Member, other_member: Member, admin: Member
) -> None:
    with pytest.raises(PermissionDenied):
        ban_member(member, other_member, reason="I disagree")
    with pytest.raises(PermissionDenied):
        ban_member(moderator, admin, reason="Coup")
    with pytest.raises(ValidationError):
        ban_member(moderator, member, reason="")
    with pytest.raises(ValidationError):
        ban_member(moderator, member, reason="x", until=timezone.now() - timedelta(minutes=1))
    assert not Restriction.objects.exists()


def test_the_page_form_shows_the_ban(
    moderator: Member, member: Member, member_client: Client, thread: Thread
) -> None:
    ban_member(moderator, member, reason="Harassment")
    answer = member_client.post(
        f"/threads/{thread.pk}-{thread.slug}/reply/",
        {"body": "My words", "idempotency_key": "d" * 20},
    )
    assert answer.status_code == 403
    html = answer.content.decode()
    assert "You are banned from this forum. Reason: Harassment. This is permanent." in html
    assert "My words" in html


def test_api_bans_and_the_banned_member_gets_403_with_the_end(
    moderator_api: ApiClient,
    member_api: ApiClient,
    other_member_api: ApiClient,
    guest_api: ApiClient,
    member: Member,
    thread: Thread,
) -> None:
    until = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
    body = {"reason": "Flooding", "until": until.isoformat()}
    assert guest_api.post("/members/alice/bans", body).status_code == 401
    assert other_member_api.post("/members/alice/bans", body).status_code == 403
    assert moderator_api.post("/members/nobody_at_all/bans", body).status_code == 404
    assert moderator_api.post("/members/mod_mia/bans", body).status_code == 403
    invalid = moderator_api.post("/members/alice/bans", {"reason": "x", "until": "soon"})
    assert invalid.status_code == 422
    answer = moderator_api.post("/members/alice/bans", body)
    assert answer.status_code == 201, answer.content
    created = json.loads(answer.content)
    assert created["username"] == "alice"
    assert (created["kind"], created["reason"]) == ("ban", "Flooding")
    assert created["until"].startswith(until.strftime("%Y-%m-%dT%H:%M:%S"))
    refused = member_api.post(f"/threads/{thread.pk}/posts", {"body": "Let me post."})
    assert refused.status_code == 403
    error = error_of(refused)
    assert error["code"] == "banned"
    assert error["until"] == until.isoformat()
    assert "Reason: Flooding." in error["message"]
    assert Restriction.objects.get().member_id == member.pk
