"""The API tokens section of /account/settings/: create and revoke after re-authentication."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from pnyx.accounts.models import ApiToken, Member
from pnyx.accounts.services import create_token
from pnyx.testing.api import ApiClient
from pnyx.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/account/settings/"
REAUTH = "/accounts/reauthenticate/"
SECRET = re.compile(r'<code class="token-secret">(pnyx_[0-9a-f]{12}_[A-Za-z0-9_\-]{43})</code>')


def test_settings_page_has_the_token_section(member_client: Client) -> None:
    response = member_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert '<h2 id="tokens-title" class="section-title">API tokens</h2>' in html
    assert "You have no API tokens." in html
    assert '<input type="hidden" name="section" value="token-create">' in html
    # The password is asked by the re-authentication step, not by this form.
    assert 'name="password"' not in html


def reauthenticate(client: Client, password: str = PASSWORD) -> None:
    response = client.post(REAUTH, {"password": password})
    assert response.status_code == 302


def test_create_token_shows_it_once_and_it_works(member: Member, member_client: Client) -> None:
    reauthenticate(member_client)
    response = member_client.post(URL, {"section": "token-create", "name": "news bot"})
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    found = SECRET.search(html)
    assert found is not None
    secret = found.group(1)
    token = ApiToken.objects.get(member=member)
    assert token.name == "news bot"
    assert secret not in token.secret_hash
    assert "Your new token “news bot”:" in html
    assert f"pnyx_{token.public_id}_…" in html
    # The form is empty again, and the next page view does not show the secret.
    assert 'name="name" value="news bot"' not in html
    again = member_client.get(URL).content.decode()
    assert secret not in again
    assert SECRET.search(again) is None
    assert "never used" in again
    me = ApiClient(secret).get("/me")
    assert me.json()["username"] == "alice"


def test_v3_7_1_create_token_needs_reauthentication(member: Member, member_client: Client) -> None:
    # A stolen session alone cannot mint a token: the password is asked again first.
    response = member_client.post(URL, {"section": "token-create", "name": "bot"})
    assert response.status_code == 302
    assert response["Location"] == f"{REAUTH}?next=%2Faccount%2Fsettings%2F"
    assert ApiToken.objects.count() == 0
    wrong = member_client.post(f"{REAUTH}?next=%2Faccount%2Fsettings%2F", {"password": "nope"})
    assert wrong.status_code == 200
    assert ApiToken.objects.count() == 0


def test_create_token_resumes_after_reauthentication(member: Member, member_client: Client) -> None:
    member_client.post(URL, {"section": "token-create", "name": "bot"})
    response = member_client.post(f"{REAUTH}?next=%2Faccount%2Fsettings%2F", {"password": PASSWORD})
    html = response.content.decode()
    assert response.status_code == 200
    assert SECRET.search(html) is not None
    assert list(ApiToken.objects.values_list("member__username", "name")) == [("alice", "bot")]


def test_create_token_service_error_shows_on_the_form(
    member: Member, member_client: Client
) -> None:
    reauthenticate(member_client)
    response = member_client.post(URL, {"section": "token-create", "name": "\u200b"})
    assert response.status_code == 400
    assert "Give the token a name, e.g. the script that uses it." in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_v3_7_1_revoke_token_needs_reauthentication(member: Member, member_client: Client) -> None:
    new = create_token(member, member, name="phone")
    response = member_client.post(URL, {"section": "token-revoke", "token": new.token.public_id})
    assert response.status_code == 302
    assert response["Location"] == f"{REAUTH}?next=%2Faccount%2Fsettings%2F"
    new.token.refresh_from_db()
    assert new.token.revoked_at is None


def test_revoke_token(member: Member, member_client: Client) -> None:
    new = create_token(member, member, name="phone")
    reauthenticate(member_client)
    response = member_client.post(URL, {"section": "token-revoke", "token": new.token.public_id})
    assert response.status_code == 302
    assert response["Location"] == URL
    new.token.refresh_from_db()
    assert new.token.revoked_at is not None
    page = member_client.get(URL).content.decode()
    assert "The token “phone” was revoked." in page
    assert "You have no API tokens." in page
    assert ApiClient(new.secret).get("/me").status_code == 401


def test_revoke_someone_elses_token_is_404(member: Member, other_member_client: Client) -> None:
    new = create_token(member, member, name="phone")
    reauthenticate(other_member_client)
    response = other_member_client.post(
        URL, {"section": "token-revoke", "token": new.token.public_id}
    )
    assert response.status_code == 404
    new.token.refresh_from_db()
    assert new.token.revoked_at is None


def test_guest_cannot_create_tokens(guest_client: Client) -> None:
    response = guest_client.post(URL, {"section": "token-create", "name": "x"})
    assert response.status_code == 302
    assert ApiToken.objects.count() == 0
