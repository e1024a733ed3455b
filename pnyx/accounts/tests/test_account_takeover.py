"""A stolen session is not an account (issue 9; SECURITY.md B.6 ATO-04, ASVS V3.7.1, V2.2.3).

The probe took over an account with its session cookie alone: add an address on the email
page, make it primary while unconfirmed, remove the owner's address, then reset the
password to the new one. Each step now fails, with mail on and off.
"""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from pytest_django import Settings

from pnyx.accounts.models import Member
from pnyx.accounts.services import end_all_sessions, set_email_by_staff
from pnyx.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

EMAIL = "/accounts/email/"
REAUTH = "/accounts/reauthenticate/"
REAUTH_EMAIL = f"{REAUTH}?next=%2Faccounts%2Femail%2F"
RESET = "/accounts/password/reset/"
EVIL = "mallory@evil.test"


@pytest.fixture(params=["none", "mandatory"], ids=["no-mail", "mail"])
def verification(request: pytest.FixtureRequest, settings: Settings) -> str:
    settings.ACCOUNT_EMAIL_VERIFICATION = request.param
    return str(request.param)


@pytest.fixture
def owner(member: Member, verification: str) -> Member:
    # As sign-up leaves it: one primary address, confirmed only where mail is sent.
    EmailAddress.objects.create(
        user=member, email=member.email, primary=True, verified=verification == "mandatory"
    )
    return member


def _addresses(member: Member) -> list[tuple[str, bool, bool]]:
    return sorted(
        EmailAddress.objects.filter(user=member).values_list("email", "primary", "verified")
    )


def _reauthenticate(client: Client) -> None:
    assert client.post(REAUTH, {"password": PASSWORD}).status_code == 302


def test_ato04_stolen_session_fails_at_every_step(owner: Member, member_client: Client) -> None:
    before = _addresses(owner)
    password_hash = owner.password

    # 1. Add an address: the password is asked first.
    response = member_client.post(EMAIL, {"action_add": "", "email": EVIL})
    assert (response.status_code, response["Location"]) == (302, REAUTH_EMAIL)
    assert _addresses(owner) == before

    # 2. Make an unconfirmed address primary (say one added earlier): password first…
    EmailAddress.objects.create(user=owner, email=EVIL, primary=False, verified=False)
    response = member_client.post(EMAIL, {"action_primary": "", "email": EVIL})
    assert (response.status_code, response["Location"]) == (302, REAUTH_EMAIL)

    # 3. Remove the owner's address: password first.
    response = member_client.post(EMAIL, {"action_remove": "", "email": owner.email})
    assert (response.status_code, response["Location"]) == (302, REAUTH_EMAIL)

    # 4. A reset for the added address mails nothing: only the current address gets one.
    response = member_client.post(RESET, {"email": EVIL})
    assert (response.status_code, response["Location"]) == (302, "/accounts/password/reset/done/")
    assert mail.outbox == []

    owner.refresh_from_db()
    assert (owner.email, owner.password) == ("alice@example.org", password_hash)
    assert _addresses(owner) == sorted([*before, (EVIL, False, False)])


def test_ato04_even_after_reauthentication_no_unconfirmed_address_becomes_primary(
    owner: Member, member_client: Client
) -> None:
    before = _addresses(owner)
    EmailAddress.objects.create(user=owner, email=EVIL, primary=False, verified=False)
    _reauthenticate(member_client)

    response = member_client.post(EMAIL, {"action_primary": "", "email": EVIL}, follow=True)
    assert "Only a confirmed address can become your address." in response.content.decode()
    response = member_client.post(EMAIL, {"action_remove": "", "email": owner.email})
    assert response.status_code == 302

    owner.refresh_from_db()
    assert owner.email == "alice@example.org"
    assert _addresses(owner) == sorted([*before, (EVIL, False, False)])


def test_an_address_without_a_row_is_still_the_current_one(member: Member) -> None:
    # Members made by the admin or `pnyx createadmin` may have no row yet: allauth adds
    # one, not primary, on the first visit; it must not be removable either.
    client = Client()
    client.force_login(member)
    _reauthenticate(client)
    client.get(EMAIL)
    response = client.post(EMAIL, {"action_remove": "", "email": member.email})
    assert response.status_code == 302
    assert list(EmailAddress.objects.filter(user=member).values_list("email", flat=True)) == [
        "alice@example.org"
    ]


