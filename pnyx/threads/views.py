from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from pnyx.core.actors import actor_of
from pnyx.core.guest_cache import guest_cacheable, run_on_cache_hits
from pnyx.core.pagination import is_paged_url
from pnyx.core.site_settings import get_site_settings
from pnyx.posting.forms import ReplyForm
from pnyx.posting.services import quote_source
from pnyx.threads.selectors import (
    first_unread_position,
    get_post,
    get_post_by_position,
    get_read_position,
    get_thread,
    page_count_for,
    page_of_position,
    post_history,
    thread_page,
)
from pnyx.threads.services import count_thread_view, mark_thread_read


@require_GET
@guest_cacheable
def thread_detail(request: HttpRequest, thread_id: int, slug: str, page: int = 1) -> HttpResponse:
    actor = actor_of(request)
    thread = get_thread(actor, thread_id)
    per_page = get_site_settings().posts_per_page
    page_count = page_count_for(thread, per_page)
    if slug != thread.slug or page > page_count or (page == 1 and is_paged_url(request)):
        return HttpResponseRedirect(thread.page_url(min(page, page_count)))
    read_position = get_read_position(actor, thread)
    page_data = thread_page(actor, thread, page, read_position=read_position)
    if page_data.posts:
        mark_thread_read(actor, thread, page_data.posts[-1].post.position, previous=read_position)
    views = count_thread_view(thread)
    run_on_cache_hits(request, "thread-view", thread.pk)
    return render(
        request,
        "threads/thread_detail.html",
        {
            "thread": thread,
            "forum": thread.forum,
            "page": page_data,
            "view_count": views,
            "reply_form": ReplyForm() if page_data.can_reply else None,
        },
    )


@require_GET
def thread_unread(request: HttpRequest, thread_id: int, slug: str) -> HttpResponse:
    """Jump to the first post the member has not read (the last post if all are read)."""
    thread = get_thread(request.user, thread_id)
    position = first_unread_position(request.user, thread)
    post = get_post_by_position(thread, position)
    per_page = get_site_settings().posts_per_page
    anchor = f"#post-{post.pk}" if post else ""
    return redirect(thread.page_url(page_of_position(position, per_page)) + anchor)


@require_GET
def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    """A post's permanent link: the page it is on, at its anchor."""
    post = get_post(request.user, post_id)
    per_page = get_site_settings().posts_per_page
    url = post.thread.page_url(page_of_position(post.position, per_page))
    return redirect(f"{url}#post-{post.pk}")


@require_GET
def post_quote(request: HttpRequest, post_id: int) -> HttpResponse:
    """The markup quoting a whole post, for the reply box (JavaScript's Quote button)."""
    post = get_post(request.user, post_id)
    response = JsonResponse({"post_id": post.pk, "markup": quote_source(post)})
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def post_history_view(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post(request.user, post_id)
    revisions = post_history(request.user, post)
    return render(
        request,
        "threads/post_history.html",
        {"post": post, "thread": post.thread, "revisions": revisions},
    )
