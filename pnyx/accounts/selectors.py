from __future__ import annotations

from django.http import Http404

from pnyx.accounts.models import Member


def get_member(username: str) -> Member:
    """A member by username (any case). Inactive accounts are not shown."""
    member = Member.objects.filter(username__iexact=username, is_active=True).first()
    if member is None:
        raise Http404
    return member
