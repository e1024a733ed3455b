from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pnyx.core.actors import Actor
from pnyx.core.forms import new_form_key
from pnyx.posting.models import Draft
from pnyx.posting.selectors import get_draft
from pnyx.posting.services import BODY_MAX, TITLE_MAX
from pnyx.posting.services.validation import DRAFT_SEQUENCE_MAX
from pnyx.threads.models import Thread


class BodyField(forms.CharField):
    def __init__(self) -> None:
        super().__init__(
            label=_("Message"),
            max_length=BODY_MAX,
            strip=False,
            widget=forms.Textarea(
                attrs={"rows": 8, "class": "composer-input", "data-composer": "body"}
            ),
            error_messages={
                "required": _("Write something first."),
                "max_length": _(
                    "Keep the post to %(limit_value)d characters (it has %(show_value)d)."
                ),
            },
            help_text=_("Markdown: **bold**, *italic*, [links](https://…), > quotes, tables."),
        )


class KeyedForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    # The sequence of the draft this form was filled from (see posting.models.Draft).
    draft_sequence = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=DRAFT_SEQUENCE_MAX
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", new_form_key())
            self.initial.setdefault("draft_sequence", 0)


class ThreadCreateForm(KeyedForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={
            "required": _("Give the thread a title."),
            "max_length": _(
                "Keep the title to %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = BodyField()
    field_order = ["title", "body", "idempotency_key", "draft_sequence"]


class ReplyForm(KeyedForm):
    body = BodyField()


class EditForm(forms.Form):
    body = BodyField()
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def reply_form_for(actor: Actor, thread: Thread) -> tuple[ReplyForm, Draft | None]:
    """The reply form for ``thread``, filled from the actor's draft if there is one."""
    draft = get_draft(actor, thread=thread)
    form = ReplyForm()
    if draft is not None:
        form.initial.update(body=draft.body, draft_sequence=draft.sequence)
    return form, draft


class DraftForm(forms.Form):
    """A draft save: anything typed so far, even nothing (which empties the draft)."""

    title = forms.CharField(required=False, strip=False)
    body = forms.CharField(required=False, strip=False)
    draft_sequence = forms.IntegerField(min_value=0, max_value=DRAFT_SEQUENCE_MAX)
