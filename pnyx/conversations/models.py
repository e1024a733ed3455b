"""Private conversations: members write to each other, out of sight of everybody else.

A conversation has participants (one row each, kept when they leave so that their read
marker and the fact that they were there survive a re-invitation) and messages. Nothing here
is ever shown to guests, moderators or former participants: every read goes through
``selectors.get_membership``, which answers 404 to anybody but an active participant.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Conversation(models.Model):
    title = models.CharField(_("title"), max_length=200)
    starter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("started by"),
    )
    open_invite = models.BooleanField(
        _("participants may invite"),
        default=False,
        help_text=_("Whether every participant, not only the starter, may invite members."),
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)
    last_message = models.ForeignKey(
        "conversations.Message",
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    message_count = models.PositiveIntegerField(_("messages"), default=0)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [
            # The hourly limit counts a member's recent conversations.
            models.Index(fields=["starter", "created_at"], name="conversations_started"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("conversation-detail", args=[self.pk])


class Participant(models.Model):
    """A member in a conversation. ``left_at`` set: they left (or were never re-invited)."""

    conversation = models.ForeignKey(
        Conversation, related_name="participants", on_delete=models.CASCADE
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="conversation_memberships", on_delete=models.CASCADE
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    # The id of the last message this member has seen (0: none).
    read_up_to = models.PositiveBigIntegerField(_("read up to"), default=0)
    # The conversation's last message time, copied here so a member's list is one index scan.
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "member"], name="conversation_participant_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["member", "-last_message_at"],
                condition=models.Q(left_at__isnull=True),
                name="conversations_of_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.conversation_id}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, related_name="messages", on_delete=models.CASCADE
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    source = models.TextField(_("text"))
    html = models.TextField(_("rendered text"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    # The compose form's key: a form sent twice creates one message (posting's rule).
    idempotency_key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="conversation_message_key_unique",
            )
        ]
        indexes = [
            models.Index(fields=["conversation", "id"], name="messages_in_order"),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk} in {self.conversation_id}"

    def get_absolute_url(self) -> str:
        return reverse("conversation-message", args=[self.pk])


class ConversationDraft(models.Model):
    """What a member is writing: a reply in a conversation, or (``conversation`` None) a new
    conversation. Sequenced like posting's drafts: a save from a stale window is refused."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    conversation = models.ForeignKey(
        Conversation, related_name="+", on_delete=models.CASCADE, null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=200, blank=True, default="")
    recipients = models.CharField(_("recipients"), max_length=2000, blank=True, default="")
    body = models.TextField(_("body"), blank=True, default="")
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("conversation draft")
        verbose_name_plural = _("conversation drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "conversation"],
                condition=models.Q(conversation__isnull=False),
                name="conversation_draft_reply_unique",
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(conversation__isnull=True),
                name="conversation_draft_new_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"Draft of {self.member_id} in {self.conversation_id or 'a new conversation'}"

    @property
    def is_empty(self) -> bool:
        return not self.title and not self.body and not self.recipients


class AcceptFrom(models.TextChoices):
    MEMBERS = "members", _("Every member (except those I ignore)")
    STAFF = "staff", _("Staff only")


class ConversationSettings(models.Model):
    """Who may bring a member into conversations (no row: every member they do not ignore).
    Staff always may."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, related_name="+", on_delete=models.CASCADE
    )
    accept_from = models.CharField(
        _("accept conversations from"),
        max_length=10,
        choices=AcceptFrom.choices,
        default=AcceptFrom.MEMBERS,
    )

    class Meta:
        verbose_name = _("conversation settings")
        verbose_name_plural = _("conversation settings")

    def __str__(self) -> str:
        return f"{self.member_id}: {self.accept_from}"
