"""Administrators' pages for groups, memberships and each forum's permissions. Every page
works without JavaScript: forms post and redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pnyx.accounts.selectors import get_member
from pnyx.core.actors import actor_of
from pnyx.forums.models import Forum
from pnyx.groups.enums import PERMISSIONS, Setting
from pnyx.groups.permissions import check_manage_forum, check_manage_groups
from pnyx.groups.selectors import (
    forum_matrix,
    get_forum_for,
    get_group,
    group_members,
    list_groups,
    managed_forums,
)
from pnyx.groups.services import (
    add_member,
    create_group,
    delete_group,
    remove_member,
    set_forum_moderator,
    set_forum_permissions,
    update_group,
)

INHERIT = "inherit"
CHOICES = (INHERIT, *Setting.values)


def _errors(exc: ValidationError) -> list[str]:
    return [str(message) for message in exc.messages]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    check_manage_groups(actor)
    errors: list[str] = []
    if request.method == "POST":
        try:
            group = create_group(
                actor,
                title=request.POST.get("title", ""),
                name=request.POST.get("name", ""),
                description=request.POST.get("description", ""),
            )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("Group created."))
            return HttpResponseRedirect(reverse("group-detail", args=[group.pk]))
    return render(
        request,
        "groups/group_list.html",
        {
            "groups": list_groups(),
            "forums": managed_forums(actor),
            "errors": errors,
            "form": request.POST if errors else {},
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    actor = actor_of(request)
    check_manage_groups(actor)
    group = get_group(group_id)
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "update":
                update_group(
                    actor,
                    group,
                    title=request.POST.get("title", ""),
                    description=request.POST.get("description", ""),
                )
                messages.success(request, _("Group saved."))
            elif action in {"add", "remove"}:
                try:
                    member = get_member(request.POST.get("username", "").strip())
                except Http404:
                    raise ValidationError(_("No member has that username.")) from None
                if action == "add":
                    add_member(actor, group, member)
                    messages.success(request, _("Member added."))
                else:
                    remove_member(actor, group, member)
                    messages.success(request, _("Member removed."))
            elif action == "delete":
                delete_group(actor, group)
                messages.success(request, _("Group deleted."))
                return HttpResponseRedirect(reverse("group-list"))
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            return HttpResponseRedirect(reverse("group-detail", args=[group.pk]))
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "implicit": group.name in {"guests", "members"},
            "members": group_members(actor, group),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _forum(request: HttpRequest, forum_id: int, slug: str) -> Forum:
    forum = get_forum_for(actor_of(request), forum_id)
    check_manage_forum(actor_of(request), forum)
    return forum


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def forum_permissions(request: HttpRequest, forum_id: int, slug: str) -> HttpResponse:
    actor = actor_of(request)
    forum = _forum(request, forum_id, slug)
    errors: list[str] = []
    if request.method == "POST":
        matrix = forum_matrix(actor, forum)
        try:
            for row in matrix.rows:
                wanted: dict[str, str | None] = {}
                for cell in row.cells:
                    value = request.POST.get(f"p-{row.group.id}-{cell.permission}")
                    if value is None:
                        continue  # not in the form: unchanged
                    if value not in CHOICES:
                        raise ValidationError(_("Choose inherit, yes, no or never."))
                    setting = None if value == INHERIT else value
                    if setting != cell.own:
                        wanted[cell.permission] = setting
                if wanted:
                    set_forum_permissions(actor, forum, get_group(row.group.id), wanted)
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("Permissions saved."))
            return HttpResponseRedirect(reverse("forum-permissions", args=[forum.pk, forum.slug]))
    return render(
        request,
        "groups/forum_permissions.html",
        {
            "matrix": forum_matrix(actor, forum),
            "choices": CHOICES,
            "permission_names": PERMISSIONS,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def forum_moderators(request: HttpRequest, forum_id: int, slug: str) -> HttpResponse:
    actor = actor_of(request)
    forum = _forum(request, forum_id, slug)
    try:
        member = get_member(request.POST.get("username", "").strip())
    except Http404:
        messages.error(request, _("No member has that username."))
    else:
        moderates = request.POST.get("action") != "remove"
        set_forum_moderator(actor, forum, member, moderates)
        messages.success(request, _("Moderator added.") if moderates else _("Moderator removed."))
    return HttpResponseRedirect(reverse("forum-permissions", args=[forum.pk, forum.slug]))
