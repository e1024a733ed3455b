"""Who may manage background jobs: administrators (superusers, or staff given the
permission to change task results in the admin)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import pgettext

from pnyx.core.actors import Actor, is_member

RETRY_PERMISSION = "django_tasks_database.change_dbtaskresult"


def can_retry_jobs(actor: Actor) -> bool:
    return is_member(actor) and bool(actor.is_staff) and actor.has_perm(RETRY_PERMISSION)


def check_retry_jobs(actor: Actor) -> None:
    if not can_retry_jobs(actor):
        raise PermissionDenied(pgettext("jobs", "Only administrators may retry jobs."))
