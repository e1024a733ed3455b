"""Heat controls: slow mode (set by moderators or by the heat trigger) and reply bans, on
pages, in the API and in the services."""

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
from pnyx.core.models import SiteSettings
from pnyx.core.ratelimit import RateLimitError
from pnyx.posting.services import create_thread, reply_to_thread
from pnyx.sanctions.heat import HEAT_ACTION
from pnyx.sanctions.models import Restriction
from pnyx.sanctions.services import ban_from_thread, lift_reply_ban, set_slow_mode
from pnyx.testing.api import error_of
from pnyx.testing.factories import make_member, make_thread
from pnyx.threads.models import Post, Thread

if TYPE_CHECKING:
    from pnyx.accounts.models import Member
    from pnyx.forums.models import Forum
    from pnyx.testing.api import ApiClient

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- slow mode


def test_slow_mode_lets_a_member_post_once_per_interval(
    moderator: Member, member: Member, other_member: Member, thread: Thread
) -> None:
    set_slow_mode(moderator, thread, seconds=120, reason="Flame war")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        reply_to_thread(member, thread, body="My one point.")
        traveller.shift(timedelta(seconds=30))
        with pytest.raises(RateLimitError) as refused:
            reply_to_thread(member, thread, body="And another!")
        assert refused.value.retry_after == 90
        assert refused.value.message == (
            "This thread is in slow mode: each member may post once every 120 seconds. "
            "You can post again in 90 seconds."
        )
        reply_to_thread(other_member, thread, body="Someone else may.")
        reply_to_thread(moderator, thread, body="Moderators are not slowed.")
        reply_to_thread(moderator, thread, body="Not at all.")
        traveller.shift(timedelta(seconds=90))
        reply_to_thread(member, thread, body="My second point.")
    assert Post.objects.filter(thread=thread, author=member).count() == 2


def test_slow_mode_ends_at_its_time_and_can_be_turned_off(
    moderator: Member, member: Member, thread: Thread
) -> None:
    now = timezone.now()
    set_slow_mode(moderator, thread, seconds=600, until=now + timedelta(minutes=5))
    reply_to_thread(member, thread, body="One.")
    with pytest.raises(RateLimitError):
        reply_to_thread(member, thread, body="Two.")
    thread.refresh_from_db()
    with time_machine.travel(now + timedelta(minutes=6), tick=False):
        assert not thread.slow_mode_active
        reply_to_thread(member, thread, body="Two, later.")
    set_slow_mode(moderator, thread, seconds=600)
    set_slow_mode(moderator, thread, seconds=0, reason="Calm again")
    thread.refresh_from_db()
    assert (thread.slow_mode_seconds, thread.slow_mode_until) == (0, None)
    actions = list(
        AuditEntry.objects.filter(target_id=thread.pk)
        .order_by("id")
        .values_list("action", "actor_name", "reason")
    )
    assert actions == [
        ("thread.slow_mode", "mod_mia", ""),
        ("thread.slow_mode", "mod_mia", ""),
        ("thread.slow_mode.off", "mod_mia", "Calm again"),
    ]
    last = AuditEntry.objects.filter(target_id=thread.pk).order_by("-id").first()
    assert last is not None
    assert last.before == {"slow_mode_seconds": 600, "slow_mode_until": None}
    assert last.after == {"slow_mode_seconds": 0, "slow_mode_until": None}


def test_only_the_forums_moderators_set_slow_mode(
    member: Member, thread: Thread, staff_forum: Forum, moderator: Member
) -> None:
    with pytest.raises(PermissionDenied):
        set_slow_mode(member, thread, seconds=60)
    hidden = make_thread(staff_forum, author=moderator)
    from django.http import Http404

    with pytest.raises(Http404):
        set_slow_mode(member, hidden, seconds=60)
    with pytest.raises(ValidationError):
        set_slow_mode(moderator, thread, seconds=-1)
    with pytest.raises(ValidationError):
        set_slow_mode(moderator, thread, seconds=60, until=timezone.now() - timedelta(hours=1))
    thread.refresh_from_db()
    assert thread.slow_mode_seconds == 0
    assert not AuditEntry.objects.exists()


def test_the_page_refuses_a_second_post_with_the_reason_and_keeps_the_text(
    moderator: Member, member_client: Client, thread: Thread
) -> None:
    set_slow_mode(moderator, thread, seconds=60)
    url = f"/threads/{thread.pk}-{thread.slug}/reply/"
    first = member_client.post(url, {"body": "First words", "idempotency_key": "a" * 20})
    assert first.status_code == 302
    second = member_client.post(url, {"body": "Second words", "idempotency_key": "b" * 20})
    assert second.status_code == 429
    assert second["Retry-After"] in {"59", "60"}
    html = second.content.decode()
    assert "This thread is in slow mode: each member may post once every 60 seconds." in html
    assert "Second words" in html
    page = member_client.get(thread.get_absolute_url())
    assert "Slow mode: each member may post here once every 60 seconds." in page.content.decode()


