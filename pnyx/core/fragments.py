"""Rendered partial templates, reused while everything they show is the same.

A page of twenty posts spends most of its time in Django's template engine: every post's
member card, reactions and links. The same post looks the same to every reader with the
same rights, so its rendered HTML is kept (in this process, bounded) and reused.

Correct by construction: a fragment is rendered from ONLY the values passed to it, and
those values, all immutable and hashable (plain values and frozen dataclasses, never model
instances), ARE the cache key, together with the template name and the language. Whatever
a fragment shows changes its key; nothing has to be invalidated. Times shown relative to
now ("5 minutes ago") are passed as their text, so they change the key too.

Per-reader values (the reader's CSRF token, a form's fresh idempotency key) are never
found by searching the HTML for a placeholder: the HTML holds member content, which may hold
any placeholder. Each render uses fresh unguessable markers instead, and the HTML is kept as
its parts cut at those markers (a ``Fragment``); the values go in between the parts, and
nowhere else, when the fragment is used (``{% fragment %}`` puts in the reader's token, and
``with_form_key`` a form's key).
"""

from __future__ import annotations

import dataclasses
import enum
import re
import secrets
import sys
from collections.abc import Callable, Hashable, Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from pnyx.core.memory import BoundedStore

_TOKEN = re.compile(r"^[A-Za-z0-9]+$")
_FORM_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


class Slot(enum.Enum):
    """A place in a fragment where a per-reader value goes."""

    CSRF_TOKEN = "c"  # noqa: S105 (a marker suffix, not a secret)
    FORM_KEY = "k"


# The initial value of a form field that holds a fresh idempotency key each time the form
# is shown (``render_form_fragment``, then ``with_form_key``).
FORM_KEY = Slot.FORM_KEY


@dataclasses.dataclass(frozen=True, slots=True)
class Fragment:
    """Rendered HTML cut where per-reader values go: ``slots[i]`` goes between ``parts[i]``
    and ``parts[i + 1]``. The parts are already-escaped HTML."""

    parts: tuple[SafeString, ...]
    slots: tuple[Slot, ...]

    @property
    def needs_csrf_token(self) -> bool:
        return Slot.CSRF_TOKEN in self.slots

    def html(self, csrf_token: str = "") -> SafeString:
        """The HTML with the reader's CSRF token in its forms (``csrf_token`` is only read
        when the fragment has a form)."""
        if not self.slots:
            return self.parts[0]
        if Slot.FORM_KEY in self.slots:
            raise ValueError("a form fragment needs its form key (with_form_key) first")
        if not _TOKEN.match(csrf_token):
            raise ValueError("a CSRF token is letters and digits")
        # Escaped HTML joined by an alphanumeric token: still safe.
        return mark_safe(csrf_token.join(self.parts))  # noqa: S308

    def filled(self, slot: Slot, value: str) -> Fragment:
        """This fragment with ``value`` (already safe in HTML) at each ``slot``."""
        parts = [self.parts[0]]
        slots = []
        for here, part in zip(self.slots, self.parts[1:], strict=True):
            if here is slot:
                parts[-1] = mark_safe(parts[-1] + value + part)  # noqa: S308
            else:
                slots.append(here)
                parts.append(part)
        return Fragment(tuple(parts), tuple(slots))


def _render(render: Callable[[Mapping[Slot, str]], str]) -> Fragment:
    """``render(markers)``, cut at the markers. Fresh markers every time: member content
    rendered with them cannot hold them (they did not exist when it was written)."""
    nonce = secrets.token_hex(16)
    markers = {slot: f"pnyx{nonce}{slot.value}" for slot in Slot}
    slot_of = {marker: slot for slot, marker in markers.items()}
    pieces = re.split(f"({'|'.join(markers.values())})", render(markers))
    # Template output is escaped HTML, and so is every piece of it cut at markers.
    parts = tuple(mark_safe(piece) for piece in pieces[0::2])  # noqa: S308
    return Fragment(parts, tuple(slot_of[marker] for marker in pieces[1::2]))


_store: BoundedStore[Hashable, Fragment] = BoundedStore(sys.getsizeof)
# What one more entry costs besides its key and HTML objects: its slots in the store's
# two dicts, its Fragment and tuples, and the allocator's rounding.
_ENTRY_OVERHEAD = 300


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


def render_fragment(template_name: str, values: Mapping[str, Any]) -> Fragment:
    """``template_name`` rendered with exactly ``values`` (cached while they are equal).
    Lists count as tuples."""
    values = {name: tuple(v) if isinstance(v, list) else v for name, v in values.items()}
    key = (template_name, get_language(), tuple(sorted(values.items())))
    return _cached(
        key,
        template_name,
        lambda markers: get_template(template_name).render(
            {**values, "csrf_token": markers[Slot.CSRF_TOKEN]}
        ),
    )


def _cached(
    key: tuple[Any, ...], template_name: str, render: Callable[[Mapping[Slot, str]], str]
) -> Fragment:
    """The fragment stored under ``key``, or ``render(markers)`` stored there."""
    try:
        cached = _store.get(key)
    except TypeError:
        raise TypeError(
            f"fragment {template_name!r}: every value must be hashable (frozen, no models)"
        ) from None
    if cached is not None:
        return cached
    fragment = _render(render)
    # The key counts too: its values (the post's own HTML among them) weigh as much as the
    # rendered HTML, and sizing only the HTML let the store hold 1.7 times its budget.
    size = _size_of(key) + sum(map(sys.getsizeof, fragment.parts)) + _ENTRY_OVERHEAD
    _store.put(key, fragment, settings.FRAGMENT_CACHE_BYTES, size)
    return fragment


def render_form_fragment(
    template_name: str,
    form_class: type[forms.BaseForm],
    initial: Mapping[str, Hashable],
    values: Mapping[str, Any],
) -> Fragment:
    """``template_name`` rendered with ``values`` and ``form``, an unbound ``form_class``
    holding ``initial`` (cached while all of them are equal). The form's idempotency key
    field gets ``FORM_KEY`` as its initial value, and the real key goes in with
    ``with_form_key``."""
    key = (
        template_name,
        get_language(),
        form_class,
        tuple(sorted(initial.items())),
        tuple(sorted(values.items())),
    )

    def render(markers: Mapping[Slot, str]) -> str:
        form = form_class(
            initial={
                name: markers[value] if isinstance(value, Slot) else value
                for name, value in initial.items()
            }
        )
        return get_template(template_name).render(
            {**values, "form": form, "csrf_token": markers[Slot.CSRF_TOKEN]}
        )

    return _cached(key, template_name, render)


def with_form_key(fragment: Fragment, form_key: str) -> Fragment:
    """Put a form's fresh idempotency key into a form fragment."""
    if not _FORM_KEY.match(form_key):
        raise ValueError("a form key is letters, digits, '-' and '_'")
    return fragment.filled(Slot.FORM_KEY, form_key)


def clear() -> None:
    _store.clear()
