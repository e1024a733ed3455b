"""The forum tree as permission checks need it: every forum's parent and visibility.

The whole (small) forum table is read in one query and kept by the process. Each Access
checks that it is still current the way guest pages do: by the content version
(``pnyx.core.content_version``, read without a query, and moved on every process at once
whenever something guests can see changes). When the version has moved, a stamp in the
shared cache says whether the forums themselves changed, so a reply elsewhere costs a cache
read, not a query. Readers get sets of forum ids computed once per tree, so a page's
permission checks are set lookups.

A forum saved or deleted (``post_save``/``post_delete``, connected in
``ForumsConfig.ready()``) drops the tree in this process at once and publishes a
``ForumChanged`` event on commit (``pnyx.core.events``); ``on_forum_changed``, its
subscriber, writes a new stamp and then moves the content version, so every other process
reads the tree again before its next check. Forums must be changed through
``save()``/``delete()`` (the admin does), not queryset ``update()``, which sends no signal;
bulk writes publish ``ContentRebuilt``, which the tree follows too.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading
import time
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from django.core.cache import cache

from pnyx.core.content_version import bump_content_version, current_content_version
from pnyx.core.events import ContentRebuilt, ForumChanged, publish_on_commit
from pnyx.forums.models import Forum

logger = logging.getLogger(__name__)


class ForumTree:
    """Forums by id with their parents; answers which forums a set of visibilities reaches."""

    __slots__ = ("_by_visibilities", "_lock", "memo", "parents", "visibilities")

    def __init__(self, rows: Iterable[tuple[int, int | None, str]]) -> None:
        self.parents: dict[int, int | None] = {}
        self.visibilities: dict[int, str] = {}
        for forum_id, parent_id, visibility in rows:
            self.parents[forum_id] = parent_id
            self.visibilities[forum_id] = visibility
        self._by_visibilities: dict[frozenset[str], frozenset[int]] = {}
        self._lock = threading.Lock()
        # For policies: what they computed from this tree (it never changes once read).
        self.memo: dict[Hashable, object] = {}

    def lineage(self, forum_id: int) -> tuple[int, ...] | None:
        """The forum and its ancestors, nearest first; None when the chain is broken (a parent
        that is not in the tree, or a cycle), which makes the forum unreachable."""
        if forum_id not in self.parents:
            return None
        chain = [forum_id]
        seen = {forum_id}
        parent = self.parents[forum_id]
        while parent is not None:
            if parent in seen or parent not in self.parents:
                return None
            chain.append(parent)
            seen.add(parent)
            parent = self.parents[parent]
        return tuple(chain)

    def reachable(self, visibilities: frozenset[str]) -> frozenset[int]:
        """Forums whose own visibility and every ancestor's are in ``visibilities``."""
        found = self._by_visibilities.get(visibilities)
        if found is None:
            with self._lock:
                found = frozenset(
                    forum_id
                    for forum_id in self.parents
                    if (chain := self.lineage(forum_id)) is not None
                    and all(self.visibilities[link] in visibilities for link in chain)
                )
                self._by_visibilities[visibilities] = found
        return found


def _load() -> ForumTree:
    return ForumTree(Forum.objects.order_by().values_list("pk", "parent_id", "visibility"))


# The forums' own version, beside the content version: the content version moves on every
# write (a reply, a reaction), the forums' stamp only when a forum changes. A process whose
# content version moved reads this stamp from the shared cache (no query) and reads the
# forum table again only when the stamp moved too.
STAMP_KEY = "forums:tree-stamp"


@dataclass(frozen=True, slots=True)
class _Held:
    version: str | None  # the content version it was last confirmed under
    stamp: str | None  # the forums' stamp it was read under (None: unknown)
    tree: ForumTree


_held: _Held | None = None


def _shared_stamp() -> str | None:
    try:
        stamp = cache.get(STAMP_KEY)
    except Exception:  # the shared cache is down: read the tree whenever unsure
        logger.warning("forum tree stamp unavailable", exc_info=True)
        return None
    return stamp if isinstance(stamp, str) else None


