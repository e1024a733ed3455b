"""Ignoring and un-ignoring a member (private to the member: nothing guests see changes)."""

from __future__ import annotations

import functools

from django.core.cache import cache
from django.db import IntegrityError, transaction

from pnyx.accounts.models import Member
from pnyx.core.actors import Actor, require_member
from pnyx.ignoring.models import Ignore
from pnyx.ignoring.permissions import check_ignore
from pnyx.ignoring.selectors import cache_key


def _forget_on_commit(member_id: int) -> None:
    """Drop the cached set now and again once committed (a read between the two may have
    cached the old set)."""
    cache.delete(cache_key(member_id))
    transaction.on_commit(functools.partial(cache.delete, cache_key(member_id)))


def ignore_member(actor: Actor, target: Member) -> bool:
    """Ignore ``target``; False if already ignored."""
    check_ignore(actor, target)
    member = require_member(actor)
    try:
        with transaction.atomic():
            _, created = Ignore.objects.get_or_create(member=member, ignored=target)
            _forget_on_commit(member.pk)
    except IntegrityError:  # the same click twice at once
        return False
    return created


def unignore_member(actor: Actor, target: Member) -> bool:
    """Stop ignoring ``target``; False if they were not ignored."""
    member = require_member(actor)
    with transaction.atomic():
        deleted, _ = Ignore.objects.filter(member=member, ignored=target).delete()
        _forget_on_commit(member.pk)
    return deleted > 0
