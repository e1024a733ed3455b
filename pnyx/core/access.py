"""What one actor (a signed-in member or a guest) may see and do: the ``Access``.

One Access answers, for one actor: which forums it may view and read, what it may do in each
(start threads, reply, react, edit its own posts) and which it moderates. Pages build it once
per request, the API once per call and jobs once per run (``Access.for_actor``), and every
permission function takes either the actor or its Access: ``access_of(actor)`` builds the
Access on first use and keeps it on the actor object, so the checks of a page of twenty posts
cost set lookups, not queries.

The rules themselves live in the apps' ``permissions.py``, each written once as a
``check_*`` function that raises (``PermissionDenied`` with the reason, or ``Http404`` for what
must stay hidden); the ``can_*`` functions templates use are made from them by ``can_from``.

Core knows the shape of an Access, not how forum grants are decided: the forums app
registers that policy in its ``AppConfig.ready()`` (``register_forum_policy``), and the groups
app replaces it with per-group Yes/No/Never permissions (``pnyx.groups.policy``): selectors
ask only for sets of forum ids (which also key their prepared queries).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404
from django.utils.functional import LazyObject

from pnyx.core.actors import actor_of_lazy

if TYPE_CHECKING:
    from pnyx.core.actors import Actor

A = TypeVar("A")
B = TypeVar("B")

EMPTY: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class ActorFacts:
    """What the forum policy needs to know about an actor."""

    member_id: int | None
    is_member: bool  # signed in with an active account
    is_staff: bool
    is_superuser: bool = False


GUEST = ActorFacts(member_id=None, is_member=False, is_staff=False)


@dataclass(frozen=True, slots=True)
class ForumGrants:
    """Forum ids per action. ``read`` is within ``view``; the actions are within ``read``."""

    view: frozenset[int] = EMPTY
    read: frozenset[int] = EMPTY
    start_thread: frozenset[int] = EMPTY
    reply: frozenset[int] = EMPTY
    react: frozenset[int] = EMPTY
    edit_own: frozenset[int] = EMPTY
    delete_own: frozenset[int] = EMPTY
    bypass_limits: frozenset[int] = EMPTY  # slow mode and flood limits do not apply
    moderate: frozenset[int] = EMPTY


class ForumPolicy(Protocol):
    """Turns an actor into forum grants (registered by the forums app)."""

    def grants(self, facts: ActorFacts) -> ForumGrants:
        """The grants for ``facts`` from the current forum data (may query or check its
        version: called once per Access)."""
        ...

    def generation(self) -> object:
        """What the grants this process holds were computed from, without any I/O: a value
        that changes whenever they may have (a forum saved in this process, or a newer
        version seen). An Access kept on an actor is rebuilt when it changes."""
        ...


_policy: ForumPolicy | None = None


def register_forum_policy(policy: ForumPolicy) -> None:
    global _policy
    _policy = policy


def forum_policy() -> ForumPolicy:
    if _policy is None:
        raise ImproperlyConfigured("No forum policy: is pnyx.forums in INSTALLED_APPS?")
    return _policy


_ATTRIBUTE = "_pnyx_access"


def facts_of(actor: Actor) -> ActorFacts:
    if not (actor.is_authenticated and actor.is_active):
        return GUEST
    return ActorFacts(
        member_id=actor.pk,
        is_member=True,
        is_staff=bool(actor.is_staff),
        is_superuser=bool(actor.is_superuser),
    )


class Access:
    """What one actor may see and do. Immutable; build it with ``Access.for_actor``."""

    __slots__ = (
        "_key",
        "facts",
        "generation",
        "grants",
        "is_member",
        "is_staff",
        "is_superuser",
        "member_id",
    )

    facts: ActorFacts
    grants: ForumGrants
    generation: object
    # The facts again, as plain attributes: rules read them for every post of a page.
    member_id: int | None
    is_member: bool
    is_staff: bool
    is_superuser: bool
    _key: tuple[Any, bool, bool, bool]

    def __init__(
        self,
        facts: ActorFacts,
        grants: ForumGrants,
        generation: object,
        key: tuple[Any, bool, bool, bool] = (None, False, False, False),
    ) -> None:
        self.facts = facts
        self.grants = grants
        self.generation = generation
        self.member_id = facts.member_id
        self.is_member = facts.is_member
        self.is_staff = facts.is_staff
        self.is_superuser = facts.is_superuser
        self._key = key

    @classmethod
    def for_actor(cls, actor: Actor) -> Access:
        """A new Access from the current forum data, kept on ``actor`` for later checks."""
        if isinstance(cast(object, actor), LazyObject):
            actor = actor_of_lazy(cast(LazyObject, actor))
        policy = forum_policy()
        facts = facts_of(actor)
        access = cls(facts, policy.grants(facts), policy.generation(), _key_of(actor))
        actor.__dict__[_ATTRIBUTE] = access
        return access

    def is_self(self, member_id: int | None) -> bool:
        """Whether ``member_id`` is the acting member (never for guests)."""
        return member_id is not None and member_id == self.member_id

    def __repr__(self) -> str:
        return f"<Access {self.facts} reads {sorted(self.grants.read)}>"


def _key_of(actor: Actor) -> tuple[Any, bool, bool, bool]:
    # What an Access kept on an actor depends on: changing one of these (a test making a
    # member staff, an account deactivated) builds a new one.
    return (
        actor.pk,
        bool(actor.is_active),
        bool(actor.is_staff),
        bool(actor.is_superuser),
    )


def access_of(actor: Actor | Access) -> Access:
    """The Access of ``actor``: itself if it is one, else the one kept on the actor object
    while still current, else a new one (``Access.for_actor``)."""
    if type(actor) is Access:
        return actor
    if isinstance(cast(object, actor), LazyObject):  # request.user: kept on the member itself
        actor = actor_of_lazy(cast(LazyObject, actor))
    kept: Access | None = actor.__dict__.get(_ATTRIBUTE)
    if (
        kept is not None
        and kept.generation is forum_policy().generation()
        and kept._key == _key_of(actor)  # type: ignore[arg-type]
    ):
        return kept
    return Access.for_actor(actor)  # type: ignore[arg-type]


def can_from(check: Callable[[A, B], object]) -> Callable[[A, B], bool]:
    """The ``can_*`` twin of a ``check_*(actor, obj)`` rule: True where the check passes,
    False where it raises PermissionDenied or Http404. The rule is written once, in the
    check. (Two positional arguments, as every rule takes: a page calls these per post.)"""

    def can(actor: A, obj: B, /) -> bool:
        try:
            check(actor, obj)
        except (PermissionDenied, Http404):
            return False
        return True

    can.__name__ = can.__qualname__ = check.__name__.replace("check_", "can_", 1)
    can.__doc__ = f"Whether ``{check.__name__}`` passes."
    can.__module__ = check.__module__
    can.__wrapped__ = check  # type: ignore[attr-defined]
    return can
