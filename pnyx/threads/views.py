from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from pnyx.core.actors import Actor, actor_of
from pnyx.core.forms import new_form_key
from pnyx.core.fragments import FORM_KEY, Fragment, render_form_fragment, with_form_key
from pnyx.core.guest_cache import guest_cacheable, run_on_cache_hits
from pnyx.core.pagination import is_paged_url
from pnyx.core.site_settings import get_site_settings
from pnyx.core.times import relative_time
from pnyx.core.urls import reverse_cached
from pnyx.posting.forms import ReplyForm
from pnyx.posting.selectors import get_draft
from pnyx.posting.services import quote_source
from pnyx.threads.models import Thread
from pnyx.threads.selectors import (
    first_unread_position,
    get_post,
    get_post_by_position,
    get_post_item,
    get_read_position,
    get_thread,
    page_count_for,
    page_of_position,
    post_history,
    posts_after,
    thread_page,
)
from pnyx.threads.services import count_thread_view, mark_thread_read


@require_safe
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
            "reply_box": _reply_box(actor, thread) if page_data.can_reply else None,
        },
    )


@dataclass(frozen=True, slots=True)
class _DraftStamp:
    updated_at: datetime


def _reply_box(actor: Actor, thread: Thread) -> Fragment:
    """The reply form (the composer, filled from the member's draft if there is one) as a
    fragment: rendered once while the draft is the same, a fresh form key put in each time
    and the reader's CSRF token by the template (``{% with_csrf %}``)."""
    draft = get_draft(actor, thread=thread)
    initial: dict[str, Hashable] = {"idempotency_key": FORM_KEY, "draft_sequence": 0}
    if draft is not None:
        initial.update(body=draft.body, draft_sequence=draft.sequence)
    restored = draft is not None and not draft.is_empty
    html = render_form_fragment(
        "posting/partials/composer.html",
        ReplyForm,
        initial,
        {
            "action": reverse_cached("thread-reply", thread.pk, thread.slug),
            "submit_label": gettext("Post reply"),
            "drafts": True,
            "draft": _DraftStamp(draft.updated_at) if draft is not None else None,
            "draft_restored": restored,
            "draft_label": relative_time(draft.updated_at) if draft is not None else "",
        },
    )
    return with_form_key(html, new_form_key())


@require_safe
def thread_unread(request: HttpRequest, thread_id: int, slug: str) -> HttpResponse:
    """Jump to the first post the member has not read (the last post if all are read)."""
    thread = get_thread(request.user, thread_id)
    position = first_unread_position(request.user, thread)
    post = get_post_by_position(thread, position)
    per_page = get_site_settings().posts_per_page
    anchor = f"#post-{post.pk}" if post else ""
    return redirect(thread.page_url(page_of_position(position, per_page)) + anchor)


@require_safe
def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    """A post's permanent link: the page it is on, at its anchor."""
    post = get_post(request.user, post_id)
    per_page = get_site_settings().posts_per_page
    url = post.thread.page_url(page_of_position(post.position, per_page))
    return redirect(f"{url}#post-{post.pk}")


@require_safe
def post_quote(request: HttpRequest, post_id: int) -> HttpResponse:
    """The markup quoting a whole post, for the reply box (JavaScript's Quote button)."""
    item = get_post_item(request.user, post_id)
    response = JsonResponse(
        {"post_id": item.post.pk, "markup": quote_source(item.record, item.source)}
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def post_history_view(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post(request.user, post_id)
    revisions = post_history(request.user, post)
    return render(
        request,
        "threads/post_history.html",
        {"post": post, "thread": post.thread, "revisions": revisions},
    )


def _thread_etag(thread: Thread) -> str:
    return f'"{thread.last_post_id}-{thread.reply_count}"'


@require_safe
def thread_state(request: HttpRequest, thread_id: int) -> HttpResponse:
    """How many posts the thread has, for the "new replies" notice. Polled by scripts with
    If-None-Match: unchanged threads answer 304 after one query by primary key."""
    thread = get_thread(request.user, thread_id)
    etag = _thread_etag(thread)
    sent = request.headers.get("If-None-Match", "")
    if etag in [tag.strip().removeprefix("W/") for tag in sent.split(",")]:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = JsonResponse(
            {"post_count": thread.post_total, "last_post_id": thread.last_post_id}
        )
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def thread_posts(request: HttpRequest, thread_id: int) -> HttpResponse:
    """The posts after ``?after=POSITION`` as the thread page shows them (a fragment for
    the "show new replies" button); they count as read."""
    thread = get_thread(request.user, thread_id)
    after = request.GET.get("after", "")
    if not after.isdigit() or len(after) > 9:
        return HttpResponse("?after=POSITION is required.", status=400, content_type="text/plain")
    result = posts_after(request.user, thread, int(after), limit=get_site_settings().posts_per_page)
    if result.items:
        mark_thread_read(
            request.user,
            thread,
            result.items[-1].post.position,
            previous=get_read_position(request.user, thread),
        )
    response = render(request, "threads/partials/post_list.html", {"items": result.items})
    response["X-Robots-Tag"] = "noindex"  # a piece of the thread page, not a page
    response["Pnyx-More"] = "1" if result.has_more else "0"
    response["ETag"] = _thread_etag(thread)
    response["Cache-Control"] = "no-cache"
    return response
