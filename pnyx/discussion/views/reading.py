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

from pnyx.accounts.selectors import get_member
from pnyx.core.actors import Actor, actor_of
from pnyx.core.forms import new_form_key
from pnyx.core.fragments import FORM_KEY, Fragment, render_form_fragment, with_form_key
from pnyx.core.guest_cache import guest_cacheable, run_on_cache_hits
from pnyx.core.pages import Redirect
from pnyx.core.pagination import is_paged_url
from pnyx.core.site_settings import get_site_settings
from pnyx.core.times import relative_time
from pnyx.core.urls import reverse_cached
from pnyx.discussion.presenters import get_post_item, read_posts_after, read_thread_page
from pnyx.posting.forms import ReplyForm
from pnyx.posting.selectors import get_draft
from pnyx.posting.services import quote_source
from pnyx.threads.models import Thread
from pnyx.threads.selectors import (
    first_unread_position,
    get_post,
    get_post_by_position,
    get_thread,
    member_recent_posts,
    page_of_position,
    post_history,
    post_url,
)


@require_safe
@guest_cacheable
def thread_detail(request: HttpRequest, thread_id: int, slug: str, page: int = 1) -> HttpResponse:
    actor = actor_of(request)
    result = read_thread_page(
        actor, thread_id, page, slug=slug, paged_url=is_paged_url(request), count_view=True
    )
    if isinstance(result, Redirect):
        return HttpResponseRedirect(result.url)
    thread = result.thread
    run_on_cache_hits(request, "thread-view", thread.pk)
    return render(
        request,
        "threads/thread_detail.html",
        {
            "thread": thread,
            "forum": thread.forum,
            "page": result,
            "view_count": result.view_count,
            "reply_box": _reply_box(actor, thread) if result.can_reply else None,
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
@guest_cacheable
def member_detail(request: HttpRequest, username: str) -> HttpResponse:
    """A member's page: their profile and latest posts (in forums the reader may read). Here,
    not in accounts, because it shows posts: threads sits above accounts."""
    member = get_member(username)
    if member.username != username:
        return redirect(member.get_absolute_url())
    return render(
        request,
        "accounts/member_detail.html",
        {"member": member, "recent_posts": member_recent_posts(actor_of(request), member)},
    )


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
    return redirect(post_url(get_post(request.user, post_id)))


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
    after = request.GET.get("after", "")
    if not after.isdigit() or len(after) > 9:
        get_thread(request.user, thread_id)  # a hidden thread is missing, whatever is asked
        return HttpResponse("?after=POSITION is required.", status=400, content_type="text/plain")
    result = read_posts_after(
        request.user, thread_id, int(after), limit=get_site_settings().posts_per_page
    )
    response = render(request, "threads/partials/post_list.html", {"items": result.items})
    response["X-Robots-Tag"] = "noindex"  # a piece of the thread page, not a page
    response["Pnyx-More"] = "1" if result.has_more else "0"
    response["ETag"] = _thread_etag(result.thread)
    response["Cache-Control"] = "no-cache"
    return response
