"""Search pages: the whole forum (/search/), one thread, and similar threads (a fragment
the new-thread form's script asks for as the title is typed)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from pnyx.core.access import access_of
from pnyx.core.actors import actor_of
from pnyx.forums.models import Forum
from pnyx.search.forms import SearchForm, ThreadSearchForm
from pnyx.search.selectors import (
    QueryError,
    get_thread_or_404,
    search_posts,
    search_thread,
    similar_threads,
)


def _page_url(path: str, data: dict[str, object], page: int) -> str:
    params = {k: v for k, v in data.items() if v not in (None, "", False) and k != "page"}
    params = {k: ("1" if v is True else v) for k, v in params.items()}
    if page > 1:
        params["page"] = page
    return f"{path}?{urlencode(params)}" if params else path


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    access = access_of(actor)
    form = SearchForm(request.GET)
    results = None
    error = None
    status = 200
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        try:
            results = search_posts(
                access,
                data["q"],
                forum_id=data["forum"],
                member=data["member"] or None,
                after=data["after"],
                before=data["before"],
                threads_only=data["threads_only"],
                sort=data["sort"] or "relevance",
                page=data["page"] or 1,
            )
        except QueryError as exc:
            error = str(exc)
            status = 400
    elif not form.is_valid():
        status = 400
    forums = list(
        Forum.objects.filter(pk__in=access.grants.read)
        .order_by("category__position", "position", "name")
        .values_list("pk", "name")
    )
    context: dict[str, object] = {
        "form": form,
        "results": results,
        "error": error,
        "forums": forums,
        "selected_forum": form.cleaned_data.get("forum") if form.is_valid() else None,
    }
    if results is not None:
        data = form.cleaned_data
        context["previous_url"] = _page_url(request.path, data, results.page - 1)
        context["next_url"] = _page_url(request.path, data, results.page + 1)
    return render(request, "search/search.html", context, status=status)


@require_safe
def thread_search(request: HttpRequest, thread_id: int) -> HttpResponse:
    actor = actor_of(request)
    thread = get_thread_or_404(actor, thread_id)
    form = ThreadSearchForm(request.GET)
    results = None
    error = None
    status = 200
    if form.is_valid() and form.cleaned_data["q"]:
        try:
            results = search_thread(
                actor, thread, form.cleaned_data["q"], page=form.cleaned_data["page"] or 1
            )
        except QueryError as exc:
            error = str(exc)
            status = 400
    elif not form.is_valid():
        status = 400
    context: dict[str, object] = {
        "thread": thread,
        "form": form,
        "results": results,
        "error": error,
    }
    if results is not None:
        data = {"q": form.cleaned_data["q"]}
        context["previous_url"] = _page_url(request.path, data, results.page - 1)
        context["next_url"] = _page_url(request.path, data, results.page + 1)
    return render(request, "search/thread_search.html", context, status=status)


@require_safe
def similar(request: HttpRequest) -> HttpResponse:
    """The similar-threads list for a title being typed (a fragment for the script)."""
    title = request.GET.get("title", "")[:200]
    body = request.GET.get("body", "")[:2000]
    threads = similar_threads(actor_of(request), title, body)
    return render(request, "search/partials/similar_threads.html", {"similar": threads})
