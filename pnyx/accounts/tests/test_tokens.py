"""Personal API tokens: created once, stored hashed, revocable, last use recorded sparingly."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from pnyx.accounts.models import ApiToken, Member
from pnyx.accounts.selectors import find_token, get_token, list_member_tokens, list_tokens
from pnyx.accounts.services import (
    TOKENS_PER_MEMBER,
    authenticate_token,
    create_token,
    revoke_token,
)
from pnyx.testing.api import ApiClient

pytestmark = pytest.mark.django_db

TOKEN_FORMAT = re.compile(r"^pnyx_[0-9a-f]{12}_[A-Za-z0-9_\-]{43}$")


def test_create_token_returns_the_secret_once_and_stores_only_a_hash(member: Member) -> None:
    new = create_token(member, member, name="  news\tbot ")
    assert TOKEN_FORMAT.match(new.secret)
    token = ApiToken.objects.get()
    assert (token.member, token.name, token.last_used_at, token.revoked_at) == (
        member, "news bot", None, None
    )  # fmt: skip
    public_id, secret = new.secret.split("_", 2)[1:]
    assert token.public_id == public_id
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in token.secret_hash
    assert str(token) == f"news bot ({public_id})"


def test_create_token_only_for_yourself(member: Member, other_member: Member) -> None:
    with pytest.raises(PermissionDenied, match="only create API tokens for yourself"):
        create_token(other_member, member, name="x")
    with pytest.raises(PermissionDenied, match="Sign in first"):
        create_token(AnonymousUser(), member, name="x")
    assert ApiToken.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Give the token a name, e.g. the script that uses it."),
        ("\u200b \n", "Give the token a name, e.g. the script that uses it."),
        ("n" * 61, "Keep the name to 60 characters."),
    ],
)
def test_create_token_validates_the_name(member: Member, name: str, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        create_token(member, member, name=name)
    assert error.value.message_dict == {"name": [message]}


def test_create_token_limits_active_tokens(member: Member) -> None:
    tokens = [create_token(member, member, name=f"t{i}") for i in range(TOKENS_PER_MEMBER)]
    with pytest.raises(ValidationError, match=r"You have 20 active tokens; revoke one first\."):
        create_token(member, member, name="one more")
    revoke_token(member, tokens[0].token)
    create_token(member, member, name="one more")


def test_authenticate_token_finds_the_member(member: Member) -> None:
    new = create_token(member, member, name="bot")
    token = authenticate_token(f"  {new.secret} ")
    assert token is not None
    assert (token.pk, token.member) == (new.token.pk, member)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda s: s[:-1] + ("A" if s[-1] != "A" else "B"),  # wrong secret
        lambda s: "pnyx_000000000000_" + s.split("_", 2)[2],  # unknown id
        lambda s: s.replace("pnyx_", "xnyp_"),  # wrong prefix
        lambda s: s.split("_", 2)[0] + "_" + s.split("_", 2)[1],  # no secret
        lambda s: "pnyx_short_secret",
        lambda s: s + "x" * 100,
        lambda s: "",
    ],
)
def test_authenticate_token_refuses_anything_else(member: Member, mangle: object) -> None:
    assert callable(mangle)
    secret = create_token(member, member, name="bot").secret
    assert authenticate_token(mangle(secret)) is None


def test_revoked_token_and_deactivated_member_do_not_authenticate(member: Member) -> None:
    new = create_token(member, member, name="bot")
    other = create_token(member, member, name="bot 2")
    revoke_token(member, new.token)
    revoke_token(member, new.token)  # twice changes nothing
    assert authenticate_token(new.secret) is None
    assert authenticate_token(other.secret) is not None
    Member.objects.filter(pk=member.pk).update(is_active=False)
    assert authenticate_token(other.secret) is None


def test_revoke_token_by_owner_or_staff_only(
    member: Member, other_member: Member, moderator: Member
) -> None:
    new = create_token(member, member, name="bot")
    with pytest.raises(PermissionDenied, match=r"You can only change your own profile\."):
        revoke_token(other_member, new.token)
    assert ApiToken.objects.get().revoked_at is None
    revoke_token(moderator, new.token)
    assert ApiToken.objects.get().revoked_at is not None


def test_last_used_is_written_at_most_once_a_minute(
    member: Member, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    secret = create_token(member, member, name="bot").secret
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_assert_num_queries(2):  # look-up + the first "last used" write
            authenticate_token(secret)
        with django_assert_num_queries(1):  # look-up only
            authenticate_token(secret)
    assert ApiToken.objects.get().last_used_at == start
    with (
        time_machine.travel(start + timedelta(seconds=59), tick=False),
        django_assert_num_queries(1),
    ):
        authenticate_token(secret)
    assert ApiToken.objects.get().last_used_at == start
    with (
        time_machine.travel(start + timedelta(seconds=61), tick=False),
        django_assert_num_queries(2),
    ):
        authenticate_token(secret)
    assert ApiToken.objects.get().last_used_at == start + timedelta(seconds=61)


def test_last_used_through_the_api(member: Member) -> None:
    secret = create_token(member, member, name="bot").secret
    assert ApiToken.objects.get().last_used_at is None
    assert ApiClient(secret).get("/me").status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


def test_token_selectors_show_a_member_their_own_tokens_only(
    member: Member, other_member: Member, moderator: Member
) -> None:
    mine = create_token(member, member, name="mine").token
    old = create_token(member, member, name="old").token
    revoke_token(member, old)
    assert list_tokens(member, member) == [mine]
    assert list_tokens(moderator, member) == [mine]
    with pytest.raises(Http404):
        list_tokens(other_member, member)
    assert get_token(member, mine.public_id) == mine
    assert get_token(moderator, mine.public_id) == mine
    for actor, public_id in [(other_member, mine.public_id), (member, "nope")]:
        with pytest.raises(Http404):
            get_token(actor, public_id)
    assert find_token(old.public_id) == old
    assert find_token("missing") is None
    assert list_member_tokens(member) == [old, mine]
