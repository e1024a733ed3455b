"""Moderators' heat controls on the site: a thread's slow mode and reply bans, and the list
of threads that heated up by themselves. Plain forms that post and redirect (no JavaScript)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from pnyx.accounts.selectors import get_member
from pnyx.core.access import access_of
from pnyx.core.actors import actor_of
from pnyx.core.forms import add_service_errors
from pnyx.sanctions.enums import RestrictionKind
from pnyx.sanctions.forms import ReplyBanForm, SlowModeForm
from pnyx.sanctions.models import Restriction
from pnyx.sanctions.selectors import heated_threads, thread_reply_bans
from pnyx.sanctions.services import (
    ban_from_thread,
    lift_reply_ban,
    set_slow_mode,
    until_from_minutes,
)
from pnyx.threads.permissions import check_moderate_thread
from pnyx.threads.selectors import get_thread


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def thread_heat(request: HttpRequest, thread_id: int) -> HttpResponse:
    """A thread's heat controls: slow mode, and who may not reply (moderators only)."""
    actor = actor_of(request)
    thread = get_thread(actor, thread_id)
    check_moderate_thread(actor, thread)
    here = request.path
    slow_form = SlowModeForm(
        initial={"seconds": thread.slow_mode_seconds if thread.slow_mode_active else 60}
    )
    ban_form = ReplyBanForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "slow_mode":
                slow_form = SlowModeForm(request.POST)
                if slow_form.is_valid():
                    data = slow_form.cleaned_data
                    set_slow_mode(
                        actor,
                        thread,
                        seconds=data["seconds"],
                        until=until_from_minutes(data["minutes"]),
                        reason=data["reason"],
                    )
                    messages.success(
                        request,
                        _("Slow mode is on.") if data["seconds"] else _("Slow mode is off."),
                    )
                    return redirect(here)
            elif action == "reply_ban":
                ban_form = ReplyBanForm(request.POST)
                if ban_form.is_valid():
                    data = ban_form.cleaned_data
                    try:
                        member = get_member(data["username"])
                    except Http404:
                        raise ValidationError({"username": _("No member has this name.")}) from None
                    days = data["days"]
                    ban_from_thread(
                        actor,
                        thread,
                        member,
                        reason=data["reason"],
                        until=timezone.now() + timedelta(days=days) if days else None,
                    )
                    messages.success(
                        request,
                        _("%(name)s may no longer reply to this thread.")
                        % {"name": member.username},
                    )
                    return redirect(here)
            elif action == "lift":
                chosen = request.POST.get("restriction", "")
                restriction = (
                    Restriction.objects.select_related("thread")
                    .filter(pk=int(chosen), thread=thread, kind=RestrictionKind.REPLY_BAN)
                    .first()
                    if chosen.isdigit() and len(chosen) < 19
                    else None
                )
                if restriction is None:
                    raise Http404
                lift_reply_ban(actor, restriction)
                messages.success(request, _("The reply ban is lifted."))
                return redirect(here)
            else:
                raise Http404
        except ValidationError as error:
            add_service_errors(ban_form if action == "reply_ban" else slow_form, error)
        except PermissionDenied as denied:
            if action != "reply_ban":
                raise
            ban_form.add_error(None, str(denied))
        status = 400
    return _private(
        render(
            request,
            "sanctions/thread_heat.html",
            {
                "thread": thread,
                "forum": thread.forum,
                "slow_form": slow_form,
                "ban_form": ban_form,
                "reply_bans": thread_reply_bans(thread),
            },
            status=status,
        )
    )


@login_required
@require_safe
def heat_list(request: HttpRequest) -> HttpResponse:
    """Threads that went into slow mode by themselves, in the forums the reader moderates."""
    actor = actor_of(request)
    if not access_of(actor).grants.moderate:
        raise PermissionDenied(_("Only moderators see this page."))
    return _private(render(request, "sanctions/heat_list.html", {"entries": heated_threads(actor)}))
