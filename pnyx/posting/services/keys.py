"""Form keys: a resubmitted form returns what it created; a key reused for other text is refused.

Every compose form (and every API request with an ``Idempotency-Key``) carries a key,
unique per author on posts. The same submission sent again (a double click, a retry, back
and resubmit) finds the post it created and returns it. The same key with *different*
text (back, edit, resubmit without JavaScript) is refused with ``FormKeyReusedError``:
answering with the first post would silently drop the member's new text.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from pnyx.accounts.models import Member
from pnyx.core.errors import FormKeyReusedError
from pnyx.threads.models import Post, PostRevision


def existing_post(author: Member, key: str) -> Post | None:
    """The post ``author`` created with ``key``, with its thread; None without one."""
    if not key:
        return None
    # Repeating the unique index's condition (a non-empty key) lets SQLite use that partial
    # index; without it, and with first()'s ORDER BY id, it read every post of the author:
    # seconds for a prolific member in a forum of a million posts.
    found = list(
        Post.objects.select_related("thread")
        .filter(author=author, idempotency_key=key)
        .exclude(idempotency_key="")[:1]
    )
    return found[0] if found else None


def _sent_text(post: Post) -> str:
    """The text the post was created with (edits since keep it in the first revision)."""
    if post.revision == 0:
        return post.source
    first = PostRevision.objects.filter(post=post, revision=1).values_list(
        "previous_source", flat=True
    )
    return next(iter(first), post.source)


def check_same_submission(
    post: Post, *, body: str, thread_id: int | None = None, title: str | None = None
) -> None:
    """Refuse unless ``post`` is what this submission created: a reply to ``thread_id``,
    or (``title`` given) a new thread's first post, with this text."""
    if title is not None:
        same_place = post.position == 1 and post.thread.title == title
    else:
        same_place = post.thread_id == thread_id and post.position > 1
    if same_place and body in (post.source, _sent_text(post)):
        return
    raise FormKeyReusedError(
        _(
            "This form was already sent with a different text, which was posted. "
            "Your new text is kept below: send it again to post it as well."
        )
    )
