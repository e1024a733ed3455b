from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from pnyx.accounts.models import Member


def _country_choices() -> list[tuple[str, str]]:
    return [("", gettext("— not shown —")), *[(code, str(name)) for code, name in countries]]


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=50,
        required=False,
        help_text=_("Shown instead of your username. Any script; up to 50 characters."),
    )
    country = forms.ChoiceField(label=_("Country"), choices=_country_choices, required=False)
    location = forms.ChoiceField(
        label=_("Location"),
        choices=_country_choices,
        required=False,
        help_text=_("Where you are now, if it differs from your country."),
    )

    @classmethod
    def for_member(cls, member: Member) -> ProfileForm:
        return cls(
            initial={
                "display_name": member.display_name,
                "country": member.country.code or "",
                "location": member.location.code or "",
            }
        )


class AvatarForm(forms.Form):
    # A plain file field: the image checks (size, format, pixels before decoding) are the
    # upload module's, made once by the service (pnyx.core.uploads).
    avatar = forms.FileField(
        label=_("New avatar"),
        required=False,
        help_text=_("PNG, JPEG, GIF or WebP up to 5 MB; it is cropped to a square."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
        ),
    )
    remove = forms.BooleanField(label=_("Remove my avatar"), required=False)


class ApiTokenForm(forms.Form):
    """A new API token: a name, and the current password (a token can act as the member)."""

    name = forms.CharField(
        label=_("Token name"),
        max_length=60,
        help_text=_("What uses it, e.g. “news bot” or “phone”."),
    )
    password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, member: Member, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.member.check_password(password):
            raise forms.ValidationError(_("That is not your current password."))
        return password
