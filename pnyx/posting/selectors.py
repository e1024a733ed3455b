"""Reads for composing: the member's own drafts, never anyone else's."""

from __future__ import annotations

from pnyx.core.actors import Actor, is_member
from pnyx.forums.models import Forum
from pnyx.forums.permissions import check_view_forum
from pnyx.posting.models import Draft
from pnyx.threads.models import Thread
from pnyx.threads.permissions import check_view_thread


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
        drafts = Draft.objects.filter(thread=thread)
    elif forum is not None and thread is None:
        check_view_forum(actor, forum)
        drafts = Draft.objects.filter(forum=forum)
    else:
        raise ValueError("A draft belongs to exactly one thread or one forum.")
    if not is_member(actor):
        return None
    return drafts.filter(member=actor).first()
