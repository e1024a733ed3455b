"""Template helpers shared by every app: times, page links, avatars."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime
from typing import Any

from django import template
from django.template import Context
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from pnyx.core.fragments import Fragment, render_fragment

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


@register.simple_tag
def time_tag(value: datetime | None, label: str | None = None) -> SafeString | str:
    """<time> with the machine-readable instant, the exact UTC time as a tooltip, and a
    readable (relative when recent) text; ``label`` is that text when already worked out."""
    if value is None:
        return ""
    exact = value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        value.astimezone(UTC).isoformat(timespec="seconds"),
        exact,
        relative_time(value) if label is None else label,
    )


@register.simple_tag(takes_context=True)
def fragment(context: Context, template_name: str, **values: Any) -> SafeString:
    """Render a partial from ``values`` only, reusing the HTML while they are equal
    (pnyx.core.fragments): ``{% fragment "threads/partials/post.html" item=item %}``."""
    rendered = render_fragment(template_name, values)
    if not rendered.slots:
        return rendered.parts[0]
    return rendered.html(str(context.get("csrf_token", "")))


@register.simple_tag(takes_context=True)
def with_csrf(context: Context, rendered: Fragment) -> SafeString:
    """A fragment rendered in Python (``render_form_fragment``) with the reader's CSRF token
    put in: ``{% with_csrf reply_box %}``."""
    return rendered.html(str(context.get("csrf_token", "")) if rendered.slots else "")


@register.filter
def hue_class(hue: int) -> str:
    return f"hue-{int(hue) * AVATAR_HUES // 360}"
