"""B.5 CSRF, B.6 account takeover, B.7 user enumeration and B.8 rate limits, against the
site's own sign-in (the admin's redirects to it), allauth's account pages and the API."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.test import Client
from pytest_django import Settings

from pnyx.accounts.models import Member
from pnyx.config import settings as production
from pnyx.core import redis
from pnyx.core.ratelimit import Rate, hit
from pnyx.testing.api import ApiClient
from pnyx.testing.factories import PASSWORD, first_post, make_member
from pnyx.testing.redis import REDIS_SERVER, PrivateRedis
from pnyx.threads.models import Post, Thread
from tests.security.hostile import reply_url, thread_url

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
RESET = "/accounts/password/reset/"
EMAIL = "/accounts/email/"
TOO_MANY = "Too many failed login attempts"
KEY_LINK = re.compile(r"https?://[^/\s]+(/accounts/password/reset/key/[0-9a-z]+-[^/\s]+/)")
NEW_PASSWORD = "amber-walrus-ferry-1987"


@pytest.fixture
def limits(settings: Settings) -> None:
    """The production sign-in limits (the test settings turn allauth's off)."""
    settings.ACCOUNT_RATE_LIMITS = production.ACCOUNT_RATE_LIMITS


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _sign_in(client: Client, login: str, password: str, **headers: Any) -> str:
    response = client.post(LOGIN, {"login": login, "password": password}, **headers)
    return response.content.decode() if response.status_code == 200 else response["Location"]


def _reset_link(email: str = "alice@example.org", **headers: Any) -> str:
    mail.outbox.clear()
    Client().post(RESET, {"email": email}, **headers)
    assert len(mail.outbox) == 1
    found = KEY_LINK.search(str(mail.outbox[0].body))
    assert found is not None
    return found.group(1)


def _link_works(link: str) -> bool:
    response = Client().get(link)
    return response.status_code == 302 and response["Location"].endswith("-set-password/")


def _csrf_client(member: Member) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    return client


# ---------------------------------------------------------------- B.5 CSRF


def test_csrf01_cross_site_posts_change_nothing(
    member: Member, thread: Thread, other_member: Member
) -> None:
    client = _csrf_client(member)
    post = first_post(thread)
    forum = thread.forum
    before = (Post.objects.count(), Thread.objects.count(), member.display_name)
    attempts = [
        (reply_url(thread), {"body": "forged", "idempotency_key": "catalogue-csrf01"}),
        (f"/forums/{forum.pk}-{forum.slug}/new-thread/", {"title": "T", "body": "forged"}),
        (f"/posts/{post.pk}/react/", {"kind": "like"}),
        (f"/posts/{post.pk}/edit/", {"body": "forged", "revision": "0"}),
        ("/account/settings/", {"display_name": "Forged"}),
        ("/account/settings/", {"section": "sessions-end"}),
        ("/account/settings/", {"section": "token-create", "name": "forged"}),
        (EMAIL, {"action_add": "", "email": "mallory@evil.test"}),
        ("/posting/preview/", {"body": "x"}),
        ("/whats-new/mark-read/", {}),
    ]
    for url, data in attempts:
        assert client.post(url, data).status_code == 403, url
    # A right token from another origin is refused too (the Origin check).
    client.get(thread_url(thread))
    token = client.cookies["csrftoken"].value
    evil = client.post(
        reply_url(thread),
        {"body": "forged", "idempotency_key": "catalogue-csrf01b", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="http://127.0.0.2:9999",
    )
    assert evil.status_code == 403
    member.refresh_from_db()
    assert (Post.objects.count(), Thread.objects.count(), member.display_name) == before
    assert EmailAddress.objects.filter(email="mallory@evil.test").exists() is False


def test_csrf01_the_api_ignores_cookies_so_a_cross_site_request_has_no_power(
    member: Member, thread: Thread
) -> None:
    browser = Client()
    browser.force_login(member)  # a signed-in browser, as a cross-site fetch would send
    api = ApiClient(client=browser)
    before = Post.objects.count()
    as_text = api.send(
        "POST", f"/threads/{thread.pk}/posts", raw='{"body": "x"}', CONTENT_TYPE="text/plain"
    )
    assert as_text.status_code in (401, 415)
    plain = browser.generic(
        "POST", f"/api/v1/threads/{thread.pk}/posts", '{"body": "x"}', content_type="text/plain"
    )
    assert plain.status_code == 415
    as_json = api.post(f"/threads/{thread.pk}/posts", {"body": "x"})
    assert as_json.status_code == 401
    assert api.get("/me").status_code == 401
    assert Post.objects.count() == before


def test_csrf02_sign_in_needs_the_token_and_sign_out_is_a_post_to_this_site(member: Member) -> None:
    stranger = Client(enforce_csrf_checks=True)
    response = stranger.post(LOGIN, {"login": "alice", "password": PASSWORD})
    assert response.status_code == 403
    assert _signed_in(stranger) is False
    browser = Client()
    browser.force_login(member)
    page = browser.get("/accounts/logout/?next=https://evil.test/")
    assert page.status_code == 200  # a confirmation page: GET signs nobody out
    assert _signed_in(browser) is True
    response = browser.post("/accounts/logout/", {"next": "https://evil.test/"})
    assert response.status_code == 302 and "evil.test" not in response["Location"]
    assert _signed_in(browser) is False


def test_csrf03_get_never_changes_state(
    member_client: Client, member: Member, thread: Thread
) -> None:
    post = first_post(thread)
    before = (Post.objects.count(), dict(post.reaction_counts))
    for url in (
        f"/posts/{post.pk}/react/?kind=like",
        "/whats-new/mark-read/",
        "/posting/preview/?body=x",
    ):
        assert member_client.get(url).status_code == 405, url
    member_client.get(f"{reply_url(thread)}?body=forged&idempotency_key=catalogue-csrf03")
    member_client.get("/account/settings/?section=sessions-end")
    member_client.get("/accounts/logout/")
    post.refresh_from_db()
    assert (Post.objects.count(), dict(post.reaction_counts)) == before
    assert _signed_in(member_client) is True


def test_csrf04_cached_guest_pages_carry_no_token_and_posts_never_get_the_readers(
    member: Member, member_client: Client, thread: Thread, settings: Settings, tmp_path: Any
) -> None:
    settings.GUEST_CACHE_SECONDS = 60
    settings.DATA_DIR = tmp_path
    bait = "![x](https://evil.example/p.png?t=PNYXFRAGMENTCSRFTOKEN&k=PNYXFRAGMENTFORMKEY)"
    Client().get(thread_url(thread))  # creates the site settings row first
    from pnyx.posting.services import reply_to_thread

    reply_to_thread(member, thread, body=bait)
    answers = [Client().get(thread_url(thread)) for _ in range(3)]
    assert answers[-1]["X-Cache"] == "HIT"
    assert len({a.content for a in answers}) == 1
    assert "csrfmiddlewaretoken" not in answers[-1].content.decode()
    html = member_client.get(thread_url(thread)).content.decode()
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert len(tokens) == 1
    (token,) = tokens
    assert html.count(token) == html.count('name="csrfmiddlewaretoken"')
    assert "t=PNYXFRAGMENTCSRFTOKEN&amp;k=PNYXFRAGMENTFORMKEY" in html


# ---------------------------------------------------------------- B.6 account takeover


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_HOST": "127.0.0.1:9999"},
        {"HTTP_X_FORWARDED_HOST": "evil.test"},
        {"HTTP_FORWARDED": "host=evil.test"},
    ],
    ids=["port", "x-forwarded-host", "forwarded"],
)
def test_ato01_reset_links_are_built_on_the_site_url(
    member: Member, settings: Settings, headers: dict[str, str]
) -> None:
    settings.SITE_URL = "https://forum.example"
    link = _reset_link(**headers)
    assert link.startswith("/accounts/password/reset/key/")
    assert set(re.findall(r"https?://[^/\s]+", str(mail.outbox[0].body))) == {
        "https://forum.example"
    }
    mail.outbox.clear()
    refused = Client().post(RESET, {"email": "alice@example.org"}, HTTP_HOST="evil.test")
    assert refused.status_code == 400 and mail.outbox == []


