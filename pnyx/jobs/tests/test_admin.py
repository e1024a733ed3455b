"""Jobs in the admin: failed ones listed with their error, and retried by an action."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from pnyx.jobs.worker import run_pending_jobs
from pnyx.testing.tasks import always_fail, record

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/django_tasks_database/dbtaskresult/"


@pytest.fixture
def failed_job(tmp_path: Path, settings: Settings) -> str:
    settings.JOB_RETRY_DELAY_SECONDS = 0
    result = always_fail.enqueue(str(tmp_path / "log"), "broken")
    run_pending_jobs("w1")
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.FAILED
    return result.id


def test_the_job_list_shows_each_failed_job_with_its_error(
    admin_client: Client, failed_job: str
) -> None:
    response = admin_client.get(CHANGELIST, {"status__exact": "FAILED"})
    assert response.status_code == 200
    page = response.content.decode()
    assert '<td class="field-error">RuntimeError: broken always fails</td>' in page
    assert '<td class="field-attempts">2</td>' in page
    detail = admin_client.get(f"{CHANGELIST}{failed_job}/change/")
    assert detail.status_code == 200
    assert "raise RuntimeError(f&quot;{label} always fails&quot;)" in detail.content.decode()


def test_the_retry_action_makes_failed_jobs_run_again(
    admin_client: Client, failed_job: str, tmp_path: Path
) -> None:
    waiting = record.enqueue(str(tmp_path / "log"), "waiting")
    response = admin_client.post(
        CHANGELIST,
        {"action": "retry", "_selected_action": [failed_job, waiting.id]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 failed job will run again." in response.content.decode()
    row = DBTaskResult.objects.get(pk=failed_job)
    assert (row.status, row.worker_ids) == (TaskResultStatus.READY, [])
    assert DBTaskResult.objects.get(pk=waiting.id).status == TaskResultStatus.READY


def test_the_retry_action_says_when_nothing_had_failed(
    admin_client: Client, tmp_path: Path
) -> None:
    waiting = record.enqueue(str(tmp_path / "log"), "waiting")
    response = admin_client.post(
        CHANGELIST, {"action": "retry", "_selected_action": [waiting.id]}, follow=True
    )
    assert "None of the selected jobs had failed; nothing to retry." in response.content.decode()


def test_jobs_are_hidden_from_moderators_and_members(
    moderator_client: Client, member_client: Client, failed_job: str
) -> None:
    assert moderator_client.get(CHANGELIST).status_code == 403
    response = member_client.get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
