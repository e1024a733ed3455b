from __future__ import annotations

from allauth.account import app_settings as allauth_settings
from allauth.account.forms import AddEmailForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.models import EmailAddress
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
    """A new API token. The view asks for re-authentication first (a token acts as the
    member), like every other change to how the account is reached."""

    name = forms.CharField(
        label=_("Token name"),
        max_length=60,
        help_text=_("What uses it, e.g. “news bot” or “phone”."),
    )


class ResetPasswordForm(AllauthResetPasswordForm):  # type: ignore[misc]
    """allauth's reset form, sending only to a member's current (primary) address.

    allauth also matches an address a member has added and not verified, such as one
    waiting to replace the current one: whoever typed it in could then reset the password.
    """

    users: list[Member]

    def clean_email(self) -> str:
        email: str = super().clean_email()
        self.users = [user for user in self.users if user.email.lower() == email.lower()]
        return email


class ChangeEmailForm(AddEmailForm):  # type: ignore[misc]
    """A new address, confirmed by a link before it replaces the current one.

    Refused when no address can be confirmed (a forum without mail: an administrator
    changes addresses there), and while the current address is unconfirmed: allauth
    takes an unconfirmed address for the one being changed to, and would drop it.
    """

    def clean_email(self) -> str:
        value: str = super().clean_email()
        if allauth_settings.EMAIL_VERIFICATION == allauth_settings.EmailVerificationMethod.NONE:
            raise forms.ValidationError(
                _(
                    "This forum sends no mail, so a new address cannot be confirmed. "
                    "Ask an administrator to change it."
                )
            )
        if not EmailAddress.objects.filter(user_id=self.user.pk, verified=True).exists():
            raise forms.ValidationError(
                _("Confirm your current address first: send yourself its confirmation link.")
            )
        return value
