"""Who may manage background jobs: administrators (staff, as the actor's Access says, given
the permission to change task results in the admin; superusers hold every permission)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import pgettext

from pnyx.core.access import access_of
from pnyx.core.actors import Actor

RETRY_PERMISSION = "django_tasks_database.change_dbtaskresult"


def check_retry_jobs(actor: Actor) -> None:
    if not (access_of(actor).is_staff and actor.has_perm(RETRY_PERMISSION)):
        raise PermissionDenied(pgettext("jobs", "Only administrators may retry jobs."))


def can_retry_jobs(actor: Actor) -> bool:
    """Whether ``check_retry_jobs`` passes (the admin shows its action only then)."""
    try:
        check_retry_jobs(actor)
    except PermissionDenied:
        return False
    return True
