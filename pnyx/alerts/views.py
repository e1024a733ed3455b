"""The alert centre, the watched list, alert preferences, and the watch buttons."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pnyx.alerts.enums import AlertKind, Delivery, Digest
from pnyx.alerts.presenters import alert_items, alert_link
from pnyx.alerts.selectors import get_alert, list_alerts, preferences_of, watched
from pnyx.alerts.services import (
    mark_read,
    set_preferences,
    unwatch_forum,
    unwatch_thread,
    watch_forum,
    watch_thread,
)
from pnyx.core.actors import actor_of, require_member
from pnyx.core.http import safe_next_path
from pnyx.forums.selectors import get_forum
from pnyx.threads.selectors import get_thread


@login_required
@require_safe
def alert_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    before = request.GET.get("before", "")
    page = list_alerts(actor, before=int(before) if before.isdigit() and len(before) < 19 else None)
    return render(
        request,
        "alerts/alert_list.html",
        {"items": alert_items(actor, page.alerts), "next_before": page.next_before},
    )


@login_required
@require_safe
def alert_open(request: HttpRequest, alert_id: int) -> HttpResponse:
    """Follow an alert: it is read, and the reader lands on the post (or the thing) it is
    about."""
    actor = actor_of(request)
    alert = get_alert(actor, alert_id)
    mark_read(actor, ids=[alert.pk])
    return redirect(alert_link(alert))


@login_required
@require_POST
def alerts_read(request: HttpRequest) -> HttpResponse:
    """Mark all alerts read (``all``) or one (``id``)."""
    actor = actor_of(request)
    if request.POST.get("all"):
        mark_read(actor, everything=True)
    else:
        raw = request.POST.get("id", "")
        if raw.isdigit() and len(raw) < 19:
            mark_read(actor, ids=[int(raw)])
    return HttpResponseRedirect(safe_next_path(request, request.POST.get("next"), "/alerts/"))


@login_required
@require_safe
def watched_list(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/watched.html", {"watched": watched(actor_of(request))})


@login_required
@require_POST
def thread_watch(request: HttpRequest, thread_id: int) -> HttpResponse:
    actor = actor_of(request)
    thread = get_thread(actor, thread_id)
    if request.POST.get("action") == "unwatch":
        unwatch_thread(actor, thread)
        messages.success(request, _("You no longer watch this thread."))
    else:
        watch_thread(actor, thread)
        messages.success(request, _("You watch this thread: replies will be in your alerts."))
    return HttpResponseRedirect(
        safe_next_path(request, request.POST.get("next"), thread.get_absolute_url())
    )


@login_required
@require_POST
def forum_watch(request: HttpRequest, forum_id: int) -> HttpResponse:
    actor = actor_of(request)
    forum = get_forum(actor, forum_id)
    if request.POST.get("action") == "unwatch":
        unwatch_forum(actor, forum)
        messages.success(request, _("You no longer watch this forum."))
    else:
        watch_forum(actor, forum, every_post=bool(request.POST.get("every_post")))
        messages.success(request, _("You watch this forum."))
    return HttpResponseRedirect(
        safe_next_path(request, request.POST.get("next"), forum.get_absolute_url())
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def alert_preferences(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    member = require_member(actor)
    error = ""
    if request.method == "POST":
        kinds = {
            kind.value: request.POST.get(f"kind-{kind.value}", Delivery.SITE.value)
            for kind in AlertKind
        }
        try:
            set_preferences(
                actor,
                kinds=kinds,
                digest=request.POST.get("digest", Digest.NONE.value),
                auto_watch=bool(request.POST.get("auto_watch")),
            )
        except ValidationError:
            error = _("Choose one of the offered values for each line.")
        else:
            messages.success(request, _("Your alert preferences are saved."))
            return redirect("alert-preferences")
    preferences = preferences_of(member.pk)
    rows = [(kind.value, kind.label, preferences.delivery(kind.value)) for kind in AlertKind]
    return render(
        request,
        "alerts/preferences.html",
        {
            "rows": rows,
            "deliveries": Delivery.choices,
            "digests": Digest.choices,
            "preferences": preferences,
            "error": error,
        },
        status=400 if error else 200,
    )
