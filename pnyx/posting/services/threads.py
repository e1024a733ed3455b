"""Starting a thread: the thread row, then its first post through the one write path."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from pnyx.core.actors import Actor, require_member
from pnyx.core.events import PostChanged, ThreadChanged, publish_on_commit
from pnyx.forums.models import Forum
from pnyx.forums.permissions import check_start_thread
from pnyx.posting.services.drafts import empty_draft_on_commit
from pnyx.posting.services.keys import check_same_submission, existing_post
from pnyx.posting.services.posts import quote_forum_ids, save_new_post
from pnyx.posting.services.validation import (
    clean_body,
    clean_draft_sequence,
    clean_idempotency_key,
    clean_title,
    render_for,
)
from pnyx.sanctions.gate import admit_post
from pnyx.threads.models import Post, Thread


def create_thread(
    actor: Actor,
    forum: Forum,
    *,
    title: str,
    body: str,
    idempotency_key: str = "",
    draft_sequence: int | None = None,
) -> Thread:
    """Start a thread. Once it is saved, the member's draft for a new thread in ``forum``
    is emptied, unless another window saved a later draft than ``draft_sequence``.

    The same ``idempotency_key`` with the same title and text returns the thread already
    started; with anything else it raises FormKeyReusedError.
    """
    check_start_thread(actor, forum)
    member = require_member(actor)
    title = clean_title(title)
    body = clean_body(body)
    key = clean_idempotency_key(idempotency_key)
    draft_sequence = clean_draft_sequence(draft_sequence)
    existing = existing_post(member, key)
    if existing is not None:
        check_same_submission(existing, body=body, title=title)
        return existing.thread
    rendered = render_for(member, body)
    admission = admit_post(actor, forum_id=forum.pk)
    try:
        with transaction.atomic():
            now = timezone.now()
            thread = Thread.objects.create(
                forum=forum,
                title=title,
                slug=slugify(title)[:80].strip("-") or "thread",
                author=member,
                created_at=now,
                last_post_at=now,
                last_poster=member,
            )
            post = Post(
                thread=thread,
                author=member,
                position=1,
                source=body,
                html=rendered.html,
                created_at=now,
                idempotency_key=key,
                quote_forum_ids=quote_forum_ids(rendered, forum.pk),
            )
            save_new_post(post, forum.pk, now, rendered, new_thread=True)
            thread.first_post_id = thread.last_post_id = post.pk
            empty_draft_on_commit(member, "forum", forum.pk, up_to=draft_sequence)
            publish_on_commit(
                ThreadChanged(
                    kind="created", thread_id=thread.pk, forum_id=forum.pk, actor_id=member.pk
                )
            )
            publish_on_commit(
                PostChanged(
                    kind="created",
                    post_id=post.pk,
                    thread_id=thread.pk,
                    forum_id=forum.pk,
                    member_id=member.pk,
                    actor_id=member.pk,
                )
            )
    except IntegrityError:
        admission.release()
        # A concurrent submission with the same key won the race: its thread, if the same.
        existing = existing_post(member, key)
        if existing is None:
            raise
        check_same_submission(existing, body=body, title=title)
        return existing.thread
    except BaseException:
        admission.release()
        raise
    return thread
