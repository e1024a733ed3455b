"""Links in mail, reset tokens and sessions (issue 9; SECURITY.md B.6 ATO-01, ATO-03, ATO-05).

Every link a mail carries is built on PNYX_SITE_URL whatever the request's Host said;
a reset link works once, for an hour, and dies with a sign-in, a new password or a new
address; signing in gives a new session, and a password change, a reset or "Sign out
everywhere" ends the member's other sessions.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.crypto import salted_hmac
from pytest_django import Settings

from pnyx.accounts import middleware
from pnyx.accounts.models import Member
from pnyx.accounts.services import end_all_sessions
from pnyx.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

SITE = "https://forum.example"
RESET = "/accounts/password/reset/"
LOGIN = "/accounts/login/"
NEW_PASSWORD = "amber-walrus-ferry-1987"
KEY_LINK = re.compile(r"https?://[^/\s]+(/accounts/password/reset/key/[0-9a-z]+-[^/\s]+/)")


@pytest.fixture(autouse=True)
def _site_url(settings: Settings) -> None:
    settings.SITE_URL = SITE


def _hosts_in(body: str) -> set[str]:
    return set(re.findall(r"https?://[^/\s]+", body))


def _reset_link(client: Client, email: str = "alice@example.org") -> str:
    mail.outbox.clear()
    client.post(RESET, {"email": email})
    assert len(mail.outbox) == 1
    found = KEY_LINK.search(str(mail.outbox[0].body))
    assert found is not None
    return found.group(1)


def _link_works(link: str) -> bool:
    response = Client().get(link)
    if response.status_code == 302:
        assert response["Location"].endswith("-set-password/")
        return True
    assert "Bad Token" in response.content.decode()
    return False


def _signed_in(client: Client) -> bool:
    return 'class="account-name"' in client.get("/whats-new/").content.decode()


def _client(member: Member) -> Client:
    client = Client()
    client.force_login(member)
    return client


# ---------------------------------------------------------------- ATO-01: links in mail


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_HOST": "127.0.0.1:9999"},
        {"HTTP_HOST": "localhost", "HTTP_X_FORWARDED_HOST": "evil.test"},
        {"HTTP_HOST": "localhost", "HTTP_FORWARDED": "host=evil.test"},
    ],
    ids=["port", "x-forwarded-host", "forwarded"],
)
def test_ato01_reset_links_come_from_the_site_url(member: Member, headers: dict[str, Any]) -> None:
    response = Client().post(RESET, {"email": "alice@example.org"}, **headers)
    assert response.status_code == 302
    body = str(mail.outbox[0].body)
    assert KEY_LINK.search(body) is not None
    assert _hosts_in(body) == {SITE}
    assert ":9999" not in body  # (the random key itself may hold the digits 9999)
    assert "evil" not in body
    assert "Thank you for using Pnyx!\nforum.example" in body


def test_ato01_a_host_not_allowed_is_refused(member: Member) -> None:
    response = Client().post(RESET, {"email": "alice@example.org"}, HTTP_HOST="evil.test")
    assert response.status_code == 400
    assert mail.outbox == []


def test_ato01_every_mail_of_sign_up_links_to_the_site_url(
    member: Member, settings: Settings
) -> None:
    # The confirmation of a new address and the "you already have an account" notice
    # (which carries a sign-up and a reset link) are built the same way.
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    client = Client(HTTP_HOST="127.0.0.1:9999")
    for username, email in [("newbie", "newbie@example.org"), ("again", "alice@example.org")]:
        client.post(
            "/accounts/signup/",
            {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD},
        )
    assert [m.to for m in mail.outbox] == [["newbie@example.org"], ["alice@example.org"]]
    for message in mail.outbox:
        assert _hosts_in(str(message.body)) == {SITE}


# ---------------------------------------------------------------- ATO-03: reset tokens


def test_ato03_a_reset_link_dies_with_a_new_password(member: Member) -> None:
    link = _reset_link(Client())
    member.set_password(NEW_PASSWORD)
    member.save()
    assert _link_works(link) is False


def test_ato03_a_reset_link_dies_with_a_new_address(member: Member) -> None:
    link = _reset_link(Client())
    EmailAddress.objects.create(user=member, email="alice@new.example", verified=True)
    EmailAddress.objects.get(email="alice@new.example").set_as_primary()
    member.refresh_from_db()
    assert member.email == "alice@new.example"
    assert _link_works(link) is False


def test_ato03_a_reset_link_dies_with_a_sign_in(member: Member) -> None:
    link = _reset_link(Client())
    assert Client().post(LOGIN, {"login": "alice", "password": PASSWORD}).status_code == 302
    assert _link_works(link) is False


def test_v2_5_6_a_reset_link_lasts_one_hour(member: Member) -> None:
    link = _reset_link(Client())
    with time_machine.travel(timezone.now() + timedelta(minutes=59)):
        assert _link_works(link) is True
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert _link_works(link) is False


def test_ato03_a_reset_link_works_once(member: Member) -> None:
    link = _reset_link(Client())
    browser = Client()
    form = browser.get(link)["Location"]
    browser.post(form, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert _link_works(link) is False


def test_ato06_the_token_leaves_the_address_bar(member: Member) -> None:
    link = _reset_link(Client())
    browser = Client()
    response = browser.get(link)
    token = link.rstrip("/").rsplit("-", 1)[1]
    assert token not in response["Location"]
    page = browser.get(response["Location"])
    assert page.status_code == 200
    assert token not in page.content.decode()


# ---------------------------------------------------------------- ATO-05: sessions


def test_v3_2_1_signing_in_gives_a_new_session(member: Member) -> None:
    browser = Client()
    session = browser.session
    session["planted"] = True
    session.save()
    planted = browser.cookies["sessionid"].value
    response = browser.post(LOGIN, {"login": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert browser.cookies["sessionid"].value != planted
    stale = Client()
    stale.cookies["sessionid"] = planted
    assert _signed_in(stale) is False


def test_v3_3_1_a_signed_out_session_stays_out(member: Member) -> None:
    browser = Client()
    browser.post(LOGIN, {"login": "alice", "password": PASSWORD})
    cookie = browser.cookies["sessionid"].value
    browser.post("/accounts/logout/")
    replay = Client()
    replay.cookies["sessionid"] = cookie
    assert _signed_in(replay) is False


def test_v3_3_3_a_password_change_ends_the_other_sessions(member: Member) -> None:
    here, elsewhere = _client(member), _client(member)
    response = here.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert (_signed_in(here), _signed_in(elsewhere)) == (True, False)


def test_v3_3_3_a_password_reset_ends_every_session(member: Member) -> None:
    sessions = [_client(member), _client(member)]
    link = _reset_link(Client())
    browser = Client()
    form = browser.get(link)["Location"]
    browser.post(form, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert [_signed_in(client) for client in sessions] == [False, False]


def test_sign_out_everywhere_ends_every_session(member: Member) -> None:
    here, elsewhere = _client(member), _client(member)
    page = here.get("/account/settings/").content.decode()
    assert '<input type="hidden" name="section" value="sessions-end">' in page
    assert "Sign out everywhere</button>" in page
    response = here.post("/account/settings/", {"section": "sessions-end"})
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    assert (_signed_in(here), _signed_in(elsewhere)) == (False, False)
    member.refresh_from_db()
    assert len(member.session_salt) == 32
    # Signing in again works, and only the new session counts.
    again = Client()
    again.post(LOGIN, {"login": "alice", "password": PASSWORD})
    assert _signed_in(again) is True


def test_sign_out_everywhere_is_checked_on_the_fast_path(member: Member) -> None:
    client = _client(member)
    session = client.session
    end_all_sessions(member, member)
    request = Client().get("/").wsgi_request
    request.session = session
    assert middleware.session_member(request) is None


def test_sessions_made_before_any_salt_stay_valid(member: Member) -> None:
    # An upgrade adds an empty salt: the check value is then Django's own.
    key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
    djangos = salted_hmac(key_salt, member.password, algorithm="sha256").hexdigest()
    assert member.session_salt == ""
    assert member.get_session_auth_hash() == djangos
    end_all_sessions(member, member)
    assert member.get_session_auth_hash() != djangos
