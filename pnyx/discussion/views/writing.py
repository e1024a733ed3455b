from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pnyx.core.actors import actor_of
from pnyx.core.errors import (
    DraftConflictError,
    EditConflictError,
    FormKeyReusedError,
    SanctionedError,
)
from pnyx.core.forms import add_service_errors, new_form_key
from pnyx.core.http import (
    FRAGMENT_HEADER,
    answers_rate_limits,
    rate_limit_message,
    rate_limited_response,
    wants_fragment,
    wants_json,
)
from pnyx.core.markup import safe_post_html
from pnyx.core.ratelimit import RateLimitError, check_page_write
from pnyx.discussion.presenters import get_post_item
from pnyx.forums.models import Forum
from pnyx.forums.permissions import check_start_thread
from pnyx.forums.selectors import get_forum
from pnyx.posting.forms import (
    DraftForm,
    EditForm,
    KeyedForm,
    ReplyForm,
    ThreadCreateForm,
    reply_form_for,
)
from pnyx.posting.models import Draft
from pnyx.posting.selectors import get_draft
from pnyx.posting.services import (
    create_thread,
    edit_post,
    preview_post,
    quote_source,
    reply_to_thread,
    save_draft,
)
from pnyx.search.selectors import SimilarThread, similar_threads
from pnyx.threads.models import Post, Thread
from pnyx.threads.permissions import check_edit_post, check_reply_thread
from pnyx.threads.selectors import (
    get_post,
    get_read_position,
    get_thread,
    get_thread_to_write,
    post_url,
)
from pnyx.threads.services import mark_thread_read

F = TypeVar("F", bound=KeyedForm)


def _preview(request: HttpRequest, form_body: str) -> tuple[str, ValidationError | None]:
    try:
        return preview_post(request.user, form_body), None
    except ValidationError as error:
        return "", error


def _private(response: HttpResponse, *, retry_after: int | None = None) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    patch_vary_headers(response, [FRAGMENT_HEADER])  # the same URL answers a page or a piece
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def _status(request: HttpRequest, form: KeyedForm | EditForm, conflict: object) -> int:
    if conflict:
        return 409
    return 400 if request.method == "POST" and form.errors else 200


def _write_kind(request: HttpRequest) -> str:
    """What a posted compose or edit form asks for, as rate limits count it."""
    if "save_draft" in request.POST:
        return "draft"
    return "preview" if "preview" in request.POST else "post"


def _refused_for_rate(form: Any, error: RateLimitError) -> None:
    """The form as it was sent, with the rate limit's message at its top."""
    form.is_valid()
    form.add_error(None, rate_limit_message(error))


# ---------------------------------------------------------------- drafts


def _draft_context(draft: Draft | None) -> dict[str, Any]:
    restored = draft is not None and not draft.is_empty
    return {"draft": draft, "draft_restored": restored}


def _composer_url(thread: Thread | None, forum: Forum | None) -> str:
    if thread is not None:
        return reverse("thread-reply", args=[thread.pk, thread.slug])
    if forum is not None:
        return reverse("thread-create", args=[forum.pk, forum.slug])
    return "/"


def _save_draft(
    request: HttpRequest,
    bound: KeyedForm,
    *,
    thread: Thread | None = None,
    forum: Forum | None = None,
) -> tuple[HttpResponse | None, DraftConflictError | None]:
    """Save the posted text as a draft. Returns the response to send (JSON for scripts,
    a redirect back to the form otherwise), or the conflict to show on the form page."""
    form = DraftForm(request.POST)
    if not form.is_valid():
        error = ValidationError(_("The draft could not be saved: reload the page and try again."))
    else:
        try:
            draft = save_draft(
                request.user,
                thread=thread,
                forum=forum,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                sequence=form.cleaned_data["draft_sequence"],
            )
        except DraftConflictError as conflict:
            if not wants_json(request):
                return None, conflict
            payload = {
                "error": {"code": conflict.code, "message": conflict.message},
                "sequence": conflict.sequence,
                "title": conflict.title,
                "body": conflict.body,
            }
            return _private(JsonResponse(payload, status=409)), None
        except ValidationError as invalid:
            error = invalid
        else:
            if wants_json(request):
                saved = {"sequence": draft.sequence, "saved_at": draft.updated_at.isoformat()}
                return _private(JsonResponse(saved)), None
            messages.success(request, _("Draft saved."))
            return redirect(_composer_url(thread, forum)), None
    if wants_json(request):
        text = " ".join(error.messages)
        return JsonResponse({"error": {"code": "invalid", "message": text}}, status=400), None
    add_service_errors(bound, error)
    return None, None