@pytest.mark.parametrize(
    "asked", ["m\u0131ke@example.org", "\uff4d\uff49\uff4b\uff45@example.org", "mike@EXAMPLE.org"]
)
def test_ato02_a_reset_goes_only_to_the_stored_address(db: None, asked: str) -> None:
    make_member(username="mike", email="MIKE@example.org")
    Client().post(RESET, {"email": asked})
    assert [m.to for m in mail.outbox] in ([], [["MIKE@example.org"]])


def test_ato03_reset_tokens_are_single_use_and_die_with_a_change(member: Member) -> None:
    link = _reset_link()
    member.set_password(NEW_PASSWORD)
    member.save()
    assert _link_works(link) is False
    link = _reset_link()
    EmailAddress.objects.create(user=member, email="alice@new.example", verified=True)
    EmailAddress.objects.get(email="alice@new.example").set_as_primary()
    assert _link_works(link) is False
    link = _reset_link(email="alice@new.example")
    browser = Client()
    form = browser.get(link)["Location"]
    browser.post(form, {"password1": "another-walrus-1988", "password2": "another-walrus-1988"})
    assert _link_works(link) is False


def test_ato04_a_stolen_session_cannot_change_the_email_or_password(
    member: Member, member_client: Client
) -> None:
    EmailAddress.objects.create(user=member, email=member.email, primary=True, verified=True)
    for url, data in [
        (EMAIL, {"action_add": "", "email": "mallory@evil.test"}),
        (EMAIL, {"action_remove": "", "email": member.email}),
        (
            "/accounts/password/change/",
            {"oldpassword": "guess", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        ),
        ("/account/settings/", {"section": "token-create", "name": "backdoor"}),
    ]:
        response = member_client.post(url, data)
        assert response.status_code in (200, 302), url
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/reauthenticate/"), url
    member.refresh_from_db()
    assert member.check_password(PASSWORD) and member.email == "alice@example.org"
    assert member.api_tokens.count() == 0
    assert list(EmailAddress.objects.filter(user=member).values_list("email", flat=True)) == [
        "alice@example.org"
    ]


def test_ato05_sessions_are_new_at_sign_in_and_dead_after_sign_out(member: Member) -> None:
    browser = Client()
    session = browser.session
    session["planted"] = True
    session.save()
    planted = browser.cookies["sessionid"].value
    assert browser.post(LOGIN, {"login": "alice", "password": PASSWORD}).status_code == 302
    signed_in = browser.cookies["sessionid"].value
    assert signed_in != planted
    browser.post("/accounts/logout/")
    for cookie in (planted, signed_in):
        replay = Client()
        replay.cookies["sessionid"] = cookie
        assert _signed_in(replay) is False
        assert replay.get("/account/settings/").status_code == 302


def test_ato06_the_reset_token_leaves_the_address_bar_and_no_referrer_leaves_the_site(
    member: Member,
) -> None:
    link = _reset_link()
    browser = Client()
    response = browser.get(link)
    token = link.rstrip("/").rsplit("-", 1)[1]
    assert token not in response["Location"]
    page = browser.get(response["Location"])
    assert page.status_code == 200 and token not in page.content.decode()
    assert page["Referrer-Policy"] in ("same-origin", "no-referrer")


# ---------------------------------------------------------------- B.7 enumeration


class _FailingMail:
    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: object) -> int:
        raise ConnectionRefusedError("the SMTP server is down")


