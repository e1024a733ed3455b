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
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pnyx.core.actors import actor_of
from pnyx.core.forms import add_service_errors
from pnyx.moderation.forms import (
    LogFilterForm,
    ReportForm,
    ResolveForm,
    ThreadActionForm,
    ThreadEditForm,
)
from pnyx.moderation.permissions import (
    can_moderate_thread,
    check_moderate_thread,
    check_report_post,
    check_resolve_case,
    check_view_moderation,
)
from pnyx.moderation.selectors import (
    LogFilter,
    audit_log,
    get_case,
    logged_actions,
    move_targets,
    open_cases,
    report_reasons,
    reports_by,
    thread_closing,
)
from pnyx.moderation.services import report_post, resolve_case, update_thread
from pnyx.threads.selectors import get_post, get_thread

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


# ---------------------------------------------------------------- reports


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def post_report(request: HttpRequest, post_id: int) -> HttpResponse:
    """Report a post: a reason and a note. Then the case page, where the outcome appears."""
    actor = actor_of(request)
    post = get_post(actor, post_id)
    check_report_post(actor, post)
    reasons = report_reasons()
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, reasons=reasons)
        if form.is_valid():
            try:
                report = report_post(
                    actor, post, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you: the moderators will look at this post."))
                return redirect("moderation-case", case_id=report.case_id)
        status = 400
    else:
        form = ReportForm(reasons=reasons)
    return _private(
        render(
            request,
            "moderation/post_report.html",
            {"post": post, "thread": post.thread, "form": form},
            status=status,
        )
    )


@require_safe
@login_required
def report_queue(request: HttpRequest) -> HttpResponse:
    """Open cases of the forums the moderator moderates, each with its post and reporters."""
    items = open_cases(actor_of(request))
    return _private(
        render(
            request,
            "moderation/report_queue.html",
            {"items": items, "resolve_form": ResolveForm()},
        )
    )


@require_safe
@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """One case: its post and reports for moderators, its outcome for its reporters."""
    actor = actor_of(request)
    item = get_case(actor, case_id)
    moderates = can_moderate_thread(actor, item.post.thread)
    mine = [r for r in item.reports if r.reporter_id == actor.pk]
    return _private(
        render(
            request,
            "moderation/case_detail.html",
            {
                "item": item,
                "moderates": moderates,
                "mine": mine,
                "resolve_form": ResolveForm() if moderates else None,
            },
        )
    )


@require_POST
@login_required
def case_resolve(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    item = get_case(actor, case_id)
    check_resolve_case(actor, item.case)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            resolve_case(
                actor,
                item.case,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case resolved."))
            return redirect("moderation-reports")
    return _private(
        render(
            request,
            "moderation/case_detail.html",
            {"item": item, "moderates": True, "mine": [], "resolve_form": form},
            status=400,
        )
    )


@require_safe
@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    """The member's reports and what became of them."""
    return _private(
        render(request, "moderation/my_reports.html", {"reports": reports_by(actor_of(request))})
    )


# ---------------------------------------------------------------- the audit log


@require_safe
@login_required
def log_view(request: HttpRequest) -> HttpResponse:
    """The audit log, filtered by moderator, member concerned, action and dates."""
    actor = actor_of(request)
    check_view_moderation(actor)
    form = LogFilterForm(request.GET or None)
    filters = LogFilter()
    before = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = LogFilter(
            moderator=data["moderator"],
            member=data["member"],
            action=data["action"],
            since=data["since"],
            until=data["until"],
        )
        before = data["before"]
    page = audit_log(actor, filters, before=before)
    next_query = ""
    if page.next_before is not None:
        query = request.GET.copy()
        query["before"] = str(page.next_before)
        next_query = query.urlencode()
    return _private(
        render(
            request,
            "moderation/audit_log.html",
            {
                "form": form,
                "page": page,
                "next_query": next_query,
                "actions": logged_actions(),
            },
            status=200 if not form.is_bound or form.is_valid() else 400,
        )
    )


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response
