"""Every documented error status, in the one envelope, and a refused request changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import Settings

from pnyx.accounts.models import ApiToken, Member
from pnyx.accounts.services import revoke_token
from pnyx.forums.models import Forum
from pnyx.posting.services import BODY_MAX
from pnyx.testing.api import ApiClient, error_of
from pnyx.testing.factories import first_post
from pnyx.threads.models import Post, PostRevision, Thread

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int]:
    return Thread.objects.count(), Post.objects.count(), PostRevision.objects.count()


def test_malformed_json_is_400(member_api: ApiClient, forum: Forum) -> None:
    before = counts()
    response = member_api.send("POST", "/threads", raw='{"forum_id": 1, "title": ')
    assert response.status_code == 400
    assert error_of(response) == {
        "code": "malformed_json",
        "message": "The request body is not valid JSON (EOF while parsing a value at line 1 "
        "column 25).",
        "fields": {},
    }
    assert counts() == before


def test_non_numeric_content_length_is_400(forum: Forum) -> None:
    response = Client().generic(
        "POST", "/api/v1/threads", "{}", content_type="application/json", CONTENT_LENGTH="ten"
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_request"


@pytest.mark.parametrize(
    "header",
    ["Bearer pnyx_0123456789ab_wrongsecret", "Bearer nonsense", "Token abc", "Bearer ", "Basic x"],
)
def test_bad_token_is_401_even_for_public_reads(header: str, forum: Forum) -> None:
    response = Client().get("/api/v1/categories", headers={"Authorization": header})
    assert response.status_code == 401
    error = error_of(response)
    assert error["code"] == "invalid_token"
    assert response["WWW-Authenticate"].startswith('Bearer realm="pnyx"')
    assert response["Cache-Control"] == "private, no-store"


def test_revoked_token_is_401(member: Member, member_api: ApiClient) -> None:
    assert member_api.get("/me").status_code == 200
    token = ApiToken.objects.get(member=member)
    revoke_token(member, token)
    response = member_api.get("/me")
    assert response.status_code == 401
    assert error_of(response) == {
        "code": "invalid_token",
        "message": "The token is not valid: it is malformed, unknown or revoked.",
        "fields": {},
    }


def test_guest_write_is_401_with_the_reason(guest_api: ApiClient, thread: Thread) -> None:
    response = guest_api.post(f"/threads/{thread.pk}/posts", {"body": "Hello"})
    assert response.status_code == 401
    assert error_of(response) == {
        "code": "authentication_required",
        "message": "Sign in to reply. Send a personal API token: Authorization: Bearer <token>.",
        "fields": {},
    }


def test_not_allowed_is_403(member_api: ApiClient, thread: Thread) -> None:
    post = first_post(thread)
    response = member_api.patch(f"/posts/{post.pk}", {"body": "Not mine"})
    assert response.status_code == 403
    assert error_of(response) == {
        "code": "forbidden",
        "message": "You can only edit your own posts.",
        "fields": {},
    }


@pytest.mark.parametrize(
    "path", ["/nothing", "/threads/123456", "/forums/99/threads", "/", "/v2/threads"]
)
def test_unknown_paths_and_ids_are_404_json(guest_api: ApiClient, path: str) -> None:
    response = guest_api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert error_of(response) == {"code": "not_found", "message": "Not found.", "fields": {}}


def test_page_past_the_end_is_404(guest_api: ApiClient, thread: Thread) -> None:
    assert guest_api.get(f"/threads/{thread.pk}", {"page": 2}).status_code == 404
    assert guest_api.get(f"/forums/{thread.forum_id}/threads", {"page": 2}).status_code == 404
    assert guest_api.get("/whats-new", {"page": 2}).status_code == 404


def test_wrong_method_is_405_json_with_allow(member_api: ApiClient) -> None:
    response = member_api.send("DELETE", "/categories")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert error_of(response) == {
        "code": "method_not_allowed",
        "message": "This address answers GET.",
        "fields": {},
    }


def test_stale_revision_is_409_and_keeps_the_post(
    other_member_api: ApiClient, thread: Thread
) -> None:
    post = first_post(thread)
    first = other_member_api.patch(f"/posts/{post.pk}", {"body": "First edit", "revision": 0})
    assert first.status_code == 200
    assert first.json()["revision"] == 1
    response = other_member_api.patch(f"/posts/{post.pk}", {"body": "Second", "revision": 0})
    assert response.status_code == 409
    assert error_of(response) == {
        "code": "edit_conflict",
        "message": "This post was changed by someone else while you were editing it.",
        "fields": {"revision": ["The post is at revision 1 now."]},
        "current_revision": 1,
    }
    post.refresh_from_db()
    assert (post.source, post.revision) == ("First edit", 1)
    again = other_member_api.patch(f"/posts/{post.pk}", {"body": "Second", "revision": 1})
    assert again.status_code == 200
    assert again.json()["revision"] == 2


def test_body_over_the_byte_limit_is_413_before_parsing(
    member_api: ApiClient, forum: Forum, settings: Settings
) -> None:
    settings.API_MAX_BODY_BYTES = 100_000
    before = counts()
    response = member_api.send("POST", "/threads", raw="{" + " " * 100_000 + "}")
    assert response.status_code == 413
    assert error_of(response) == {
        "code": "too_large",
        "message": "The request body is larger than 100000 bytes.",
        "fields": {},
    }
    assert counts() == before


def test_post_text_over_body_max_is_413(member_api: ApiClient, thread: Thread) -> None:
    before = counts()
    response = member_api.post(f"/threads/{thread.pk}/posts", {"body": "x" * (BODY_MAX + 1)})
    assert response.status_code == 413
    message = f"Keep the post to 50000 characters (it has {BODY_MAX + 1})."
    assert error_of(response) == {
        "code": "too_large",
        "message": message,
        "fields": {"body": [message]},
    }
    assert counts() == before


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/xml", "application/x-www-form-urlencoded"]
)
def test_non_json_write_is_415(member: Member, forum: Forum, content_type: str) -> None:
    from pnyx.testing.factories import make_token

    token = make_token(member)
    before = counts()
    response = Client().generic(
        "POST",
        "/api/v1/threads",
        f'{{"forum_id": {forum.pk}, "title": "t", "body": "b"}}',
        content_type=content_type,
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"
    assert counts() == before


def test_json_with_charset_and_vendor_types_are_accepted(member: Member, forum: Forum) -> None:
    from pnyx.testing.factories import make_token

    token = make_token(member)
    for content_type in ["application/json; charset=utf-8", "application/vnd.pnyx+json"]:
        response = Client().generic(
            "POST",
            "/api/v1/threads",
            f'{{"forum_id": {forum.pk}, "title": "t", "body": "b"}}',
            content_type=content_type,
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 201, content_type


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({"title": "t", "body": "b"}, {"forum_id": ["Field required"]}),
        (
            {"forum_id": "one", "title": "t", "body": "b"},
            {"forum_id": ["Input should be a valid integer"]},
        ),
        (
            {"forum_id": 0, "title": "t", "body": "b"},
            {"forum_id": ["Input should be greater than or equal to 1"]},
        ),
        ({"forum_id": 1, "title": 5, "body": "b"}, {"title": ["Input should be a valid string"]}),
        (
            {"forum_id": 1, "title": "t", "body": "b", "author_id": 2},
            {"author_id": ["Extra inputs are not permitted"]},
        ),
        (
            {"forum_id": 1, "title": "t" * 201, "body": "b"},
            {"title": ["String should have at most 200 characters"]},
        ),
        ([], {"__all__": ["Input should be a valid dictionary or object to extract fields from"]}),
    ],
)
def test_invalid_fields_are_422_with_field_messages(
    member_api: ApiClient, forum: Forum, payload: object, fields: dict[str, list[str]]
) -> None:
    before = counts()
    response = member_api.post("/threads", payload)
    assert response.status_code == 422
    assert error_of(response) == {
        "code": "invalid",
        "message": "Some fields are invalid; see fields.",
        "fields": fields,
    }
    assert counts() == before


def test_service_validation_is_422_with_field_messages(member_api: ApiClient, forum: Forum) -> None:
    before = counts()
    response = member_api.post("/threads", {"forum_id": forum.pk, "title": "  ", "body": " \n"})
    assert response.status_code == 422
    assert error_of(response) == {
        "code": "invalid",
        "message": "Some fields are invalid; see fields.",
        "fields": {"title": ["Give the thread a title."]},
    }
    assert counts() == before


def test_missing_body_is_422(member_api: ApiClient, thread: Thread) -> None:
    response = member_api.send("POST", f"/threads/{thread.pk}/posts")
    assert response.status_code == 422
    assert error_of(response)["fields"] == {"__all__": ["Field required"]}


def test_unknown_reaction_kind_is_422(member_api: ApiClient, thread: Thread) -> None:
    post = first_post(thread)
    response = member_api.put(f"/posts/{post.pk}/reactions/love")
    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["kind"]


def test_malformed_idempotency_key_is_422(member_api: ApiClient, thread: Thread) -> None:
    response = member_api.post(
        f"/threads/{thread.pk}/posts", {"body": "Hi"}, **{"Idempotency-Key": "k" * 129}
    )
    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["Idempotency-Key"]
    assert Post.objects.count() == 1


def test_huge_ids_and_pages_are_422_not_500(guest_api: ApiClient) -> None:
    assert guest_api.get(f"/threads/{2**64}").status_code == 422
    assert guest_api.get(f"/threads/{2**63 - 1}").status_code == 404
    assert guest_api.get("/whats-new", {"page": 10**9}).status_code == 422


def test_nul_characters_are_dropped(member_api: ApiClient, forum: Forum) -> None:
    response = member_api.post(
        "/threads", {"forum_id": forum.pk, "title": "Ti\x00tle", "body": "B\x00ody"}
    )
    assert response.status_code == 201
    assert (response.json()["title"], response.json()["first_post"]["body"]) == ("Title", "Body")
    blank = member_api.post("/threads", {"forum_id": forum.pk, "title": "\x00 ", "body": "x"})
    assert blank.status_code == 422
    assert error_of(blank)["fields"] == {"title": ["Give the thread a title."]}
