from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pnyx.accounts.selectors import get_member
from pnyx.core.actors import actor_of
from pnyx.core.http import answers_rate_limits
from pnyx.core.ratelimit import check_page_write
from pnyx.ignoring.selectors import list_ignored
from pnyx.ignoring.services import ignore_member, unignore_member


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answers_rate_limits
def ignored_members(request: HttpRequest) -> HttpResponse:
    """The members one ignores, a form to add one; the profile's Ignore button posts here."""
    actor = actor_of(request)
    error = ""
    username = ""
    status = 200
    if request.method == "POST":
        check_page_write(request, "post")
        username = request.POST.get("username", "").strip().lstrip("@")[:150]
        action = request.POST.get("action", "ignore")
        try:
            target = get_member(username) if username else None
            if target is None:
                raise Http404
            if action == "unignore":
                unignore_member(actor, target)
                messages.success(
                    request, _("You no longer ignore %(name)s.") % {"name": target.name}
                )
            else:
                ignore_member(actor, target)
                messages.success(request, _("You now ignore %(name)s.") % {"name": target.name})
        except Http404:
            error, status = _("No member is called %(name)s.") % {"name": username}, 400
        except PermissionDenied as refused:
            error, status = str(refused), 403
        else:
            back = request.POST.get("next", "")
            if back and url_has_allowed_host_and_scheme(
                back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return redirect(back)
            return redirect("ignored-members")
    response = render(
        request,
        "ignoring/ignored_list.html",
        {"ignored": list_ignored(actor), "error": error, "username": username},
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response
