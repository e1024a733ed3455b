"""Sign-up, sign-in, sign-out and password reset through django-allauth (/accounts/...)."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from pytest_django import Settings

from pnyx.accounts.models import Member
from pnyx.core.models import SiteSettings
from pnyx.core.site_settings import get_site_settings
from pnyx.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
LOGIN = "/accounts/login/"
LOGOUT = "/accounts/logout/"
RESET = "/accounts/password/reset/"
RESET_DONE = "/accounts/password/reset/done/"
NEW_PASSWORD = "amber-walrus-ferry-1987"
BAD_USERNAME_LOGIN = "The username and/or password you specified are not correct."
BAD_EMAIL_LOGIN = "The email address and/or password you specified are not correct."
# Links in mail are built on PNYX_SITE_URL, never on the request's Host.
SITE = re.escape(django_settings.SITE_URL)


def _signup_data(username: str = "newbie", email: str = "newbie@example.org") -> dict[str, str]:
    return {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD}


def _signed_in_pk(client: Client) -> str | None:
    value = client.session.get("_auth_user_id")
    return None if value is None else str(value)


def _main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def _errors(html: str) -> list[str]:
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*><li>(.*?)</li></ul>', html)


def _close_registration() -> None:
    site = SiteSettings.objects.get_or_create(pk=1)[0]
    site.registration_open = False
    site.save()


# ---------------------------------------------------------------- layout


@pytest.mark.parametrize("url", [SIGNUP, LOGIN, RESET, RESET_DONE])
def test_allauth_pages_are_wrapped_in_the_site_layout(guest_client: Client, url: str) -> None:
    response = guest_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<link rel="stylesheet" href="/static/core/pnyx.css">' in html
    assert '<li><a href="/whats-new/">What\'s new</a></li>' in html
    assert '<main id="main" class="wrap narrow account-pages" tabindex="-1">' in html
    assert '<footer class="site-footer" id="bottom">' in html


@pytest.mark.parametrize("url", [SIGNUP, LOGIN])
def test_allauth_pages_show_the_forum_name(guest_client: Client, url: str) -> None:
    html = guest_client.get(url).content.decode()
    assert '<a class="site-name" href="/">Pnyx</a>' in html
    assert "<p>Pnyx — World affairs, argued in good faith.</p>" in html


# ---------------------------------------------------------------- sign-up


def test_signup_page_shows_the_form(guest_client: Client) -> None:
    response = guest_client.get(SIGNUP)
    html = response.content.decode()
    assert response.status_code == 200
    for field in ["email", "username", "password1", "password2"]:
        assert f'name="{field}"' in html
    assert 'maxlength="30"' in html


def test_signup_creates_active_member_and_signs_in(guest_client: Client) -> None:
    response = guest_client.post(SIGNUP, _signup_data())
    assert response.status_code == 302
    assert response["Location"] == "/"
    member = Member.objects.get(username="newbie")
    assert member.email == "newbie@example.org"
    assert member.is_active is True
    assert member.is_staff is False
    assert member.is_superuser is False
    assert member.check_password(PASSWORD)
    assert member.display_name == ""
    assert _signed_in_pk(guest_client) == str(member.pk)
    assert list(EmailAddress.objects.filter(user=member).values_list("email", "primary")) == [
        ("newbie@example.org", True)
    ]
    assert mail.outbox == []
    home = guest_client.get("/").content.decode()
    assert '<a href="/members/newbie/" class="account-name">newbie</a>' in home


def test_signup_keeps_the_username_case(guest_client: Client) -> None:
    guest_client.post(SIGNUP, _signup_data(username="NewBie"))
    assert list(Member.objects.values_list("username", flat=True)) == ["NewBie"]


@pytest.mark.parametrize(
    ("username", "error"),
    [
        ("Admin", "This username is reserved."),
        ("GUEST", "This username is reserved."),
        ("whats-new", "This username is reserved."),
        ("bad name", "Use 1 to 30 letters (a–z), digits, dots, hyphens or underscores, "
         "starting and ending with a letter or digit."),
        ("\u0430lice2", "Use 1 to 30 letters (a–z), digits, dots, hyphens or underscores, "
         "starting and ending with a letter or digit."),
    ],
)  # fmt: skip
def test_signup_refuses_bad_usernames(guest_client: Client, username: str, error: str) -> None:
    response = guest_client.post(SIGNUP, _signup_data(username=username))
    html = response.content.decode()
    assert response.status_code == 200
    assert error in _errors(html)
    assert Member.objects.count() == 0
    assert EmailAddress.objects.count() == 0
    assert _signed_in_pk(guest_client) is None


@pytest.mark.parametrize("username", ["ALICE", "Alice", "alice"])
def test_signup_refuses_existing_username_in_any_case(
    guest_client: Client, member: Member, username: str
) -> None:
    response = guest_client.post(SIGNUP, _signup_data(username=username))
    assert response.status_code == 200
    assert _errors(response.content.decode()) == ["A user with that username already exists."]
    assert list(Member.objects.values_list("username", flat=True)) == ["alice"]
    assert _signed_in_pk(guest_client) is None


def test_signup_refuses_an_email_already_in_use(guest_client: Client, member: Member) -> None:
    response = guest_client.post(SIGNUP, _signup_data(email="ALICE@example.org"))
    assert response.status_code == 200
    assert _errors(response.content.decode()) == [
        "A user is already registered with this email address."
    ]
    assert Member.objects.count() == 1


def test_signup_refuses_mismatched_and_weak_passwords(guest_client: Client) -> None:
    data = _signup_data()
    data["password2"] = PASSWORD + "x"
    response = guest_client.post(SIGNUP, data)
    assert "You must type the same password each time." in _errors(response.content.decode())
    weak = {**_signup_data(), "password1": "12345678", "password2": "12345678"}
    response = guest_client.post(SIGNUP, weak)
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert Member.objects.count() == 0


def test_signup_when_registration_is_closed(guest_client: Client) -> None:
    _close_registration()
    assert get_site_settings().registration_open is False
    page = guest_client.get(SIGNUP)
    html = _main(page.content.decode())
    assert page.status_code == 200
    assert "Sign Up Closed" in html
    assert "We are sorry, but the sign up is currently closed." in html
    assert 'name="password1"' not in html
    response = guest_client.post(SIGNUP, _signup_data())
    assert "We are sorry, but the sign up is currently closed." in response.content.decode()
    assert Member.objects.count() == 0
    assert EmailAddress.objects.count() == 0
    assert _signed_in_pk(guest_client) is None


def test_signup_reopened_registration_works_again(guest_client: Client) -> None:
    _close_registration()
    site = SiteSettings.objects.get(pk=1)
    site.registration_open = True
    site.save()
    guest_client.post(SIGNUP, _signup_data())
    assert Member.objects.filter(username="newbie").exists()


def test_signin_still_works_when_registration_is_closed(
    guest_client: Client, member: Member
) -> None:
    _close_registration()
    response = guest_client.post(LOGIN, {"login": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert _signed_in_pk(guest_client) == str(member.pk)


# ---------------------------------------------------------------- mandatory verification


def _confirmation_link(body: str) -> str:
    match = re.search(SITE + r"(/accounts/confirm-email/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def test_signup_with_mandatory_verification_needs_confirmation(
    guest_client: Client, settings: Settings
) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    response = guest_client.post(SIGNUP, _signup_data())
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert _signed_in_pk(guest_client) is None
    member = Member.objects.get(username="newbie")
    assert member.is_active is True
    address = EmailAddress.objects.get(user=member)
    assert (address.email, address.verified, address.primary) == ("newbie@example.org", False, True)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["newbie@example.org"]
    assert message.subject == "Please Confirm Your Email Address"
    link = _confirmation_link(str(message.body))

    # Until confirmed, signing in only leads back to the "verify your email" page.
    refused = guest_client.post(LOGIN, {"login": "newbie", "password": PASSWORD})
    assert refused.status_code == 302
    assert refused["Location"] == "/accounts/confirm-email/"
    assert _signed_in_pk(guest_client) is None

    assert guest_client.get(link).status_code == 200
    confirmed = guest_client.post(link)
    assert confirmed.status_code == 302
    address.refresh_from_db()
    assert address.verified is True

    response = guest_client.post(LOGIN, {"login": "newbie", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in_pk(guest_client) == str(member.pk)


def test_signup_with_verification_off_sends_no_mail(guest_client: Client) -> None:
    guest_client.post(SIGNUP, _signup_data())
    assert mail.outbox == []
    assert EmailAddress.objects.get(email="newbie@example.org").verified is False


# ---------------------------------------------------------------- sign-in / sign-out


@pytest.mark.parametrize("login", ["alice", "ALICE", "alice@example.org", "Alice@Example.org"])
def test_signin_with_username_or_email(guest_client: Client, member: Member, login: str) -> None:
    response = guest_client.post(LOGIN, {"login": login, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in_pk(guest_client) == str(member.pk)
    member.refresh_from_db()
    assert member.last_login is not None


def test_signin_follows_a_safe_next_url(guest_client: Client, member: Member) -> None:
    response = guest_client.post(
        f"{LOGIN}?next=/account/settings/", {"login": "alice", "password": PASSWORD}
    )
    assert response["Location"] == "/account/settings/"
    evil = guest_client.post(
        f"{LOGIN}?next=https://evil.example/", {"login": "alice", "password": PASSWORD}
    )
    assert evil["Location"] == "/"


@pytest.mark.parametrize(
    ("login", "password", "error"),
    [
        ("alice", "wrong password", BAD_USERNAME_LOGIN),
        ("alice@example.org", "wrong password", BAD_EMAIL_LOGIN),
        ("alice", PASSWORD.upper(), BAD_USERNAME_LOGIN),
        ("alice", "", "This field is required."),
        ("nobody", PASSWORD, BAD_USERNAME_LOGIN),
        ("nobody@example.org", PASSWORD, BAD_EMAIL_LOGIN),
    ],
)
def test_signin_with_wrong_credentials_fails(
    guest_client: Client, member: Member, login: str, password: str, error: str
) -> None:
    response = guest_client.post(LOGIN, {"login": login, "password": password})
    assert response.status_code == 200
    assert _errors(response.content.decode()) == [error]
    assert _signed_in_pk(guest_client) is None
    member.refresh_from_db()
    assert member.last_login is None


def test_signin_of_deactivated_member_is_refused(
    guest_client: Client, banned_member: Member
) -> None:
    response = guest_client.post(LOGIN, {"login": "gone_gus", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/inactive/"
    assert _signed_in_pk(guest_client) is None


def test_signout_by_post(member_client: Client, member: Member) -> None:
    assert _signed_in_pk(member_client) == str(member.pk)
    response = member_client.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in_pk(member_client) is None
    assert member_client.get("/account/settings/").status_code == 302


def test_signout_by_get_only_asks_for_confirmation(member_client: Client, member: Member) -> None:
    response = member_client.get(LOGOUT)
    assert response.status_code == 200
    assert "Are you sure you want to sign out?" in response.content.decode()
    assert _signed_in_pk(member_client) == str(member.pk)


def test_signout_form_is_in_the_header_of_every_page(member_client: Client) -> None:
    html = member_client.get("/").content.decode()
    assert '<form method="post" action="/accounts/logout/" class="inline-form">' in html


# ---------------------------------------------------------------- password reset


def test_password_reset_mails_a_working_link_for_a_known_email(
    guest_client: Client, member: Member
) -> None:
    response = guest_client.post(RESET, {"email": "alice@example.org"})
    assert response.status_code == 302
    assert response["Location"] == RESET_DONE
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert message.subject == "Password Reset Email"
    match = re.search(
        SITE + r"(/accounts/password/reset/key/[0-9a-z]+-[^/\s]+/)", str(message.body)
    )
    assert match, message.body
    assert "your username is alice" in message.body

    # Following the link leads to a form that sets the new password.
    step = guest_client.get(match.group(1))
    assert step.status_code == 302
    form_url = step["Location"]
    assert form_url.endswith("-set-password/")
    done = guest_client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert not member.check_password(PASSWORD)
    signed_in = guest_client.post(LOGIN, {"login": "alice", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    assert _signed_in_pk(guest_client) == str(member.pk)


def test_password_reset_link_is_single_use(guest_client: Client, member: Member) -> None:
    guest_client.post(RESET, {"email": "alice@example.org"})
    match = re.search(SITE + r"(/accounts/password/reset/key/\S+/)", str(mail.outbox[0].body))
    assert match
    form_url = guest_client.get(match.group(1))["Location"]
    guest_client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    again = Client().get(match.group(1))
    assert again.status_code == 200
    assert "Bad Token" in again.content.decode()


def test_password_reset_unknown_email_looks_the_same(guest_client: Client, member: Member) -> None:
    known = guest_client.post(RESET, {"email": "alice@example.org"})
    unknown = guest_client.post(RESET, {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == RESET_DONE
    page = _main(guest_client.get(RESET_DONE).content.decode())
    assert "We have sent you an email." in page
    assert "nobody" not in page
    # No reset link went to the unknown address.
    assert not any(
        "/accounts/password/reset/key/" in message.body
        for message in mail.outbox
        if message.to == ["nobody@example.org"]
    )


def test_password_reset_unknown_email_sends_no_mail(guest_client: Client, member: Member) -> None:
    response = guest_client.post(RESET, {"email": "nobody@example.org"})
    assert response["Location"] == RESET_DONE
    assert mail.outbox == []


def test_password_reset_for_deactivated_member_sends_no_link(
    guest_client: Client, banned_member: Member
) -> None:
    response = guest_client.post(RESET, {"email": "gone_gus@example.org"})
    assert response["Location"] == RESET_DONE
    assert not any("/accounts/password/reset/key/" in message.body for message in mail.outbox)
