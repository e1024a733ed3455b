"""Reads for composing: the member's own drafts, never anyone else's."""

from __future__ import annotations

from pnyx.core.actors import Actor, is_member
from pnyx.core.prepared import PreparedQuery
from pnyx.forums.models import Forum
from pnyx.forums.permissions import check_view_forum
from pnyx.posting.models import Draft
from pnyx.threads.models import Thread
from pnyx.threads.permissions import check_view_thread

# A thread page reads the member's reply draft on every view: SQL built once per connection.
_reply_draft: PreparedQuery[Draft] = PreparedQuery(
    lambda member_id, thread_id: Draft.objects.filter(
        thread_id=thread_id, member_id=member_id
    ).order_by("pk")[:1],
    2,
)


def get_draft(
    actor: Actor, *, thread: Thread | None = None, forum: Forum | None = None
) -> Draft | None:
    """The actor's own draft for a reply in ``thread`` or a new thread in ``forum``.

    There is deliberately no way to name another member: the draft is always the
    actor's. The place is checked again, so a draft for a thread the member can no
    longer see is never shown. None for guests and when nothing was ever saved; an
    emptied draft (``is_empty``) still carries the sequence to save against.
    """
    if thread is not None and forum is None:
        check_view_thread(actor, thread)
        return _reply_draft.first(actor.pk, thread.pk) if is_member(actor) else None
    if forum is not None and thread is None:
        check_view_forum(actor, forum)
        if not is_member(actor):
            return None
        return Draft.objects.filter(forum=forum, member=actor).first()
    raise ValueError("A draft belongs to exactly one thread or one forum.")
