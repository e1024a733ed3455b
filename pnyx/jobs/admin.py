"""Jobs in the admin: the list shows each job's attempts and last error, and failed jobs can
be retried (django-tasks-db's own admin, extended)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import ngettext, pgettext
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from pnyx.core.actors import actor_of
from pnyx.jobs.permissions import can_retry_jobs
from pnyx.jobs.services import JobRow, retry_failed_jobs

ERROR_DISPLAY_CHARS = 160

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class JobAdmin(DBTaskResultAdmin):
    list_display = (
        "task_name",
        "status",
        "attempts",
        "error",
        "enqueued_at",
        "started_at",
        "finished_at",
        "display_run_after",
    )
    actions = ["retry"]

    @admin.display(description="attempts")
    def attempts(self, obj: JobRow) -> int:
        return len(obj.worker_ids)

    @admin.display(description="last error")
    def error(self, obj: JobRow) -> str:
        """The exception's last line (class and message); the traceback is on the job's page."""
        lines = [line for line in obj.traceback.splitlines() if line.strip()]
        if not lines:
            return ""
        last = str(lines[-1]).strip()
        return last if len(last) <= ERROR_DISPLAY_CHARS else last[: ERROR_DISPLAY_CHARS - 1] + "…"

    @admin.action(description="Retry the selected failed jobs", permissions=["retry"])
    def retry(self, request: HttpRequest, queryset: QuerySet[JobRow]) -> None:
        count = retry_failed_jobs(actor_of(request), queryset.values_list("pk", flat=True))
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d failed job will run again.",
                    "%(count)d failed jobs will run again.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                pgettext("jobs", "None of the selected jobs had failed; nothing to retry."),
                messages.WARNING,
            )

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return can_retry_jobs(actor_of(request))