def _conflict_form(form_class: type[F], request: HttpRequest, sequence: int) -> F:
    """The member's text, now based on the current draft: saving again knowingly replaces it."""
    data = request.POST.copy()
    data["draft_sequence"] = str(sequence)
    form = form_class(data)
    form.is_valid()
    return form


@dataclass
class _Posted:
    """What a posted compose form (new thread or reply) came to."""

    form: Any
    conflict: DraftConflictError | None = None
    preview_html: str = ""
    response: HttpResponse | None = None
    status: int | None = None  # when not worked out from the form
    retry_after: int | None = None


def _posted_compose_form(
    request: HttpRequest,
    form_class: type[F],
    submit: Callable[[dict[str, Any]], HttpResponse],
    *,
    thread: Thread | None = None,
    forum: Forum | None = None,
) -> _Posted:
    """One flow for both compose forms: Save draft, Preview, or submit (``submit`` gets the
    cleaned data and answers the saved post); a service's refusal goes onto the form, and so
    do the rate limits (429) and a form key sent again with other text (409, with a new key:
    sending once more posts the new text)."""
    form = form_class(request.POST)
    try:
        check_page_write(request, _write_kind(request))
    except RateLimitError as refused:
        if wants_json(request):  # a script's draft save
            return _Posted(form, response=rate_limited_response(request, refused))
        _refused_for_rate(form, refused)
        return _Posted(form, status=429, retry_after=refused.retry_after)
    if "save_draft" in request.POST:
        response, conflict = _save_draft(request, form, thread=thread, forum=forum)
        if conflict is not None:
            return _Posted(_conflict_form(form_class, request, conflict.sequence), conflict)
        return _Posted(form, response=response)
    if not form.is_valid():
        return _Posted(form)
    if "preview" in request.POST:
        preview_html, error = _preview(request, form.cleaned_data["body"])
        if error:
            add_service_errors(form, error)
        return _Posted(form, preview_html=preview_html)
    try:
        return _Posted(form, response=submit(form.cleaned_data))
    except ValidationError as error:
        add_service_errors(form, error)
        return _Posted(form)
    except RateLimitError as refused:  # flood limits, slow mode (pnyx.sanctions.gate)
        _refused_for_rate(form, refused)
        return _Posted(form, status=429, retry_after=refused.retry_after)
    except SanctionedError as sanctioned:  # a ban or reply ban: say why and until when
        form.add_error(None, sanctioned.message)
        return _Posted(form, status=403)
    except FormKeyReusedError as reused:
        data = request.POST.copy()
        data["idempotency_key"] = new_form_key()
        form = form_class(data)
        form.is_valid()
        form.add_error(None, reused.message)
        return _Posted(form, status=409)


