from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from pnyx.accounts.models import Member
from pnyx.conversations import selectors, services
from pnyx.conversations.models import Conversation, ConversationDraft, Message, Participant
from pnyx.core.errors import DraftConflictError, FormKeyReusedError
from pnyx.core.events import ConversationMessagePosted, Event
from pnyx.core.models import SiteSettings
from pnyx.core.ratelimit import RateLimitError
from pnyx.testing.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def carol(db: None) -> Member:
    return make_member(username="carol", display_name="Carol")


def _start(starter: Member, *others: Member, **kwargs: object) -> Conversation:
    fields: dict[str, object] = {"title": "Plans", "body": "Hello **all**", **kwargs}
    return services.start_conversation(
        starter,
        recipients=", ".join(o.username for o in others),
        **fields,  # type: ignore[arg-type]
    )


def test_start_creates_the_conversation_its_participants_and_first_message(
    member: Member, other_member: Member, carol: Member
) -> None:
    conversation = _start(member, other_member, carol)
    conversation.refresh_from_db()
    assert conversation.title == "Plans"
    assert conversation.starter == member
    assert conversation.message_count == 1
    message = Message.objects.get(conversation=conversation)
    assert conversation.last_message_id == message.pk
    assert message.html == "<p>Hello <strong>all</strong></p>\n"
    rows = {p.member_id: p for p in Participant.objects.filter(conversation=conversation)}
    assert set(rows) == {member.pk, other_member.pk, carol.pk}
    assert rows[member.pk].read_up_to == message.pk  # the starter has read their own words
    assert rows[other_member.pk].read_up_to == 0


