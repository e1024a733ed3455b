"""Account security with JavaScript off (issue 9): two-factor set-up and sign-in with a
code, an email change behind re-authentication, and signing out everywhere."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from playwright.sync_api import Browser, Page, expect
from pytest_django import Settings

from pnyx.accounts.models import Member
from pnyx.testing.factories import PASSWORD, make_member

from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _no_script_page(browser: Browser, browser_context_args: dict[str, Any]) -> Page:
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    return context.new_page()


def _code(secret: str) -> str:
    return str(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))


def test_member_sets_up_two_factor_and_signs_in_with_a_code(
    browser: Browser, base_url: str, browser_context_args: dict[str, Any]
) -> None:
    member = make_member(username="ines")
    page = _no_script_page(browser, browser_context_args)
    sign_in(page, base_url, member)

    page.goto(f"{base_url}/account/settings/")
    page.get_by_role("link", name="Two-factor authentication").click()
    page.get_by_role("link", name="Activate").click()
    # Re-authentication first: a session alone cannot turn two-factor on.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base_url}/accounts/2fa/totp/activate/")
    expect(page.get_by_role("img")).to_be_visible()
    secret = page.locator("#authenticator_secret").input_value()
    page.fill("input[name=code]", _code(secret))
    page.get_by_role("button", name="Activate").click()

    expect(page).to_have_url(f"{base_url}/accounts/2fa/recovery-codes/")
    assert Authenticator.objects.filter(user=member).count() == 2
    page.get_by_role("button", name="Sign out").click()

    # A code is good once: the one used to activate is spent, so sign in 30 s later.
    with time_machine.travel(time.time() + 30):
        page.goto(f"{base_url}/accounts/login/")
        page.fill("input[name=login]", "ines")
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(f"{base_url}/accounts/2fa/authenticate/")
        expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
        page.fill("input[name=code]", _code(secret))
        page.get_by_role("button", name="Sign In").click()
        expect(page).to_have_url(f"{base_url}/")
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_member_changes_email_after_re_authentication(
    browser: Browser, base_url: str, browser_context_args: dict[str, Any], settings: Settings
) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    member = make_member(username="jonas")
    EmailAddress.objects.create(user=member, email=member.email, primary=True, verified=True)
    page = _no_script_page(browser, browser_context_args)
    sign_in(page, base_url, member)

    page.goto(f"{base_url}/account/settings/")
    page.get_by_role("link", name="Change email address").click()
    page.fill("input[name=email]", "jonas@new.example")
    page.get_by_role("button", name="Change email").click()
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    assert EmailAddress.objects.filter(email="jonas@new.example").exists() is False
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()

    # The change waits for the new address to be confirmed.
    expect(page.locator(".pending-email")).to_have_text("jonas@new.example")
    expect(page.locator(".current-email")).to_have_text("jonas@example.org")
    link = re.search(r"http://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", str(mail.outbox[-1].body))
    assert link is not None
    page.goto(f"{base_url}{link.group(1)}")
    page.locator("main form button[type=submit]").click()

    member.refresh_from_db()
    assert member.email == "jonas@new.example"
    assert mail.outbox[-1].to == ["jonas@example.org"]
    page.goto(f"{base_url}/accounts/email/")
    expect(page.locator(".current-email")).to_have_text("jonas@new.example")


def test_member_signs_out_everywhere(
    browser: Browser, base_url: str, browser_context_args: dict[str, Any]
) -> None:
    member: Member = make_member(username="kemal")
    here = _no_script_page(browser, browser_context_args)
    elsewhere = _no_script_page(browser, browser_context_args)
    sign_in(here, base_url, member)
    sign_in(elsewhere, base_url, member)

    here.goto(f"{base_url}/account/settings/")
    here.get_by_role("button", name="Sign out everywhere").click()
    expect(here).to_have_url(f"{base_url}/accounts/login/")
    expect(here.get_by_text("You were signed out everywhere, here too.")).to_be_visible()
    elsewhere.goto(f"{base_url}/whats-new/")
    expect(elsewhere.get_by_role("link", name="Sign in")).to_be_visible()
