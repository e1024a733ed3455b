"""Who may see and do what in a conversation. Each rule is written once, as a ``check_*``.

A conversation exists only for its active participants: to anybody else (a guest, a
member who was never in it, a member who left, a moderator, an administrator) it answers
``Http404``, exactly like one that does not exist. Leaving is final unless a participant
invites the member again (XenForo hides a conversation one has left, too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from pnyx.conversations.models import AcceptFrom, ConversationSettings
from pnyx.core.access import Access, access_of, can_from
from pnyx.core.actors import Actor
from pnyx.ignoring.selectors import is_ignoring

if TYPE_CHECKING:
    from pnyx.accounts.models import Member
    from pnyx.conversations.models import Participant


def check_read_conversation(actor: Actor | Access, membership: Participant) -> None:
    """Only the member of an active participation reads it; anybody else gets 404."""
    access = access_of(actor)
    if (
        not access.is_member
        or not access.is_self(membership.member_id)
        or membership.left_at is not None
    ):
        raise Http404


can_read_conversation = can_from(check_read_conversation)


def check_reply_conversation(actor: Actor | Access, membership: Participant) -> None:
    check_read_conversation(actor, membership)


can_reply_conversation = can_from(check_reply_conversation)


def check_invite(actor: Actor | Access, membership: Participant) -> None:
    """The starter invites; the others too when the starter allowed it."""
    check_read_conversation(actor, membership)
    conversation = membership.conversation
    if not (access_of(actor).is_self(conversation.starter_id) or conversation.open_invite):
        raise PermissionDenied(
            _("Only the member who started this conversation may invite others to it.")
        )


can_invite = can_from(check_invite)


def check_leave(actor: Actor | Access, membership: Participant) -> None:
    check_read_conversation(actor, membership)


def check_start_conversation(actor: Actor | Access, _target: object = None) -> None:
    if not access_of(actor).is_member:
        raise PermissionDenied(_("Sign in to start a conversation."))


can_start_conversation = can_from(check_start_conversation)


def accepts_only_staff(member_id: int) -> bool:
    """Whether the member refuses conversations from everybody but staff."""
    return ConversationSettings.objects.filter(
        member_id=member_id, accept_from=AcceptFrom.STAFF
    ).exists()


def check_reach(actor: Actor | Access, recipient: Member) -> None:
    """Whether ``actor`` may bring ``recipient`` into a conversation (start or invite): not
    when the recipient ignores the actor, nor when they accept conversations from staff only
    (``ConversationSettings``); staff always may."""
    access = access_of(actor)
    if not access.is_member:
        raise PermissionDenied(_("Sign in to start a conversation."))
    if not recipient.is_active:
        raise PermissionDenied(_("This member cannot take part in conversations."))
    if access.is_staff:
        return  # staff reach everybody (moderation needs a word in private)
    if is_ignoring(recipient.pk, access.member_id):
        raise PermissionDenied(_("This member does not accept conversations from you."))
    if accepts_only_staff(recipient.pk):
        raise PermissionDenied(_("This member accepts conversations from staff only."))


can_reach = can_from(check_reach)
