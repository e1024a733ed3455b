from __future__ import annotations

import pytest
from django.test import Client

from pnyx.moderation.models import ReportReason
from pnyx.moderation.selectors import report_reasons
from pnyx.testing.factories import make_member

pytestmark = pytest.mark.django_db


def test_administrators_add_and_withdraw_report_reasons() -> None:
    client = Client()
    client.force_login(make_member(is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/moderation/reportreason/add/",
        {"key": "doxxing", "label": "Doxxing", "position": "9", "is_active": "on"},
    )
    assert response.status_code == 302, response.content
    assert response["Location"] == "/admin/moderation/reportreason/"
    assert "doxxing" in [reason.key for reason in report_reasons()]
    reason = ReportReason.objects.get(key="spam")
    reason.is_active = False
    reason.save()
    assert "spam" not in [r.key for r in report_reasons()]
    page = client.get(f"/admin/moderation/reportreason/{reason.pk}/delete/")
    assert page.status_code == 403
