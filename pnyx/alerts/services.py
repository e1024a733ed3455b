"""Watching, and the alerts: who hears of a post, a reaction or a moderator's action.

Writes (a reply, a reaction) only publish events; the subscribers here enqueue jobs
(``pnyx.alerts.tasks``), and the jobs fan out in batches of ``BATCH`` watchers, so a reply
in a thread watched by thousands costs the request what an unwatched one does. Every alert
is checked against the recipient's Access when it is created and again when it is shown
(``selectors.readable``); alerts about a post go with the post.

Other apps alert members through ``notify`` (apps above this one) or by publishing
``pnyx.core.events.AlertRequested`` (apps below, such as conversations and moderation).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from pnyx.accounts.models import Member
from pnyx.alerts.enums import AlertKind, Delivery, Digest
from pnyx.alerts.models import Alert, AlertPreferences, ForumWatch, ThreadWatch
from pnyx.alerts.permissions import check_has_alerts, check_watch_forum, check_watch_thread
from pnyx.alerts.selectors import (
    COUNT_TIMEOUT,
    GENERATION_KEY,
    count_key,
    may_have_unread,
    pending_key,
    preferences_of,
)
from pnyx.core.access import Access
from pnyx.core.actors import Actor, require_member
from pnyx.core.events import (
    AlertRequested,
    ConversationMessagePosted,
    Event,
    ForumChanged,
    PostChanged,
    ReactionChanged,
    ThreadChanged,
)
from pnyx.core.jobs import enqueue_on_commit
from pnyx.core.markup import mentioned_ids
from pnyx.forums.models import Forum
from pnyx.reactions.models import Reaction
from pnyx.threads.models import Post, PostQuote, Thread

# Watchers alerted per job: each batch is one job, which enqueues the next.
BATCH = 1000

# ---------------------------------------------------------------- watching


def watch_thread(actor: Actor, thread: Thread) -> None:
    check_watch_thread(actor, thread)
    member = require_member(actor)
    ThreadWatch.objects.bulk_create(
        [ThreadWatch(member=member, thread=thread)], ignore_conflicts=True
    )


def unwatch_thread(actor: Actor, thread: Thread) -> None:
    check_watch_thread(actor, thread)
    ThreadWatch.objects.filter(member_id=require_member(actor).pk, thread=thread).delete()


def watch_forum(actor: Actor, forum: Forum, *, every_post: bool = False) -> ForumWatch:
    check_watch_forum(actor, forum)
    member = require_member(actor)
    watch, _created = ForumWatch.objects.update_or_create(
        member=member, forum=forum, defaults={"every_post": every_post}
    )
    return watch


def unwatch_forum(actor: Actor, forum: Forum) -> None:
    check_watch_forum(actor, forum)
    ForumWatch.objects.filter(member_id=require_member(actor).pk, forum=forum).delete()


# ---------------------------------------------------------------- preferences


def set_preferences(
    actor: Actor,
    *,
    kinds: dict[str, str] | None = None,
    digest: str | None = None,
    auto_watch: bool | None = None,
) -> AlertPreferences:
    """Change how the member hears of things; what is not given stays."""
    check_has_alerts(actor)
    member = require_member(actor)
    errors: dict[str, str] = {}
    for kind, delivery in (kinds or {}).items():
        if kind not in AlertKind.values:
            errors[kind] = f"Unknown alert kind {kind!r}."
        elif delivery not in Delivery.values:
            errors[kind] = "Choose site, email or off."
    if digest is not None and digest not in Digest.values:
        errors["digest"] = "Choose none, daily or weekly."
    if errors:
        from django.core.exceptions import ValidationError

        raise ValidationError(errors)
    with transaction.atomic():
        preferences, _created = AlertPreferences.objects.select_for_update().get_or_create(
            member=member
        )
        if kinds:
            preferences.kinds = {**preferences.kinds, **kinds}
        if digest is not None:
            preferences.digest = digest
        if auto_watch is not None:
            preferences.auto_watch = auto_watch
        preferences.save()
    return preferences


# ---------------------------------------------------------------- reading


def forget_counts(member_ids: Iterable[int]) -> None:
    """The unread counts of these members changed: count them again at their next page
    (and, until that count says none, reading a thread looks for alerts to mark read)."""
    ids = set(member_ids)
    if ids:
        cache.delete_many([count_key(member_id) for member_id in ids])
        cache.set_many({pending_key(member_id): 1 for member_id in ids}, COUNT_TIMEOUT)


def forget_all_counts() -> None:
    """Alerts may have disappeared for anyone (a post deleted, a forum hidden)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def mark_read(actor: Actor, *, ids: Iterable[int] | None = None, everything: bool = False) -> int:
    """Mark some of the member's alerts (or all) read; returns how many changed."""
    check_has_alerts(actor)
    member = require_member(actor)
    unread = Alert.objects.filter(member=member, read_at__isnull=True)
    if not everything:
        unread = unread.filter(pk__in=list(ids or []))
    changed = unread.update(read_at=timezone.now())
    if changed:
        forget_counts([member.pk])
    return changed


