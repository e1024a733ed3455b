"""Replying to a thread (the hottest write), and the markup that quotes a post in a reply."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from pnyx.core.actors import Actor, require_member
from pnyx.core.events import PostChanged, publish_on_commit
from pnyx.core.ratelimit import RateLimitError
from pnyx.posting.services.drafts import empty_draft_on_commit
from pnyx.posting.services.keys import check_same_submission, existing_post
from pnyx.posting.services.posts import claim_position, quote_forum_ids, save_new_post
from pnyx.posting.services.validation import (
    clean_body,
    clean_draft_sequence,
    clean_idempotency_key,
    render_for,
)
from pnyx.sanctions.gate import admit_post
from pnyx.sanctions.heat import note_reply
from pnyx.threads.models import Post, Thread
from pnyx.threads.permissions import check_reply_thread


def reply_to_thread(
    actor: Actor,
    thread: Thread,
    *,
    body: str,
    idempotency_key: str = "",
    draft_sequence: int | None = None,
) -> Post:
    """Reply to a thread. Once the reply is saved, the member's draft for the thread is
    emptied, unless another window saved a later draft than ``draft_sequence``.

    A reply is five short statements (``posts``): count the reply on the thread row (which
    locks it, refusing a locked thread, and hands out the position), insert the post, point
    the thread at it, and count it on the forum and the author. A repeated key is caught
    by the unique index on (author, key): the transaction rolls back and the first post is
    returned if it is this same reply (FormKeyReusedError if the text differs).
    """
    check_reply_thread(actor, thread)
    member = require_member(actor)
    body = clean_body(body)
    key = clean_idempotency_key(idempotency_key)
    draft_sequence = clean_draft_sequence(draft_sequence)
    rendered = render_for(member, body)
    try:
        admission = admit_post(actor, forum_id=thread.forum_id, thread=thread)
    except RateLimitError:
        # Flood limits: a form sent twice (a double click) still answers with its post.
        existing = existing_post(member, key)
        if existing is None:
            raise
        check_same_submission(existing, body=body, thread_id=thread.pk)
        return existing
    try:
        with transaction.atomic():
            now = timezone.now()
            forum_id, position = claim_position(member, thread, now)
            post = Post(
                thread=thread,
                author=member,
                position=position,
                source=body,
                html=rendered.html,
                created_at=now,
                idempotency_key=key,
                quote_forum_ids=quote_forum_ids(rendered, forum_id),
            )
            save_new_post(post, forum_id, now, rendered, new_thread=False)
            note_reply(thread, forum_id, now)  # the heat trigger: no query unless it fires
            empty_draft_on_commit(member, "thread", thread.pk, up_to=draft_sequence)
            publish_on_commit(
                PostChanged(
                    kind="created",
                    post_id=post.pk,
                    thread_id=thread.pk,
                    forum_id=forum_id,
                    member_id=member.pk,
                    actor_id=member.pk,
                )
            )
    except IntegrityError:
        admission.release()
        # The same key was used before (or by a concurrent twin that won): its post.
        existing = existing_post(member, key)
        if existing is None:
            raise
        check_same_submission(existing, body=body, thread_id=thread.pk)
        return existing
    except BaseException:
        admission.release()
        raise
    thread.reply_count = position - 1
    thread.last_post_at = now
    thread.last_post_id = post.pk
    thread.last_poster_id = member.pk
    thread.forum_id = forum_id
    return post


def quote_source(post: Post, source: str | None = None) -> str:
    """Markup that quotes the whole of ``post`` in a reply.

    Pass ``source`` as the reader sees it (``PostItem.source``): quotes the reader may not
    see the origin of must stay unattributed in the reply box too.
    """
    username = post.author.username if post.author else "deleted"
    text = post.source if source is None else source
    return f'[quote="{username}, post:{post.pk}"]\n{text}\n[/quote]\n\n'
