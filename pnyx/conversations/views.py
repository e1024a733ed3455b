"""Conversation pages. Every page works without JavaScript (forms that post and redirect);
each answers 404 to anybody but an active participant, and sign-in to guests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pnyx.conversations.forms import (
    AcceptFromForm,
    ConversationDraftForm,
    InviteForm,
    MessageForm,
    StartConversationForm,
)
from pnyx.conversations.models import ConversationDraft, Participant
from pnyx.conversations.permissions import (
    can_invite,
    check_reply_conversation,
    check_start_conversation,
)
from pnyx.conversations.selectors import (
    first_unread_message_id,
    get_accept_from,
    get_conversation_draft,
    get_membership,
    get_message,
    list_conversations,
    message_page_number,
    participants_of,
    read_messages,
)
from pnyx.conversations.services import (
    invite_members,
    leave_conversation,
    mark_conversation_read,
    preview_message,
    quote_message_source,
    reply_to_conversation,
    save_conversation_draft,
    set_accept_from,
    start_conversation,
)
from pnyx.core.actors import actor_of
from pnyx.core.errors import DraftConflictError, FormKeyReusedError
from pnyx.core.forms import add_service_errors, new_form_key
from pnyx.core.http import answers_rate_limits, rate_limit_message, wants_json
from pnyx.core.markup import safe_post_html
from pnyx.core.pagination import page_window
from pnyx.core.ratelimit import RateLimitError, check_page_write


def _private(response: HttpResponse, *, retry_after: int | None = None) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or len(raw) > 6 or int(raw) < 1:
        raise Http404
    return int(raw)


def _write_kind(request: HttpRequest) -> str:
    if "save_draft" in request.POST:
        return "draft"
    return "preview" if "preview" in request.POST else "post"


class _Outcome:
    """What a posted compose form came to: a response to send, or the form to show again."""

    def __init__(self, form: Any) -> None:
        self.form = form
        self.response: HttpResponse | None = None
        self.conflict: DraftConflictError | None = None
        self.preview_html = ""
        self.status: int | None = None
        self.retry_after: int | None = None


def _compose(
    request: HttpRequest,
    form_class: type[StartConversationForm] | type[MessageForm],
    membership: Participant | None,
    submit: Callable[[dict[str, Any]], HttpResponse],
    back: str,
) -> _Outcome:
    """One flow for both compose forms (as posting's): Save draft, Preview, or send."""
    outcome = _Outcome(form_class(request.POST))
    try:
        check_page_write(request, _write_kind(request))
    except RateLimitError as refused:
        outcome.form.is_valid()
        outcome.form.add_error(None, rate_limit_message(refused))
        outcome.status, outcome.retry_after = 429, refused.retry_after
        return outcome
    if "save_draft" in request.POST:
        return _save_draft(request, outcome, form_class, membership, back)
    if not outcome.form.is_valid():
        return outcome
    if "preview" in request.POST:
        try:
            outcome.preview_html = preview_message(
                request.user, membership, outcome.form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(outcome.form, error)
        return outcome
    try:
        outcome.response = submit(outcome.form.cleaned_data)
    except ValidationError as error:
        add_service_errors(outcome.form, error)
    except RateLimitError as refused:
        outcome.form.add_error(
            None,
            _(
                "You have started as many conversations as you may in an hour; "
                "try again in %(n)d minutes."
            )
            % {"n": max(1, refused.retry_after // 60)},
        )
        outcome.status, outcome.retry_after = 429, refused.retry_after
    except FormKeyReusedError as reused:
        data = request.POST.copy()
        data["idempotency_key"] = new_form_key()
        outcome.form = form_class(data)
        outcome.form.is_valid()
        outcome.form.add_error(None, reused.message)
        outcome.status = 409
    return outcome


def _save_draft(
    request: HttpRequest,
    outcome: _Outcome,
    form_class: type[StartConversationForm] | type[MessageForm],
    membership: Participant | None,
    back: str,
) -> _Outcome:
    form = ConversationDraftForm(request.POST)
    error: ValidationError
    if not form.is_valid():
        error = ValidationError(_("The draft could not be saved: reload the page and try again."))
    else:
        data = form.cleaned_data
        try:
            draft = save_conversation_draft(
                request.user,
                membership,
                title=data["title"],
                recipients=data["recipients"] if "recipients" in request.POST else None,
                body=data["body"],
                sequence=data["draft_sequence"],
            )
        except DraftConflictError as conflict:
            if wants_json(request):
                payload = {
                    "error": {"code": conflict.code, "message": conflict.message},
                    "sequence": conflict.sequence,
                    "title": conflict.title,
                    "body": conflict.body,
                }
                outcome.response = _private(JsonResponse(payload, status=409))
                return outcome
            changed = request.POST.copy()
            changed["draft_sequence"] = str(conflict.sequence)
            outcome.form = form_class(changed)
            outcome.form.is_valid()
            outcome.conflict = conflict
            outcome.status = 409
            return outcome
        except ValidationError as invalid:
            error = invalid
        else:
            if wants_json(request):
                saved = {"sequence": draft.sequence, "saved_at": draft.updated_at.isoformat()}
                outcome.response = _private(JsonResponse(saved))
            else:
                messages.success(request, _("Draft saved."))
                outcome.response = redirect(back)
            return outcome
    if wants_json(request):
        text = " ".join(error.messages)
        outcome.response = JsonResponse({"error": {"code": "invalid", "message": text}}, status=400)
        return outcome
    outcome.form.is_valid()
    add_service_errors(outcome.form, error)
    return outcome


def _status(request: HttpRequest, outcome: _Outcome) -> int:
    if outcome.status is not None:
        return outcome.status
    return 400 if request.method == "POST" and outcome.form.errors else 200


def _draft_context(draft: ConversationDraft | None) -> dict[str, Any]:
    return {"draft": draft, "draft_restored": draft is not None and not draft.is_empty}


# ---------------------------------------------------------------- pages


@login_required
@require_safe
def conversation_list(request: HttpRequest) -> HttpResponse:
    listing = list_conversations(actor_of(request), page=_page_number(request))
    return _private(
        render(
            request,
            "conversations/conversation_list.html",
            {"listing": listing, "pages": page_window(listing.page, listing.page_count)},
        )
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answers_rate_limits
def conversation_start(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    check_start_conversation(actor)
    back = reverse("conversation-start")
    draft: ConversationDraft | None = None
    if request.method == "POST":

        def submit(data: dict[str, Any]) -> HttpResponse:
            conversation = start_conversation(
                actor,
                recipients=data["recipients"],
                title=data["title"],
                body=data["body"],
                open_invite=data["open_invite"],
                idempotency_key=data["idempotency_key"],
                draft_sequence=data["draft_sequence"],
            )
            return redirect(conversation.get_absolute_url())

        outcome = _compose(request, StartConversationForm, None, submit, back)
        if outcome.response is not None:
            return outcome.response
    else:
        draft = get_conversation_draft(actor)
        form = StartConversationForm()
        if draft is not None:
            form.initial.update(
                title=draft.title,
                recipients=draft.recipients,
                body=draft.body,
                draft_sequence=draft.sequence,
            )
        to = request.GET.get("to", "")
        if to and len(to) <= 150 and not form.initial.get("recipients"):
            form.initial["recipients"] = to
        outcome = _Outcome(form)
    return _private(
        render(
            request,
            "conversations/conversation_start.html",
            {
                "form": outcome.form,
                "preview_html": safe_post_html(outcome.preview_html),
                "draft_conflict": outcome.conflict,
                **_draft_context(draft),
            },
            status=_status(request, outcome),
        ),
        retry_after=outcome.retry_after,
    )


def _message_form(actor: Any, membership: Participant) -> tuple[MessageForm, Any]:
    draft = get_conversation_draft(actor, membership)
    form = MessageForm()
    if draft is not None:
        form.initial.update(body=draft.body, draft_sequence=draft.sequence)
    return form, draft


@login_required
@require_safe
def conversation_detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    actor = actor_of(request)
    membership = get_membership(actor, conversation_id)
    page = read_messages(membership, page=_page_number(request))
    unread_from = membership.read_up_to
    if page.last_message_id is not None:
        mark_conversation_read(actor, membership, page.last_message_id)
    form, draft = _message_form(actor, membership)
    return _private(
        render(
            request,
            "conversations/conversation_detail.html",
            {
                "conversation": membership.conversation,
                "membership": membership,
                "page": page,
                "pages": page_window(page.page, page.page_count),
                "unread_from": unread_from,
                "participants": participants_of(membership),
                "can_invite": can_invite(actor, membership),
                "invite_form": InviteForm(),
                "form": form,
                "is_last_page": page.page == page.page_count,
                "preview_url": _preview_url(conversation_id),
                **_draft_context(draft),
            },
        )
    )


@login_required
@require_safe
def conversation_unread(request: HttpRequest, conversation_id: int) -> HttpResponse:
    membership = get_membership(actor_of(request), conversation_id)
    first = first_unread_message_id(membership)
    if first is None:
        last = read_messages(membership, page=1).page_count
        return redirect(_page_url(membership.conversation_id, last) + "#messages-end")
    return redirect(reverse("conversation-message", args=[first]))


def _preview_url(conversation_id: int) -> str:
    return f"{reverse('conversation-preview')}?conversation={conversation_id}"


def _page_url(conversation_id: int, page: int) -> str:
    url = reverse("conversation-detail", args=[conversation_id])
    return url if page == 1 else f"{url}?page={page}"


@login_required
@require_safe
def conversation_message(request: HttpRequest, message_id: int) -> HttpResponse:
    """A message's own link (alerts point here): its page of the conversation."""
    message, _membership = get_message(actor_of(request), message_id)
    page = message_page_number(message)
    return redirect(f"{_page_url(message.conversation_id, page)}#message-{message.pk}")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answers_rate_limits
def conversation_reply(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The full-page reply form (without JavaScript, for quoting, to show errors)."""
    actor = actor_of(request)
    membership = get_membership(actor, conversation_id)
    check_reply_conversation(actor, membership)
    back = reverse("conversation-reply", args=[conversation_id])
    draft = None
    quoted = None
    if request.method == "POST":

        def submit(data: dict[str, Any]) -> HttpResponse:
            message = reply_to_conversation(
                actor,
                membership,
                body=data["body"],
                idempotency_key=data["idempotency_key"],
                draft_sequence=data["draft_sequence"],
            )
            return redirect(reverse("conversation-message", args=[message.pk]))

        outcome = _compose(request, MessageForm, membership, submit, back)
        if outcome.response is not None:
            return outcome.response
    else:
        form, draft = _message_form(actor, membership)
        quote_id = request.GET.get("quote", "")
        if quote_id.isdigit() and len(quote_id) < 19:
            quoted, quoted_in = get_message(actor, int(quote_id))
            if quoted_in.conversation_id != conversation_id:
                raise Http404
            before = form.initial.get("body", "")
            separator = "\n\n" if before and not before.endswith("\n\n") else ""
            form.initial["body"] = before.rstrip("\n") + separator + quote_message_source(quoted)
        outcome = _Outcome(form)
    return _private(
        render(
            request,
            "conversations/conversation_reply.html",
            {
                "conversation": membership.conversation,
                "form": outcome.form,
                "quoted": quoted,
                "preview_url": _preview_url(conversation_id),
                "preview_html": safe_post_html(outcome.preview_html),
                "draft_conflict": outcome.conflict,
                **_draft_context(draft),
            },
            status=_status(request, outcome),
        ),
        retry_after=outcome.retry_after,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answers_rate_limits
def conversation_invite(request: HttpRequest, conversation_id: int) -> HttpResponse:
    actor = actor_of(request)
    membership = get_membership(actor, conversation_id)
    if request.method == "POST":
        check_page_write(request, "post")
        form = InviteForm(request.POST)
        if form.is_valid():
            try:
                added = invite_members(actor, membership, form.cleaned_data["recipients"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if added:
                    names = ", ".join(m.name for m in added)
                    messages.success(request, _("Invited: %(names)s.") % {"names": names})
                else:
                    messages.info(request, _("They are in this conversation already."))
                return redirect(membership.conversation.get_absolute_url())
    else:
        form = InviteForm()
    return _private(
        render(
            request,
            "conversations/conversation_invite.html",
            {
                "conversation": membership.conversation,
                "form": form,
                "can_invite": can_invite(actor, membership),
            },
            status=400 if form.errors else 200,
        )
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def conversation_leave(request: HttpRequest, conversation_id: int) -> HttpResponse:
    actor = actor_of(request)
    membership = get_membership(actor, conversation_id)
    if request.method == "POST":
        leave_conversation(actor, membership)
        messages.success(request, _("You have left the conversation."))
        return redirect("conversation-list")
    return _private(
        render(
            request,
            "conversations/conversation_leave.html",
            {"conversation": membership.conversation},
        )
    )


@login_required
@require_POST
@answers_rate_limits
def conversation_preview(request: HttpRequest) -> HttpResponse:
    """Rendered HTML for the composer's Preview button (JavaScript)."""
    check_page_write(request, "preview")
    actor = actor_of(request)
    raw = request.GET.get("conversation", "")
    membership = None
    if raw:
        if not raw.isdigit() or len(raw) > 18:
            raise Http404
        membership = get_membership(actor, int(raw))
    try:
        html = preview_message(actor, membership, request.POST.get("body", ""))
    except ValidationError as error:
        texts = [str(text) for texts in error.message_dict.values() for text in texts]
        return JsonResponse({"error": " ".join(texts)}, status=400)
    return _private(JsonResponse({"html": html}))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def conversation_settings(request: HttpRequest) -> HttpResponse:
    """Who may start conversations with the member (everybody but those ignored, or staff)."""
    actor = actor_of(request)
    if request.method == "POST":
        form = AcceptFromForm(request.POST)
        if form.is_valid():
            set_accept_from(actor, form.cleaned_data["accept_from"])
            messages.success(request, _("Saved."))
            return redirect("conversation-settings")
    else:
        form = AcceptFromForm(initial={"accept_from": get_accept_from(actor)})
    return _private(
        render(
            request,
            "conversations/conversation_settings.html",
            {"form": form},
            status=400 if form.errors else 200,
        )
    )
