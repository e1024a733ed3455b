"""Drafts: what a member is writing in a thread (a reply) or a forum (a new thread).

One row per member and place; its ``sequence`` rises with every save, so a window that
saves against a stale sequence is refused (DraftConflictError) rather than overwriting
another window's text. Posting empties the draft after commit.
"""

from __future__ import annotations

import functools
from typing import Literal

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pnyx.accounts.models import Member
from pnyx.core.actors import Actor, require_member
from pnyx.core.errors import DraftConflictError
from pnyx.forums.models import Forum
from pnyx.forums.permissions import check_start_thread
from pnyx.posting.models import Draft
from pnyx.posting.services.posts import quoted_column
from pnyx.posting.services.validation import clean_draft
from pnyx.threads.models import Thread
from pnyx.threads.permissions import check_reply_thread

DraftPlace = dict[str, "Thread | Forum"]
Place = Literal["thread", "forum"]


def _draft_place(actor: Actor, thread: Thread | None, forum: Forum | None) -> DraftPlace:
    """The draft's key, after checking the actor may write there."""
    if thread is not None and forum is None:
        check_reply_thread(actor, thread)
        return {"thread": thread}
    if forum is not None and thread is None:
        check_start_thread(actor, forum)
        return {"forum": forum}
    raise ValueError("A draft belongs to exactly one thread or one forum.")


def save_draft(
    actor: Actor,
    *,
    thread: Thread | None = None,
    forum: Forum | None = None,
    title: str = "",
    body: str,
    sequence: int,
) -> Draft:
    """Save what a member is writing in ``thread`` (a reply) or ``forum`` (a new thread).

    ``sequence`` is the draft's sequence this window last saw (0 before the first save).
    If another window saved or posted since, nothing is overwritten: DraftConflictError
    carries the draft as it is now. Saving nothing empties the draft. Returns the draft
    with its new sequence.
    """
    place = _draft_place(actor, thread, forum)
    member = require_member(actor)
    title, body = clean_draft(title, body)
    with transaction.atomic():
        draft = Draft.objects.select_for_update().filter(member=member, **place).first()
        current = draft.sequence if draft is not None else 0
        if sequence != current:
            raise DraftConflictError(
                _("This draft was saved or posted in another window since this one last saved."),
                title=draft.title if draft is not None else "",
                body=draft.body if draft is not None else "",
                sequence=current,
            )
        now = timezone.now()
        if draft is None:
            if not title and not body.strip():
                return Draft(member=member, **place, sequence=0)  # nothing to keep
            try:
                with transaction.atomic():
                    return Draft.objects.create(
                        member=member, **place, title=title, body=body, sequence=1, updated_at=now
                    )
            except IntegrityError:
                # Another window created it first: same answer as a stale sequence.
                draft = Draft.objects.get(member=member, **place)
                raise DraftConflictError(
                    _("This draft was saved in another window since this one last saved."),
                    title=draft.title,
                    body=draft.body,
                    sequence=draft.sequence,
                ) from None
        draft.title = title
        draft.body = body if body.strip() or title else ""
        draft.sequence += 1
        draft.updated_at = now
        draft.save(update_fields=["title", "body", "sequence", "updated_at"])
    return draft


def empty_draft_on_commit(
    member: Member, place: Place, place_id: int, *, up_to: int | None
) -> None:
    """Once the post is committed, empty its draft (raising the sequence, so a late save
    from a stale window is refused), unless a later draft was saved than the one posted
    (``up_to``). A drafted-nothing draft is left alone, so windows open on it stay valid."""
    transaction.on_commit(functools.partial(_empty_draft, member.pk, place, place_id, up_to))


def _empty_draft(member_id: int, place: Place, place_id: int, up_to: int | None) -> None:
    statements = _statements()
    index = (0 if place == "thread" else 2) + (0 if up_to is None else 1)
    params = [connection.ops.adapt_datetimefield_value(timezone.now()), member_id, place_id]
    if up_to is not None:
        params.append(up_to)
    with connection.cursor() as cursor:
        cursor.execute(statements[index], params)


_built: dict[str, tuple[str, ...]] = {}


def _statements() -> tuple[str, ...]:
    """One UPDATE per place (thread, forum), with and without a sequence bound; built once
    from the model, as the posting statements are (``posts``)."""
    vendor = connection.vendor
    built = _built.get(vendor)
    if built is None:
        col = quoted_column
        table = connection.ops.quote_name(Draft._meta.db_table)
        title, body, sequence = col(Draft, "title"), col(Draft, "body"), col(Draft, "sequence")
        empty = (
            f"UPDATE {table} SET {title} = '', {body} = '', "  # noqa: S608
            f"{sequence} = {sequence} + 1, {col(Draft, 'updated_at')} = %s "
            f"WHERE {col(Draft, 'member')} = %s AND NOT ({title} = '' AND {body} = '')"
        )
        built = _built[vendor] = tuple(
            f"{empty} AND {col(Draft, name)} = %s{up_to}"
            for name in ("thread", "forum")
            for up_to in ("", f" AND {sequence} <= %s")
        )
    return built
