from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404
from django_countries.fields import Country

from pnyx.accounts.models import Member


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
        country=member.country,
        location=member.location,
        url=member.get_absolute_url(),
    )


def get_member(username: str) -> Member:
    """A member by username (any case). Inactive accounts are not shown."""
    member = Member.objects.filter(username__iexact=username, is_active=True).first()
    if member is None:
        raise Http404
    return member