def test_moderators_see_heat_controls_and_set_slow_mode_without_javascript(
    moderator_client: Client, member_client: Client, thread: Thread
) -> None:
    assert "Heat controls" in moderator_client.get(thread.get_absolute_url()).content.decode()
    assert "Heat controls" not in member_client.get(thread.get_absolute_url()).content.decode()
    url = f"/moderation/threads/{thread.pk}/heat/"
    assert member_client.get(url).status_code == 403
    assert moderator_client.get(url).status_code == 200
    answer = moderator_client.post(
        url, {"action": "slow_mode", "seconds": "45", "minutes": "30", "reason": "Busy"}
    )
    assert answer.status_code == 302
    thread.refresh_from_db()
    assert thread.slow_mode_seconds == 45
    assert thread.slow_mode_until is not None
    assert timedelta(minutes=29) < thread.slow_mode_until - timezone.now() <= timedelta(minutes=30)
    bad = moderator_client.post(url, {"action": "slow_mode", "seconds": "-5"})
    assert bad.status_code == 400


def test_api_sets_slow_mode(
    moderator_api: ApiClient,
    member_api: ApiClient,
    guest_api: ApiClient,
    thread: Thread,
    staff_forum: Forum,
    moderator: Member,
) -> None:
    path = f"/threads/{thread.pk}/slow-mode"
    until = (timezone.now() + timedelta(hours=1)).isoformat()
    answer = moderator_api.send("PUT", path, {"seconds": 30, "until": until, "reason": "Hot"})
    assert answer.status_code == 200, answer.content
    body = json.loads(answer.content)
    assert body["thread_id"] == thread.pk
    assert (body["seconds"], body["active"]) == (30, True)
    assert member_api.send("PUT", path, {"seconds": 0}).status_code == 403
    assert guest_api.send("PUT", path, {"seconds": 0}).status_code == 401
    hidden = make_thread(staff_forum, author=moderator)
    assert (
        member_api.send("PUT", f"/threads/{hidden.pk}/slow-mode", {"seconds": 5}).status_code == 404
    )
    invalid = moderator_api.send("PUT", path, {"seconds": 30, "until": "tomorrow"})
    assert invalid.status_code == 422
    assert "until" in error_of(invalid)["fields"]
    # Slow mode in the API: 429 with Retry-After.
    assert member_api.post(f"/threads/{thread.pk}/posts", {"body": "One."}).status_code == 201
    refused = member_api.post(f"/threads/{thread.pk}/posts", {"body": "Two."})
    assert refused.status_code == 429
    assert refused["Retry-After"] in {"29", "30"}
    assert error_of(refused)["message"].startswith("This thread is in slow mode")
    off = moderator_api.send("PUT", path, {"seconds": 0})
    assert json.loads(off.content) == {
        "thread_id": thread.pk,
        "seconds": 0,
        "until": None,
        "active": False,
    }


# ---------------------------------------------------------------- the heat trigger


@pytest.mark.usefixtures("flood_limits")
def test_a_thread_replied_to_too_fast_goes_into_slow_mode_by_itself(
    forum: Forum, moderator_client: Client
) -> None:
    SiteSettings.objects.update_or_create(
        pk=1,
        defaults={
            "post_interval_seconds": 0,
            "posts_per_hour": 0,
            "heat_posts_per_minute": 2,
            "heat_window_minutes": 1,
            "heat_slow_mode_seconds": 90,
            "heat_slow_mode_minutes": 30,
        },
    )
    thread = make_thread(forum, title="Breaking: ceasefire collapses")
    members = [make_member() for _ in range(4)]
    with time_machine.travel("2026-06-01 12:00:05+00:00", tick=False):
        reply_to_thread(members[0], thread, body="First.")
        reply_to_thread(members[1], thread, body="Second.")
        thread.refresh_from_db()
        assert thread.slow_mode_seconds == 0
        reply_to_thread(members[2], thread, body="Third: past the threshold.")
        thread.refresh_from_db()
        assert thread.slow_mode_active
        assert thread.slow_mode_seconds == 90
        assert thread.slow_mode_until is not None
        assert thread.slow_mode_until.isoformat() == "2026-06-01T12:30:05+00:00"
        reply_to_thread(members[3], thread, body="A first post here still passes.")
        with pytest.raises(RateLimitError):
            reply_to_thread(members[3], thread, body="Again too soon.")
    entry = AuditEntry.objects.get(action=HEAT_ACTION)
    assert (entry.actor_id, entry.target_id, entry.forum_id) == (None, thread.pk, forum.pk)
    assert entry.reason.startswith("3 replies in 1 minutes passed the heat threshold")
    # Moderators are told: the page of threads that heated up lists it.
    listing = moderator_client.get("/moderation/heat/").content.decode()
    assert "Breaking: ceasefire collapses" in listing