def test_without_mail_the_address_cannot_be_changed_by_the_member(
    member: Member, member_client: Client
) -> None:
    # The test settings have no mail, as a forum without PNYX_EMAIL_HOST.
    owner = member
    EmailAddress.objects.create(user=owner, email=owner.email, primary=True, verified=False)
    page = member_client.get(EMAIL).content.decode()
    assert "This forum sends no mail, so a new address cannot be confirmed." in page
    assert 'name="action_add"' not in page
    _reauthenticate(member_client)
    response = member_client.post(EMAIL, {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 200
    assert "Ask an administrator to change yours." in response.content.decode()
    assert _addresses(owner) == [("alice@example.org", True, False)]


def test_ato04_change_with_mail_confirms_the_new_address_and_tells_the_old(
    member: Member, member_client: Client, settings: Settings
) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    EmailAddress.objects.create(user=member, email=member.email, primary=True, verified=True)
    _reauthenticate(member_client)

    response = member_client.post(EMAIL, {"action_add": "", "email": "alice@new.example"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["alice@new.example"]]
    page = member_client.get(EMAIL).content.decode()
    assert '<strong class="current-email">alice@example.org</strong>' in page
    assert '<strong class="pending-email">alice@new.example</strong>' in page
    member.refresh_from_db()
    assert member.email == "alice@example.org"  # nothing changes before confirmation

    link = re.search(r"http://\S+(/accounts/confirm-email/[^/\s]+/)", str(mail.outbox[0].body))
    assert link is not None
    assert member_client.post(link.group(1)).status_code == 302

    member.refresh_from_db()
    assert member.email == "alice@new.example"
    assert _addresses(member) == [("alice@new.example", True, True)]
    notice = mail.outbox[-1]
    assert notice.to == ["alice@example.org"]
    assert "alice@new.example" in notice.body


def test_v3_7_1_password_change_needs_the_current_password_and_is_notified(
    member: Member, member_client: Client
) -> None:
    EmailAddress.objects.create(user=member, email=member.email, primary=True, verified=False)
    new = "amber-walrus-ferry-1987"
    response = member_client.post(
        "/accounts/password/change/",
        {"oldpassword": "not it", "password1": new, "password2": new},
    )
    assert response.status_code == 200
    assert "Please type your current password." in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(PASSWORD) is True
    response = member_client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(new) is True
    assert [(m.to, m.subject) for m in mail.outbox] == [(["alice@example.org"], "Password Changed")]


def test_v2_2_3_staff_change_an_address_in_the_admin_and_the_old_one_is_told(
    member: Member, admin: Member
) -> None:
    EmailAddress.objects.create(user=member, email=member.email, primary=True, verified=False)
    client = Client()
    client.force_login(admin)
    url = f"/admin/accounts/member/{member.pk}/change/"
    data = {
        "username": "alice",
        "email": "alice@new.example",
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "display_name": "",
        "country": "",
        "location": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert member.email == "alice@new.example"
    assert _addresses(member) == [("alice@new.example", True, True)]
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert "alice@new.example" in str(mail.outbox[0].body)


def test_only_staff_set_a_members_address(member: Member, other_member: Member) -> None:
    with pytest.raises(PermissionDenied, match=r"^Only staff change another member's address\.$"):
        set_email_by_staff(other_member, member, "bob@evil.test")
    with pytest.raises(PermissionDenied, match=r"^Only staff change another member's address\.$"):
        set_email_by_staff(member, member, "alice@elsewhere.example")
    member.refresh_from_db()
    assert member.email == "alice@example.org"


def test_only_the_member_or_staff_end_its_sessions(member: Member, other_member: Member) -> None:
    with pytest.raises(PermissionDenied, match=r"^You can only change your own profile\.$"):
        end_all_sessions(other_member, member)
    member.refresh_from_db()
    assert member.session_salt == ""


def test_a_pending_change_can_be_cancelled(
    member: Member, member_client: Client, settings: Settings
) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    EmailAddress.objects.create(user=member, email=member.email, primary=True, verified=True)
    _reauthenticate(member_client)
    member_client.post(EMAIL, {"action_add": "", "email": "alice@new.example"})
    assert len(_addresses(member)) == 2
    response = member_client.post(EMAIL, {"action_remove": "", "email": "alice@new.example"})
    assert response.status_code == 302
    assert _addresses(member) == [("alice@example.org", True, True)]
    page = member_client.get(EMAIL).content.decode()
    assert "pending-email" not in page