# ---------------------------------------------------------------- pages


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answers_rate_limits
def thread_create(request: HttpRequest, forum_id: int, slug: str) -> HttpResponse:
    forum = get_forum(request.user, forum_id)
    check_start_thread(request.user, forum)
    preview_html = ""
    conflict: DraftConflictError | None = None
    draft: Draft | None = None
    posted = _Posted(None)
    if request.method == "POST":

        def submit(data: dict[str, Any]) -> HttpResponse:
            thread = create_thread(
                request.user,
                forum,
                title=data["title"],
                body=data["body"],
                idempotency_key=data["idempotency_key"],
                draft_sequence=data["draft_sequence"],
            )
            return redirect(thread.get_absolute_url(), permanent=False)

        posted = _posted_compose_form(request, ThreadCreateForm, submit, forum=forum)
        if posted.response is not None:
            return posted.response
        form, conflict, preview_html = posted.form, posted.conflict, posted.preview_html
    else:
        draft = get_draft(request.user, forum=forum)
        form = ThreadCreateForm()
        if draft is not None:
            form.initial.update(title=draft.title, body=draft.body, draft_sequence=draft.sequence)
    return _private(
        render(
            request,
            "posting/thread_create.html",
            {
                "forum": forum,
                "form": form,
                "preview_html": safe_post_html(preview_html),
                "draft_conflict": conflict,
                # Threads that may already cover the story (on Preview; the script asks
                # /search/similar/ as the title is typed).
                "similar": _similar_threads(request, form),
                **_draft_context(draft),
            },
            status=posted.status or _status(request, form, conflict),
        ),
        retry_after=posted.retry_after,
    )


def _similar_threads(request: HttpRequest, form: Any) -> list[SimilarThread]:
    if request.method != "POST":
        return []
    title = str(form.data.get("title", ""))[:200]
    return similar_threads(request.user, title, str(form.data.get("body", ""))[:2000])


def _reply_response(request: HttpRequest, thread: Thread, post: Post) -> HttpResponse:
    if not wants_fragment(request):
        return redirect(post_url(post))
    # The reply goes into the page in place: it has been seen, and it is read.
    mark_thread_read(
        request.user, thread, post.position, previous=get_read_position(request.user, thread)
    )
    response = render(
        request, "threads/partials/post.html", {"item": get_post_item(request.user, post.pk)}
    )
    response.status_code = 201
    response["Location"] = post_url(post)
    # The draft was emptied when the reply was saved; the next one saves against this.
    draft = get_draft(request.user, thread=thread)
    response["Pnyx-Draft-Sequence"] = str(draft.sequence if draft is not None else 0)
    return _private(response)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answers_rate_limits
def thread_reply(request: HttpRequest, thread_id: int, slug: str) -> HttpResponse:
    """The full-page reply form (without JavaScript, for quoting, to show errors); with the
    fragment header, a posted reply answers with just the new post or just the form."""
    actor = actor_of(request)
    if request.method == "POST":
        thread = get_thread_to_write(actor, thread_id)
    else:
        thread = get_thread(actor, thread_id)
    check_reply_thread(actor, thread)
    preview_html = ""
    quoted: Post | None = None
    conflict: DraftConflictError | None = None
    draft: Draft | None = None
    posted = _Posted(None)
    if request.method == "POST":

        def submit(data: dict[str, Any]) -> HttpResponse:
            post = reply_to_thread(
                actor,
                thread,
                body=data["body"],
                idempotency_key=data["idempotency_key"],
                draft_sequence=data["draft_sequence"],
            )
            return _reply_response(request, thread, post)

        posted = _posted_compose_form(request, ReplyForm, submit, thread=thread)
        if posted.response is not None:
            return posted.response
        form, conflict, preview_html = posted.form, posted.conflict, posted.preview_html
        if wants_fragment(request):
            return _private(
                render(
                    request,
                    "posting/partials/composer.html",
                    {
                        "form": form,
                        "action": reverse("thread-reply", args=[thread.pk, thread.slug]),
                        "submit_label": _("Post reply"),
                        "drafts": True,
                    },
                    status=posted.status or 400,
                ),
                retry_after=posted.retry_after,
            )
    else:
        form, draft = reply_form_for(request.user, thread)
        quote_id = request.GET.get("quote", "")
        if quote_id.isdigit() and len(quote_id) < 19:
            quoted_item = get_post_item(request.user, int(quote_id))
            quoted = quoted_item.record
            before = form.initial.get("body", "")
            separator = "\n\n" if before and not before.endswith("\n\n") else ""
            form.initial["body"] = (
                before.rstrip("\n") + separator + quote_source(quoted, quoted_item.source)
            )
    return _private(
        render(
            request,
            "posting/thread_reply.html",
            {
                "thread": thread,
                "forum": thread.forum,
                "form": form,
                "quoted": quoted,
                "preview_html": safe_post_html(preview_html),
                "draft_conflict": conflict,
                # Threads that may already cover the story (on Preview; the script asks
                # /search/similar/ as the title is typed).
                "similar": _similar_threads(request, form),
                **_draft_context(draft),
            },
            status=posted.status or _status(request, form, conflict),
        ),
        retry_after=posted.retry_after,
    )


