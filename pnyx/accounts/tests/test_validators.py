"""Username rules: the plain alphabet, reserved names, and uniqueness without regard to case."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import example, given
from hypothesis import strategies as st

from pnyx.accounts.models import Member
from pnyx.accounts.validators import RESERVED_USERNAMES, USERNAME_PATTERN, USERNAME_VALIDATORS
from pnyx.testing.factories import make_member

FORMAT_MESSAGE = (
    "Use 1 to 30 letters (a–z), digits, dots, hyphens or underscores, "
    "starting and ending with a letter or digit."
)
RESERVED_MESSAGE = "This username is reserved."
USERNAME_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"


def _validate(value: str) -> None:
    for validator in USERNAME_VALIDATORS:
        validator(value)


def _accepted(value: str) -> bool:
    try:
        _validate(value)
    except ValidationError:
        return False
    return True


# ---------------------------------------------------------------- format


@pytest.mark.parametrize(
    "username",
    [
        "alice",
        "a.b-c_d",
        "x",
        "7",
        "Alice99",
        "a" * 30,
        "a-" * 14 + "bc",
        "A.B",
        "0_0",
    ],
)
def test_username_validators_accept_plain_ascii_names(username: str) -> None:
    _validate(username)  # no exception


@pytest.mark.parametrize(
    "username",
    [
        pytest.param(" alice", id="leading-space"),
        pytest.param("alice ", id="trailing-space"),
        pytest.param("\u0430lice", id="cyrillic-a"),
        pytest.param("a\u200bb", id="zero-width-space"),
        pytest.param("\uff41lice", id="fullwidth-a"),
        pytest.param("ali\u0301ce", id="combining-accent"),
        pytest.param("ab-", id="trailing-hyphen"),
        pytest.param("-ab", id="leading-hyphen"),
        pytest.param(".ab", id="leading-dot"),
        pytest.param("ab_", id="trailing-underscore"),
        pytest.param("a" * 31, id="31-chars"),
        pytest.param("a b", id="inner-space"),
        pytest.param("<img>", id="html"),
        pytest.param("a/b", id="slash"),
        pytest.param("a@b", id="at-sign"),
        pytest.param("", id="empty"),
        pytest.param("\nalice", id="leading-newline"),
    ],
)
def test_username_validators_reject_other_characters_and_shapes(username: str) -> None:
    with pytest.raises(ValidationError) as exc_info:
        _validate(username)
    assert exc_info.value.messages == [FORMAT_MESSAGE]
    assert exc_info.value.code == "invalid_username"


@pytest.mark.parametrize("username", ["alice\n", "x\n"])
def test_username_validators_reject_trailing_newline(username: str) -> None:
    with pytest.raises(ValidationError):
        _validate(username)


# ---------------------------------------------------------------- reserved names


@pytest.mark.parametrize(
    "username",
    ["Admin", "ADMIN", "admin", "GUEST", "system", "me", "Me", "Whats-New", "ROOT", "Pnyx", "mod"],
)
def test_username_validators_reject_reserved_names_in_any_case(username: str) -> None:
    with pytest.raises(ValidationError) as exc_info:
        _validate(username)
    assert exc_info.value.messages == [RESERVED_MESSAGE]
    assert exc_info.value.code == "reserved_username"


@pytest.mark.parametrize("username", ["admins", "meme", "my-admin", "guest1", "systemd"])
def test_username_validators_accept_names_that_only_contain_a_reserved_word(
    username: str,
) -> None:
    _validate(username)


def test_username_reserved_list_is_lower_case_and_matches_the_pattern() -> None:
    for name in RESERVED_USERNAMES:
        assert name == name.casefold()
        assert re.fullmatch(USERNAME_PATTERN, name), name


# ---------------------------------------------------------------- properties


@given(
    st.one_of(
        st.text(max_size=40),
        st.text(alphabet=USERNAME_ALPHABET, max_size=35),
        st.text(alphabet=USERNAME_ALPHABET + " \u0430\u200b\u202e\uff41\u0131\u212a", max_size=35),
    )
)
@example("\u0430lice")
@example("K")
@example("\u212a")  # KELVIN SIGN: folds to "k"
@example("\u0131")  # dotless i
def test_username_validators_accept_only_ascii_names_matching_the_pattern(value: str) -> None:
    if not _accepted(value):
        return
    assert value.isascii()
    assert re.match(USERNAME_PATTERN, value)
    assert value.casefold() not in RESERVED_USERNAMES


@given(st.from_regex(r"\A[A-Za-z0-9](?:[A-Za-z0-9_.\-]{0,28}[A-Za-z0-9])?\Z"))
def test_username_validators_accept_every_unreserved_name_of_the_pattern(value: str) -> None:
    assert _accepted(value) is (value.casefold() not in RESERVED_USERNAMES)


# ---------------------------------------------------------------- model level


@pytest.mark.django_db
def test_member_full_clean_reports_username_format_errors() -> None:
    candidate = Member(username="\u0430lice", email="a@example.org")
    with pytest.raises(ValidationError) as exc_info:
        candidate.full_clean(exclude=["password"])
    assert exc_info.value.message_dict == {"username": [FORMAT_MESSAGE]}


@pytest.mark.django_db
def test_member_full_clean_reports_reserved_usernames() -> None:
    candidate = Member(username="Moderator", email="m@example.org")
    with pytest.raises(ValidationError) as exc_info:
        candidate.full_clean(exclude=["password"])
    assert exc_info.value.message_dict == {"username": [RESERVED_MESSAGE]}


# ---------------------------------------------------------------- uniqueness


@pytest.mark.django_db
@pytest.mark.parametrize("other_case", ["ALICE", "Alice", "aLiCe"])
def test_member_username_unique_constraint_ignores_case(member: Member, other_case: str) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make_member(username=other_case, email=f"{other_case}@example.net")
    assert list(Member.objects.filter(username__iexact="alice").values_list("pk", flat=True)) == [
        member.pk
    ]


@pytest.mark.django_db
def test_member_full_clean_refuses_username_differing_only_in_case(member: Member) -> None:
    candidate = Member(username="ALICE", email="other@example.org")
    with pytest.raises(ValidationError) as exc_info:
        candidate.full_clean(exclude=["password"])
    assert "A member with that username already exists." in exc_info.value.messages
    assert Member.objects.count() == 1


@pytest.mark.django_db
def test_member_full_clean_refuses_the_same_username(member: Member) -> None:
    candidate = Member(username="alice", email="other@example.org")
    with pytest.raises(ValidationError) as exc_info:
        candidate.full_clean(exclude=["password"])
    assert exc_info.value.message_dict["username"] == [
        "A member with that username already exists."
    ]


@pytest.mark.django_db
def test_member_full_clean_accepts_a_new_username(member: Member) -> None:
    Member(username="alicia", email="alicia@example.org").full_clean(exclude=["password"])


@pytest.mark.django_db
def test_member_manager_get_by_natural_key_ignores_case(member: Member) -> None:
    assert Member.objects.get_by_natural_key("ALICE") == member
    assert Member.objects.get_by_natural_key("alice") == member
    with pytest.raises(Member.DoesNotExist):
        Member.objects.get_by_natural_key("alicia")
