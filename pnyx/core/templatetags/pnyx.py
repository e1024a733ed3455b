"""Template helpers shared by every app: times, page links, avatars."""

from __future__ import annotations

from datetime import UTC, datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()

AVATAR_HUES = 12


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
            "day": date_format(local, "l"),
            "time": local.strftime("%H:%M"),
        }
    if local.year == today.year:
        return date_format(local, "j M")
    return date_format(local, "j M Y")


@register.simple_tag
def time_tag(value: datetime | None) -> SafeString | str:
    """<time> with the machine-readable instant, the exact UTC time as a tooltip, and a
    readable (relative when recent) text."""
    if value is None:
        return ""
    exact = value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        value.astimezone(UTC).isoformat(timespec="seconds"),
        exact,
        relative_time(value),
    )


@register.filter
def hue_class(hue: int) -> str:
    return f"hue-{int(hue) * AVATAR_HUES // 360}"
