"""What the API reads: strict JSON, strict types, chunked bodies (SECURITY.md API-01, DOS-03).

A probe found a lone UTF-16 surrogate answered with a 500, ``"forum_id": true`` taken as
forum 1, and a chunked body ignored (422 for a body that was sent)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import Settings

from pnyx.forums.models import Forum
from pnyx.testing.api import PREFIX, ApiClient, error_of
from pnyx.threads.models import Post, Thread

pytestmark = pytest.mark.django_db

SURROGATE_HINT = (
    "a lone UTF-16 surrogate (\\uD800 to \\uDFFF) is not a character; send both halves of a "
    "pair, or the character itself"
)


def _counts() -> tuple[int, int]:
    return Thread.objects.count(), Post.objects.count()


# ---------------------------------------------------------------- JSON


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\uDBFF", "x\\ud83d", "\\ude00y"])
def test_api01_lone_surrogate_is_400_not_500(
    member_api: ApiClient, thread: Thread, escape: str
) -> None:
    before = _counts()
    response = member_api.send("POST", f"/threads/{thread.pk}/posts", raw=f'{{"body": "{escape}"}}')
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "malformed_json"
    assert error["message"].startswith("The request body is not valid JSON (")
    assert error["message"].endswith(f"{SURROGATE_HINT}).")
    assert _counts() == before


def test_api01_surrogate_pair_is_the_character_it_encodes(
    member_api: ApiClient, thread: Thread
) -> None:
    response = member_api.send(
        "POST", f"/threads/{thread.pk}/posts", raw='{"body": "Smile \\ud83d\\ude00"}'
    )
    assert response.status_code == 201
    assert Post.objects.get(pk=response.json()["id"]).source == "Smile \U0001f600"


@given(
    text=st.text(max_size=30),
    surrogate=st.integers(0xD800, 0xDFFF),
    at=st.integers(0, 30),
)
def test_api01_any_text_with_a_lone_surrogate_is_refused_as_malformed(
    member_api: ApiClient,
    thread: Thread,
    settings: Settings,
    text: str,
    surrogate: int,
    at: int,
) -> None:
    settings.API_WRITE_RATE = settings.API_ADDRESS_WRITE_RATE = None
    encoded = json.dumps(text)[1:-1]
    at = min(at, len(encoded))
    while at and encoded[at - 1] == "\\":  # never split an escape
        at -= 1
    escaped = f"{encoded[:at]}\\u{surrogate:04x}{encoded[at:]}"
    response = member_api.send(
        "POST", f"/threads/{thread.pk}/posts", raw=f'{{"body": "{escaped}"}}'
    )
    if response.status_code == 201:
        # The escape was completed into a pair by the text around it.
        stored = Post.objects.get(pk=response.json()["id"]).source
        stored.encode("utf-8")  # every character is one a database can hold
    else:
        assert response.status_code == 400, response.content
        assert error_of(response)["code"] == "malformed_json"


@pytest.mark.parametrize(
    "raw",
    ["[" * 100_000 + "]" * 100_000, '{"body": NaN}', '{"body": "x", "revision": Infinity}'],
    ids=["nested-100000-deep", "nan", "infinity"],
)
def test_dos03_json_the_parser_refuses_is_400_not_500(
    member_api: ApiClient, thread: Thread, settings: Settings, raw: str
) -> None:
    settings.API_MAX_BODY_BYTES = 1_000_000
    response = member_api.send("POST", f"/threads/{thread.pk}/posts", raw=raw)
    assert response.status_code == 400
    assert error_of(response)["code"] == "malformed_json"


# ---------------------------------------------------------------- strict types


@pytest.mark.parametrize(
    "forum_id", [True, False, "1", 1.5, 1e300, 2.0**60, [1], {"id": 1}, None], ids=repr
)
def test_api01_forum_id_must_be_a_json_integer(
    member_api: ApiClient, forum: Forum, forum_id: Any
) -> None:
    before = _counts()
    response = member_api.post("/threads", {"forum_id": forum_id, "title": "T", "body": "B"})
    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["forum_id"]
    assert _counts() == before
    assert (
        member_api.post("/threads", {"forum_id": forum.pk, "title": "T", "body": "B"}).status_code
        == 201
    )


def test_api01_an_integral_json_number_is_the_integer(member_api: ApiClient, forum: Forum) -> None:
    """JSON has one kind of number: 3.0 is 3 (JSON Schema's "integer" says so too)."""
    payload = {"forum_id": float(forum.pk), "title": "T", "body": "B"}
    response = member_api.post("/threads", payload)
    assert response.status_code == 201
    assert Thread.objects.get(pk=response.json()["id"]).forum_id == forum.pk


@pytest.mark.parametrize("revision", [True, False, 0.5, "0"], ids=repr)
def test_api01_revision_must_be_a_json_integer(
    member_api: ApiClient, thread: Thread, member: Any, revision: Any
) -> None:
    created = member_api.post(f"/threads/{thread.pk}/posts", {"body": "Mine."})
    post_id = created.json()["id"]
    response = member_api.patch(f"/posts/{post_id}", {"body": "Changed.", "revision": revision})
    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["revision"]
    assert Post.objects.get(pk=post_id).source == "Mine."


@pytest.mark.parametrize("value", [12, 1.5, True, ["a"], {"a": 1}], ids=repr)
def test_api01_texts_must_be_json_strings(member_api: ApiClient, forum: Forum, value: Any) -> None:
    response = member_api.post("/threads", {"forum_id": forum.pk, "title": value, "body": "B"})
    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["title"]


# ---------------------------------------------------------------- chunked bodies


def _chunked(member_api: ApiClient, path: str, body: bytes, *, terminated: bool = True) -> Any:
    """A request as a WSGI server passes on a chunked one: no Content-Length, and (when
    the server reads to the end) ``wsgi.input_terminated``."""
    return _send_chunked(member_api, path, body, "application/json", terminated=terminated)


def _send_chunked(
    member_api: ApiClient, path: str, body: bytes, content_type: str, *, terminated: bool
) -> Any:
    extra: dict[str, Any] = {
        "CONTENT_LENGTH": "",
        "CONTENT_TYPE": content_type,
        "HTTP_TRANSFER_ENCODING": "chunked",
        "HTTP_AUTHORIZATION": f"Bearer {member_api.token}",
        "wsgi.input": io.BytesIO(body),
    }
    if terminated:
        extra["wsgi.input_terminated"] = True
    client: Client = member_api.client
    return client.generic("POST", PREFIX + path, b"", **extra)


def test_api01_chunked_body_is_read(member_api: ApiClient, thread: Thread) -> None:
    response = _chunked(member_api, f"/threads/{thread.pk}/posts", b'{"body": "Sent chunked."}')
    assert response.status_code == 201, response.content
    assert Post.objects.get(pk=response.json()["id"]).source == "Sent chunked."


def test_api01_chunked_body_over_the_limit_is_413(
    member_api: ApiClient, thread: Thread, settings: Settings
) -> None:
    settings.API_MAX_BODY_BYTES = 100_000
    before = _counts()
    body = b'{"body": "' + b"a" * 100_000 + b'"}'
    response = _chunked(member_api, f"/threads/{thread.pk}/posts", body)
    assert response.status_code == 413
    assert error_of(response)["message"] == "The request body is larger than 100000 bytes."
    assert _counts() == before


def test_api01_chunked_body_the_server_cannot_end_is_411(
    member_api: ApiClient, thread: Thread
) -> None:
    before = _counts()
    response = _chunked(
        member_api, f"/threads/{thread.pk}/posts", b'{"body": "x"}', terminated=False
    )
    assert response.status_code == 411
    assert error_of(response) == {
        "code": "length_required",
        "message": "Send the body with a Content-Length header: this server cannot read a "
        "chunked request body.",
        "fields": {},
    }
    assert _counts() == before


def test_api01_chunked_body_that_is_not_json_is_still_415(
    member_api: ApiClient, thread: Thread
) -> None:
    response = _send_chunked(
        member_api, f"/threads/{thread.pk}/posts", b"body=x", "text/plain", terminated=True
    )
    assert response.status_code == 415
