"""Pages of the moderation tools. Every one works without JavaScript: a form that posts and
redirects back to what it changed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from pnyx.core.actors import actor_of
from pnyx.core.forms import add_service_errors
from pnyx.moderation.forms import ThreadActionForm, ThreadEditForm
from pnyx.moderation.permissions import check_moderate_thread
from pnyx.moderation.selectors import move_targets, thread_closing
from pnyx.moderation.services import update_thread
from pnyx.threads.selectors import get_thread

_DONE = {
    "lock": gettext_lazy("Thread locked."),
    "unlock": gettext_lazy("Thread unlocked."),
    "pin": gettext_lazy("Thread pinned."),
    "unpin": gettext_lazy("Thread unpinned."),
}


@require_POST
@login_required
def thread_action(request: HttpRequest, thread_id: int) -> HttpResponse:
    """The thread page's buttons: lock, unlock, pin, unpin."""
    actor = actor_of(request)
    thread = get_thread(actor, thread_id)
    check_moderate_thread(actor, thread)
    form = ThreadActionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Unknown action."), status=400, content_type="text/plain")
    action = form.cleaned_data["action"]
    reason = form.cleaned_data["reason"]
    if action in ("lock", "unlock"):
        update_thread(actor, thread, locked=action == "lock", reason=reason)
    else:
        update_thread(actor, thread, pinned=action == "pin", reason=reason)
    messages.success(request, _DONE[action])
    return redirect(thread.get_absolute_url())


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def thread_tools(request: HttpRequest, thread_id: int) -> HttpResponse:
    """Rename, move and timed close of one thread."""
    actor = actor_of(request)
    thread = get_thread(actor, thread_id)
    check_moderate_thread(actor, thread)
    forums = move_targets(actor, thread)
    closes_at = thread_closing(thread)
    status = 200
    if request.method == "POST":
        form = ThreadEditForm(request.POST, forums=forums, current=thread.forum)
        if form.is_valid():
            data = form.cleaned_data
            target = next((f for f in forums if f.pk == data["forum"]), thread.forum)
            try:
                update_thread(
                    actor,
                    thread,
                    title=data["title"],
                    forum=target,
                    closes_at=data["closes_at"],
                    reason=data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thread saved."))
                return redirect(thread.get_absolute_url())
        status = 400
    else:
        form = ThreadEditForm(
            initial={"title": thread.title, "forum": thread.forum_id, "closes_at": closes_at},
            forums=forums,
            current=thread.forum,
        )
    response = render(
        request,
        "moderation/thread_tools.html",
        {"thread": thread, "forum": thread.forum, "form": form, "closes_at": closes_at},
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response
