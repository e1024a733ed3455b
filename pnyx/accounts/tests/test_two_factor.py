"""Two-factor authentication with an authenticator app and recovery codes (allauth MFA),
and the site setting that requires it of staff (issue 9; ASVS V4.3.1, V3.7.1)."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core import mail
from django.test import Client

from pnyx.accounts.models import Member
from pnyx.core.models import SiteSettings
from pnyx.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
REAUTH = "/accounts/reauthenticate/"
ACTIVATE = "/accounts/2fa/totp/activate/"
DEACTIVATE = "/accounts/2fa/totp/deactivate/"
AUTHENTICATE = "/accounts/2fa/authenticate/"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def code_for(secret: str) -> str:
    return str(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))


def _signed_in(client: Client) -> bool:
    return 'class="account-name"' in client.get("/whats-new/").content.decode()


def _require_staff_two_factor(required: bool = True) -> None:
    site = SiteSettings.objects.get_or_create(pk=1)[0]
    site.staff_two_factor_required = required
    site.save()


def test_v3_7_1_turning_two_factor_on_asks_for_the_password(
    member: Member, member_client: Client
) -> None:
    response = member_client.get(ACTIVATE)
    assert (response.status_code, response["Location"]) == (
        302,
        f"{REAUTH}?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F",
    )
    assert Authenticator.objects.count() == 0


def test_a_member_turns_two_factor_on_and_gets_recovery_codes(
    member: Member, member_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    member_client.post(REAUTH, {"password": PASSWORD})
    page = member_client.get(ACTIVATE).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None
    assert " ".join(title.group(1).split()) == "Activate Authenticator App · Pnyx"
    assert '<img src="data:image/svg+xml;base64,' in page
    found = re.search(r'id="authenticator_secret"\s+value="([A-Z2-7]+)"', page)
    assert found is not None
    secret = found.group(1)

    wrong = member_client.post(
        ACTIVATE, {"code": "000000" if code_for(secret) != "000000" else "1"}
    )
    assert wrong.status_code == 200
    assert Authenticator.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(ACTIVATE, {"code": code_for(secret)})
    assert (response.status_code, response["Location"]) == (302, "/accounts/2fa/recovery-codes/")
    types = set(Authenticator.objects.filter(user=member).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    codes = member_client.get("/accounts/2fa/recovery-codes/").content.decode()
    recovery = RecoveryCodes(Authenticator.objects.get(type=Authenticator.Type.RECOVERY_CODES))
    assert all(code in codes for code in recovery.get_unused_codes())
    # The member is told by mail (someone with the session alone could not do this).
    assert [m.subject for m in mail.outbox] == ["Authenticator App Activated"]
    assert (
        '<span class="muted">on</span>' in member_client.get("/account/settings/").content.decode()
    )


def test_signing_in_with_two_factor_needs_the_code(member: Member) -> None:
    TOTP.activate(member, SECRET)
    client = Client()
    response = client.post(LOGIN, {"login": "alice", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, AUTHENTICATE)
    assert _signed_in(client) is False
    page = client.get(AUTHENTICATE).content.decode()
    assert '<main id="main" class="wrap narrow account-pages" tabindex="-1">' in page
    response = client.post(AUTHENTICATE, {"code": code_for(SECRET)})
    assert (response.status_code, response["Location"]) == (302, "/")
    assert _signed_in(client) is True
    # A code works once, even within its 30 seconds.
    again = Client()
    again.post(LOGIN, {"login": "alice", "password": PASSWORD})
    assert (
        "Incorrect code." in again.post(AUTHENTICATE, {"code": code_for(SECRET)}).content.decode()
    )


def test_a_recovery_code_signs_in_once(member: Member) -> None:
    TOTP.activate(member, SECRET)
    code = RecoveryCodes.activate(member).get_unused_codes()[0]
    first, second = Client(), Client()
    for client in (first, second):
        client.post(LOGIN, {"login": "alice", "password": PASSWORD})
    assert first.post(AUTHENTICATE, {"code": code}).status_code == 302
    assert _signed_in(first) is True
    assert "Incorrect code." in second.post(AUTHENTICATE, {"code": code}).content.decode()
    assert _signed_in(second) is False


def test_v3_7_1_turning_two_factor_off_asks_again(member: Member) -> None:
    TOTP.activate(member, SECRET)
    client = Client()
    client.post(LOGIN, {"login": "alice", "password": PASSWORD})
    client.post(AUTHENTICATE, {"code": code_for(SECRET)})
    response = client.post(DEACTIVATE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/")
    assert "reauthenticate" in response["Location"]
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).count() == 1
    # With two-factor on, the re-authentication may be a code instead of the password.
    # (a code is good once: the next one comes 30 seconds later)
    with time_machine.travel(time.time() + 30):
        page = client.get("/accounts/2fa/reauthenticate/")
        assert page.status_code == 200
        response = client.post("/accounts/2fa/reauthenticate/", {"code": code_for(SECRET)})
        assert response.status_code == 302
        assert client.post(DEACTIVATE).status_code == 302
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).count() == 0


def test_the_code_names_the_forum(member: Member, member_client: Client) -> None:
    site = SiteSettings.objects.get_or_create(pk=1)[0]
    site.name = "Agora"
    site.save()
    member_client.post(REAUTH, {"password": PASSWORD})
    page = member_client.get(ACTIVATE)
    assert "issuer=Agora" in page.context["totp_url"]


# ---------------------------------------------------------------- staff requirement


def test_v4_3_1_staff_without_two_factor_are_sent_to_set_it_up(
    moderator_client: Client, admin_client: Client
) -> None:
    _require_staff_two_factor()
    for client in (moderator_client, admin_client):
        for url in ["/", "/admin/", "/account/settings/", "/whats-new/"]:
            response = client.get(url)
            assert (response.status_code, response["Location"]) == (302, ACTIVATE), url
        # The set-up itself, its re-authentication and signing out stay reachable.
        assert client.get(ACTIVATE)["Location"].startswith(REAUTH)
        assert client.get(REAUTH).status_code == 200
        assert client.get("/accounts/logout/").status_code == 200


def test_v4_3_1_staff_with_two_factor_go_on(moderator: Member, moderator_client: Client) -> None:
    _require_staff_two_factor()
    TOTP.activate(moderator, SECRET)
    assert moderator_client.get("/whats-new/").status_code == 200


def test_staff_setup_page_says_why(moderator_client: Client) -> None:
    _require_staff_two_factor()
    page = moderator_client.get("/", follow=True).content.decode()
    assert "This forum requires two-factor authentication for its staff" in page


def test_members_and_guests_are_not_held(member_client: Client, guest_client: Client) -> None:
    _require_staff_two_factor()
    assert member_client.get("/whats-new/").status_code == 200
    assert guest_client.get("/whats-new/").status_code == 200


def test_staff_go_on_while_the_site_does_not_require_it(moderator_client: Client) -> None:
    _require_staff_two_factor(False)
    assert moderator_client.get("/whats-new/").status_code == 200


def test_the_requirement_is_a_site_setting_in_the_admin(admin: Member) -> None:
    TOTP.activate(admin, SECRET)
    client = Client()
    client.force_login(admin)
    page = client.get("/admin/core/sitesettings/1/change/")
    assert page.status_code == 200
    assert 'name="staff_two_factor_required"' in page.content.decode()


def test_the_api_is_never_held_it_reads_no_session(moderator_client: Client) -> None:
    _require_staff_two_factor()
    response = moderator_client.get("/api/v1/categories")
    assert response.status_code == 200
    assert response["Vary"] == "Authorization"
