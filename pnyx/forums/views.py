from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from pnyx.core.actors import actor_of
from pnyx.core.guest_cache import guest_cacheable
from pnyx.core.pages import Redirect
from pnyx.core.pagination import is_paged_url
from pnyx.forums.presenters import read_forum_page
from pnyx.forums.selectors import forum_index, whats_new_page
from pnyx.threads.services import mark_all_read


@require_safe
@guest_cacheable
def forum_index_view(request: HttpRequest) -> HttpResponse:
    return render(
        request, "forums/forum_index.html", {"categories": forum_index(actor_of(request))}
    )


@require_safe
@guest_cacheable
def forum_detail(request: HttpRequest, forum_id: int, slug: str, page: int = 1) -> HttpResponse:
    result = read_forum_page(
        actor_of(request),
        forum_id,
        page,
        slug=slug,
        paged_url=is_paged_url(request),
        with_subforums=True,
    )
    if isinstance(result, Redirect):
        return HttpResponseRedirect(result.url)
    return render(
        request,
        "forums/forum_detail.html",
        {
            "forum": result.forum,
            "listing": result.listing,
            "subforums": result.subforums,
            "can_start_thread": result.can_start_thread,
        },
    )


@require_safe
@guest_cacheable
def whats_new(request: HttpRequest, page: int = 1, tab: str = "posts") -> HttpResponse:
    listing = whats_new_page(actor_of(request), page, new_threads=tab == "threads")
    return render(request, "forums/whats_new.html", {"listing": listing, "tab": tab})


@login_required
@require_POST
def whats_new_mark_read(request: HttpRequest) -> HttpResponse:
    mark_all_read(request.user)
    return redirect("whats-new")
