"""Saving a new post and counting it: the one write path of new threads and replies.

Both a new thread's first post and a reply are saved by ``save_new_post``: insert the post,
point its thread at it, count it on the forum (and count the thread when it is new) and on
the author, link its quotes. A reply first claims its position with ``claim_position``,
which counts it on the thread row. The statements are built once from the models (tables,
columns, the post's fields with their defaults) instead of being compiled by the ORM on
every post: the ORM spent more CPU building them than the database running them, and a
reply is the hottest write (docs/performance.md, Writes).
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any, NamedTuple, cast

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Field, Model
from django.utils.translation import gettext as _

from pnyx.accounts.models import Member
from pnyx.core.markup import RenderedPost
from pnyx.forums.models import Forum
from pnyx.threads.models import Post, PostQuote, Thread
from pnyx.threads.permissions import can_moderate_thread, check_reply_thread


class _Statements(NamedTuple):
    claim_unlocked: str
    claim_any: str
    insert: str
    point_reply: str
    point_first: str
    count_on_forum: str
    count_on_member: str


def quoted_column(model: type[Model], name: str) -> str:
    field = cast("Field[Any, Any]", model._meta.get_field(name))
    return connection.ops.quote_name(field.column)


def _build() -> _Statements:
    q = connection.ops.quote_name
    col = quoted_column
    # Only identifiers quoted by the backend go into these strings (hence noqa: S608).
    thread, post, forum = (
        q(Thread._meta.db_table),
        q(Post._meta.db_table),
        q(Forum._meta.db_table),
    )
    member = q(Member._meta.db_table)
    reply_count = col(Thread, "reply_count")
    claim = (
        f"UPDATE {thread} SET {reply_count} = {reply_count} + 1, "  # noqa: S608
        f"{col(Thread, 'last_post_at')} = %s, {col(Thread, 'last_poster')} = %s "
        f"WHERE {col(Thread, 'id')} = %s"
    )
    returning = f" RETURNING {col(Thread, 'forum')}, {reply_count}"
    columns = ", ".join(q(field.column) for field in post_fields())
    values = ", ".join(["%s"] * len(post_fields()))
    thread_id = col(Thread, "id")
    last_post_id = col(Thread, "last_post_id")
    post_count = col(Forum, "post_count")
    thread_count = col(Forum, "thread_count")
    member_count = col(Member, "post_count")
    return _Statements(
        claim_unlocked=f"{claim} AND NOT {col(Thread, 'is_locked')}{returning}",
        claim_any=claim + returning,
        insert=f"INSERT INTO {post} ({columns}) VALUES ({values}) RETURNING {col(Post, 'id')}",  # noqa: S608
        point_reply=f"UPDATE {thread} SET {last_post_id} = %s WHERE {thread_id} = %s",  # noqa: S608
        point_first=(
            f"UPDATE {thread} SET {col(Thread, 'first_post_id')} = %s, "  # noqa: S608
            f"{last_post_id} = %s WHERE {thread_id} = %s"
        ),
        count_on_forum=(
            f"UPDATE {forum} SET {post_count} = {post_count} + 1, "  # noqa: S608
            f"{thread_count} = {thread_count} + %s, "
            f"{col(Forum, 'last_post_id')} = %s, {col(Forum, 'last_post_at')} = %s, "
            f"{col(Forum, 'last_thread')} = %s, {col(Forum, 'last_poster')} = %s "
            f"WHERE {col(Forum, 'id')} = %s"
        ),
        count_on_member=(
            f"UPDATE {member} SET {member_count} = {member_count} + 1 "  # noqa: S608
            f"WHERE {col(Member, 'id')} = %s"
        ),
    )


_built: dict[str, _Statements] = {}


def _statements() -> _Statements:
    vendor = connection.vendor
    built = _built.get(vendor)
    if built is None:
        built = _built[vendor] = _build()
    return built


@functools.cache
def post_fields() -> tuple[Field[Any, Any], ...]:
    return tuple(field for field in Post._meta.concrete_fields if not field.primary_key)


def claim_position(member: Member, thread: Thread, now: datetime) -> tuple[int, int]:
    """Count a reply on the thread row (locking it until commit) and return the thread's
    forum and the new post's position; PermissionDenied if the thread was locked since
    the caller checked (its forum's moderators may still reply)."""
    any_state = can_moderate_thread(member, thread)
    for _attempt in range(2):
        claimed = _claim(thread.pk, member, now, any_state=any_state)
        if claimed is not None:
            return claimed
        # Nothing was updated: the thread was locked (or deleted) meanwhile. Say why.
        current = Thread.objects.select_related("forum").get(pk=thread.pk)
        check_reply_thread(member, current)
        # Unlocked again since: try once more.
    raise PermissionDenied(_("This thread is locked: it takes no new replies."))


def _claim(
    thread_id: int, member: Member, now: datetime, *, any_state: bool
) -> tuple[int, int] | None:
    """Count the reply on the thread row; None when nothing was updated (the thread is
    gone, or locked and ``any_state`` is false: only moderators reply to locked threads)."""
    statements = _statements()
    sql = statements.claim_any if any_state else statements.claim_unlocked
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(now), member.pk, thread_id])
        row = cursor.fetchone()
    if row is None:
        return None
    return row[0], row[1] + 1


def save_new_post(
    post: Post, forum_id: int, now: datetime, rendered: RenderedPost, *, new_thread: bool
) -> None:
    """Insert ``post`` and count it everywhere: the thread points at it (as its first post
    too when ``new_thread``), the forum and the author count it, quotes are linked.

    A reply's thread row already counts it (``claim_position``); a new thread's row was
    just created with no replies.
    """
    statements = _statements()
    params = [
        field.get_db_prep_save(field.pre_save(post, True), connection) for field in post_fields()
    ]
    when = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(statements.insert, params)
        post.pk = cursor.fetchone()[0]
        post._state.adding = False
        post._state.db = connection.alias
        if new_thread:
            cursor.execute(statements.point_first, [post.pk, post.pk, post.thread_id])
        else:
            cursor.execute(statements.point_reply, [post.pk, post.thread_id])
        cursor.execute(
            statements.count_on_forum,
            [1 if new_thread else 0, post.pk, when, post.thread_id, post.author_id, forum_id],
        )
        cursor.execute(statements.count_on_member, [post.author_id])
    if rendered.quoted_post_ids:
        link_quotes(post, rendered, new=True)


def link_quotes(post: Post, rendered: RenderedPost, *, new: bool = False) -> None:
    """Record which posts ``post`` quotes (after an edit: only those it still quotes)."""
    if not new:
        PostQuote.objects.filter(post=post).exclude(
            quoted_post_id__in=rendered.quoted_post_ids
        ).delete()
    if not rendered.quoted_post_ids:
        return
    PostQuote.objects.bulk_create(
        [PostQuote(post=post, quoted_post_id=quoted) for quoted in rendered.quoted_post_ids],
        ignore_conflicts=True,
    )


def quote_forum_ids(rendered: RenderedPost, forum_id: int) -> list[int]:
    """The forums of the posts quoted, outside the post's own forum (for hiding their
    attribution from readers who cannot see them)."""
    return [fid for fid in rendered.quote_forum_ids if fid != forum_id]
