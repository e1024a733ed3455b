"""Run-time (database) settings, read through the shared cache.

Each process also keeps the row for a few seconds, so a page asking many times
costs nothing; a change made in the admin reaches every process within that time. The
admin publishes ``SettingsChanged`` for it, which makes cached guest pages stale.
"""

from __future__ import annotations

import time

from django.core.cache import cache

from pnyx.core.models import SITE_SETTINGS_CACHE_KEY, SiteSettings

LOCAL_SECONDS = 5.0
_local: tuple[float, SiteSettings] | None = None


def get_site_settings() -> SiteSettings:
    global _local
    now = time.monotonic()
    if _local is not None and _local[0] > now:
        return _local[1]
    cached = cache.get(SITE_SETTINGS_CACHE_KEY)
    if not isinstance(cached, SiteSettings):
        cached, _ = SiteSettings.objects.get_or_create(pk=1)
        cache.set(SITE_SETTINGS_CACHE_KEY, cached, timeout=300)
    _local = (now + LOCAL_SECONDS, cached)
    return cached


def forget_site_settings() -> None:
    global _local
    _local = None
    cache.delete(SITE_SETTINGS_CACHE_KEY)