@login_required
@require_safe
def post_quote_reply(request: HttpRequest, post_id: int) -> HttpResponse:
    """A post's Quote link without JavaScript: the reply form with the post quoted."""
    post = get_post(request.user, post_id)
    check_reply_thread(request.user, post.thread)
    url = reverse("thread-reply", args=[post.thread.pk, post.thread.slug])
    return redirect(f"{url}?quote={post.pk}")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answers_rate_limits
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    """The edit form; with the fragment header, just the form (to edit in place) and,
    once saved, just the post as the thread page shows it."""
    post = get_post(request.user, post_id)
    check_edit_post(request.user, post)
    conflict: EditConflictError | None = None
    preview_html = ""
    limited: RateLimitError | None = None
    if request.method == "POST":
        form = EditForm(request.POST, auto_id=f"id_edit{post.pk}_%s")
        try:
            check_page_write(request, _write_kind(request))
        except RateLimitError as refused:
            limited = refused
            _refused_for_rate(form, refused)
        if limited is None and form.is_valid():
            if "preview" in request.POST:
                preview_html, error = _preview(request, form.cleaned_data["body"])
                if error:
                    add_service_errors(form, error)
            else:
                try:
                    edit_post(
                        request.user,
                        post,
                        body=form.cleaned_data["body"],
                        base_revision=form.cleaned_data["revision"],
                    )
                except EditConflictError as error:
                    conflict = error
                    # Keep the member's text; the next save knowingly replaces the current one.
                    data = request.POST.copy()
                    data["revision"] = str(error.current_revision)
                    form = EditForm(data, auto_id=f"id_edit{post.pk}_%s")
                    form.is_valid()
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    if wants_fragment(request):
                        item = get_post_item(request.user, post.pk)
                        return _private(
                            render(request, "threads/partials/post.html", {"item": item})
                        )
                    return redirect(post_url(post))
    else:
        form = EditForm(
            initial={"body": post.source, "revision": post.revision},
            auto_id=f"id_edit{post.pk}_%s",
        )
    context = {
        "post": post,
        "thread": post.thread,
        "form": form,
        "conflict": conflict,
        "preview_html": safe_post_html(preview_html),
    }
    template = (
        "posting/partials/edit_form.html" if wants_fragment(request) else "posting/post_edit.html"
    )
    status = 429 if limited is not None else _status(request, form, conflict)
    return _private(
        render(request, template, context, status=status),
        retry_after=limited.retry_after if limited is not None else None,
    )


@login_required
@require_POST
@answers_rate_limits
def preview(request: HttpRequest) -> HttpResponse:
    """Rendered HTML for the composer's Preview button (JavaScript)."""
    check_page_write(request, "preview")
    html, error = _preview(request, request.POST.get("body", ""))
    if error is not None:
        texts = [str(text) for texts in error.message_dict.values() for text in texts]
        return JsonResponse({"error": " ".join(texts)}, status=400)
    return _private(JsonResponse({"html": html}))