def _new_stamp() -> str:
    return f"{time.time_ns():x}-{secrets.token_hex(4)}"


def current_forum_tree() -> ForumTree:
    """The tree as of now (see the module): the one this process holds while neither the
    content version nor the forums' stamp has moved, else read again (one query)."""
    global _held
    try:
        version: str | None = current_content_version()
    except Exception:  # the version store is down: read the tree every time meanwhile
        logger.warning("content version unavailable; reading the forum tree again")
        version = None
    held = _held
    if held is not None and version is not None and held.version == version:
        return held.tree
    stamp = _shared_stamp() if version is not None else None
    if held is not None and stamp is not None and held.stamp == stamp:
        _held = _Held(version, stamp, held.tree)
        return held.tree
    # The stamp is read before the rows: a forum change committed in between writes a new
    # stamp, so the next version change here reads the rows again.
    tree = _load()
    if stamp is None and version is not None:
        # No stamp yet (first start, or evicted): make one. If a writer set one meanwhile,
        # the tree just read may predate its change: keep none, so the next change reloads.
        fresh = _new_stamp()
        try:
            stamp = fresh if cache.add(STAMP_KEY, fresh, timeout=None) else None
        except Exception:
            stamp = None
    _held = _Held(version, stamp, tree)
    return tree


def held_forum_tree() -> ForumTree | None:
    """The tree this process holds, without checking anything (no I/O)."""
    held = _held
    return held.tree if held is not None else None


def forget_forum_tree() -> None:
    """Drop the tree this process holds: the next Access reads it again."""
    global _held
    _held = None


def on_forum_changed(event: ForumChanged | ContentRebuilt) -> None:
    """After a forum change commits (the subscriber of ``ForumChanged`` and
    ``ContentRebuilt``): every process reads the tree again before its next check.

    The new stamp is written first, then the content version moves. The guest cache's
    subscriber to every event has moved the version already (subscribers of a base class
    run first), so a process that looked in between found the old stamp and kept its tree
    under the new version; moving the version once more, after the stamp, makes it look
    again. A category's own change (``forum_id`` None) changes no forum's place: its
    forums' saves publish their own events."""
    if isinstance(event, ForumChanged) and event.forum_id is None:
        return
    forget_forum_tree()
    try:
        cache.set(STAMP_KEY, _new_stamp(), timeout=None)
    except Exception:
        # Other processes cannot be told through the cache; they still reload when their
        # content version moves and they find no stamp they hold.
        logger.exception("could not publish the forum change")
        with contextlib.suppress(Exception):
            cache.delete(STAMP_KEY)
    bump_content_version()


# Fields whose change can change what someone may read.
_TREE_FIELDS = frozenset({"parent", "parent_id", "visibility"})
# The denormalised counters: the posting services write them and publish their own events.
_COUNTER_FIELDS = frozenset(
    {
        "thread_count",
        "post_count",
        "last_post_id",
        "last_post_at",
        "last_thread",
        "last_thread_id",
        "last_poster",
        "last_poster_id",
    }
)


def forum_saved(
    sender: type[Forum],
    instance: Forum,
    created: bool = False,
    update_fields: Iterable[str] | None = None,
    **kwargs: object,
) -> None:
    """A forum was saved (``post_save``): publish the change on commit, and drop the tree
    here at once when the forum may have moved or changed visibility (a check later in this
    transaction sees the change)."""
    fields = None if update_fields is None else frozenset(update_fields)
    if fields is not None and fields <= _COUNTER_FIELDS:
        return
    if fields is None or not _TREE_FIELDS.isdisjoint(fields):
        forget_forum_tree()
    publish_on_commit(
        ForumChanged(
            kind="created" if created else "updated",
            forum_id=instance.pk,
            category_id=instance.category_id,
        )
    )


def forum_deleted(sender: type[Forum], instance: Forum, **kwargs: object) -> None:
    """A forum was deleted (``post_delete``): as ``forum_saved``."""
    forget_forum_tree()
    publish_on_commit(
        ForumChanged(kind="deleted", forum_id=instance.pk, category_id=instance.category_id)
    )
