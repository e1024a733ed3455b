"""What moderation keeps beside the threads and posts it acts on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ThreadClosing(models.Model):
    """A timed close: the thread locks itself at ``closes_at`` (the periodic job
    ``close_due_threads`` does it, as the system, and writes the audit log)."""

    thread = models.OneToOneField(
        "threads.Thread",
        verbose_name=_("thread"),
        related_name="closing",
        on_delete=models.CASCADE,
    )
    closes_at = models.DateTimeField(_("closes at"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("timed close")
        verbose_name_plural = _("timed closes")
        indexes = [models.Index(fields=["closes_at"], name="thread_closing_due")]

    def __str__(self) -> str:
        return f"Thread {self.thread_id} closes at {self.closes_at:%Y-%m-%d %H:%M}"


class ReportReason(models.Model):
    """A reason members choose when they report a post; administrators keep the list."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("report reason")
        verbose_name_plural = _("report reasons")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return str(self.label)


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    RESOLVED = "resolved", _("resolved")


class CaseOutcome(models.TextChoices):
    ACTION_TAKEN = "action_taken", _("action taken")
    NO_ACTION = "no_action", _("no action")


class ReportCase(models.Model):
    """The reports on one post, gathered: one open case per post at a time, resolved once
    by a moderator (action taken or no action) with a note its reporters see."""

    post = models.ForeignKey(
        "threads.Post",
        verbose_name=_("post"),
        related_name="report_cases",
        on_delete=models.CASCADE,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=CaseOutcome.choices, blank=True)
    resolution_note = models.TextField(_("note"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    created_at = models.DateTimeField(_("opened"))
    last_reported_at = models.DateTimeField(_("last reported"))
    report_count = models.PositiveIntegerField(_("reports"), default=0)

    class Meta:
        verbose_name = _("report case")
        verbose_name_plural = _("report cases")
        constraints = [
            models.UniqueConstraint(
                fields=["post"],
                condition=models.Q(status="open"),
                name="one_open_case_per_post",
            )
        ]
        indexes = [models.Index(fields=["status", "-last_reported_at"], name="case_queue_idx")]

    def __str__(self) -> str:
        return f"Case {self.pk} on post {self.post_id} ({self.status})"


class Report(models.Model):
    """One member's report of a post: a reason and a note."""

    case = models.ForeignKey(ReportCase, related_name="reports", on_delete=models.CASCADE)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="reports", on_delete=models.CASCADE
    )
    reason = models.ForeignKey(ReportReason, related_name="+", on_delete=models.PROTECT)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("reported"))

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["case", "reporter"], name="one_report_per_case")
        ]
        indexes = [models.Index(fields=["reporter", "-created_at"], name="reports_of_member")]

    def __str__(self) -> str:
        return f"Report by {self.reporter_id} in case {self.case_id}"
