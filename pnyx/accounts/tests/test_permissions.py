"""Rules about members: who may change a profile, see tokens, set an address, delete."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from pnyx.accounts.models import Member
from pnyx.accounts.permissions import (
    can_change_member,
    can_delete_member,
    can_set_member_email,
    can_view_tokens,
    check_change_member,
    check_create_token,
    check_delete_member,
    check_set_member_email,
    check_view_tokens,
)
from pnyx.core.access import Access

pytestmark = pytest.mark.django_db

PERSONAS = ["guest", "member", "other_member", "moderator", "admin", "banned_member"]


def _actor(request: pytest.FixtureRequest, persona: str) -> Member | AnonymousUser:
    actor = request.getfixturevalue(persona)
    assert isinstance(actor, Member | AnonymousUser)
    return actor


def _refusal(check: Callable[..., None], *args: object) -> type[Exception] | str | None:
    """None when ``check`` passes, Http404, or the reason it gives."""
    try:
        check(*args)
    except Http404:
        return Http404
    except PermissionDenied as refused:
        return str(refused)
    return None


# persona → (change alice's profile, see alice's tokens, set alice's address, delete alice,
# delete the admin)
EXPECTED: dict[str, tuple[bool, bool, bool, bool, bool]] = {
    "guest": (False, False, False, False, False),
    "banned_member": (False, False, False, False, False),
    "member": (True, True, False, False, False),  # alice herself
    "other_member": (False, False, False, False, False),
    "moderator": (True, True, True, True, False),
    "admin": (True, True, True, True, True),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_member_rules_follow_the_matrix(
    request: pytest.FixtureRequest, persona: str, member: Member, admin: Member
) -> None:
    actor = _actor(request, persona)
    answers = (
        can_change_member(actor, member),
        can_view_tokens(actor, member),
        can_set_member_email(actor, member),
        can_delete_member(actor, member),
        can_delete_member(actor, admin),
    )

    assert answers == EXPECTED[persona]
    access = Access.for_actor(actor)
    assert can_change_member(access, member) is answers[0]
    assert can_delete_member(access, admin) is answers[4]


def test_refusals_give_their_reasons(
    guest: AnonymousUser, member: Member, other_member: Member, moderator: Member, admin: Member
) -> None:
    assert _refusal(check_change_member, guest, member) == "Sign in first."
    assert _refusal(check_change_member, other_member, member) == (
        "You can only change your own profile."
    )
    assert _refusal(check_view_tokens, other_member, member) is Http404
    assert _refusal(check_create_token, moderator, member) == (
        "You can only create API tokens for yourself."
    )
    assert _refusal(check_create_token, guest, member) == "Sign in first."
    assert _refusal(check_create_token, member, member) is None
    assert _refusal(check_set_member_email, member, other_member) == (
        "Only staff change another member's address."
    )
    assert _refusal(check_delete_member, moderator, admin) == "Only staff can delete members."
