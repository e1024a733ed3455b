from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pnyx.accounts.forms import AvatarForm, ProfileForm
from pnyx.accounts.selectors import get_member
from pnyx.accounts.services import remove_avatar, set_avatar, update_profile
from pnyx.core.actors import require_member
from pnyx.core.forms import add_service_errors
from pnyx.core.guest_cache import guest_cacheable
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
    if request.method == "POST":
        if request.POST.get("section") == "avatar":
            avatar_form = AvatarForm(request.POST, request.FILES)
            if avatar_form.is_valid():
                try:
                    if avatar_form.cleaned_data["remove"]:
                        remove_avatar(member, member)
                    elif avatar_form.cleaned_data["avatar"]:
                        set_avatar(member, member, avatar_form.cleaned_data["avatar"])
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
    has_errors = bool(profile_form.errors or avatar_form.errors)
    return render(
        request,
        "accounts/account_settings.html",
        {"member": member, "profile_form": profile_form, "avatar_form": avatar_form},
        status=400 if has_errors else 200,
    )