def test_start_publishes_a_private_event_naming_the_recipients(
    member: Member,
    other_member: Member,
    carol: Member,
    published_events: list[Event],
    django_capture_on_commit_callbacks: object,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        conversation = _start(member, other_member, carol)
    events = [e for e in published_events if isinstance(e, ConversationMessagePosted)]
    assert len(events) == 1
    event = events[0]
    assert event.kind == "started"
    assert event.conversation_id == conversation.pk
    assert event.member_id == member.pk
    assert event.recipient_ids == tuple(sorted([other_member.pk, carol.pk]))
    assert event.guest_visible is False


def test_recipients_are_names_in_any_case_and_at_signs(
    member: Member, other_member: Member, carol: Member
) -> None:
    conversation = services.start_conversation(
        member, recipients="@BOB carol, bob; alice", title="T", body="B"
    )
    members = set(
        Participant.objects.filter(conversation=conversation).values_list("member_id", flat=True)
    )
    assert members == {member.pk, other_member.pk, carol.pk}


@pytest.mark.parametrize(
    ("recipients", "message"),
    [
        ("", "Name at least one member to write to."),
        ("alice", "Name at least one member to write to."),
        ("nobody, ghost", "No members are called nobody, ghost."),
    ],
)
def test_bad_recipients_are_refused(member: Member, recipients: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.start_conversation(member, recipients=recipients, title="T", body="B")
    assert refused.value.message_dict == {"recipients": [message]}
    assert not Conversation.objects.exists()


def test_inactive_members_cannot_be_reached(member: Member, banned_member: Member) -> None:
    with pytest.raises(ValidationError) as refused:
        _start(member, banned_member)
    assert "No member is called gone_gus." in refused.value.message_dict["recipients"]


def test_recipients_per_conversation_is_a_site_setting(
    member: Member, other_member: Member, carol: Member
) -> None:
    SiteSettings.objects.update_or_create(pk=1, defaults={"conversation_recipients_max": 1})
    with pytest.raises(ValidationError) as refused:
        _start(member, other_member, carol)
    assert refused.value.message_dict["recipients"] == [
        "A conversation may have at most 1 member besides its starter."
    ]
    _start(member, other_member)


def test_conversations_started_per_hour_is_a_site_setting(
    member: Member, other_member: Member, moderator: Member
) -> None:
    SiteSettings.objects.update_or_create(pk=1, defaults={"conversations_per_hour": 2})
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        _start(member, other_member)
        _start(member, other_member, title="Second")
        with pytest.raises(RateLimitError) as refused:
            _start(member, other_member, title="Third")
        assert 3590 <= refused.value.retry_after <= 3600
        for n in range(3):  # staff are not limited
            _start(moderator, other_member, title=f"Staff {n}")
    with time_machine.travel(now + timedelta(hours=1, seconds=1), tick=False):
        _start(member, other_member, title="Third")


def test_the_same_form_sent_twice_starts_one_conversation(
    member: Member, other_member: Member
) -> None:
    first = _start(member, other_member, idempotency_key="k" * 20)
    again = _start(member, other_member, idempotency_key="k" * 20)
    assert again.pk == first.pk
    assert Conversation.objects.count() == 1
    with pytest.raises(FormKeyReusedError):
        _start(member, other_member, idempotency_key="k" * 20, body="Other text")


def test_reply_counts_marks_unread_for_the_others_and_publishes(
    member: Member,
    other_member: Member,
    carol: Member,
    published_events: list[Event],
    django_capture_on_commit_callbacks: object,
) -> None:
    conversation = _start(member, other_member, carol)
    bob = selectors.get_membership(other_member, conversation.pk)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        message = services.reply_to_conversation(other_member, bob, body="Reply")
    conversation.refresh_from_db()
    assert conversation.message_count == 2
    assert conversation.last_message_id == message.pk
    assert message.author == other_member
    event = published_events[-1]
    assert isinstance(event, ConversationMessagePosted)
    assert (event.kind, event.message_id, event.member_id) == ("reply", message.pk, other_member.pk)
    assert event.recipient_ids == tuple(sorted([member.pk, carol.pk]))
    assert selectors.unread_conversation_count(member) == 1
    assert selectors.unread_conversation_count(other_member) == 0
    assert selectors.unread_conversation_count(carol) == 1
    rows = selectors.list_conversations(member).rows
    assert [(r.conversation.pk, r.is_unread) for r in rows] == [(conversation.pk, True)]
    services.mark_conversation_read(
        member, selectors.get_membership(member, conversation.pk), message.pk
    )
    assert selectors.unread_conversation_count(member) == 0


def test_a_reply_sent_twice_is_one_message(member: Member, other_member: Member) -> None:
    conversation = _start(member, other_member)
    mine = selectors.get_membership(member, conversation.pk)
    first = services.reply_to_conversation(member, mine, body="Once", idempotency_key="r" * 12)
    again = services.reply_to_conversation(member, mine, body="Once", idempotency_key="r" * 12)
    assert again.pk == first.pk
    with pytest.raises(FormKeyReusedError):
        services.reply_to_conversation(member, mine, body="Twice", idempotency_key="r" * 12)
    assert Message.objects.filter(conversation=conversation).count() == 2


def test_quotes_resolve_only_messages_of_the_same_conversation(
    member: Member, other_member: Member
) -> None:
    one = _start(member, other_member, body="Secret words here")
    two = _start(member, other_member, title="Other", body="Other words")
    secret = Message.objects.get(conversation=one)
    mine = selectors.get_membership(member, two.pk)
    quoting = f'[quote="alice, post:{secret.pk}"]\nSecret words here\n[/quote]\n\nHm.'
    message = services.reply_to_conversation(member, mine, body=quoting)
    assert f"/conversations/messages/{secret.pk}/" not in message.html
    assert 'class="quote-by">Quote</p>' in message.html
    same = services.reply_to_conversation(
        member,
        selectors.get_membership(member, one.pk),
        body=services.quote_message_source(secret),
    )
    assert (
        f'<a href="/conversations/messages/{secret.pk}/" rel="nofollow ugc noopener">alice</a>'
        in same.html
    )


def test_invite_needs_the_starter_unless_open(
    member: Member, other_member: Member, carol: Member
) -> None:
    conversation = _start(member, other_member)
    bob = selectors.get_membership(other_member, conversation.pk)
    with pytest.raises(PermissionDenied):
        services.invite_members(other_member, bob, "carol")
    added = services.invite_members(
        member, selectors.get_membership(member, conversation.pk), "carol"
    )
    assert added == [carol]
    assert selectors.get_membership(carol, conversation.pk).left_at is None
    # already in: nothing to add
    assert (
        services.invite_members(member, selectors.get_membership(member, conversation.pk), "carol")
        == []
    )

    open_one = _start(member, other_member, title="Open", open_invite=True)
    dave = make_member(username="dave")
    services.invite_members(
        other_member, selectors.get_membership(other_member, open_one.pk), "dave"
    )
    assert selectors.get_membership(dave, open_one.pk).member_id == dave.pk


def test_invite_obeys_the_recipient_limit(
    member: Member, other_member: Member, carol: Member
) -> None:
    conversation = _start(member, other_member)
    SiteSettings.objects.update_or_create(pk=1, defaults={"conversation_recipients_max": 1})
    with pytest.raises(ValidationError):
        services.invite_members(member, selectors.get_membership(member, conversation.pk), "carol")


def test_leaving_hides_the_conversation_and_the_last_one_out_deletes_it(
    member: Member, other_member: Member, carol: Member
) -> None:
    conversation = _start(member, other_member)
    services.leave_conversation(
        other_member, selectors.get_membership(other_member, conversation.pk)
    )
    with pytest.raises(Http404):
        selectors.get_membership(other_member, conversation.pk)
    assert selectors.list_conversations(other_member).rows == []
    # invited again: back in
    services.invite_members(member, selectors.get_membership(member, conversation.pk), "bob")
    assert selectors.get_membership(other_member, conversation.pk)
    services.leave_conversation(member, selectors.get_membership(member, conversation.pk))
    services.leave_conversation(
        other_member, selectors.get_membership(other_member, conversation.pk)
    )
    assert not Conversation.objects.filter(pk=conversation.pk).exists()
    assert not Message.objects.exists()


def test_a_member_who_left_cannot_reply_through_an_old_membership(
    member: Member, other_member: Member
) -> None:
    conversation = _start(member, other_member)
    bob = selectors.get_membership(other_member, conversation.pk)
    services.leave_conversation(
        other_member, selectors.get_membership(other_member, conversation.pk)
    )
    with pytest.raises(PermissionDenied):
        services.reply_to_conversation(other_member, bob, body="Sneaky")


def test_drafts_are_sequenced_and_emptied_when_sent(member: Member, other_member: Member) -> None:
    draft = services.save_conversation_draft(
        member, title="Draft title", recipients="bob", body="Draft", sequence=0
    )
    assert draft.sequence == 1
    with pytest.raises(DraftConflictError):
        services.save_conversation_draft(member, body="Stale", sequence=0)
    # the script's autosave sends no recipients: the saved names stay
    kept = services.save_conversation_draft(member, title="T", body="More", sequence=1)
    assert kept.recipients == "bob"
    assert selectors.get_conversation_draft(member) == kept
    services.start_conversation(
        member, recipients="bob", title="T", body="More", draft_sequence=kept.sequence
    )
    # emptied on commit (pytest-django runs on-commit callbacks only when asked)
    services._empty_draft(member.pk, None, kept.sequence)
    emptied = ConversationDraft.objects.get(pk=kept.pk)
    assert (emptied.title, emptied.body, emptied.recipients) == ("", "", "")
    assert emptied.sequence == kept.sequence + 1


def test_reply_drafts_belong_to_a_participation(member: Member, other_member: Member) -> None:
    conversation = _start(member, other_member)
    mine = selectors.get_membership(member, conversation.pk)
    draft = services.save_conversation_draft(member, mine, body="Later", sequence=0)
    assert draft.conversation_id == conversation.pk
    assert selectors.get_conversation_draft(member, mine) == draft
    assert selectors.get_conversation_draft(member) is None


def test_preview_renders_without_saving(member: Member, other_member: Member) -> None:
    conversation = _start(member, other_member)
    html = services.preview_message(
        member, selectors.get_membership(member, conversation.pk), "*hi*"
    )
    assert html == "<p><em>hi</em></p>\n"
    assert Message.objects.count() == 1


def test_guests_cannot_start(guest: object) -> None:
    with pytest.raises(PermissionDenied):
        services.start_conversation(guest, recipients="bob", title="T", body="B")  # type: ignore[arg-type]
