"""The gate every new post passes: called by posting's services (threads and replies), so
page forms, the API and scripts obey the same rules.

``admit_post`` raises ``SanctionedError`` (403 with the reason and the end) when the member is
banned, restricted from posting or banned from replying to the thread, and ``RateLimitError``
(429 with ``Retry-After``, its message shown on the page) when the member must wait (flood
limits, the thread's slow mode). It costs one indexed query (the member's restrictions);
slow mode is read from the thread row and counted, like the flood limits, in the shared
cache. It returns an ``Admission`` the service releases when the post is not saved after
all, so a failed post costs the member no slot.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pnyx.core.access import Access, access_of
from pnyx.core.actors import Actor
from pnyx.core.errors import SanctionedError
from pnyx.core.ratelimit import RateLimitError
from pnyx.sanctions.enums import RestrictionKind
from pnyx.sanctions.flood import FloodPass, pace_limits_suspended_here, take_flood_pass
from pnyx.sanctions.models import Restriction
from pnyx.sanctions.permissions import bypasses_limits
from pnyx.threads.models import Thread

# Which restriction speaks first when several apply.
_PRECEDENCE = {RestrictionKind.BAN: 0, RestrictionKind.POSTING: 1, RestrictionKind.REPLY_BAN: 2}


def _slow_key(thread_id: int, member_id: int) -> str:
    return f"sanctions:slow:{thread_id}:{member_id}"


@dataclass
class Admission:
    """What admitting a post took (flood and slow mode slots); ``release`` gives it back."""

    flood: FloodPass | None = None
    slow_key: str = ""

    def release(self) -> None:
        if self.flood is not None:
            self.flood.release()
        if self.slow_key:
            cache.delete(self.slow_key)
            self.slow_key = ""


def until_text(until: datetime | None) -> str:
    if until is None:
        return _("This is permanent.")
    return _("It ends on %(when)s UTC.") % {
        "when": until.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    }


def restriction_error(kind: str, reason: str, until: datetime | None) -> SanctionedError:
    """What a member is told when ``kind`` stops them, with the reason and the end."""
    if kind == RestrictionKind.BAN:
        text, code = _("You are banned from this forum."), "banned"
    elif kind == RestrictionKind.POSTING:
        text, code = _("You may not post for now."), "posting_restricted"
    else:
        text, code = _("You are banned from replying to this thread."), "reply_banned"
    if reason:
        text += " " + _("Reason: %(reason)s") % {"reason": reason.strip()}
        if not text.endswith((".", "!", "?")):
            text += "."
    return SanctionedError(f"{text} {until_text(until)}", code=code, until=until)


def check_restrictions(member_id: int, *, thread_id: int | None, now: datetime) -> None:
    """Raise SanctionedError when one of the member's active restrictions forbids a post
    (in ``thread_id``, or a new thread when None). One query on a partial index."""
    scope = Q(thread__isnull=True)
    if thread_id is not None:
        scope |= Q(thread_id=thread_id)
    rows = list(
        Restriction.objects.filter(scope, member_id=member_id, lifted_at__isnull=True)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .values_list("kind", "reason", "ends_at")[:8]
    )
    if rows:
        kind, reason, until = min(rows, key=lambda row: _PRECEDENCE[RestrictionKind(row[0])])
        raise restriction_error(kind, reason, until)


def slow_mode_message(seconds: int, wait: int) -> str:
    rule = ngettext(
        "This thread is in slow mode: each member may post once every %(n)d second.",
        "This thread is in slow mode: each member may post once every %(n)d seconds.",
        seconds,
    ) % {"n": seconds}
    again = ngettext(
        "You can post again in %(n)d second.", "You can post again in %(n)d seconds.", wait
    ) % {"n": wait}
    return f"{rule} {again}"


def take_slow_mode_pass(thread: Thread, member_id: int) -> str:
    """Count one post in a slow-mode thread (atomic ``add``); the key taken, or
    RateLimitError with the wait."""
    seconds = int(thread.slow_mode_seconds)
    key = _slow_key(thread.pk, member_id)
    now = time.time()
    if cache.add(key, now, timeout=seconds):
        return key
    last = cache.get(key)
    waited = now - last if isinstance(last, float) else 0.0
    wait = max(1, math.ceil(seconds - waited))
    raise RateLimitError(
        retry_after=wait, scope="slow-mode", message=slow_mode_message(seconds, wait)
    )


def admit_post(actor: Actor | Access, *, forum_id: int, thread: Thread | None = None) -> Admission:
    """Admit one new post by ``actor`` (already allowed to post there) in ``forum_id``
    (a reply to ``thread``, or a new thread when None), or raise SanctionedError /
    RateLimitError."""
    access = access_of(actor)
    member_id = access.member_id
    if member_id is None:
        return Admission()
    check_restrictions(
        member_id, thread_id=thread.pk if thread is not None else None, now=timezone.now()
    )
    if bypasses_limits(access, forum_id):
        return Admission()
    admission = Admission(flood=take_flood_pass(member_id))
    if thread is not None and thread.slow_mode_active and not pace_limits_suspended_here():
        try:
            admission.slow_key = take_slow_mode_pass(thread, member_id)
        except RateLimitError:
            admission.release()
            raise
    return admission