def on_thread_read(
    sender: object, *, member_id: int, thread_id: int, position: int, **kwargs: Any
) -> None:
    """A member read a thread up to ``position``: the alerts of those posts are read. In
    the steady state (no unread alert, known from the cache) this costs no query."""
    if not may_have_unread(member_id):
        return
    changed = Alert.objects.filter(
        member_id=member_id,
        thread_id=thread_id,
        read_at__isnull=True,
        post__position__lte=position,
    ).update(read_at=timezone.now())
    if changed:
        forget_counts([member_id])


# ---------------------------------------------------------------- events → jobs


def on_post_changed(event: PostChanged) -> None:
    from pnyx.alerts import tasks

    if event.kind == "created":
        enqueue_on_commit(tasks.alert_new_post, event.post_id)
    elif event.kind == "edited":
        enqueue_on_commit(tasks.alert_edited_post, event.post_id)
    else:
        forget_all_counts()


def on_reaction_changed(event: ReactionChanged) -> None:
    from pnyx.alerts import tasks

    if event.kind == "added":
        enqueue_on_commit(tasks.alert_reaction, event.post_id, event.member_id)


def on_content_hidden(event: Event) -> None:
    """Threads deleted or forums changed: some alerts may no longer be readable."""
    if isinstance(event, ThreadChanged | ForumChanged) and event.kind in ("updated", "deleted"):
        forget_all_counts()


def on_alert_requested(event: AlertRequested) -> None:
    from pnyx.alerts import tasks

    enqueue_on_commit(
        tasks.alert_requested,
        event.member_id,
        event.alert_kind,
        event.actor_id,
        event.object_id,
        event.post_id,
        event.url,
        event.text,
    )


def on_conversation_message(event: ConversationMessagePosted) -> None:
    """Each participant but the author hears of a new conversation message, in a job.
    The link is the message's own address, which answers only its participants (the
    conversations app decides who they are; the event names them)."""
    from django.urls import reverse

    from pnyx.alerts import tasks

    url = reverse("conversation-message", args=[event.message_id])
    for member_id in event.recipient_ids:
        if member_id != event.member_id:
            enqueue_on_commit(
                tasks.alert_requested,
                member_id,
                AlertKind.CONVERSATION_MESSAGE.value,
                event.member_id,
                event.message_id,
                None,
                url,
                "",
            )


# ---------------------------------------------------------------- creating alerts


def _post(post_id: int) -> Post | None:
    return (
        Post.objects.select_related("thread", "thread__forum", "author").filter(pk=post_id).first()
    )


def _recipients(
    member_ids: Iterable[int], kind: str, post: Post, *, skip_author: bool = True
) -> list[Member]:
    """The members among ``member_ids`` who get a ``kind`` alert about ``post``: active,
    not its author (unless ``skip_author`` is false), able to read it now, and not with
    that kind turned off."""
    ids = {m for m in member_ids if not (skip_author and m == post.author_id)}
    if not ids:
        return []
    members = list(Member.objects.filter(pk__in=ids, is_active=True))
    off = set(
        AlertPreferences.objects.filter(member_id__in=ids)
        .filter(**{f"kinds__{kind}": Delivery.OFF.value})
        .values_list("member_id", flat=True)
    )
    forum_id = post.thread.forum_id
    return [
        member
        for member in members
        if member.pk not in off and forum_id in Access.for_actor(member).grants.read
    ]


def _create(alerts: list[Alert]) -> int:
    """Insert ``alerts`` (those already there are skipped) and refresh the counts."""
    if not alerts:
        return 0
    Alert.objects.bulk_create(alerts, ignore_conflicts=True, batch_size=500)
    forget_counts(alert.member_id for alert in alerts)
    return len(alerts)


def _post_alerts(kind: str, post: Post, members: Iterable[Member]) -> list[Alert]:
    now = timezone.now()
    return [
        Alert(
            member_id=member.pk,
            kind=kind,
            actor_id=post.author_id,
            post_id=post.pk,
            thread_id=post.thread_id,
            created_at=now,
        )
        for member in members
    ]


def quoted_member_ids(post: Post) -> set[int]:
    return {
        author_id
        for author_id in PostQuote.objects.filter(post=post).values_list(
            "quoted_post__author_id", flat=True
        )
        if author_id is not None
    }


def mentioned_member_ids(post: Post) -> set[int]:
    """The members the post links as @mentions (rendered on write), no query."""
    return set(mentioned_ids(post.html))


def alert_direct(post_id: int) -> set[int]:
    """Quote and mention alerts for ``post`` (idempotent: one per member, kind and post,
    so after an edit only the newly quoted or mentioned get one). Returns who was told."""
    post = _post(post_id)
    if post is None:
        return set()
    quoted = _recipients(quoted_member_ids(post), AlertKind.QUOTE, post)
    quoted_ids = {member.pk for member in quoted}
    # A member both quoted and mentioned hears of it once, as a quote.
    mentioned = [
        member
        for member in _recipients(mentioned_member_ids(post), AlertKind.MENTION, post)
        if member.pk not in quoted_ids
    ]
    _create(
        _post_alerts(AlertKind.QUOTE, post, quoted)
        + _post_alerts(AlertKind.MENTION, post, mentioned)
    )
    return quoted_ids | {member.pk for member in mentioned}


