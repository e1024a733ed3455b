from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from pnyx.conversations.models import AcceptFrom
from pnyx.conversations.services import RECIPIENTS_FIELD_MAX
from pnyx.posting.forms import BodyField, DraftForm, KeyedForm
from pnyx.posting.services import TITLE_MAX


class RecipientsField(forms.CharField):
    def __init__(self, label: StrOrPromise) -> None:
        super().__init__(
            label=label,
            max_length=RECIPIENTS_FIELD_MAX,
            help_text=_("Usernames, separated by commas."),
            error_messages={"required": _("Name at least one member.")},
            widget=forms.TextInput(attrs={"autocomplete": "off"}),
        )


class StartConversationForm(KeyedForm):
    recipients = RecipientsField(_("To"))
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Give the conversation a title.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = BodyField()
    open_invite = forms.BooleanField(
        label=_("Participants may invite others"), required=False, initial=False
    )
    field_order = ["recipients", "title", "body", "open_invite"]


class MessageForm(KeyedForm):
    body = BodyField()


class InviteForm(forms.Form):
    recipients = RecipientsField(_("Invite"))


class ConversationDraftForm(DraftForm):
    recipients = forms.CharField(required=False, strip=False)


class AcceptFromForm(forms.Form):
    accept_from = forms.ChoiceField(
        label=_("Who may start conversations with you or invite you to one?"),
        choices=AcceptFrom.choices,
        widget=forms.RadioSelect,
    )
