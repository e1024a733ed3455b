"""Sign-in limits (issue 9; SECURITY.md B.8): every route that checks a password or a
second factor counts failures per account and per client address, in the shared cache."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.test import Client
from pytest_django import Settings

from pnyx.accounts.adapter import sign_in_key
from pnyx.accounts.models import Member
from pnyx.config import settings as production
from pnyx.testing.factories import PASSWORD, make_member
from pnyx.testing.redis import REDIS_SERVER, PrivateRedis

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
REAUTH = "/accounts/reauthenticate/"
TWO_FACTOR = "/accounts/2fa/authenticate/"
TOO_MANY = "Too many failed login attempts. Try again later."
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _production_limits(settings: Settings) -> None:
    # The test settings turn allauth's limits off; these tests run with the real ones.
    settings.ACCOUNT_RATE_LIMITS = production.ACCOUNT_RATE_LIMITS


def _sign_in(client: Client, login: str, password: str, **headers: Any) -> str:
    response = client.post(LOGIN, {"login": login, "password": password}, **headers)
    return response.content.decode() if response.status_code == 200 else response["Location"]


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _current_code(secret: str = TOTP_SECRET) -> str:
    return str(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))


def test_rl01_wrong_passwords_then_the_right_one_is_refused(admin: Member) -> None:
    client = Client()
    for _ in range(5):
        assert "are not correct" in _sign_in(client, admin.username, "wrong")
    assert TOO_MANY in _sign_in(client, admin.username, PASSWORD)
    assert _signed_in(client) is False


def test_rl01_the_admin_has_no_password_form_of_its_own(admin: Member) -> None:
    client = Client()
    # Django's admin form is gone: posting the right password there signs nobody in.
    response = client.post(
        "/admin/login/?next=/admin/accounts/member/",
        {"username": admin.username, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Faccounts%2Fmember%2F"
    assert _signed_in(client) is False
    # …and the site's form, with its limits, is where it sends.
    for _ in range(5):
        _sign_in(client, admin.username, "wrong")
    assert TOO_MANY in _sign_in(client, admin.username, PASSWORD)


def test_redir01_admin_sign_in_keeps_only_a_local_next(guest_client: Client) -> None:
    for unsafe in ["https://evil.test/", "//evil.test", "/\\evil.test"]:
        response = guest_client.get("/admin/login/", {"next": unsafe})
        assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_admin_sign_in_sends_staff_on_and_refuses_members(
    admin_client: Client, member_client: Client
) -> None:
    response = admin_client.get("/admin/login/?next=/admin/core/sitesettings/")
    assert (response.status_code, response["Location"]) == (302, "/admin/core/sitesettings/")
    assert member_client.get("/admin/login/").status_code == 403


def test_admin_password_change_is_the_members_page(admin_client: Client) -> None:
    response = admin_client.get("/admin/password_change/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/password/change/")


def test_rl01_site_sign_in_leads_staff_back_to_the_admin(admin: Member) -> None:
    client = Client()
    response = client.post(
        "/accounts/login/?next=%2Fadmin%2F", {"login": admin.username, "password": PASSWORD}
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


def test_rl01_username_and_email_count_as_one_account(member: Member) -> None:
    client = Client()
    for login in ["alice", "ALICE@example.org", "Alice", "alice@example.org", "alice"]:
        assert "are not correct" in _sign_in(client, login, "wrong")
    assert TOO_MANY in _sign_in(client, "alice@example.org", PASSWORD)


@pytest.mark.parametrize("header", ["HTTP_HOST", "HTTP_X_FORWARDED_HOST"])
def test_rl02_varying_the_host_gives_no_new_guesses(member: Member, header: str) -> None:
    # ALLOWED_HOSTS ignores ports: each port was a fresh per-account allowance before.
    client = Client()
    for port in range(8001, 8006):
        _sign_in(client, member.username, "wrong", **{header: f"127.0.0.1:{port}"})
    response = _sign_in(client, member.username, PASSWORD, **{header: "127.0.0.1:8999"})
    assert TOO_MANY in response
    assert _signed_in(client) is False


def test_rl02_many_addresses_still_trip_the_account_limit(member: Member) -> None:
    client = Client()
    for n in range(5):
        _sign_in(client, member.username, "wrong", REMOTE_ADDR=f"192.0.2.{n + 1}")
    assert TOO_MANY in _sign_in(client, member.username, PASSWORD, REMOTE_ADDR="192.0.2.99")


def test_rl01_a_spoofed_forwarded_for_is_ignored_without_a_proxy(db: None) -> None:
    client = Client()
    for n in range(10):
        _sign_in(client, f"nobody{n}", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    # All ten came from REMOTE_ADDR 127.0.0.1, whatever the header said.
    assert TOO_MANY in _sign_in(client, "nobody99", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.99")


def test_rl01_behind_a_proxy_one_client_locks_out_only_itself(
    member: Member, settings: Settings
) -> None:
    settings.BEHIND_PROXY = True
    proxy: dict[str, Any] = {"REMOTE_ADDR": "10.0.0.1"}
    attacker = Client()
    for n in range(10):
        # What the client sends first is not trusted; the proxy's last entry is.
        forwarded = f"{n}.{n}.{n}.{n}, 198.51.100.7"
        _sign_in(attacker, f"nobody{n}", "wrong", HTTP_X_FORWARDED_FOR=forwarded, **proxy)
    refused = _sign_in(
        attacker, member.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
    )
    assert TOO_MANY in refused
    neighbour = Client()
    response = neighbour.post(
        LOGIN,
        {"login": member.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.8",
        **proxy,
    )
    assert (response.status_code, response["Location"]) == (302, "/")
    assert _signed_in(neighbour) is True


def test_rl01_reauthentication_counts_as_a_sign_in(member: Member, member_client: Client) -> None:
    for _ in range(5):
        response = member_client.post(REAUTH, {"password": "wrong"})
        assert response.status_code == 200
    response = member_client.post(REAUTH, {"password": PASSWORD})
    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    # The same account's sign-in is locked too: one count per account.
    assert TOO_MANY in _sign_in(Client(), member.username, PASSWORD)


def test_rl01_two_factor_codes_are_limited_per_account(member: Member) -> None:
    TOTP.activate(member, TOTP_SECRET)
    client = Client()
    response = client.post(LOGIN, {"login": member.username, "password": PASSWORD})
    assert response["Location"] == TWO_FACTOR
    right = _current_code()
    wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"
    for _ in range(5):
        page = client.post(TWO_FACTOR, {"code": wrong}).content.decode()
        assert "Incorrect code." in page
    page = client.post(TWO_FACTOR, {"code": right}).content.decode()
    assert TOO_MANY in page
    assert _signed_in(client) is False


def test_sign_in_key_is_the_account_whatever_names_it(member: Member) -> None:
    key = f"member:{member.pk}"
    assert {sign_in_key(login) for login in ["alice", "ALICE", " alice@EXAMPLE.org "]} == {key}
    assert sign_in_key("Nobody@Example.org") == "login:nobody@example.org"
    other = make_member(username="bob")
    assert sign_in_key("bob") == f"member:{other.pk}"


@pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")
def test_rl04_failures_are_counted_in_the_shared_cache(
    member: Member, tmp_path: Path, settings: Settings
) -> None:
    # With Redis as the cache every process and machine counts in one place: the count
    # lives there only (a fresh client is refused; an emptied Redis lets it in again).
    server = PrivateRedis(tmp_path)
    server.start()
    try:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": server.url,
            }
        }
        for n in range(5):
            _sign_in(Client(), member.username, "wrong", REMOTE_ADDR=f"192.0.2.{n + 1}")
        assert server.admin().keys("*:login_failed:*") != []
        assert TOO_MANY in _sign_in(Client(), member.username, PASSWORD)
        server.admin().flushall()
        fresh = Client()
        assert _sign_in(fresh, member.username, PASSWORD) == "/"
        assert _signed_in(fresh) is True
    finally:
        server.stop()
