"""Errors show a request id and nothing else; logs carry the same id, the member and the
route, and never a secret (issue 9 "Error handling"; SECURITY.md ASVS V7 / V16 logging).
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from pytest_django import Settings

from pnyx.accounts.models import Member
from pnyx.core.logs import JsonFormatter, PlainFormatter, RequestContextFilter, redact
from pnyx.forums.models import Forum
from pnyx.testing.api import ApiClient, error_of
from pnyx.testing.factories import PASSWORD, make_member, make_token
from pnyx.threads.models import Thread

INTERNAL = "secret detail: the forums table is on fire"


def _break_the_index(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(actor: object) -> object:
        raise RuntimeError(INTERNAL)

    monkeypatch.setattr("pnyx.forums.views.forum_index", broken)
    monkeypatch.setattr("pnyx.api.endpoints.forum_index", broken)


def _console() -> logging.StreamHandler[io.TextIOBase]:
    """The handler settings.LOGGING configured (with its request filter)."""
    [console] = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    assert isinstance(console, logging.StreamHandler)
    assert any(isinstance(f, RequestContextFilter) for f in console.filters)
    return console


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """Every line the configured console handler writes, at every level, as JSON lines."""
    console = _console()
    stream = io.StringIO()
    monkeypatch.setattr(console, "stream", stream)
    monkeypatch.setattr(console, "formatter", JsonFormatter())
    monkeypatch.setattr(console, "level", logging.DEBUG)
    root = logging.getLogger()
    monkeypatch.setattr(root, "level", logging.DEBUG)
    yield stream


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_every_answer_has_its_own_request_id(guest_client: Client, forum: Forum) -> None:
    ids = [guest_client.get(path)["X-Request-ID"] for path in ("/", "/", "/healthz", "/nope/")]
    assert all(re.fullmatch(r"[0-9a-f]{32}", value) for value in ids)
    assert len(set(ids)) == 4


@pytest.mark.parametrize(("behind_proxy", "kept"), [(True, True), (False, False)])
def test_a_proxy_request_id_is_kept_only_behind_a_proxy(
    settings: Settings, guest_client: Client, behind_proxy: bool, kept: bool
) -> None:
    settings.BEHIND_PROXY = behind_proxy
    response = guest_client.get("/healthz", headers={"X-Request-ID": "edge-4f1c9a2b"})
    assert (response["X-Request-ID"] == "edge-4f1c9a2b") is kept
    odd = guest_client.get("/healthz", headers={"X-Request-ID": "<script>"})
    assert re.fullmatch(r"[0-9a-f]{32}", odd["X-Request-ID"])


def test_the_error_page_names_the_request_id_and_nothing_internal(
    monkeypatch: pytest.MonkeyPatch, member: Member, captured: io.StringIO
) -> None:
    _break_the_index(monkeypatch)
    client = Client(raise_request_exception=False)
    client.force_login(member)
    response = client.get("/?password=hunter2")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    page = response.content.decode()
    assert f"<code>{request_id}</code>" in page
    assert response["Cache-Control"] == "no-store"
    for leak in (INTERNAL, "Traceback", "RuntimeError", django_settings.SECRET_KEY, "hunter2"):
        assert leak not in page
    [logged] = [line for line in _lines(captured) if line["level"] == "ERROR"]
    assert logged["request_id"] == request_id
    assert logged["member_id"] == member.pk
    assert logged["route"] == ""  # the index's pattern is the empty route
    assert logged["logger"] == "django.request"
    assert INTERNAL in str(logged["exception"])  # the log has the detail the page hides


def test_the_api_error_envelope_names_the_request_id(
    monkeypatch: pytest.MonkeyPatch, member: Member, captured: io.StringIO
) -> None:
    _break_the_index(monkeypatch)
    api = ApiClient(make_token(member))
    response = api.get("/categories")
    assert response.status_code == 500
    assert error_of(response)["request_id"] == response["X-Request-ID"]
    assert INTERNAL.encode() not in response.content
    errors = [line for line in _lines(captured) if line["level"] == "ERROR"]
    assert [line["logger"] for line in errors] == ["pnyx.api", "django.request"]
    for logged in errors:
        assert (logged["request_id"], logged["member_id"], logged["route"]) == (
            response["X-Request-ID"],
            member.pk,
            "api/v1/categories",
        )


def test_no_password_token_or_key_reaches_any_log_line(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    thread: Thread,
    captured: io.StringIO,
) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "2/m/ip"}  # refusals are logged too
    owner = make_member(username="carol", email="carol@example.org")
    secrets: list[str] = [PASSWORD]

    # Sign in, wrongly and then rightly.
    visitor = Client()
    wrong = "wrong horse battery staple"
    secrets.append(wrong)
    visitor.post("/accounts/login/", {"login": "carol", "password": wrong})
    signed_in = Client()
    assert (
        signed_in.post("/accounts/login/", {"login": "carol", "password": PASSWORD}).status_code
        == 302
    )
    secrets.append(signed_in.cookies["sessionid"].value)
    for _ in range(3):  # past the limit
        visitor.post("/accounts/login/", {"login": "carol", "password": wrong})

    # Use an API token, also in places it does not belong, and a revoked-looking one.
    token = make_token(owner)
    secrets += [token, token.rsplit("_", 1)[1]]
    api = ApiClient(token)
    assert api.get(f"/threads/{thread.pk}").status_code == 200
    assert api.post(f"/threads/{thread.pk}/posts", {"body": "Via the API"}).status_code == 201
    assert ApiClient(token + "x").get("/me").status_code == 401
    Client().get(f"/api/v1/nowhere/{token}", {"token": token})

    # Reset the password through the e-mailed link.
    Client().post("/accounts/password/reset/", {"email": "carol@example.org"})
    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", str(message.body))
    assert link is not None
    reset_path = link.group(1)
    secrets.append(reset_path.rstrip("/").rsplit("/", 1)[1])
    resetter = Client()
    form = resetter.get(reset_path, follow=True)
    assert form.status_code == 200
    new_password = "a fresh and much longer secret"
    secrets.append(new_password)
    done = resetter.post(
        form.redirect_chain[-1][0] if form.redirect_chain else reset_path,
        {"password1": new_password, "password2": new_password},
    )
    assert done.status_code == 302
    Client().get(reset_path)  # the spent link again: refused, with the key in its path

    # And an error, with secrets in the address it failed at.
    _break_the_index(monkeypatch)
    failing = Client(raise_request_exception=False)
    failing.cookies["sessionid"] = signed_in.cookies["sessionid"].value
    assert failing.get("/", {"password": PASSWORD, "token": token}).status_code == 500

    lines = captured.getvalue().splitlines()
    assert len(lines) >= 3  # the failed sign-ins' refusal, the 401, the 404, the 500, ...
    assert any("Internal Server Error" in line for line in lines)
    assert all(json.loads(line)["request_id"] for line in lines)  # 4xx lines included
    for secret in secrets:
        leaking = [line for line in lines if secret in line]
        assert leaking == [], secret


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bearer pnyx_0a1b2c3d4e5f_S3cr3t-t0ken_value",
            "Bearer [redacted]",
        ),
        (
            "token pnyx_0a1b2c3d4e5f_S3cr3t-t0ken_value used",
            "token pnyx_0a1b2c3d4e5f_[redacted] used",
        ),
        (
            "Not Found: /accounts/password/reset/key/1-c8r3qx-3f2a9d/",
            "Not Found: /accounts/password/reset/key/[redacted]/",
        ),
        ("GET /accounts/confirm-email/MQ:1vx2/ 404", "GET /accounts/confirm-email/[redacted]/ 404"),
        ("?password=hunter2&next=/", "?password=[redacted]&next=/"),
        ("{'new_password1': 'hunter2'}", "{'new_password1': '[redacted]'}"),
        (
            "Cookie: sessionid=abc123; csrftoken=def456",
            "Cookie: sessionid=[redacted]; csrftoken=[redacted]",
        ),
        ("nothing to hide here: 42 posts", "nothing to hide here: 42 posts"),
    ],
)
def test_redact_hides_secret_shapes(text: str, expected: str) -> None:
    assert redact(text) == expected


def _record(message: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    record = logging.LogRecord(
        "pnyx.test",
        logging.WARNING,
        __file__,
        1,
        message,
        args,
        (type(exc), exc, exc.__traceback__) if exc is not None else None,
    )
    RequestContextFilter().filter(record)
    return record


def test_json_lines_outside_a_request() -> None:
    try:
        raise ValueError("password=hunter2")
    except ValueError as error:
        line = JsonFormatter().format(_record("saw %s", "token=abc", exc=error))
    entry = json.loads(line)
    assert set(entry) == {
        "time",
        "level",
        "logger",
        "message",
        "request_id",
        "member_id",
        "route",
        "exception",
    }
    assert (entry["level"], entry["logger"], entry["message"]) == (
        "WARNING",
        "pnyx.test",
        "saw token=[redacted]",
    )
    assert (entry["request_id"], entry["member_id"], entry["route"]) == (None, None, None)
    assert "ValueError: password=[redacted]" in entry["exception"]
    assert "hunter2" not in line


def test_plain_lines_name_the_request_when_there_is_one(
    monkeypatch: pytest.MonkeyPatch, member: Member, captured: io.StringIO
) -> None:
    monkeypatch.setattr(_console(), "formatter", PlainFormatter())
    _break_the_index(monkeypatch)
    response = ApiClient(make_token(member)).get("/categories")
    context = f"[request={response['X-Request-ID']} member={member.pk} route=api/v1/categories]"
    assert f" ERROR pnyx.api {context} API request GET /api/v1/categories failed\n" in (
        captured.getvalue()
    )
    line = PlainFormatter().format(_record("outside"))
    assert re.fullmatch(r"\S+ \S+ WARNING pnyx\.test outside", line)
