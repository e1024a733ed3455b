from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pnyx.accounts.forms import ApiTokenForm, AvatarForm, ProfileForm
from pnyx.accounts.selectors import get_member, get_token, list_tokens
from pnyx.accounts.services import (
    AVATAR_MAX_BYTES,
    NewToken,
    create_token,
    remove_avatar,
    revoke_token,
    set_avatar,
    update_profile,
)
from pnyx.core.actors import require_member
from pnyx.core.forms import add_service_errors
from pnyx.core.guest_cache import guest_cacheable
from pnyx.core.uploads import too_large_message, upload_was_too_large
from pnyx.threads.selectors import member_recent_posts


@require_GET
@guest_cacheable
def member_detail(request: HttpRequest, username: str) -> HttpResponse:
    member = get_member(username)
    if member.username != username:
        return redirect(member.get_absolute_url())
    return render(
        request,
        "accounts/member_detail.html",
        {"member": member, "recent_posts": member_recent_posts(request.user, member)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    member = require_member(request.user)
    profile_form = ProfileForm.for_member(member)
    avatar_form = AvatarForm()
    token_form = ApiTokenForm(member)
    new_token: NewToken | None = None
    if request.method == "POST":
        section = request.POST.get("section")
        if section == "token-revoke":
            token = get_token(member, request.POST.get("token", ""))
            revoke_token(member, token)
            messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
            return redirect("account-settings")
        if section == "token-create":
            token_form = ApiTokenForm(member, request.POST)
            if token_form.is_valid():
                try:
                    new_token = create_token(member, member, name=token_form.cleaned_data["name"])
                except ValidationError as error:
                    add_service_errors(token_form, error)
                else:
                    # Shown on this response only (no redirect): the secret is never stored.
                    token_form = ApiTokenForm(member)
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
        },
        status=400 if has_errors else 200,
    )
    response["Cache-Control"] = "private, no-store"
    return response