@pytest.mark.usefixtures("flood_limits")
def test_the_heat_trigger_leaves_a_moderators_slow_mode_alone(
    forum: Forum, moderator: Member
) -> None:
    SiteSettings.objects.update_or_create(
        pk=1,
        defaults={"post_interval_seconds": 0, "posts_per_hour": 0, "heat_posts_per_minute": 1},
    )
    thread = make_thread(forum)
    set_slow_mode(moderator, thread, seconds=5)
    with time_machine.travel("2026-06-01 12:00:05+00:00", tick=False):
        for n in range(12):
            reply_to_thread(make_member(), thread, body=f"Reply {n}.")
    thread.refresh_from_db()
    assert (thread.slow_mode_seconds, thread.slow_mode_until) == (5, None)
    assert not AuditEntry.objects.filter(action=HEAT_ACTION).exists()


def test_members_page_of_heated_threads_is_for_moderators(member_client: Client) -> None:
    assert member_client.get("/moderation/heat/").status_code == 403


# ---------------------------------------------------------------- reply bans


def test_a_reply_ban_stops_one_member_in_one_thread_with_the_reason_and_end(
    moderator: Member, member: Member, other_member: Member, thread: Thread, forum: Forum
) -> None:
    until = timezone.now() + timedelta(days=3)
    ban = ban_from_thread(moderator, thread, member, reason="Personal attacks", until=until)
    with pytest.raises(SanctionedError) as refused:
        reply_to_thread(member, thread, body="Let me in.")
    assert refused.value.code == "reply_banned"
    assert refused.value.until == until
    assert "You are banned from replying to this thread. Reason: Personal attacks." in (
        refused.value.message
    )
    assert until.strftime("%Y-%m-%d %H:%M") in refused.value.message
    reply_to_thread(other_member, thread, body="Others still reply.")
    elsewhere = make_thread(forum, author=other_member)
    reply_to_thread(member, elsewhere, body="Elsewhere is fine.")
    create_thread(member, forum, title="New threads too", body="Fine.")
    lift_reply_ban(moderator, ban)
    reply_to_thread(member, thread, body="Back.")
    assert list(AuditEntry.objects.order_by("id").values_list("action", "member_id", "reason")) == [
        ("thread.reply_ban", member.pk, "Personal attacks"),
        ("thread.reply_ban.lift", member.pk, ""),
    ]


def test_a_reply_ban_ends_by_itself(moderator: Member, member: Member, thread: Thread) -> None:
    now = timezone.now()
    ban_from_thread(moderator, thread, member, reason="Cool off", until=now + timedelta(hours=1))
    with time_machine.travel(now + timedelta(hours=1, seconds=1), tick=False):
        reply_to_thread(member, thread, body="After the hour.")


def test_reply_bans_need_a_moderator_and_a_reason_and_spare_moderators(
    moderator: Member, member: Member, other_member: Member, thread: Thread
) -> None:
    with pytest.raises(PermissionDenied):
        ban_from_thread(member, thread, other_member, reason="I dislike them")
    with pytest.raises(ValidationError):
        ban_from_thread(moderator, thread, member, reason="   ")
    with pytest.raises(PermissionDenied):
        ban_from_thread(moderator, thread, make_member(is_staff=True), reason="No")
    assert not Restriction.objects.exists()


def test_reply_bans_on_the_page_and_in_the_api(
    moderator_client: Client,
    member_client: Client,
    member_api: ApiClient,
    member: Member,
    thread: Thread,
) -> None:
    url = f"/moderation/threads/{thread.pk}/heat/"
    unknown = moderator_client.post(
        url, {"action": "reply_ban", "username": "nobody_here", "reason": "x"}
    )
    assert unknown.status_code == 400
    assert "No member has this name." in unknown.content.decode()
    answer = moderator_client.post(
        url, {"action": "reply_ban", "username": "alice", "reason": "Trolling", "days": "2"}
    )
    assert answer.status_code == 302
    ban = Restriction.objects.get()
    assert (ban.member_id, ban.thread_id, ban.reason) == (member.pk, thread.pk, "Trolling")
    assert "Trolling" in moderator_client.get(url).content.decode()
    page = member_client.post(
        f"/threads/{thread.pk}-{thread.slug}/reply/",
        {"body": "Can I?", "idempotency_key": "c" * 20},
    )
    assert page.status_code == 403
    html = page.content.decode()
    assert "You are banned from replying to this thread. Reason: Trolling." in html
    assert "Can I?" in html
    refused = member_api.post(f"/threads/{thread.pk}/posts", {"body": "Via the API."})
    assert refused.status_code == 403
    error = error_of(refused)
    assert error["code"] == "reply_banned"
    assert ban.ends_at is not None
    assert error["until"] == ban.ends_at.isoformat()
    lifted = moderator_client.post(url, {"action": "lift", "restriction": str(ban.pk)})
    assert lifted.status_code == 302
    ban.refresh_from_db()
    assert ban.lifted_at is not None
    assert member_api.post(f"/threads/{thread.pk}/posts", {"body": "Now."}).status_code == 201
