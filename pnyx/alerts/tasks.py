"""The alert fan-out, in jobs: a write only enqueues ``alert_new_post``; watchers are told
in batches (``services.BATCH`` per job, each job enqueueing the next), so no request waits
for thousands of inserts and a retried job repeats nothing (alerts are unique per member,
kind and post)."""

from __future__ import annotations

from pnyx.alerts import services
from pnyx.core.jobs import enqueue_on_commit, job


@job()
def alert_new_post(post_id: int) -> None:
    """A new post: its author watches the thread (their setting), the quoted are told,
    then the thread's and the forum's watchers, in batches."""
    post = services._post(post_id)
    if post is None:
        return
    services.auto_watch(post)
    services.alert_direct(post_id)
    enqueue_on_commit(alert_watchers, post_id, "thread", 0)
    enqueue_on_commit(alert_watchers, post_id, "forum", 0)


@job()
def alert_edited_post(post_id: int) -> None:
    """An edit tells only the members it newly quotes or mentions."""
    services.alert_direct(post_id)


@job()
def alert_watchers(post_id: int, source: str, after: int) -> None:
    last = services.alert_watchers(post_id, source, after)
    if last is not None:
        enqueue_on_commit(alert_watchers, post_id, source, last)


@job()
def alert_reaction(post_id: int, reactor_id: int) -> None:
    services.alert_reaction(post_id, reactor_id)


@job()
def alert_requested(
    member_id: int,
    kind: str,
    actor_id: int | None,
    object_id: int | None,
    post_id: int | None,
    url: str,
    text: str,
) -> None:
    services.notify(
        member_id,
        kind,
        actor_id=actor_id,
        object_id=object_id,
        post_id=post_id,
        url=url,
        text=text,
    )
