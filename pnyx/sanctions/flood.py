"""Flood limits: a minimum interval between a member's posts and a cap per hour.

Both are counted in the shared cache with atomic operations, as ``pnyx.core.ratelimit``
counts (``add`` is atomic and ``incr`` too, on Redis, on the file cache under its lock and in
each process's memory while Redis is away), so concurrent posts from one member never pass
more than the limits, in any number of processes:

* the interval is one key per member, ``add``-ed with the interval as its timeout: only
  one post in the interval finds it absent;
* the hourly cap is a counter per member that lives an hour from the first post that made
  it (``incr`` keeps the entry's expiry), beside the time of that first post (for
  ``Retry-After``).

A post that takes a slot and is then not saved (its transaction rolled back, a locked
thread, a resubmitted form) gives the slot back (``FloodPass.release``). The settings are
``SiteSettings.post_interval_seconds`` and ``posts_per_hour``; members who may bypass
limits in the forum skip them (``pnyx.sanctions.permissions.bypasses_limits``).
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.translation import ngettext

from pnyx.core.ratelimit import RateLimitError
from pnyx.core.site_settings import get_site_settings

HOUR = 3600
# The test suite posts faster than any member may: its plugin turns the limits off except in
# the tests that ask for them (the ``flood_limits`` fixture of pnyx.testing.plugin).
LIMITS_APPLY = True
_suspended: ContextVar[bool] = ContextVar("pnyx_pace_limits_suspended", default=False)


@contextlib.contextmanager
def pace_limits_suspended() -> Iterator[None]:
    """Posts written inside need not keep pace (flood limits, slow mode, the heat trigger):
    for scripts that write as members, such as the demo data and test factories. Bans and
    every permission still apply."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def pace_limits_apply() -> bool:
    """Whether flood limits and the heat trigger apply here (off in most tests)."""
    return LIMITS_APPLY and not _suspended.get()


def pace_limits_suspended_here() -> bool:
    """Whether a script suspended pace limits (slow mode included) for its writes."""
    return _suspended.get()


def _interval_key(member_id: int) -> str:
    return f"sanctions:flood:last:{member_id}"


def _hour_keys(member_id: int) -> tuple[str, str]:
    return f"sanctions:flood:hour:{member_id}", f"sanctions:flood:hour-start:{member_id}"


@dataclass
class FloodPass:
    """The slots a post took; ``release`` gives them back when the post is not saved."""

    member_id: int
    interval: bool = False
    hour: bool = False
    released: bool = field(default=False, repr=False)

    def release(self) -> None:
        if self.released:
            return
        self.released = True
        if self.interval:
            cache.delete(_interval_key(self.member_id))
        if self.hour:
            # ValueError: the window ended meanwhile, nothing to give back.
            with contextlib.suppress(ValueError):
                cache.decr(_hour_keys(self.member_id)[0])


def wait_message(seconds: int) -> str:
    return ngettext(
        "You are posting too fast. You can post again in %(n)d second.",
        "You are posting too fast. You can post again in %(n)d seconds.",
        seconds,
    ) % {"n": seconds}


def hourly_message(limit: int, seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "You have written %(limit)d posts in the last hour, the most a member may. "
        "You can post again in %(n)d minute.",
        "You have written %(limit)d posts in the last hour, the most a member may. "
        "You can post again in %(n)d minutes.",
        minutes,
    ) % {"limit": limit, "n": minutes}


def take_flood_pass(member_id: int, *, now: float | None = None) -> FloodPass:
    """Count one new post of ``member_id`` against the site's flood limits; raise
    RateLimitError (with the wait in ``retry_after`` and a message) when it is over one."""
    taken = FloodPass(member_id)
    if not pace_limits_apply():
        return taken
    settings = get_site_settings()
    interval = int(settings.post_interval_seconds)
    per_hour = int(settings.posts_per_hour)
    if not interval and not per_hour:
        return taken
    now = time.time() if now is None else now
    if interval:
        key = _interval_key(member_id)
        if not cache.add(key, now, timeout=interval):
            last = cache.get(key)
            waited = now - last if isinstance(last, float) else 0.0
            retry_after = max(1, math.ceil(interval - waited))
            raise RateLimitError(
                retry_after=retry_after, scope="post-interval", message=wait_message(retry_after)
            )
        taken.interval = True
    if per_hour:
        count_key, start_key = _hour_keys(member_id)
        cache.add(start_key, now, timeout=HOUR)
        cache.add(count_key, 0, timeout=HOUR)
        try:
            count = cache.incr(count_key)
        except ValueError:  # the window ended between add and incr: this post opens one
            cache.add(count_key, 1, timeout=HOUR)
            count = 1
        taken.hour = True
        if count > per_hour:
            taken.release()
            start = cache.get(start_key)
            elapsed = now - start if isinstance(start, float) else HOUR - 60
            retry_after = max(1, math.ceil(HOUR - elapsed))
            raise RateLimitError(
                retry_after=retry_after,
                scope="posts-per-hour",
                message=hourly_message(per_hour, retry_after),
            )
    return taken
