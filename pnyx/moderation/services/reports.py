"""Reports: members report posts, reports on one post gather into one case, moderators
resolve the case with an outcome and a note its reporters see."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pnyx.audit.enums import AuditTarget
from pnyx.audit.services import record_action
from pnyx.core.actors import Actor, require_member
from pnyx.moderation.models import CaseOutcome, CaseStatus, Report, ReportCase, ReportReason
from pnyx.moderation.permissions import check_report_post, check_resolve_case
from pnyx.threads.models import Post

NOTE_MAX = 2000


def clean_note(note: str, field: str = "note") -> str:
    note = note.replace("\x00", "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {field: _("Keep the note to %(max)d characters.") % {"max": NOTE_MAX}}
        )
    return note


def _reason(key: str) -> ReportReason:
    found = ReportReason.objects.filter(key=key, is_active=True).first()
    if found is None:
        raise ValidationError({"reason": _("Choose one of the reasons offered.")})
    return found


def report_post(actor: Actor, post: Post, *, reason: str, note: str = "") -> Report:
    """Report ``post`` with a reason (a ReportReason key) and a note. The report joins the
    post's open case, or opens one. A member who already reported the open case gets
    their report back unchanged (a double click reports once)."""
    check_report_post(actor, post)
    member = require_member(actor)
    chosen = _reason(reason)
    note = clean_note(note)
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return _add_report(member.pk, post, chosen, note)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _add_report(member_id: int, post: Post, reason: ReportReason, note: str) -> Report:
    now = timezone.now()
    case = ReportCase.objects.select_for_update().filter(post=post, status=CaseStatus.OPEN).first()
    if case is None:
        # Two first reports at once: the unique open case makes one of them retry.
        case = ReportCase.objects.create(post=post, created_at=now, last_reported_at=now)
    existing = Report.objects.filter(case=case, reporter_id=member_id).first()
    if existing is not None:
        return existing
    report = Report.objects.create(
        case=case, reporter_id=member_id, reason=reason, note=note, created_at=now
    )
    ReportCase.objects.filter(pk=case.pk).update(
        report_count=F("report_count") + 1, last_reported_at=now
    )
    return report


def resolve_case(actor: Actor, case: ReportCase, *, outcome: str, note: str = "") -> ReportCase:
    """Close a case as ``action_taken`` or ``no_action``, with a note its reporters see.
    Written to the audit log (``report.resolve``)."""
    check_resolve_case(actor, case)
    if outcome not in CaseOutcome.values:
        raise ValidationError({"outcome": _("Choose “action taken” or “no action”.")})
    note = clean_note(note)
    with transaction.atomic():
        current = ReportCase.objects.select_for_update().get(pk=case.pk)
        if current.status != CaseStatus.OPEN:
            raise ValidationError(_("This case is already resolved."), code="resolved")
        current.status = CaseStatus.RESOLVED
        current.outcome = outcome
        current.resolution_note = note
        current.resolved_by = require_member(actor)
        current.resolved_at = timezone.now()
        current.save(
            update_fields=["status", "outcome", "resolution_note", "resolved_by", "resolved_at"]
        )
        post = case.post
        record_action(
            actor,
            "report.resolve",
            target_type=AuditTarget.REPORT,
            target_id=current.pk,
            target_label=f"Post {post.pk} in “{post.thread.title}”",
            forum_id=post.thread.forum_id,
            member_id=post.author_id,
            reason=note,
            before={"status": CaseStatus.OPEN},
            after={"status": CaseStatus.RESOLVED, "outcome": outcome},
        )
    for name in ("status", "outcome", "resolution_note", "resolved_by", "resolved_at"):
        setattr(case, name, getattr(current, name))
    return case
