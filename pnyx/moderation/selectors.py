"""Reads of the moderation tools. Each takes the actor and shows only what it may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.safestring import SafeString

from pnyx.accounts.models import Member
from pnyx.audit.models import AuditEntry
from pnyx.core.access import Access, access_of
from pnyx.core.actors import Actor
from pnyx.core.markup import hide_quote_sources, safe_post_html
from pnyx.core.prepared import MAX_ID
from pnyx.forums.models import Forum
from pnyx.moderation.models import CaseStatus, Report, ReportCase, ReportReason, ThreadClosing
from pnyx.moderation.permissions import check_view_case, check_view_moderation
from pnyx.threads.models import Post, Thread


def thread_closing(thread: Thread) -> datetime | None:
    """When the thread locks itself (None: it does not)."""
    return ThreadClosing.objects.filter(thread=thread).values_list("closes_at", flat=True).first()


def move_targets(actor: Actor | Access, thread: Thread) -> list[Forum]:
    """The forums ``actor`` may move ``thread`` to: those it moderates, but the thread's."""
    moderated = access_of(actor).grants.moderate - {thread.forum_id}
    return list(
        Forum.objects.filter(pk__in=sorted(moderated))
        .select_related("category")
        .order_by("category__position", "category__pk", "position", "pk")
    )


# ---------------------------------------------------------------- reports


@dataclass(frozen=True, slots=True)
class CaseItem:
    """A report case as the queue and the case page show it."""

    case: ReportCase
    post: Post
    html: SafeString  # the post, with quotes from forums the reader cannot see unattributed
    reports: list[Report]

    @property
    def reporter_ids(self) -> set[int]:
        return {report.reporter_id for report in self.reports}


def report_reasons() -> list[ReportReason]:
    return list(ReportReason.objects.filter(is_active=True).order_by("position", "pk"))


def _cases() -> QuerySet[ReportCase]:
    return ReportCase.objects.select_related(
        "post", "post__author", "post__thread", "post__thread__forum", "resolved_by"
    ).prefetch_related(
        Prefetch(
            "reports",
            queryset=Report.objects.select_related("reporter", "reason").order_by("pk"),
        )
    )


def _item(access: Access, case: ReportCase) -> CaseItem:
    post = case.post
    hidden = (
        frozenset(post.quote_forum_ids).difference(access.grants.read, (post.thread.forum_id,))
        if post.quote_forum_ids
        else frozenset()
    )
    html = safe_post_html(hide_quote_sources(post.html, hidden) if hidden else post.html)
    return CaseItem(case=case, post=post, html=html, reports=list(case.reports.all()))


def open_cases(actor: Actor | Access, *, limit: int = 50) -> list[CaseItem]:
    """The open cases of the forums ``actor`` moderates, most recently reported first: two
    queries whatever their number (the cases with their posts, then every report)."""
    check_view_moderation(actor)
    access = access_of(actor)
    cases = _cases().filter(
        status=CaseStatus.OPEN, post__thread__forum_id__in=sorted(access.grants.moderate)
    )
    return [_item(access, case) for case in cases.order_by("-last_reported_at", "-pk")[:limit]]


def get_case(actor: Actor | Access, case_id: int) -> CaseItem:
    """A case for its forum's moderators and its reporters; missing to anybody else."""
    access = access_of(actor)
    case = _cases().filter(pk=case_id).first() if 0 < case_id <= MAX_ID else None
    if case is None:
        raise Http404
    item = _item(access, case)
    check_view_case(access, case, reporter_ids=item.reporter_ids)
    return item


def reports_by(actor: Actor | Access, *, limit: int = 50) -> list[Report]:
    """The actor's own reports, newest first, with their cases (and so the outcomes)."""
    member_id = access_of(actor).member_id
    if member_id is None:
        return []
    return list(
        Report.objects.filter(reporter_id=member_id)
        .select_related("case", "case__post__thread", "reason")
        .order_by("-created_at", "-pk")[:limit]
    )


# ---------------------------------------------------------------- the audit log


@dataclass(frozen=True, slots=True)
class LogFilter:
    moderator: str = ""  # a username
    member: str = ""  # a username: the member concerned
    action: str = ""
    since: date | None = None
    until: date | None = None  # inclusive


@dataclass
class LogPage:
    entries: list[AuditEntry]
    next_before: int | None  # the ``before`` of the next (older) page, None at the end


def audit_log(
    actor: Actor | Access, filters: LogFilter, *, before: int | None = None, limit: int = 50
) -> LogPage:
    """Entries of the audit log the actor may read, newest first, ``limit`` at a time
    (keyset on the id: any page is an index range). Moderators read entries about the
    forums they moderate; staff also those about no forum (members, settings)."""
    check_view_moderation(actor)
    access = access_of(actor)
    where = Q(forum_id__in=sorted(access.grants.moderate))
    if access.is_staff:
        where |= Q(forum_id=None)
    entries = AuditEntry.objects.filter(where)
    if filters.moderator:
        entries = entries.filter(actor_name=filters.moderator)
    if filters.member:
        member_id = Member.objects.filter(username=filters.member).values_list("pk", flat=True)
        entries = entries.filter(member_id__in=Subquery(member_id))
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.since is not None:
        entries = entries.filter(created_at__gte=_start_of(filters.since))
    if filters.until is not None:
        entries = entries.filter(created_at__lt=_start_of(filters.until + timedelta(days=1)))
    if before is not None:
        entries = entries.filter(pk__lt=before)
    found = list(entries.order_by("-pk")[: limit + 1])
    more = len(found) > limit
    found = found[:limit]
    return LogPage(entries=found, next_before=found[-1].pk if more and found else None)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def logged_actions() -> list[str]:
    """The actions the log holds (for the filter's list)."""
    return sorted(set(AuditEntry.objects.values_list("action", flat=True).distinct()))