def test_enum01_reset_answers_alike_for_known_and_unknown_even_with_mail_down(
    member: Member, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    def answer(email: str) -> tuple[int, str]:
        response = Client(raise_request_exception=False).post(RESET, {"email": email})
        return response.status_code, response.get("Location", "")

    assert (
        answer("alice@example.org")
        == answer("nobody@example.org")
        == (
            302,
            "/accounts/password/reset/done/",
        )
    )
    settings.EMAIL_BACKEND = "tests.security.test_accounts._FailingMail"
    assert answer("alice@example.org") == answer("nobody@example.org")
    # The failure is logged, without the address.
    assert "Could not send the account mail" in caplog.text
    assert "alice@example.org" not in caplog.text


def test_enum02_unknown_users_and_unusable_passwords_cost_a_hash_like_a_wrong_password(
    member: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    hasher = type(get_hasher())
    calls: list[str] = []
    original_encode, original_verify = hasher.encode, hasher.verify

    def encode(self: Any, password: str, salt: str) -> str:
        calls.append("encode")
        return original_encode(self, password, salt)

    def verify(self: Any, password: str, encoded: str) -> bool:
        calls.append("verify")
        return original_verify(self, password, encoded)

    monkeypatch.setattr(hasher, "encode", encode)
    monkeypatch.setattr(hasher, "verify", verify)
    unusable = make_member(username="nopass")
    unusable.set_unusable_password()
    unusable.save()
    counts = []
    for login in ("alice", "nobody-at-all", "nopass"):
        calls.clear()
        Client().post(LOGIN, {"login": login, "password": "wrong"})
        counts.append(len(calls))
    assert all(n >= 1 for n in counts), counts


def test_enum03_sign_up_with_a_registered_address_answers_like_a_new_one(
    member: Member, settings: Settings
) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"

    def sign_up(username: str, email: str) -> tuple[int, str]:
        data = {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD}
        response = Client().post("/accounts/signup/", data)
        return response.status_code, response.get("Location", "")

    assert sign_up("newbie", "newbie@example.org") == sign_up("someone", "ALICE@example.org")
    assert [m.to for m in mail.outbox] == [["newbie@example.org"], ["alice@example.org"]]
    assert Member.objects.filter(username="someone").exists() is False


# ---------------------------------------------------------------- B.8 rate limits


def test_rl01_spoofed_client_address_headers_give_no_new_guesses(
    member: Member, limits: None
) -> None:
    client = Client()
    for n in range(20):
        spoof = f"203.0.113.{n}"
        _sign_in(
            client,
            "alice",
            "wrong",
            HTTP_X_FORWARDED_FOR=spoof,
            HTTP_X_REAL_IP=spoof,
            HTTP_FORWARDED=f"for={spoof}",
        )
    response = Client().post(
        LOGIN, {"login": "alice", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    assert response.status_code in (200, 429)
    assert TOO_MANY in response.content.decode()


def test_rl02_distinct_real_addresses_still_trip_the_account_limit(
    member: Member, limits: None
) -> None:
    for n in range(5):
        _sign_in(Client(), "alice", "wrong", REMOTE_ADDR=f"127.0.0.{n + 2}")
    refused = Client(REMOTE_ADDR="127.0.0.200")
    assert TOO_MANY in _sign_in(refused, "alice", PASSWORD)
    assert _signed_in(refused) is False


def test_rl03_a_page_flood_is_refused_with_a_clear_answer_and_no_partial_write(
    member_client: Client, member: Member, thread: Thread, settings: Settings
) -> None:
    settings.PAGE_POST_RATE = (5, 60)
    statuses = [
        member_client.post(
            reply_url(thread), {"body": f"flood {n}", "idempotency_key": f"catalogue-rl03-{n}"}
        ).status_code
        for n in range(8)
    ]
    assert statuses == [302] * 5 + [429] * 3
    last = member_client.post(
        reply_url(thread), {"body": "one more", "idempotency_key": "catalogue-rl03-x"}
    )
    assert last.status_code == 429 and int(last["Retry-After"]) >= 1
    assert "one more" in last.content.decode()  # the text is kept in the form
    assert Post.objects.filter(author=member).count() == 5
    thread.refresh_from_db()
    assert thread.reply_count == 5


def test_rl04_concurrent_hits_pass_exactly_the_limit(settings: Settings, tmp_path: Any) -> None:
    # The production cache of a forum without Redis, shared by its worker processes.
    settings.CACHES = {
        "default": {
            "BACKEND": "pnyx.core.cache.LockingFileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    passed: list[int] = []
    barrier = threading.Barrier(25)

    def one() -> None:
        barrier.wait()
        try:
            hit("catalogue-rl04", "k", Rate(limit=5, period=3600), now=1_000_000.0)
        except Exception:
            return
        passed.append(1)

    workers = [threading.Thread(target=one) for _ in range(25)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(passed) == 5


@pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")
def test_rl05_with_the_limit_store_down_sign_in_limits_still_hold(
    member: Member, settings: Settings, tmp_path: Any
) -> None:
    server = PrivateRedis(tmp_path)
    server.start()
    try:
        settings.REDIS_URL = server.url
        settings.CACHES = {
            "default": {
                "BACKEND": "pnyx.core.cache.ResilientRedisCache",
                "LOCATION": server.url,
                "KEY_PREFIX": "pnyx",
            }
        }
        settings.ACCOUNT_RATE_LIMITS = production.ACCOUNT_RATE_LIMITS
        server.stop()
        for n in range(5):
            page = _sign_in(Client(), "alice", "wrong", REMOTE_ADDR=f"192.0.2.{n + 1}")
            assert "are not correct" in page
        refused = Client(REMOTE_ADDR="192.0.2.99")
        assert TOO_MANY in _sign_in(refused, "alice", PASSWORD)  # fails closed
        assert _signed_in(refused) is False
    finally:
        server.stop()
        plain = redis.client()
        if plain is not None:
            plain.close()
