from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from pnyx.accounts.models import Member
from pnyx.alerts.models import Alert
from pnyx.alerts.presenters import alert_item
from pnyx.alerts.selectors import list_alerts
from pnyx.core.markup import mentioned_ids
from pnyx.forums.models import Forum
from pnyx.posting.services import create_thread, edit_post, reply_to_thread
from pnyx.testing.factories import make_member, make_thread
from pnyx.threads.models import Thread

FanOut = Callable[[], AbstractContextManager[None]]


def test_a_mention_becomes_a_link_and_alerts_the_member_once(
    member: Member, other_member: Member, thread: Thread, fan_out: FanOut
) -> None:
    with fan_out():
        post = reply_to_thread(
            member, thread, body=f"Ask @{other_member.username.upper()} and @nobody-here."
        )
    assert (
        f'<a href="/members/{other_member.username}/" class="mention" '
        f'data-mention="{other_member.pk}"'
    ) in post.html
    assert "@nobody-here" in post.html
    assert mentioned_ids(post.html) == [other_member.pk]
    alerts = list(Alert.objects.filter(member=other_member))
    # other_member started the thread: a mention, not also a reply (no watch here either).
    assert [(a.kind, a.post_id) for a in alerts] == [("mention", post.pk)]
    assert alert_item(list_alerts(other_member).alerts[0]).message == (
        f"{member.name} mentioned you in {thread.title}"
    )


def test_an_edit_alerts_only_the_newly_mentioned(
    member: Member, other_member: Member, thread: Thread, fan_out: FanOut
) -> None:
    third = make_member()
    with fan_out():
        post = reply_to_thread(member, thread, body=f"Hello @{other_member.username}.")
    with fan_out():
        edited = edit_post(
            member, post, body=f"Hello @{other_member.username} and @{third.username}."
        )
    assert Alert.objects.filter(member=other_member, kind="mention").count() == 1
    assert Alert.objects.filter(member=third, kind="mention", post=edited).count() == 1


def test_mentions_in_code_links_and_quotes_do_not_count(
    member: Member, other_member: Member, thread: Thread, fan_out: FanOut
) -> None:
    name = other_member.username
    with fan_out():
        post = reply_to_thread(
            member,
            thread,
            body=f"`@{name}` [see @{name}](https://example.org) me@{name}.org\n\n"
            f"[quote]@{name}[/quote]",
        )
    assert mentioned_ids(post.html) == []
    assert not Alert.objects.filter(member=other_member).exists()


def test_no_mention_alert_in_a_forum_the_member_cannot_read(
    member: Member, moderator: Member, staff_forum: Forum, fan_out: FanOut
) -> None:
    with fan_out():
        create_thread(
            moderator, staff_forum, title="Staff", body=f"What does @{member.username} say?"
        )
    assert not Alert.objects.filter(member=member).exists()


def test_too_many_mentions_are_refused(
    member: Member, thread: Thread, settings: object, member_client: Client
) -> None:
    settings.MENTION_LIMIT = 2  # type: ignore[attr-defined]
    names = [make_member().username for _ in range(3)]
    with pytest.raises(ValidationError) as refused:
        reply_to_thread(member, thread, body=" ".join(f"@{n}" for n in names))
    assert refused.value.message_dict["body"][0].startswith("This post mentions 3 members")
    reply_to_thread(member, thread, body=" ".join(f"@{n}" for n in names[:2]))
    response = member_client.post(
        f"/threads/{thread.pk}-{thread.slug}/reply/",
        {"body": " ".join(f"@{n}" for n in names), "idempotency_key": "k" * 32},
    )
    assert response.status_code == 400
    assert b"mention at most 2" in response.content


def test_mention_alert_respects_preferences(
    member: Member, other_member: Member, fan_out: FanOut
) -> None:
    from pnyx.alerts.services import set_preferences

    thread = make_thread(author=make_member())
    set_preferences(other_member, kinds={"mention": "off"})
    with fan_out():
        reply_to_thread(member, thread, body=f"@{other_member.username}")
    assert not Alert.objects.filter(member=other_member).exists()
