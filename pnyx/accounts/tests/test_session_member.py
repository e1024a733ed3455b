"""Signing the member in from the session: the fast path decides only what Django would."""

from __future__ import annotations

import pytest
from django.contrib import auth
from django.test import Client
from pytest_django import Settings

from pnyx.accounts import middleware
from pnyx.accounts.models import Member
from pnyx.testing.factories import make_member

pytestmark = pytest.mark.django_db

ALLAUTH = "allauth.account.auth_backends.AuthenticationBackend"
MODEL = "django.contrib.auth.backends.ModelBackend"


def _signed_in(client: Client) -> bool:
    return 'class="account-name"' in client.get("/whats-new/").content.decode()


def _client(member: Member, backend: str = MODEL) -> Client:
    client = Client()
    client.force_login(member, backend=backend)
    return client


@pytest.mark.parametrize("backend", [MODEL, ALLAUTH])
def test_a_member_is_signed_in_without_djangos_lookup(
    member: Member, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = _client(member, backend)

    def refuse(request: object) -> None:
        raise AssertionError("the fast path should have signed the member in")

    monkeypatch.setattr(auth, "get_user", refuse)
    assert _signed_in(client)


def test_a_changed_password_signs_out_other_sessions(member: Member) -> None:
    client = _client(member)
    assert _signed_in(client)
    member.set_password("a-new-password-for-alice")
    member.save()
    assert not _signed_in(client)
    # The session was flushed, as Django does: the old cookie is no use afterwards either.
    assert not _signed_in(client)


def test_a_deactivated_member_is_signed_out(member: Member) -> None:
    client = _client(member)
    assert _signed_in(client)
    Member.objects.filter(pk=member.pk).update(is_active=False)
    assert not _signed_in(client)
    Member.objects.filter(pk=member.pk).update(is_active=True)
    # Django's ModelBackend refuses inactive members but keeps their session.
    assert _signed_in(client)


def test_a_deleted_member_is_signed_out(db: None) -> None:
    gone = make_member(username="gone")
    client = _client(gone)
    assert _signed_in(client)
    gone.delete()
    assert not _signed_in(client)


def test_a_backend_no_longer_configured_signs_nobody_in(member: Member, settings: Settings) -> None:
    client = _client(member, ALLAUTH)
    settings.AUTHENTICATION_BACKENDS = [MODEL]
    assert not _signed_in(client)


def test_a_rotated_secret_is_left_to_django(member: Member, settings: Settings) -> None:
    client = _client(member)
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-for-the-test-0123456789-abcdefghijklmnop"
    settings.SECRET_KEY_FALLBACKS = [old]
    # Django accepts the fallback secret's hash and re-keys the session.
    assert _signed_in(client)
    settings.SECRET_KEY_FALLBACKS = []
    assert _signed_in(client)


def test_session_member_refuses_anything_unusual(member: Member) -> None:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    good = {
        SESSION_KEY: str(member.pk),
        BACKEND_SESSION_KEY: MODEL,
        HASH_SESSION_KEY: member.get_session_auth_hash(),
    }
    for changes in (
        {},
        {SESSION_KEY: None},
        {SESSION_KEY: "x"},
        {SESSION_KEY: str(2**70)},
        {BACKEND_SESSION_KEY: "pnyx.nowhere.Backend"},
        {HASH_SESSION_KEY: ""},
        {HASH_SESSION_KEY: "0" * 64},
    ):
        session = SessionStore()
        for key, value in {**good, **changes}.items():
            if value is not None:
                session[key] = value
        request.session = session
        found = middleware.session_member(request)
        assert (found == member) is (changes == {}), changes
