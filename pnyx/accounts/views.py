from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account import app_settings as allauth_settings
from allauth.account.decorators import reauthentication_required
from allauth.account.models import EmailAddress
from allauth.account.views import EmailView as AllauthEmailView
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pnyx.accounts.forms import ApiTokenForm, AvatarForm, ProfileForm
from pnyx.accounts.selectors import get_token, list_tokens
from pnyx.accounts.services import (
    AVATAR_MAX_BYTES,
    NewToken,
    create_token,
    end_all_sessions,
    remove_avatar,
    revoke_token,
    set_avatar,
    update_profile,
)
from pnyx.core.actors import is_staff, require_member
from pnyx.core.forms import add_service_errors
from pnyx.core.uploads import too_large_message, upload_was_too_large

ViewFunction = Callable[[HttpRequest], HttpResponse]


def _changes_tokens(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get("section") in TOKEN_SECTIONS


TOKEN_SECTIONS = frozenset({"token-create", "token-revoke"})
_reauthenticated_for_tokens: Callable[[ViewFunction], ViewFunction] = reauthentication_required(
    enabled=_changes_tokens
)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
# A token acts as the member: creating or revoking one asks for the password (or a
# two-factor code) again unless given in the last minutes. allauth keeps the form's
# fields meanwhile and finishes the request after re-authentication.
@_reauthenticated_for_tokens
def account_settings(request: HttpRequest) -> HttpResponse:
    member = require_member(request.user)
    profile_form = ProfileForm.for_member(member)
    avatar_form = AvatarForm()
    token_form = ApiTokenForm()
    new_token: NewToken | None = None
    if request.method == "POST":
        section = request.POST.get("section")
        if section == "sessions-end":
            end_all_sessions(member, member)
            logout(request)
            messages.success(request, _("You were signed out everywhere, here too."))
            return redirect("account_login")
        if section == "token-revoke":
            token = get_token(member, request.POST.get("token", ""))
            revoke_token(member, token)
            messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
            return redirect("account-settings")
        if section == "token-create":
            token_form = ApiTokenForm(request.POST)
            if token_form.is_valid():
                try:
                    new_token = create_token(member, member, name=token_form.cleaned_data["name"])
                except ValidationError as error:
                    add_service_errors(token_form, error)
                else:
                    # Shown on this response only (no redirect): the secret is never stored.
                    token_form = ApiTokenForm()
        elif section == "avatar":
            avatar_form = AvatarForm(request.POST, request.FILES)
            if avatar_form.is_valid():
                try:
                    if avatar_form.cleaned_data["remove"]:
                        remove_avatar(member, member)
                    elif avatar_form.cleaned_data["avatar"]:
                        set_avatar(member, member, avatar_form.cleaned_data["avatar"])
                    elif upload_was_too_large(request, "avatar"):
                        avatar_form.add_error("avatar", too_large_message(AVATAR_MAX_BYTES))
                    else:
                        avatar_form.add_error("avatar", _("Choose an image to upload."))
                except ValidationError as error:
                    add_service_errors(avatar_form, error)
                if not avatar_form.errors:
                    messages.success(request, _("Your avatar was updated."))
                    return redirect("account-settings")
        else:
            profile_form = ProfileForm(request.POST)
            if profile_form.is_valid():
                try:
                    update_profile(
                        member,
                        member,
                        display_name=profile_form.cleaned_data["display_name"],
                        country=profile_form.cleaned_data["country"],
                        location=profile_form.cleaned_data["location"],
                    )
                except ValidationError as error:
                    add_service_errors(profile_form, error)
                else:
                    messages.success(request, _("Your profile was saved."))
                    return redirect("account-settings")
    has_errors = bool(profile_form.errors or avatar_form.errors or token_form.errors)
    response = render(
        request,
        "accounts/account_settings.html",
        {
            "member": member,
            "profile_form": profile_form,
            "avatar_form": avatar_form,
            "token_form": token_form,
            "tokens": list_tokens(member, member),
            "new_token": new_token,
            "two_factor_on": is_mfa_enabled(member, types=[Authenticator.Type.TOTP]),
        },
        status=400 if has_errors else 200,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's sign-in is the site's: one form, one set of limits, two-factor included.

    Django's own admin form checked passwords with no limit; it is never shown. ``next``
    is kept when it is a path on this site.
    """
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    if request.user.is_authenticated:
        if not is_staff(request.user):
            raise PermissionDenied(_("The administration is for staff only."))
        return HttpResponseRedirect(next_url)
    return HttpResponseRedirect(
        f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
    )


def _is_post(request: HttpRequest) -> bool:
    return request.method == "POST"


# Every change here (new address, re-send, cancel, primary, removal) first asks for the
# password or a two-factor code, so a stolen session cannot start one.
@method_decorator([login_required, reauthentication_required(enabled=_is_post)], name="dispatch")
class EmailView(AllauthEmailView):  # type: ignore[misc]
    """allauth's email page (re-authentication, rate limit, notices), with one more rule:
    only a confirmed address ever becomes the member's address.

    allauth lets an unconfirmed one become primary while no address is confirmed, which
    is always the case on a forum without mail: a stolen session could then make its own
    address the account's and reset the password to it.
    """

    def _action_primary(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        email_address = self._get_email_address(request)
        if email_address is not None and not email_address.verified:
            messages.error(request, _("Only a confirmed address can become your address."))
            return HttpResponseRedirect(reverse("account_email"))
        return super()._action_primary(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        member = require_member(self.request.user)
        addresses = list(EmailAddress.objects.filter(user_id=member.pk).order_by("pk"))
        current = member.email.lower()
        context["current_address"] = next(
            (address for address in addresses if address.email.lower() == current), None
        )
        context["pending_address"] = next(
            (
                address
                for address in reversed(addresses)
                if not address.verified and address.email.lower() != current
            ),
            None,
        )
        context["confirms_addresses"] = (
            allauth_settings.EMAIL_VERIFICATION != allauth_settings.EmailVerificationMethod.NONE
        )
        return context


email_view = EmailView.as_view()
