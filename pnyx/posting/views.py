from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from pnyx.core.errors import EditConflictError
from pnyx.core.forms import add_service_errors
from pnyx.core.markup import safe_post_html
from pnyx.core.site_settings import get_site_settings
from pnyx.forums.permissions import check_start_thread
from pnyx.forums.selectors import get_forum
from pnyx.posting.forms import EditForm, ReplyForm, ThreadCreateForm
from pnyx.posting.services import (
    create_thread,
    edit_post,
    preview_post,
    quote_source,
    reply_to_thread,
)
from pnyx.threads.models import Post
from pnyx.threads.permissions import check_edit_post, check_reply_thread
from pnyx.threads.selectors import get_post, get_thread, page_of_position


def _post_url(post: Post) -> str:
    per_page = get_site_settings().posts_per_page
    return f"{post.thread.page_url(page_of_position(post.position, per_page))}#post-{post.pk}"


def _preview(request: HttpRequest, form_body: str) -> tuple[str, ValidationError | None]:
    try:
        return preview_post(request.user, form_body), None
    except ValidationError as error:
        return "", error


@login_required
@require_http_methods(["GET", "POST"])
def thread_create(request: HttpRequest, forum_id: int, slug: str) -> HttpResponse:
    forum = get_forum(request.user, forum_id)
    check_start_thread(request.user, forum)
    preview_html = ""
    if request.method == "POST":
        form = ThreadCreateForm(request.POST)
        if form.is_valid():
            if "preview" in request.POST:
                preview_html, error = _preview(request, form.cleaned_data["body"])
                if error:
                    add_service_errors(form, error)
            else:
                try:
                    thread = create_thread(
                        request.user,
                        forum,
                        title=form.cleaned_data["title"],
                        body=form.cleaned_data["body"],
                        idempotency_key=form.cleaned_data["idempotency_key"],
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    return redirect(thread.get_absolute_url(), permanent=False)
    else:
        form = ThreadCreateForm()
    return render(
        request,
        "posting/thread_create.html",
        {"forum": forum, "form": form, "preview_html": safe_post_html(preview_html)},
        status=400 if request.method == "POST" and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def thread_reply(request: HttpRequest, thread_id: int, slug: str) -> HttpResponse:
    """The full-page reply form: used without JavaScript, for quoting, and to show errors."""
    thread = get_thread(request.user, thread_id)
    check_reply_thread(request.user, thread)
    preview_html = ""
    quoted: Post | None = None
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if form.is_valid():
            if "preview" in request.POST:
                preview_html, error = _preview(request, form.cleaned_data["body"])
                if error:
                    add_service_errors(form, error)
            else:
                try:
                    post = reply_to_thread(
                        request.user,
                        thread,
                        body=form.cleaned_data["body"],
                        idempotency_key=form.cleaned_data["idempotency_key"],
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    return redirect(_post_url(post))
    else:
        form = ReplyForm()
        quote_id = request.GET.get("quote", "")
        if quote_id.isdigit() and len(quote_id) < 19:
            quoted = get_post(request.user, int(quote_id))
            form.initial["body"] = quote_source(quoted)
    return render(
        request,
        "posting/thread_reply.html",
        {
            "thread": thread,
            "forum": thread.forum,
            "form": form,
            "quoted": quoted,
            "preview_html": safe_post_html(preview_html),
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post(request.user, post_id)
    check_edit_post(request.user, post)
    conflict: EditConflictError | None = None
    preview_html = ""
    if request.method == "POST":
        form = EditForm(request.POST)
        if form.is_valid():
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
                    form = EditForm(data)
                    form.is_valid()
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    return redirect(_post_url(post))
    else:
        form = EditForm(initial={"body": post.source, "revision": post.revision})
    return render(
        request,
        "posting/post_edit.html",
        {
            "post": post,
            "thread": post.thread,
            "form": form,
            "conflict": conflict,
            "preview_html": safe_post_html(preview_html),
        },
        status=409 if conflict else (400 if request.method == "POST" and form.errors else 200),
    )


@login_required
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """Rendered HTML for the composer's Preview button (JavaScript)."""
    html, error = _preview(request, request.POST.get("body", ""))
    if error is not None:
        messages = [
            str(message) for messages in error.message_dict.values() for message in messages
        ]
        return JsonResponse({"error": " ".join(messages)}, status=400)
    response = JsonResponse({"html": html})
    response["Cache-Control"] = "private, no-store"
    return response
