"""Who is acting: a signed-in member or a guest. Permission functions take one of these (or
the actor's ``pnyx.core.access.Access``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias, TypeGuard, cast

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.functional import LazyObject, empty

if TYPE_CHECKING:
    # The configured user model (AUTH_USER_MODEL, pnyx.accounts.models.Member), as the
    # django-stubs plugin resolves it: core names no app above it, not even for typing.
    from django.contrib.auth.models import _User as Member

Actor: TypeAlias = "Member | AnonymousUser"


def actor_of(request: HttpRequest) -> Actor:
    """The request's user itself rather than Django's lazy proxy for it: a page checks
    permissions for every post, and each attribute read through the proxy costs a call."""
    user: Any = request.user
    if isinstance(user, LazyObject):
        return actor_of_lazy(user)
    return cast(Actor, user)


def actor_of_lazy(user: LazyObject) -> Actor:
    """The actor behind a lazy ``request.user`` (set up if it was not yet)."""
    lazy: Any = user
    if lazy._wrapped is empty:
        lazy._setup()
    return cast(Actor, lazy._wrapped)


def is_member(actor: Actor) -> TypeGuard[Member]:
    """A signed-in, active member."""
    return bool(actor.is_authenticated and actor.is_active)


def is_staff(actor: Actor) -> TypeGuard[Member]:
    return is_member(actor) and bool(actor.is_staff)


def require_member(actor: Actor) -> Member:
    """The actor as a Member, or PermissionDenied for guests and inactive accounts."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    if not is_member(actor):
        raise PermissionDenied(_("Sign in first."))
    return actor
