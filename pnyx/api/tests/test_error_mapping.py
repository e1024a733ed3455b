"""The one exception → response mapping, including what no endpoint raises today, and
failing safely: an unexpected error is a 500 in the envelope with nothing of the cause."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, RequestFactory
from ninja.errors import AuthenticationError, HttpError

from pnyx.accounts.models import Member
from pnyx.api.auth import Caller
from pnyx.api.errors import response_for_exception
from pnyx.core.errors import PnyxError
from pnyx.testing.api import ApiClient, error_of
from pnyx.testing.factories import first_post
from pnyx.threads.models import Thread

pytestmark = pytest.mark.django_db


def body(exc: Exception, caller: Caller | None = None) -> tuple[int, dict[str, object]]:
    request = RequestFactory().get("/api/v1/x")
    if caller is not None:
        request.auth = caller  # type: ignore[attr-defined]
    response = response_for_exception(request, exc)
    return response.status_code, json.loads(response.content)["error"]


def test_unexpected_error_is_a_bare_500(
    member_api: ApiClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(actor: object) -> object:
        raise RuntimeError("secret detail: table forums_forum is on fire")

    monkeypatch.setattr("pnyx.api.endpoints.forum_index", broken)
    response = member_api.get("/categories")
    assert response.status_code == 500
    assert error_of(response) == {
        "code": "server_error",
        "message": "Something went wrong on our side.",
        "fields": {},
        "request_id": response["X-Request-ID"],  # to quote in a report; the logs carry it
    }
    assert b"secret detail" not in response.content
    assert "API request GET /api/v1/categories failed" in caplog.text


def test_mapping_of_other_errors() -> None:
    assert body(PnyxError("Nope.")) == (400, {"code": "error", "message": "Nope.", "fields": {}})
    assert body(ValidationError("Whole thing is wrong.")) == (
        422,
        {
            "code": "invalid",
            "message": "Some fields are invalid; see fields.",
            "fields": {"__all__": ["Whole thing is wrong."]},
        },
    )
    assert body(AuthenticationError())[0] == 401
    assert body(HttpError(418, "teapot")) == (
        418,
        {"code": "error", "message": "teapot", "fields": {}},
    )
    assert body(PermissionDenied()) == (
        403,
        {"code": "forbidden", "message": "You may not do this.", "fields": {}},
    )
    guest = Caller(actor=AnonymousUser(), token=None)
    assert body(PermissionDenied("Sign in first."), guest)[1]["code"] == "authentication_required"


def test_deleted_author_is_null(guest_api: ApiClient, thread: Thread, other_member: Member) -> None:
    post = first_post(thread)
    other_member.delete()
    read = guest_api.get(f"/threads/{thread.pk}").json()
    assert read["thread"]["author"] is None
    assert read["posts"][0]["author"] is None
    assert read["posts"][0]["id"] == post.pk


def test_admin_lists_and_revokes_tokens(admin_client: Client, member: Member) -> None:
    from pnyx.accounts.models import ApiToken
    from pnyx.accounts.services import create_token

    new = create_token(member, member, name="phone")
    page = admin_client.get("/admin/accounts/apitoken/")
    assert page.status_code == 200
    assert new.token.public_id in page.content.decode()
    assert admin_client.get("/admin/accounts/apitoken/add/").status_code == 403
    response = admin_client.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [str(new.token.pk)]},
    )
    assert response.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    assert ApiClient(new.secret).get("/me").status_code == 401
