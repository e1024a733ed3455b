"""Rendered partial templates, reused while everything they show is the same.

A page of twenty posts spends most of its time in Django's template engine: every post's
member card, reactions and links. The same post looks the same to every reader with the
same rights, so its rendered HTML is kept (in this process, bounded) and reused.

Correct by construction: a fragment is rendered from ONLY the values passed to it, and
those values, all immutable and hashable (plain values and frozen dataclasses, never model
instances), ARE the cache key, together with the template name and the language. Whatever
a fragment shows changes its key; nothing has to be invalidated. Times shown relative to
now ("5 minutes ago") are passed as their text, so they change the key too.

CSRF: a fragment that contains a form is rendered with a placeholder token, and the
reader's own token is put in when it is used (``{% fragment %}`` does this). A form of its
own (``render_form_fragment``) is built from its class and initial values, which are part
of the key; a fresh idempotency key goes into it after the lookup (``with_form_key``).
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Callable, Hashable, Mapping
from typing import Any, cast

from django import forms
from django.conf import settings
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from pnyx.core.memory import BoundedStore

CSRF_PLACEHOLDER = "PNYXFRAGMENTCSRFTOKEN"
FORM_KEY_PLACEHOLDER = "PNYXFRAGMENTFORMKEY"
_TOKEN = re.compile(r"^[A-Za-z0-9]+$")
_FORM_KEY = re.compile(r"^[A-Za-z0-9_-]+$")

_store: BoundedStore[Hashable, SafeString] = BoundedStore(sys.getsizeof)
# What one more entry costs besides its key and HTML objects: its slots in the store's
# two dicts and the allocator's rounding.
_ENTRY_OVERHEAD = 200


def _size_of(value: object, depth: int = 0) -> int:
    """Bytes held by a key's values: containers and frozen dataclasses are followed (a
    value shared by several entries is counted in each, so the total errs high)."""
    size = sys.getsizeof(value)
    if depth > 8:
        return size
    if isinstance(value, tuple | frozenset):
        return size + sum(_size_of(item, depth + 1) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return size + sum(
            _size_of(getattr(value, field.name), depth + 1) for field in dataclasses.fields(value)
        )
    return size


def render_fragment(template_name: str, values: Mapping[str, Any]) -> SafeString:
    """``template_name`` rendered with exactly ``values`` (cached while they are equal).
    Lists count as tuples."""
    values = {name: tuple(v) if isinstance(v, list) else v for name, v in values.items()}
    key = (template_name, get_language(), tuple(sorted(values.items())))
    return _cached(
        key,
        template_name,
        lambda: get_template(template_name).render({**values, "csrf_token": CSRF_PLACEHOLDER}),
    )


def _cached(key: tuple[Any, ...], template_name: str, render: Callable[[], str]) -> SafeString:
    """The fragment stored under ``key``, or ``render()`` stored there."""
    try:
        cached = _store.get(key)
    except TypeError:
        raise TypeError(
            f"fragment {template_name!r}: every value must be hashable (frozen, no models)"
        ) from None
    if cached is not None:
        return cached
    # Django's template engine returns SafeString (typed as str).
    html = cast(SafeString, render())
    # The key counts too: its values (the post's own HTML among them) weigh as much as the
    # rendered HTML, and sizing only the HTML let the store hold 1.7 times its budget.
    size = _size_of(key) + sys.getsizeof(html) + _ENTRY_OVERHEAD
    _store.put(key, html, settings.FRAGMENT_CACHE_BYTES, size)
    return html


def render_form_fragment(
    template_name: str,
    form_class: type[forms.BaseForm],
    initial: Mapping[str, Hashable],
    values: Mapping[str, Any],
) -> SafeString:
    """``template_name`` rendered with ``values`` and ``form``, an unbound ``form_class``
    holding ``initial`` (cached while all of them are equal). Put the form's idempotency
    key in as ``FORM_KEY_PLACEHOLDER`` and the real one in with ``with_form_key``."""
    key = (
        template_name,
        get_language(),
        form_class,
        tuple(sorted(initial.items())),
        tuple(sorted(values.items())),
    )
    return _cached(
        key,
        template_name,
        lambda: get_template(template_name).render(
            {**values, "form": form_class(initial=dict(initial)), "csrf_token": CSRF_PLACEHOLDER}
        ),
    )


def with_form_key(html: SafeString, form_key: str) -> SafeString:
    """Put a form's fresh idempotency key into a form fragment."""
    if not _FORM_KEY.match(form_key):
        raise ValueError("a form key is letters, digits, '-' and '_'")
    # Already-escaped HTML with a URL-safe key put in: still safe.
    return mark_safe(html.replace(FORM_KEY_PLACEHOLDER, form_key))  # noqa: S308


def with_csrf_token(html: SafeString, token: str) -> SafeString:
    """Put the reader's CSRF token into a fragment's forms."""
    if CSRF_PLACEHOLDER not in html:
        return html
    if not _TOKEN.match(token):
        raise ValueError("a CSRF token is letters and digits")
    # Already-escaped HTML with an alphanumeric token put in: still safe.
    return mark_safe(html.replace(CSRF_PLACEHOLDER, token))  # noqa: S308


def clear() -> None:
    _store.clear()
