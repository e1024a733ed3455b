"""Editing a post: the new text replaces the old, which is kept in the post's history."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pnyx.core.actors import Actor, require_member
from pnyx.core.errors import EditConflictError
from pnyx.core.events import PostChanged, publish_on_commit
from pnyx.posting.services.posts import link_quotes, quote_forum_ids
from pnyx.posting.services.validation import clean_body, render_for
from pnyx.threads.models import Post, PostRevision
from pnyx.threads.permissions import check_edit_post


def edit_post(actor: Actor, post: Post, *, body: str, base_revision: int | None = None) -> Post:
    """Replace a post's text, keeping the previous text in its history.

    ``base_revision`` is the revision the editor started from; if someone saved since,
    nothing is overwritten and EditConflictError carries the current text.
    """
    check_edit_post(actor, post)
    member = require_member(actor)
    body = clean_body(body)
    rendered = render_for(member, body)
    with transaction.atomic():
        current = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
        if base_revision is not None and current.revision != base_revision:
            raise EditConflictError(
                _("This post was changed by someone else while you were editing it."),
                current_source=current.source,
                current_revision=current.revision,
            )
        if current.source == body:
            return current
        PostRevision.objects.create(
            post=current,
            revision=current.revision + 1,
            editor=member,
            edited_at=timezone.now(),
            previous_source=current.source,
        )
        current.source = body
        current.html = rendered.html
        current.quote_forum_ids = quote_forum_ids(rendered, current.thread.forum_id)
        current.revision += 1
        current.edited_at = timezone.now()
        current.last_editor = member
        current.save(
            update_fields=[
                "source", "html", "quote_forum_ids", "revision", "edited_at", "last_editor",
            ]
        )  # fmt: skip
        link_quotes(current, rendered)
        publish_on_commit(
            PostChanged(
                kind="edited",
                post_id=current.pk,
                thread_id=current.thread_id,
                forum_id=current.thread.forum_id,
                member_id=current.author_id,
                actor_id=member.pk,
            )
        )
    post.source, post.html, post.revision = current.source, current.html, current.revision
    post.edited_at, post.last_editor = current.edited_at, member
    post.quote_forum_ids = current.quote_forum_ids
    return current
