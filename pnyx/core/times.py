"""Times as pages print them: relative when recent, a date when older (always UTC)."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _


def relative_time(value: datetime, now: datetime | None = None) -> str:
    """ "just now", "5 minutes ago", "3 hours ago", "Yesterday at 14:05", "Monday at 09:30",
    then a date: readable for recent times, exact enough for older ones."""
    now = now or timezone.now()
    delta = now - value
    seconds = int(delta.total_seconds())
    if seconds < 0:
        seconds = 0
    if seconds < 60:
        return _("just now")
    if seconds < 3600:
        minutes = seconds // 60
        return ngettext("%(n)d minute ago", "%(n)d minutes ago", minutes) % {"n": minutes}
    if seconds < 6 * 3600:
        hours = seconds // 3600
        return ngettext("%(n)d hour ago", "%(n)d hours ago", hours) % {"n": hours}
    # Pages show UTC (the footer says so); compare calendar days in UTC too.
    local, today = value.astimezone(UTC), now.astimezone(UTC)
    days_apart = (today.date() - local.date()).days
    if days_apart == 0:
        return _("Today at %(time)s") % {"time": local.strftime("%H:%M")}
    if days_apart == 1:
        return _("Yesterday at %(time)s") % {"time": local.strftime("%H:%M")}
    if days_apart < 7:
        return _("%(day)s at %(time)s") % {
            "day": _date_label(local.date(), "l", get_language()),
            "time": local.strftime("%H:%M"),
        }
    if local.year == today.year:
        return _date_label(local.date(), "j M", get_language())
    return _date_label(local.date(), "j M Y", get_language())


@functools.lru_cache(maxsize=4096)
def _date_label(day: date, format_string: str, language: str | None) -> str:
    """A formatted day (a page shows many; Django's date_format is slow for the task)."""
    return date_format(day, format_string)
