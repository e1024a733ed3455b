"""The moderation operations of API v1 (issue 11): thread tools, post deletion, reports and
the audit log. They call the same services and selectors as the moderation pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.params import functions as param
from pydantic import AfterValidator

from pnyx.api.auth import caller_of
from pnyx.api.errors import errors
from pnyx.api.schemas import (
    MAX_ID,
    ForumRef,
    Input,
    MemberRef,
    OptionalJsonInt,
    ThreadOut,
    Title,
    forum_ref,
    member_ref,
    thread_fields,
)
from pnyx.forums.selectors import get_forum
from pnyx.moderation.selectors import (
    CaseItem,
    LogFilter,
    audit_log,
    get_case,
    open_cases,
    thread_closing,
)
from pnyx.moderation.services import report_post, resolve_case, update_thread
from pnyx.moderation.services.reports import NOTE_MAX
from pnyx.moderation.services.threads import REASON_MAX
from pnyx.sanctions.services import SLOW_MODE_MAX_SECONDS, set_slow_mode
from pnyx.threads.permissions import can_reply_thread
from pnyx.threads.selectors import get_post, get_thread, post_url

router = Router()

WRITE_ERRORS = errors(400, 401, 403, 404, 411, 413, 415, 422, 429, 503)


def _id(description: str) -> int:
    result: int = param.Path(..., ge=1, le=MAX_ID, description=description)
    return result


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("give the time with its offset, e.g. 2026-05-01T18:00:00Z")
    return value


Reason = Annotated[
    str, Field(max_length=REASON_MAX, description="Why, for the audit log (optional).")
]
ClosesAt = Annotated[
    datetime | None,
    Field(
        strict=False,
        description=(
            "When the thread locks itself (ISO 8601 with an offset, in the future); null "
            "removes the timed close."
        ),
    ),
    AfterValidator(_aware),
]


class ThreadUpdateIn(Input):
    """Only the fields sent change (null, or the current value, changes nothing; only
    ``closes_at`` takes null to remove the timed close)."""

    title: Title | None = None
    forum_id: OptionalJsonInt = Field(None, ge=1, le=MAX_ID, description="Move to this forum.")
    locked: bool | None = None
    pinned: bool | None = None
    closes_at: ClosesAt = None
    slow_mode_seconds: OptionalJsonInt = Field(
        None,
        ge=0,
        le=SLOW_MODE_MAX_SECONDS,
        description="One post per member per this many seconds; 0 turns slow mode off.",
    )
    reason: Reason = ""


class ModeratedThreadOut(ThreadOut):
    closes_at: datetime | None
    slow_mode_seconds: int


@router.patch(
    "/threads/{thread_id}",
    response={200: ModeratedThreadOut, **WRITE_ERRORS},
    operation_id="update_thread",
    summary="Rename, move, lock, pin, slow down or set the timed close of a thread (moderators)",
    tags=["moderation"],
)
def update_thread_endpoint(
    request: HttpRequest, payload: ThreadUpdateIn, thread_id: int = _id("A thread id.")
) -> ModeratedThreadOut:
    actor = caller_of(request).actor
    thread = get_thread(actor, thread_id)
    sent = payload.model_fields_set
    changes: dict[str, Any] = {}
    for name, field in (("title", "title"), ("locked", "locked"), ("pinned", "pinned")):
        value = getattr(payload, name)
        if name in sent and value is not None:
            changes[field] = value
    if "forum_id" in sent and payload.forum_id is not None:
        changes["forum"] = get_forum(actor, payload.forum_id)
    if "closes_at" in sent:
        changes["closes_at"] = payload.closes_at
    with transaction.atomic():  # every change sent, or none
        thread = update_thread(actor, thread, reason=payload.reason, **changes)
        if "slow_mode_seconds" in sent and payload.slow_mode_seconds is not None:
            thread = set_slow_mode(
                actor, thread, seconds=payload.slow_mode_seconds, reason=payload.reason
            )
    return ModeratedThreadOut(
        **thread_fields(thread, can_reply=can_reply_thread(actor, thread)),
        closes_at=thread_closing(thread),
        slow_mode_seconds=thread.slow_mode_seconds,
    )


# ---------------------------------------------------------------- reports

READ_ERRORS = errors(401, 403, 404, 422, 503)


class ReportIn(Input):
    reason: str = Field(..., max_length=40, description="The key of a report reason.")
    note: str = Field("", max_length=NOTE_MAX, description="A note for the moderators.")


class ResolveIn(Input):
    outcome: Literal["action_taken", "no_action"]
    note: str = Field("", max_length=NOTE_MAX, description="The reporters see it.")


class ReportOut(Schema):
    reporter: MemberRef | None
    reason: str
    reason_label: str
    note: str
    created_at: datetime


class CasePostOut(Schema):
    id: int
    url: str
    position: int
    thread_id: int
    thread_title: str
    forum: ForumRef
    author: MemberRef | None
    created_at: datetime
    html: str


class CaseOut(Schema):
    id: int
    status: Literal["open", "resolved"]
    outcome: Literal["action_taken", "no_action", ""]
    resolution_note: str
    resolved_at: datetime | None
    created_at: datetime
    last_reported_at: datetime
    report_count: int
    post: CasePostOut
    reports: list[ReportOut]


class CasesOut(Schema):
    cases: list[CaseOut]


class ReportCreatedOut(Schema):
    case_id: int
    reason: str
    note: str
    created_at: datetime
    case_status: Literal["open", "resolved"]


def _case_out(item: CaseItem, *, moderator: bool) -> CaseOut:
    case, post = item.case, item.post
    reports = item.reports if moderator else []
    return CaseOut(
        id=case.pk,
        status=case.status,  # type: ignore[arg-type]
        outcome=case.outcome,  # type: ignore[arg-type]
        resolution_note=case.resolution_note,
        resolved_at=case.resolved_at,
        created_at=case.created_at,
        last_reported_at=case.last_reported_at,
        report_count=case.report_count if moderator else len(reports),
        post=CasePostOut(
            id=post.pk,
            url=post_url(post),
            position=post.position,
            thread_id=post.thread_id,
            thread_title=post.thread.title,
            forum=forum_ref(post.thread.forum),
            author=member_ref(post.author),
            created_at=post.created_at,
            html=str(item.html),
        ),
        reports=[
            ReportOut(
                reporter=member_ref(report.reporter),
                reason=report.reason.key,
                reason_label=report.reason.label,
                note=report.note,
                created_at=report.created_at,
            )
            for report in reports
        ],
    )


@router.post(
    "/posts/{post_id}/reports",
    response={201: ReportCreatedOut, **WRITE_ERRORS},
    operation_id="report_post",
    summary="Report a post to its moderators (reason and note)",
    tags=["moderation"],
)
def report_post_endpoint(
    request: HttpRequest, payload: ReportIn, post_id: int = _id("A post id.")
) -> Status[ReportCreatedOut]:
    actor = caller_of(request).actor
    post = get_post(actor, post_id)
    report = report_post(actor, post, reason=payload.reason, note=payload.note)
    return Status(
        201,
        ReportCreatedOut(
            case_id=report.case_id,
            reason=report.reason.key,
            note=report.note,
            created_at=report.created_at,
            case_status=report.case.status,  # type: ignore[arg-type]
        ),
    )


@router.get(
    "/moderation/reports",
    response={200: CasesOut, **READ_ERRORS},
    operation_id="list_reports",
    summary="Open report cases in the forums the caller moderates",
    tags=["moderation"],
)
def list_reports(request: HttpRequest) -> CasesOut:
    actor = caller_of(request).actor
    return CasesOut(cases=[_case_out(item, moderator=True) for item in open_cases(actor)])


@router.post(
    "/moderation/reports/{report_id}/resolve",
    response={200: CaseOut, **WRITE_ERRORS},
    operation_id="resolve_report",
    summary="Resolve a report case: action taken or no action, with a note",
    tags=["moderation"],
)
def resolve_report(
    request: HttpRequest, payload: ResolveIn, report_id: int = _id("A report case id.")
) -> CaseOut:
    actor = caller_of(request).actor
    item = get_case(actor, report_id)
    resolve_case(actor, item.case, outcome=payload.outcome, note=payload.note)
    return _case_out(item, moderator=True)


# ---------------------------------------------------------------- the audit log


class LogEntryOut(Schema):
    id: int
    created_at: datetime
    actor: str | None
    action: str
    target_type: str
    target_id: int | None
    target_label: str
    forum_id: int | None
    member_id: int | None
    reason: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class LogOut(Schema):
    entries: list[LogEntryOut]
    next_before: int | None


_SINCE = param.Query(None, description="From this day (UTC).")
_UNTIL = param.Query(None, description="To this day (UTC), inclusive.")


@router.get(
    "/moderation/log",
    response={200: LogOut, **READ_ERRORS},
    operation_id="read_moderation_log",
    summary="The audit log of the forums the caller moderates, newest first",
    tags=["moderation"],
)
def read_log(
    request: HttpRequest,
    moderator: str = param.Query("", max_length=150, description="A moderator's username."),
    member: str = param.Query("", max_length=150, description="The member concerned."),
    action: str = param.Query("", max_length=64, description="e.g. thread.lock"),
    since: date | None = _SINCE,
    until: date | None = _UNTIL,
    before: int | None = param.Query(None, ge=1, le=MAX_ID, description="Older than this id."),
) -> LogOut:
    actor = caller_of(request).actor
    page = audit_log(
        actor,
        LogFilter(moderator=moderator, member=member, action=action, since=since, until=until),
        before=before,
    )
    return LogOut(
        entries=[
            LogEntryOut(
                id=entry.pk,
                created_at=entry.created_at,
                actor=entry.actor_name or None,
                action=entry.action,
                target_type=entry.target_type,
                target_id=entry.target_id,
                target_label=entry.target_label,
                forum_id=entry.forum_id,
                member_id=entry.member_id,
                reason=entry.reason,
                before=entry.before,
                after=entry.after,
            )
            for entry in page.entries
        ],
        next_before=page.next_before,
    )
