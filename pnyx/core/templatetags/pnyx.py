"""Template helpers shared by every app: times, page links, avatars."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django import template
from django.template import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString

from pnyx.core.fragments import Fragment, render_fragment
from pnyx.core.times import relative_time

register = template.Library()

AVATAR_HUES = 12


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
