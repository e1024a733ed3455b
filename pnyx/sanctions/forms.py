from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pnyx.sanctions.services import REASON_MAX, SLOW_MODE_MAX_SECONDS


class SlowModeForm(forms.Form):
    seconds = forms.IntegerField(
        label=_("Seconds between a member's posts"),
        min_value=0,
        max_value=SLOW_MODE_MAX_SECONDS,
        help_text=_("0 turns slow mode off."),
    )
    minutes = forms.IntegerField(
        label=_("For how many minutes"),
        min_value=0,
        max_value=60 * 24 * 365,
        required=False,
        help_text=_("Empty or 0: until turned off."),
    )
    reason = forms.CharField(label=_("Note for the log"), max_length=REASON_MAX, required=False)


class ReplyBanForm(forms.Form):
    username = forms.CharField(label=_("Member"), max_length=150)
    reason = forms.CharField(label=_("Reason (the member is shown it)"), max_length=REASON_MAX)
    days = forms.IntegerField(
        label=_("For how many days"),
        min_value=0,
        max_value=3650,
        required=False,
        help_text=_("Empty or 0: for as long as the thread lasts."),
    )
