from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pnyx.forums.models import Forum
from pnyx.moderation.models import CaseOutcome, ReportReason
from pnyx.moderation.services.reports import NOTE_MAX
from pnyx.moderation.services.threads import REASON_MAX
from pnyx.posting.services import TITLE_MAX

THREAD_ACTIONS = ("lock", "unlock", "pin", "unpin")


class ReasonField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", REASON_MAX)
        kwargs.setdefault("label", _("Reason (for the log)"))
        super().__init__(**kwargs)


class ThreadActionForm(forms.Form):
    """One of the thread page's buttons: lock, unlock, pin, unpin."""

    action = forms.ChoiceField(choices=[(action, action) for action in THREAD_ACTIONS])
    reason = ReasonField()


class ThreadEditForm(forms.Form):
    """Rename, move and timed close, on the thread tools page."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    forum = forms.TypedChoiceField(label=_("Forum"), coerce=int)
    closes_at = forms.DateTimeField(
        label=_("Lock automatically at (UTC)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text=_("Leave empty for no timed close."),
    )
    reason = ReasonField()

    def __init__(self, *args: Any, forums: list[Forum], current: Forum, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(current.pk, current.name)]
        choices += [(forum.pk, f"{forum.category.name} › {forum.name}") for forum in forums]
        self.fields["forum"].choices = choices  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note for the moderators"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, reasons: list[ReportReason], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [  # type: ignore[attr-defined]
            (reason.key, reason.label) for reason in reasons
        ]


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=CaseOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note (the reporters see it)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LogFilterForm(forms.Form):
    moderator = forms.CharField(label=_("Moderator"), required=False, max_length=150)
    member = forms.CharField(label=_("Member concerned"), required=False, max_length=150)
    action = forms.CharField(label=_("Action"), required=False, max_length=64)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
