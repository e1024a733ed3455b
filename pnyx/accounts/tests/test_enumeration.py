"""What sign-up and password reset reveal about registered addresses (issue 9; SECURITY.md
B.7 ENUM-01, ENUM-03). docs/accounts.md says what a forum without mail still reveals."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from pytest_django import Settings

from pnyx.accounts.models import Member
from pnyx.config import settings as production
from pnyx.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
RESET = "/accounts/password/reset/"


def _sign_up(username: str, email: str) -> tuple[int, str]:
    response = Client().post(
        SIGNUP,
        {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )
    return response.status_code, response.get("Location", "")


def test_enum03_with_mail_sign_up_answers_alike_for_a_registered_address(
    member: Member, settings: Settings
) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    new = _sign_up("newbie", "newbie@example.org")
    taken = _sign_up("someone", "ALICE@example.org")
    assert new == taken == (302, "/accounts/confirm-email/")
    # The newcomer gets a confirmation link; the owner is told someone tried.
    assert [m.to for m in mail.outbox] == [["newbie@example.org"], ["alice@example.org"]]
    assert "Account Already Exists" in mail.outbox[1].subject
    assert Member.objects.filter(username="someone").exists() is False


def test_enum03_without_mail_a_registered_address_is_refused(member: Member) -> None:
    # Documented (docs/accounts.md): accounts are active at once and addresses unique.
    status, _ = _sign_up("someone", "alice@example.org")
    assert status == 200
    assert Member.objects.filter(username="someone").exists() is False


def test_enum01_reset_answers_alike_and_mails_only_the_owner(member: Member) -> None:
    known = Client().post(RESET, {"email": "alice@example.org"})
    unknown = Client().post(RESET, {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]


def test_sign_up_attempts_are_limited_per_address(settings: Settings) -> None:
    settings.ACCOUNT_RATE_LIMITS = production.ACCOUNT_RATE_LIMITS
    answers = [_sign_up(f"user{n}", f"user{n}@example.org")[0] for n in range(21)]
    assert answers == [302] * 20 + [429]
