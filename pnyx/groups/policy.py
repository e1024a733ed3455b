"""The forum policy with groups: XenForo's Yes / No / Never, per group and forum, inherited
down the forum tree (docs/permissions.md has the rule with examples).

For each of an actor's groups and each permission, the nearest explicit setting up the tree
(the forum itself, then its parent, …) decides; nothing set anywhere is no. The actor may
when any of its groups says yes, unless one of its groups says never on that forum or any
ancestor. A forum's ``visibility`` is a preset: it sets the built-in groups (as an explicit
setting that the groups' own rows at that forum override), so the three levels the forum
had before groups keep their meaning; ``inherit`` sets nothing and ``private`` says no to
everyone. Administrators may do everything everywhere. A forum is visible only when every
ancestor is; reading and every action need the forum to be visible.

Every setting, group and membership is read in one query (``_load``) and kept by the
process, exactly like the forum tree (``pnyx.forums.tree``): each Access checks it is
current by the content version (no query) and, when that moved, by a stamp in the shared
cache that only permission changes move (``on_permissions_changed``, the subscriber of
``PermissionsChanged``). The grants of a set of groups are computed once per tree and
settings and shared by every reader with the same groups, so a page costs no query for them.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection

from pnyx.core.access import EMPTY, ActorFacts, ForumGrants
from pnyx.core.content_version import bump_content_version, current_content_version
from pnyx.core.events import ContentRebuilt, PermissionsChanged
from pnyx.forums.enums import Visibility
from pnyx.forums.tree import ForumTree, current_forum_tree, held_forum_tree
from pnyx.groups.enums import PERMISSIONS, BuiltinGroup, Permission, Setting
from pnyx.groups.models import ForumPermission, Group, Membership

logger = logging.getLogger(__name__)

YES, NO, NEVER = Setting.YES.value, Setting.NO.value, Setting.NEVER.value
GUESTS = BuiltinGroup.GUESTS.value
MEMBERS = BuiltinGroup.MEMBERS.value
MODERATORS = BuiltinGroup.MODERATORS.value
ADMINISTRATORS = BuiltinGroup.ADMINISTRATORS.value

_ALL = frozenset(PERMISSIONS)
_READING = frozenset({Permission.VIEW.value, Permission.READ.value})
# What members did wherever they read before groups (deleting their own posts and
# bypassing limits were never theirs).
_MEMBERS_ACT = _READING | {
    Permission.START_THREAD.value,
    Permission.REPLY.value,
    Permission.REACT.value,
    Permission.EDIT_OWN.value,
}


def _preset(yes: Mapping[str, frozenset[str]]) -> dict[str, dict[str, str]]:
    """A preset as settings of the built-in groups: ``yes`` per group, the rest no."""
    return {
        group: {name: (YES if name in yes.get(group, EMPTY_NAMES) else NO) for name in PERMISSIONS}
        for group in (GUESTS, MEMBERS, MODERATORS)
    }


EMPTY_NAMES: frozenset[str] = frozenset()

#: What each forum visibility sets for the built-in groups (at that forum; a group's own
#: rows at the same forum override it). Administrators may do everything anywhere.
PRESETS: dict[str, dict[str, dict[str, str]]] = {
    Visibility.PUBLIC.value: _preset({GUESTS: _READING, MEMBERS: _MEMBERS_ACT, MODERATORS: _ALL}),
    Visibility.MEMBERS.value: _preset({MEMBERS: _MEMBERS_ACT, MODERATORS: _ALL}),
    Visibility.STAFF.value: _preset({MODERATORS: _ALL}),
    Visibility.PRIVATE.value: _preset({}),
    Visibility.INHERIT.value: {},
}

# A subject is a group (its stable name for the built-ins, else ("group", id)) or one
# member (("member", id)) with settings of their own.
Subject = str | tuple[str, int]


class Settings:
    """Every explicit setting, group and membership, as read in one query. Never changed
    once read; ``grants_for`` memoises per tree."""

    __slots__ = ("_lock", "_memo", "_memo_tree", "groups", "members_of", "rows", "with_rows")

    def __init__(self, rows: Iterable[tuple[str, int | None, int | None, int | None, str, str]]):
        # (subject, forum id) -> {permission: setting}
        self.rows: dict[tuple[Subject, int], dict[str, str]] = defaultdict(dict)
        self.groups: dict[int, str] = {}  # group id -> name
        self.members_of: dict[int, set[int]] = defaultdict(set)  # member id -> group ids
        self.with_rows: set[int] = set()  # members with settings of their own
        settings_rows: list[tuple[int | None, int | None, int, str, str]] = []
        for kind, group_id, member_id, forum_id, name, value in rows:
            if kind == "g" and group_id is not None:
                self.groups[group_id] = name
            elif kind == "m" and group_id is not None and member_id is not None:
                self.members_of[member_id].add(group_id)
            elif kind == "s" and forum_id is not None:
                settings_rows.append((group_id, member_id, forum_id, name, value))
        for group_id, member_id, forum_id, name, value in settings_rows:
            subject: Subject
            if group_id is not None:
                subject = self.subject_of_group(group_id)
            elif member_id is not None:
                subject = ("member", member_id)
                self.with_rows.add(member_id)
            else:  # pragma: no cover - the check constraint forbids it
                continue
            self.rows[(subject, forum_id)][name] = value
        self._lock = threading.Lock()
        self._memo: dict[frozenset[Subject], ForumGrants] = {}
        self._memo_tree: ForumTree | None = None

    def subject_of_group(self, group_id: int) -> Subject:
        name = self.groups.get(group_id)
        if name in BuiltinGroup.values:
            return str(name)
        return ("group", group_id)

    def subjects(self, facts: ActorFacts) -> frozenset[Subject]:
        """The groups (and own settings) that speak for ``facts``."""
        if not facts.is_member or facts.member_id is None:
            return frozenset({GUESTS})
        found: set[Subject] = {MEMBERS}
        found.update(self.subject_of_group(gid) for gid in self.members_of.get(facts.member_id, ()))
        if facts.is_staff:
            found.add(MODERATORS)
        if facts.is_superuser:
            found.add(ADMINISTRATORS)
        found.discard(GUESTS)  # a signed-in member is never a guest
        if facts.member_id in self.with_rows:
            found.add(("member", facts.member_id))
        return frozenset(found)

    def setting(self, tree: ForumTree, subject: Subject, forum_id: int, name: str) -> str | None:
        """The explicit setting of ``subject`` at ``forum_id`` itself (its row, else the
        forum's preset for a built-in group), or None (inherit)."""
        own = self.rows.get((subject, forum_id))
        if own is not None and name in own:
            return own[name]
        if isinstance(subject, str):
            preset = PRESETS.get(tree.visibilities.get(forum_id, ""), {}).get(subject)
            if preset is not None:
                return preset[name]
        return None

    def resolve(
        self, tree: ForumTree, subject: Subject, chain: tuple[int, ...], name: str
    ) -> tuple[str | None, bool]:
        """For one subject: the nearest explicit setting up ``chain`` (nearest first) and
        whether it says never anywhere on the chain."""
        nearest: str | None = None
        never = False
        for link in chain:
            value = self.setting(tree, subject, link, name)
            if value is None:
                continue
            if nearest is None:
                nearest = value
            if value == NEVER:
                never = True
                break
        return nearest, never

    def allowed(
        self, tree: ForumTree, subjects: frozenset[Subject], chain: tuple[int, ...], name: str
    ) -> bool:
        """The rule for one forum (``chain[0]``) and permission (see the module)."""
        if ADMINISTRATORS in subjects:
            return True
        yes = False
        for subject in subjects:
            nearest, never = self.resolve(tree, subject, chain, name)
            if never:
                return False
            yes = yes or nearest == YES
        return yes

    def grants_for(self, tree: ForumTree, subjects: frozenset[Subject]) -> ForumGrants:
        with self._lock:
            if self._memo_tree is not tree:
                self._memo = {}
                self._memo_tree = tree
            found = self._memo.get(subjects)
        if found is not None:
            return found
        found = self._compute(tree, subjects)
        with self._lock:
            if self._memo_tree is tree:
                self._memo[subjects] = found
        return found

    def _compute(self, tree: ForumTree, subjects: frozenset[Subject]) -> ForumGrants:
        chains = {
            forum_id: chain
            for forum_id in tree.parents
            if (chain := tree.lineage(forum_id)) is not None
        }
        own: dict[str, set[int]] = {name: set() for name in PERMISSIONS}
        for forum_id, chain in chains.items():
            for name in PERMISSIONS:
                if self.allowed(tree, subjects, chain, name):
                    own[name].add(forum_id)
        # Visible: the forum and every ancestor; the rest needs the forum visible (and
        # readable, for the actions).
        view = frozenset(
            forum_id
            for forum_id, chain in chains.items()
            if all(link in own[Permission.VIEW] for link in chain)
        )
        read = view & own[Permission.READ]
        guest = subjects == frozenset({GUESTS})

        def acting(name: str) -> frozenset[int]:
            return EMPTY if guest else frozenset(read & own[name])

        return ForumGrants(
            view=view,
            read=frozenset(read),
            start_thread=acting(Permission.START_THREAD),
            reply=acting(Permission.REPLY),
            react=acting(Permission.REACT),
            edit_own=acting(Permission.EDIT_OWN),
            delete_own=acting(Permission.DELETE_OWN),
            bypass_limits=acting(Permission.BYPASS_LIMITS),
            moderate=acting(Permission.MODERATE),
        )


def _load() -> Settings:
    """Groups, memberships and settings in one query (a UNION ALL)."""
    groups = Group._meta.db_table
    memberships = Membership._meta.db_table
    settings = ForumPermission._meta.db_table
    sql = (
        "SELECT 'g', id, CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), name, '' "  # noqa: S608
        f"FROM {groups} "
        "UNION ALL SELECT 'm', group_id, member_id, CAST(NULL AS INTEGER), '', '' "
        f"FROM {memberships} "
        "UNION ALL SELECT 's', group_id, member_id, forum_id, permission, value "
        f"FROM {settings}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return Settings(cursor.fetchall())


STAMP_KEY = "groups:permissions-stamp"


@dataclass(frozen=True, slots=True)
class _Held:
    version: str | None
    stamp: str | None
    settings: Settings


_held: _Held | None = None


def _shared_stamp() -> str | None:
    try:
        stamp = cache.get(STAMP_KEY)
    except Exception:
        logger.warning("permissions stamp unavailable", exc_info=True)
        return None
    return stamp if isinstance(stamp, str) else None


def _new_stamp() -> str:
    return f"{time.time_ns():x}-{secrets.token_hex(4)}"


def current_settings() -> Settings:
    """The settings as of now: the ones this process holds while neither the content
    version nor the permissions stamp has moved, else read again (one query)."""
    global _held
    try:
        version: str | None = current_content_version()
    except Exception:
        logger.warning("content version unavailable; reading the permissions again")
        version = None
    held = _held
    if held is not None and version is not None and held.version == version:
        return held.settings
    stamp = _shared_stamp() if version is not None else None
    if held is not None and stamp is not None and held.stamp == stamp:
        _held = _Held(version, stamp, held.settings)
        return held.settings
    loaded = _load()
    if stamp is None and version is not None:
        fresh = _new_stamp()
        try:
            stamp = fresh if cache.add(STAMP_KEY, fresh, timeout=None) else None
        except Exception:
            stamp = None
    _held = _Held(version, stamp, loaded)
    return loaded


def held_settings() -> Settings | None:
    held = _held
    return held.settings if held is not None else None


def forget_settings() -> None:
    """Drop the settings this process holds: the next Access reads them again."""
    global _held
    _held = None


def on_permissions_changed(event: PermissionsChanged | ContentRebuilt) -> None:
    """After a permission change commits: every process reads the settings again before
    its next check (the new stamp first, then the content version moves once more, as the
    forum tree does)."""
    forget_settings()
    try:
        cache.set(STAMP_KEY, _new_stamp(), timeout=None)
    except Exception:
        logger.exception("could not publish the permission change")
        with contextlib.suppress(Exception):
            cache.delete(STAMP_KEY)
    bump_content_version()


class GroupPolicy:
    """The registered forum policy (``GroupsConfig.ready``)."""

    def __init__(self) -> None:
        self._generation: tuple[ForumTree | None, Settings | None, object] = (None, None, None)

    def grants(self, facts: ActorFacts) -> ForumGrants:
        tree = current_forum_tree()
        settings = current_settings()
        return settings.grants_for(tree, settings.subjects(facts))

    def subjects(self, facts: ActorFacts) -> frozenset[Subject]:
        return current_settings().subjects(facts)

    def generation(self) -> object:
        tree, settings = held_forum_tree(), held_settings()
        held_tree, held, token = self._generation
        if held_tree is not tree or held is not settings or token is None:
            token = object()
            self._generation = (tree, settings, token)
        return token