def auto_watch(post: Post) -> None:
    """The author watches the thread they started or replied to, unless they chose not to."""
    if post.author_id is None:
        return
    if AlertPreferences.objects.filter(member_id=post.author_id, auto_watch=False).exists():
        return
    ThreadWatch.objects.bulk_create(
        [ThreadWatch(member_id=post.author_id, thread_id=post.thread_id)], ignore_conflicts=True
    )


def alert_watchers(post_id: int, source: str, after: int) -> int | None:
    """One batch of the watchers of ``post``'s thread (``source`` "thread") or forum
    ("forum"), with member ids above ``after``. Returns the last member id of a full batch
    (there may be more), None when done."""
    post = _post(post_id)
    if post is None:
        return None
    first = post.position == 1
    watchers: QuerySet[Any]
    if source == "thread":
        watchers = ThreadWatch.objects.filter(thread_id=post.thread_id)
    else:
        watchers = ForumWatch.objects.filter(forum_id=post.thread.forum_id)
        if not first:
            watchers = watchers.filter(every_post=True)
    batch: list[int] = list(
        watchers.filter(member_id__gt=after)
        .order_by("member_id")
        .values_list("member_id", flat=True)[:BATCH]
    )
    if not batch:
        return None
    kind = AlertKind.THREAD if first and source == "forum" else AlertKind.REPLY
    # Those quoted or mentioned in this post already heard of it.
    told = set(
        Alert.objects.filter(post_id=post.pk, member_id__in=batch).values_list(
            "member_id", flat=True
        )
    )
    members = _recipients([m for m in batch if m not in told], kind, post)
    _create(_post_alerts(kind, post, members))
    return batch[-1] if len(batch) == BATCH else None


def alert_reaction(post_id: int, reactor_id: int) -> None:
    """Tell the author that members reacted to their post: one alert per post, counting
    the members who reacted since it was last read ("3 members reacted"). Idempotent: the
    count is taken from the reactions, not added to."""
    post = _post(post_id)
    if post is None or post.author_id is None or post.author_id == reactor_id:
        return
    reacted_at = (
        Reaction.objects.filter(post_id=post.pk, member_id=reactor_id)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if reacted_at is None or not _recipients(
        [post.author_id], AlertKind.REACTION, post, skip_author=False
    ):
        return  # taken back already, or the author may not hear of it
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update()
            .filter(member_id=post.author_id, kind=AlertKind.REACTION, post_id=post.pk)
            .first()
        )
        if alert is None:
            alert = Alert(
                member_id=post.author_id,
                kind=AlertKind.REACTION,
                post_id=post.pk,
                thread_id=post.thread_id,
                created_at=reacted_at,
            )
        elif alert.read_at is not None:
            if reacted_at <= alert.read_at:
                return  # a retry of a reaction already seen
            # Read since: a new batch starts with this reaction.
            alert.created_at = reacted_at
            alert.read_at = None
        alert.actor_id = reactor_id
        alert.actor_count = max(
            1,
            Reaction.objects.filter(post_id=post.pk, created_at__gte=alert.created_at)
            .exclude(member_id=post.author_id)
            .values("member_id")
            .distinct()
            .count(),
        )
        try:
            with transaction.atomic():
                alert.save()
        except IntegrityError:
            return  # a concurrent job made it; it counted this reaction too
    forget_counts([post.author_id])


def notify(
    member_id: int,
    kind: str,
    *,
    actor_id: int | None = None,
    object_id: int | None = None,
    url: str = "",
    text: str = "",
    post_id: int | None = None,
) -> bool:
    """Alert one member of something another app did (a report's outcome, a moderator's
    action on their post, a conversation message). With ``post_id`` the alert is about
    that post and follows its rules (made and shown only while the member may read it);
    otherwise the caller has checked that the member may see ``url``. Idempotent per
    member, kind and ``object_id`` (or post). Returns whether an alert was made."""
    if kind not in AlertKind.values:
        raise ValueError(f"Unknown alert kind {kind!r}.")
    if member_id == actor_id:
        return False
    if post_id is not None:
        post = _post(post_id)
        if post is None or not _recipients([member_id], kind, post, skip_author=False):
            return False
        alert = Alert(
            member_id=member_id,
            kind=kind,
            actor_id=actor_id,
            post_id=post.pk,
            thread_id=post.thread_id,
            object_id=object_id,
            text=text[:300],
        )
    else:
        if not Member.objects.filter(pk=member_id, is_active=True).exists():
            return False
        if preferences_of(member_id).delivery(kind) == Delivery.OFF:
            return False
        alert = Alert(
            member_id=member_id,
            kind=kind,
            actor_id=actor_id,
            object_id=object_id,
            url=url[:500],
            text=text[:300],
        )
    return _create([alert]) > 0
