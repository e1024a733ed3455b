"""Writing in conversations: start one, reply, invite, leave, mark read, drafts, preview.

Each function is one member action: it checks the rule first, writes in one transaction and
publishes ``ConversationMessagePosted`` on commit for every new message (alerts subscribe to
it; nothing here is guest-visible, so the guest cache ignores it). Text goes through
posting's validation and the one markup pipeline (``pnyx.core.markup``), rendered on write;
a quote ``[quote="USERNAME, post:ID"]`` names a message (ID) of the same conversation and is
resolved against that conversation only. Compose forms carry a key: the same submission
sent twice creates one message, the same key with other text is refused (posting's rule).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Mapping
from datetime import timedelta
from math import ceil

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pnyx.accounts.models import Member
from pnyx.conversations.models import (
    AcceptFrom,
    Conversation,
    ConversationDraft,
    ConversationSettings,
    Message,
    Participant,
)
from pnyx.conversations.permissions import (
    check_invite,
    check_leave,
    check_reach,
    check_read_conversation,
    check_reply_conversation,
    check_start_conversation,
)
from pnyx.core.access import access_of
from pnyx.core.actors import Actor, require_member
from pnyx.core.errors import DraftConflictError, FormKeyReusedError
from pnyx.core.events import ConversationMessagePosted, publish_on_commit
from pnyx.core.markup import QuoteResolver, QuoteTarget, RenderedPost, plain_text, render_post
from pnyx.core.ratelimit import RateLimitError
from pnyx.core.site_settings import get_site_settings
from pnyx.core.text import looks_empty
from pnyx.posting.services.validation import (
    TITLE_MAX,
    clean_body,
    clean_draft,
    clean_draft_sequence,
    clean_idempotency_key,
    normalise_title,
)

RECIPIENTS_FIELD_MAX = 2000
UNKNOWN_MEMBER = "unknown_member"  # the code of the error naming members who do not exist
_USERNAME_SPLIT = re.compile(r"[\s,;]+")


# ---------------------------------------------------------------- validation


def clean_conversation_title(title: str) -> str:
    title = normalise_title(title)
    if looks_empty(title):
        raise ValidationError(
            {"title": ValidationError(_("Give the conversation a title."), code="required")}
        )
    if len(title) > TITLE_MAX:
        message = _("Keep the title to %(max)d characters (it has %(n)d).")
        raise ValidationError(
            {
                "title": ValidationError(
                    message % {"max": TITLE_MAX, "n": len(title)}, code="max_length"
                )
            }
        )
    return title


def parse_usernames(text: str | Iterable[str]) -> list[str]:
    """Usernames from a "To" field ("bob, carol" or "@bob carol") or a list, once each."""
    pieces = _USERNAME_SPLIT.split(text) if isinstance(text, str) else list(text)
    seen: dict[str, str] = {}
    for piece in pieces:
        name = piece.strip().lstrip("@")
        if name:
            seen.setdefault(name.casefold(), name)
    return list(seen.values())


def resolve_recipients(actor: Actor, usernames: Collection[str]) -> list[Member]:
    """The members named (any case), without the actor; every name must be a member who can
    be reached (``check_reach``), else one field error naming them all."""
    member = require_member(actor)
    wanted = [name for name in usernames if name.casefold() != member.username.casefold()]
    if len(wanted) > 500 or any(len(name) > 150 for name in wanted):
        raise ValidationError({"recipients": _("Too many or too long names.")})
    found: dict[str, Member] = {
        m.username.casefold(): m
        for m in Member.objects.annotate(lowered=Lower("username")).filter(
            lowered__in=[name.casefold() for name in wanted], is_active=True
        )
    }
    unknown = [name for name in wanted if name.casefold() not in found]
    if unknown:
        message = ngettext(
            "No member is called %(names)s.", "No members are called %(names)s.", len(unknown)
        ) % {"names": ", ".join(unknown)}
        raise ValidationError({"recipients": ValidationError(message, code=UNKNOWN_MEMBER)})
    recipients = [found[name.casefold()] for name in wanted]
    refused = []
    for recipient in recipients:
        try:
            check_reach(member, recipient)
        except PermissionDenied:
            refused.append(recipient.username)
    if refused:
        raise ValidationError(
            {
                "recipients": _(
                    "You may not bring %(names)s into a conversation: their settings do not "
                    "allow it."
                )
                % {"names": ", ".join(refused)}
            }
        )
    return recipients


def _check_recipient_limit(count: int) -> None:
    limit = int(get_site_settings().conversation_recipients_max)
    if count > limit:
        raise ValidationError(
            {
                "recipients": ngettext(
                    "A conversation may have at most %(limit)d member besides its starter.",
                    "A conversation may have at most %(limit)d members besides its starter.",
                    limit,
                )
                % {"limit": limit}
            }
        )


def check_start_rate(actor: Actor) -> None:
    """Refuse (RateLimitError) a member who started the hourly number of conversations."""
    member = require_member(actor)
    limit = int(get_site_settings().conversations_per_hour)
    if limit == 0 or access_of(member).is_staff:
        return
    since = timezone.now() - timedelta(hours=1)
    recent = list(
        Conversation.objects.filter(starter=member, created_at__gt=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(recent) >= limit:
        wait = recent[-1] + timedelta(hours=1) - timezone.now()
        raise RateLimitError(
            retry_after=max(1, ceil(wait.total_seconds())), scope="conversation-start"
        )


# ---------------------------------------------------------------- rendering


def _quote_resolver(conversation_id: int | None) -> QuoteResolver:
    def resolve(message_ids: Collection[int]) -> Mapping[int, QuoteTarget]:
        if conversation_id is None:
            return {}
        messages = Message.objects.filter(
            conversation_id=conversation_id, pk__in=list(message_ids)
        ).select_related("author")
        return {
            m.pk: QuoteTarget(
                post_id=m.pk,
                username=m.author.username if m.author else _("Deleted member"),
                url=m.get_absolute_url(),
                forum_id=0,
                text=f"{m.source}\n{plain_text(m.html)}",
            )
            for m in messages
        }

    return resolve


def render_message(conversation_id: int | None, body: str) -> RenderedPost:
    """Render a message: quotes resolve against messages of the same conversation only."""
    return render_post(body, resolve_quotes=_quote_resolver(conversation_id))


def preview_message(actor: Actor, membership: Participant | None, body: str) -> str:
    """The HTML ``body`` would have if sent now (nothing is saved)."""
    if membership is not None:
        check_reply_conversation(actor, membership)
    else:
        check_start_conversation(actor)
    return render_message(membership.conversation_id if membership else None, clean_body(body)).html


def quote_message_source(message: Message) -> str:
    """Markup that quotes the whole of ``message`` in a reply."""
    username = message.author.username if message.author else "deleted"
    return f'[quote="{username}, post:{message.pk}"]\n{message.source}\n[/quote]\n\n'


# ---------------------------------------------------------------- idempotency


def _existing_message(member: Member, key: str) -> Message | None:
    if not key:
        return None
    found = list(
        Message.objects.select_related("conversation")
        .filter(author=member, idempotency_key=key)
        .exclude(idempotency_key="")[:1]
    )
    return found[0] if found else None


def _reused() -> FormKeyReusedError:
    return FormKeyReusedError(
        _(
            "This form was already sent with a different text, which was sent. "
            "Your new text is kept below: send it again to send it as well."
        )
    )


def _check_same_start(message: Message, *, title: str, body: str) -> Conversation:
    conversation = message.conversation
    first = Message.objects.filter(conversation=conversation).order_by("pk").first()
    if (
        first is not None
        and first.pk == message.pk
        and conversation.title == title
        and message.source == body
    ):
        return conversation
    raise _reused()


def _check_same_reply(message: Message, *, conversation_id: int, body: str) -> Message:
    if message.conversation_id == conversation_id and message.source == body:
        first = Message.objects.filter(conversation_id=conversation_id).order_by("pk").first()
        if first is None or first.pk != message.pk:
            return message
    raise _reused()


# ---------------------------------------------------------------- drafts


def _empty_draft_on_commit(member_id: int, conversation_id: int | None, up_to: int | None) -> None:
    transaction.on_commit(functools.partial(_empty_draft, member_id, conversation_id, up_to))


def _empty_draft(member_id: int, conversation_id: int | None, up_to: int | None) -> None:
    drafts = ConversationDraft.objects.filter(member_id=member_id)
    drafts = (
        drafts.filter(conversation__isnull=True)
        if conversation_id is None
        else drafts.filter(conversation_id=conversation_id)
    )
    if up_to is not None:
        drafts = drafts.filter(sequence__lte=up_to)
    drafts.exclude(title="", body="", recipients="").update(
        title="", body="", recipients="", sequence=F("sequence") + 1, updated_at=timezone.now()
    )


def save_conversation_draft(
    actor: Actor,
    membership: Participant | None = None,
    *,
    title: str = "",
    recipients: str | None = None,
    body: str,
    sequence: int,
) -> ConversationDraft:
    """Save what the actor is writing: a reply in ``membership``'s conversation or (None) a
    new conversation. ``sequence`` is the draft's sequence this window last saw; another
    window's later save is never overwritten (DraftConflictError, as posting's drafts).
    ``recipients`` None keeps the names saved before (the script's autosave sends none)."""
    if membership is not None:
        check_reply_conversation(actor, membership)
        title, recipients = "", ""
    else:
        check_start_conversation(actor)
    member = require_member(actor)
    title, body = clean_draft(title, body)
    if recipients is not None and len(recipients.strip()) > RECIPIENTS_FIELD_MAX:
        raise ValidationError({"recipients": _("Too many or too long names.")})
    place = {"conversation_id": membership.conversation_id if membership else None}
    with transaction.atomic():
        draft = ConversationDraft.objects.select_for_update().filter(member=member, **place).first()
        current = draft.sequence if draft is not None else 0
        if sequence != current:
            raise DraftConflictError(
                _("This draft was saved or sent in another window since this one last saved."),
                title=draft.title if draft is not None else "",
                body=draft.body if draft is not None else "",
                sequence=current,
            )
        now = timezone.now()
        if recipients is None:
            recipients = draft.recipients if draft is not None else ""
        recipients = recipients.strip()
        if draft is None:
            if not title and not recipients and not body.strip():
                return ConversationDraft(member=member, **place, sequence=0)
            try:
                with transaction.atomic():
                    return ConversationDraft.objects.create(
                        member=member,
                        **place,
                        title=title,
                        recipients=recipients,
                        body=body,
                        sequence=1,
                        updated_at=now,
                    )
            except IntegrityError:
                draft = ConversationDraft.objects.get(member=member, **place)
                raise DraftConflictError(
                    _("This draft was saved in another window since this one last saved."),
                    title=draft.title,
                    body=draft.body,
                    sequence=draft.sequence,
                ) from None
        draft.title = title
        draft.recipients = recipients
        draft.body = body if body.strip() or title or recipients else ""
        draft.sequence += 1
        draft.updated_at = now
        draft.save(update_fields=["title", "recipients", "body", "sequence", "updated_at"])
    return draft


# ---------------------------------------------------------------- writes


def _recipient_ids(conversation_id: int, author_id: int) -> tuple[int, ...]:
    return tuple(
        Participant.objects.filter(conversation_id=conversation_id, left_at__isnull=True)
        .exclude(member_id=author_id)
        .order_by("member_id")
        .values_list("member_id", flat=True)
    )


def start_conversation(
    actor: Actor,
    *,
    recipients: str | Iterable[str],
    title: str,
    body: str,
    open_invite: bool = False,
    idempotency_key: str = "",
    draft_sequence: int | None = None,
) -> Conversation:
    """Start a conversation with the members named in ``recipients`` (usernames).

    Limits: the site's recipients per conversation and conversations started per hour
    (RateLimitError; staff are not limited). The same ``idempotency_key`` with the same
    title and text returns the conversation already started.
    """
    check_start_conversation(actor)
    member = require_member(actor)
    # Names first: a name that is nobody's is the first thing to hear about (404 in the API).
    others = resolve_recipients(member, parse_usernames(recipients))
    title = clean_conversation_title(title)
    body = clean_body(body)
    key = clean_idempotency_key(idempotency_key)
    draft_sequence = clean_draft_sequence(draft_sequence)
    existing = _existing_message(member, key)
    if existing is not None:
        return _check_same_start(existing, title=title, body=body)
    if not others:
        raise ValidationError({"recipients": _("Name at least one member to write to.")})
    _check_recipient_limit(len(others))
    check_start_rate(member)
    rendered = render_message(None, body)
    try:
        with transaction.atomic():
            now = timezone.now()
            conversation = Conversation.objects.create(
                title=title,
                starter=member,
                open_invite=open_invite,
                created_at=now,
                last_message_at=now,
            )
            message = Message.objects.create(
                conversation=conversation,
                author=member,
                source=body,
                html=rendered.html,
                created_at=now,
                idempotency_key=key,
            )
            conversation.last_message = message
            conversation.message_count = 1
            conversation.save(update_fields=["last_message", "message_count"])
            Participant.objects.bulk_create(
                [
                    Participant(
                        conversation=conversation,
                        member=person,
                        joined_at=now,
                        last_message_at=now,
                        read_up_to=message.pk if person.pk == member.pk else 0,
                    )
                    for person in [member, *others]
                ]
            )
            _empty_draft_on_commit(member.pk, None, draft_sequence)
            publish_on_commit(
                ConversationMessagePosted(
                    kind="started",
                    conversation_id=conversation.pk,
                    message_id=message.pk,
                    member_id=member.pk,
                    recipient_ids=tuple(sorted(other.pk for other in others)),
                    actor_id=member.pk,
                )
            )
    except IntegrityError:
        existing = _existing_message(member, key)
        if existing is None:
            raise
        return _check_same_start(existing, title=title, body=body)
    return conversation


def reply_to_conversation(
    actor: Actor,
    membership: Participant,
    *,
    body: str,
    idempotency_key: str = "",
    draft_sequence: int | None = None,
) -> Message:
    """Send a message in a conversation the actor takes part in."""
    check_reply_conversation(actor, membership)
    member = require_member(actor)
    body = clean_body(body)
    key = clean_idempotency_key(idempotency_key)
    draft_sequence = clean_draft_sequence(draft_sequence)
    conversation_id = membership.conversation_id
    existing = _existing_message(member, key)
    if existing is not None:
        return _check_same_reply(existing, conversation_id=conversation_id, body=body)
    rendered = render_message(conversation_id, body)
    try:
        with transaction.atomic():
            # The lock orders concurrent replies and sees a leave committed meanwhile.
            list(Conversation.objects.select_for_update().filter(pk=conversation_id))
            if not Participant.objects.filter(pk=membership.pk, left_at__isnull=True).exists():
                raise PermissionDenied(_("You have left this conversation."))
            now = timezone.now()
            message = Message.objects.create(
                conversation_id=conversation_id,
                author=member,
                source=body,
                html=rendered.html,
                created_at=now,
                idempotency_key=key,
            )
            Conversation.objects.filter(pk=conversation_id).update(
                last_message=message, last_message_at=now, message_count=F("message_count") + 1
            )
            Participant.objects.filter(
                conversation_id=conversation_id, left_at__isnull=True
            ).update(last_message_at=now)
            Participant.objects.filter(pk=membership.pk).update(read_up_to=message.pk)
            _empty_draft_on_commit(member.pk, conversation_id, draft_sequence)
            publish_on_commit(
                ConversationMessagePosted(
                    kind="reply",
                    conversation_id=conversation_id,
                    message_id=message.pk,
                    member_id=member.pk,
                    recipient_ids=_recipient_ids(conversation_id, member.pk),
                    actor_id=member.pk,
                )
            )
    except IntegrityError:
        existing = _existing_message(member, key)
        if existing is None:
            raise
        return _check_same_reply(existing, conversation_id=conversation_id, body=body)
    return message


def invite_members(
    actor: Actor, membership: Participant, recipients: str | Iterable[str]
) -> list[Member]:
    """Bring more members into the conversation (a member who left comes back). Members
    already in it are skipped. Returns the members added."""
    check_invite(actor, membership)
    member = require_member(actor)
    conversation_id = membership.conversation_id
    wanted = resolve_recipients(member, parse_usernames(recipients))
    if not wanted:
        raise ValidationError({"recipients": _("Name at least one member to invite.")})
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
        rows = {
            p.member_id: p
            for p in Participant.objects.filter(
                conversation_id=conversation_id, member_id__in=[m.pk for m in wanted]
            )
        }
        active = Participant.objects.filter(
            conversation_id=conversation_id, left_at__isnull=True
        ).count()
        added = [m for m in wanted if m.pk not in rows or rows[m.pk].left_at is not None]
        _check_recipient_limit(active - 1 + len(added))
        now = timezone.now()
        for person in added:
            row = rows.get(person.pk)
            if row is None:
                Participant.objects.create(
                    conversation_id=conversation_id,
                    member=person,
                    joined_at=now,
                    last_message_at=conversation.last_message_at,
                )
            else:
                row.left_at = None
                row.joined_at = now
                row.last_message_at = conversation.last_message_at
                row.save(update_fields=["left_at", "joined_at", "last_message_at"])
    return added


def leave_conversation(actor: Actor, membership: Participant) -> None:
    """Leave: the conversation disappears for the actor (404 from now on) unless invited
    again. When the last participant leaves, the conversation is deleted."""
    check_leave(actor, membership)
    with transaction.atomic():
        list(Conversation.objects.select_for_update().filter(pk=membership.conversation_id))
        Participant.objects.filter(pk=membership.pk).update(left_at=timezone.now())
        membership.left_at = timezone.now()
        if not Participant.objects.filter(
            conversation_id=membership.conversation_id, left_at__isnull=True
        ).exists():
            Conversation.objects.filter(pk=membership.conversation_id).update(last_message=None)
            Conversation.objects.filter(pk=membership.conversation_id).delete()


def mark_conversation_read(actor: Actor, membership: Participant, up_to: int) -> None:
    """The actor has seen the messages up to id ``up_to`` (never moves backwards)."""
    check_read_conversation(actor, membership)
    if up_to > membership.read_up_to:
        Participant.objects.filter(pk=membership.pk, read_up_to__lt=up_to).update(read_up_to=up_to)
        membership.read_up_to = up_to


def set_accept_from(actor: Actor, accept_from: str) -> None:
    """Who may bring the actor into conversations: every member (but those they ignore) or
    staff only."""
    member = require_member(actor)
    if accept_from not in AcceptFrom.values:
        raise ValidationError({"accept_from": _("Choose one of the options.")})
    ConversationSettings.objects.update_or_create(
        member=member, defaults={"accept_from": accept_from}
    )
