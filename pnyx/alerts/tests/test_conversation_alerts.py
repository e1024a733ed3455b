"""A conversation message alerts every other participant, linking to the message."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.urls import reverse

from pnyx.accounts.models import Member
from pnyx.alerts.models import Alert
from pnyx.alerts.services import set_preferences
from pnyx.conversations.models import Participant
from pnyx.conversations.services import reply_to_conversation, start_conversation
from pnyx.testing.factories import make_member

pytestmark = pytest.mark.django_db

FanOut = Callable[[], AbstractContextManager[None]]


def _conversation_alerts(member: Member) -> list[tuple[int | None, str]]:
    return list(
        Alert.objects.filter(member=member, kind="conversation_message")
        .order_by("pk")
        .values_list("object_id", "url")
    )


def test_each_other_participant_is_alerted_once_per_message(
    member: Member, other_member: Member, fan_out: FanOut
) -> None:
    third = make_member(username="third")
    with fan_out():
        conversation = start_conversation(
            member,
            recipients=[other_member.username, third.username],
            title="Ceasefire sources",
            body="Which wire was first?",
        )
    first = conversation.messages.order_by("pk").first()
    assert first is not None
    link = reverse("conversation-message", args=[first.pk])
    assert _conversation_alerts(other_member) == [(first.pk, link)]
    assert _conversation_alerts(third) == [(first.pk, link)]
    assert _conversation_alerts(member) == []  # not for the author

    membership = Participant.objects.get(conversation=conversation, member=other_member)
    with fan_out():
        answer = reply_to_conversation(other_member, membership, body="Reuters, 09:12.")
    assert [object_id for object_id, _ in _conversation_alerts(member)] == [answer.pk]
    assert len(_conversation_alerts(third)) == 2
    assert len(_conversation_alerts(other_member)) == 1


def test_a_member_who_turned_these_alerts_off_gets_none(
    member: Member, other_member: Member, fan_out: FanOut
) -> None:
    set_preferences(other_member, kinds={"conversation_message": "off"})
    with fan_out():
        start_conversation(member, recipients=[other_member.username], title="Hi", body="Hello")
    assert _conversation_alerts(other_member) == []
