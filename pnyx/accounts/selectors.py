from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from django.http import Http404
from django_countries.fields import Country

from pnyx.accounts.models import ApiToken, Member
from pnyx.accounts.permissions import check_view_tokens
from pnyx.core.access import Access
from pnyx.core.actors import Actor


@dataclass(frozen=True, slots=True)
class AvatarRef:
    url: str


@dataclass(frozen=True, slots=True)
class MemberCard:
    """What a member card shows, as plain values: a rendered card can be reused for as long
    as they stay the same (pnyx.core.fragments). Reads like a Member in templates."""

    pk: int
    username: str
    display_name: str
    name: str
    initials: str
    avatar_hue: int
    avatar: AvatarRef | None
    is_staff: bool
    date_joined: datetime
    post_count: int
    reaction_score: int
    country: Country
    location: Country
    url: str

    def get_absolute_url(self) -> str:
        return self.url


# Country objects by field and code, per thread: django-countries builds a new one (looking
# the code up) on every read of the field, two per card. Per thread because a Country has a
# flag its escaping context manager sets and resets while in use.
_countries = threading.local()
_COUNTRIES_KEPT = 1024


def _country(member: Member, field: str) -> Country:
    code = member.__dict__.get(field)
    if not isinstance(code, str):  # deferred, or not yet cleaned: the field decides
        country: Country = getattr(member, field)
        return country
    kept: dict[tuple[str, str], Country] | None = getattr(_countries, "kept", None)
    if kept is None or len(kept) > _COUNTRIES_KEPT:
        kept = _countries.kept = {}
    found = kept.get((field, code))
    if found is None:
        found = kept[(field, code)] = getattr(member, field)
    return found


def member_card(member: Member) -> MemberCard:
    return MemberCard(
        pk=member.pk,
        username=member.username,
        display_name=member.display_name,
        name=member.name,
        initials=member.initials,
        avatar_hue=member.avatar_hue,
        avatar=AvatarRef(member.avatar.url) if member.avatar else None,
        is_staff=member.is_staff,
        date_joined=member.date_joined,
        post_count=member.post_count,
        reaction_score=member.reaction_score,
        country=_country(member, "country"),
        location=_country(member, "location"),
        url=member.get_absolute_url(),
    )


def get_member(username: str) -> Member:
    """A member by username (any case). Inactive accounts are not shown."""
    member = Member.objects.filter(username__iexact=username, is_active=True).first()
    if member is None:
        raise Http404
    return member


def list_tokens(actor: Actor | Access, member: Member) -> list[ApiToken]:
    """A member's active API tokens, newest first (for their settings page or staff)."""
    check_view_tokens(actor, member)
    return list(
        ApiToken.objects.filter(member=member, revoked_at__isnull=True).order_by(
            "-created_at", "-pk"
        )
    )


def get_token(actor: Actor | Access, public_id: str) -> ApiToken:
    """One of the actor's own tokens (any token for staff); Http404 for anything else."""
    token = find_token(public_id)
    if token is None:
        raise Http404
    check_view_tokens(actor, token.member)
    return token


def find_token(public_id: str) -> ApiToken | None:
    """A token by its public id, whoever owns it (for the operator's command line)."""
    return ApiToken.objects.select_related("member").filter(public_id=public_id).first()


def list_member_tokens(member: Member) -> list[ApiToken]:
    """All of a member's tokens, revoked ones included (for the operator's command line)."""
    return list(ApiToken.objects.filter(member=member).order_by("-created_at", "-pk"))
