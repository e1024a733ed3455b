"""Writing posts: start a thread, reply, edit, preview, and the drafts behind them.

Each function is one user action: it checks permission first, runs in one
transaction, keeps every denormalised counter exact with F() updates, and is safe
to retry: a submission carries an idempotency key, and the same key from the same
member returns the post it already created.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Field, Model
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pnyx.accounts.models import Member
from pnyx.core.actors import Actor, is_staff, require_member
from pnyx.core.content_version import bump_content_version_on_commit
from pnyx.core.errors import DraftConflictError, EditConflictError
from pnyx.core.markup import QuoteResolver, QuoteTarget, RenderedPost, plain_text, render_post
from pnyx.forums.models import Forum
from pnyx.forums.permissions import check_start_thread
from pnyx.posting.models import Draft
from pnyx.threads.models import Post, PostQuote, PostRevision, Thread
from pnyx.threads.permissions import check_edit_post, check_reply_thread, visible_posts

TITLE_MAX = 200
BODY_MAX = 50_000
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_\-]{8,64}$")


def clean_title(title: str) -> str:
    # NUL can't be stored by PostgreSQL; drop it as the body cleaning does.
    title = " ".join(title.replace("\x00", "").split())
    if not title:
        raise ValidationError(
            {"title": ValidationError(_("Give the thread a title."), code="required")}
        )
    if len(title) > TITLE_MAX:
        raise ValidationError(
            {
                "title": ValidationError(
                    _("Keep the title to %(max)d characters (it has %(n)d).")
                    % {"max": TITLE_MAX, "n": len(title)},
                    code="max_length",
                )
            }
        )
    return title


def clean_body(body: str) -> str:
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not body.strip():
        raise ValidationError(
            {"body": ValidationError(_("Write something first."), code="required")}
        )
    if len(body) > BODY_MAX:
        raise ValidationError(
            {
                "body": ValidationError(
                    _("Keep the post to %(max)d characters (it has %(n)d).")
                    % {"max": BODY_MAX, "n": len(body)},
                    code="max_length",
                )
            }
        )
    return body.rstrip()


def clean_idempotency_key(key: str | None) -> str:
    if not key:
        return ""
    if not IDEMPOTENCY_KEY.match(key):
        raise ValidationError({"idempotency_key": _("The form key is malformed.")})
    return key


def _quote_resolver(actor: Actor) -> QuoteResolver:
    def resolve(post_ids: Collection[int]) -> Mapping[int, QuoteTarget]:
        posts = visible_posts(actor, Post.objects.filter(pk__in=list(post_ids))).select_related(
            "author", "thread"
        )
        return {
            post.pk: QuoteTarget(
                post_id=post.pk,
                username=post.author.username if post.author else _("Deleted member"),
                url=post.get_absolute_url(),
                forum_id=post.thread.forum_id,
                text=f"{post.source}\n{plain_text(post.html)}",
            )
            for post in posts
        }

    return resolve


def render_for(actor: Actor, body: str) -> RenderedPost:
    """Render a body as ``actor`` would post it (quotes resolved against what they may see)."""
    return render_post(body, resolve_quotes=_quote_resolver(actor))


def _existing(author: Member, key: str) -> Post | None:
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


def _link_quotes(post: Post, rendered: RenderedPost, *, new: bool = False) -> None:
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


def _bump_forum(forum_id: int, post: Post, thread: Thread, *, new_thread: bool) -> None:
    Forum.objects.filter(pk=forum_id).update(
        thread_count=F("thread_count") + (1 if new_thread else 0),
        post_count=F("post_count") + 1,
        last_post_id=post.pk,
        last_post_at=post.created_at,
        last_thread_id=thread.pk,
        last_poster_id=post.author_id,
    )


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
    is emptied, unless another window saved a later draft than ``draft_sequence``."""
    check_start_thread(actor, forum)
    member = require_member(actor)
    title = clean_title(title)
    body = clean_body(body)
    key = clean_idempotency_key(idempotency_key)
    existing = _existing(member, key)
    if existing is not None:
        return existing.thread
    rendered = render_for(member, body)
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
            post = Post.objects.create(
                thread=thread,
                author=member,
                position=1,
                source=body,
                html=rendered.html,
                created_at=now,
                idempotency_key=key,
                quote_forum_ids=[fid for fid in rendered.quote_forum_ids if fid != forum.pk],
            )
            thread.first_post_id = thread.last_post_id = post.pk
            thread.save(update_fields=["first_post_id", "last_post_id"])
            _link_quotes(post, rendered, new=True)
            _bump_forum(forum.pk, post, thread, new_thread=True)
            Member.objects.filter(pk=member.pk).update(post_count=F("post_count") + 1)
            transaction.on_commit(
                lambda: _empty_draft(member, {"forum": forum}, up_to=draft_sequence)
            )
            bump_content_version_on_commit()
    except IntegrityError:
        # A concurrent submission with the same key won the race: return its thread.
        existing = _existing(member, key)
        if existing is None:
            raise
        return existing.thread
    return thread


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

    A reply is the hottest write, so it is five short statements with SQL built once
    (see ``_ReplySQL``): count the reply on the thread row (which locks it, refusing a
    locked thread, and hands out the position), insert the post, point the thread at it,
    and count it on the forum and the author. A repeated key is caught by the unique
    index on (author, key): the transaction rolls back and the first post is returned.
    """
    check_reply_thread(actor, thread)
    member = require_member(actor)
    body = clean_body(body)
    key = clean_idempotency_key(idempotency_key)
    rendered = render_for(member, body)
    try:
        with transaction.atomic():
            now = timezone.now()
            forum_id, position = _claim_position(member, thread, now)
            post = Post(
                thread=thread,
                author=member,
                position=position,
                source=body,
                html=rendered.html,
                created_at=now,
                idempotency_key=key,
                quote_forum_ids=[fid for fid in rendered.quote_forum_ids if fid != forum_id],
            )
            _SQL.insert_reply(post, forum_id, now)
            if rendered.quoted_post_ids:
                _link_quotes(post, rendered, new=True)
            transaction.on_commit(
                lambda: _empty_draft(member, {"thread": thread}, up_to=draft_sequence)
            )
            bump_content_version_on_commit()
    except IntegrityError:
        # The same key was used before (or by a concurrent twin that won): its post.
        existing = _existing(member, key)
        if existing is None:
            raise
        return existing
    thread.reply_count = position - 1
    thread.last_post_at = now
    thread.last_post_id = post.pk
    thread.last_poster_id = member.pk
    thread.forum_id = forum_id
    return post


def _claim_position(member: Member, thread: Thread, now: datetime) -> tuple[int, int]:
    """Count a reply on the thread row (locking it until commit) and return the thread's
    forum and the new post's position; PermissionDenied if the thread was locked since
    the caller checked (staff may still reply)."""
    for _attempt in range(2):
        claimed = _SQL.claim(thread.pk, member, now)
        if claimed is not None:
            return claimed
        # Nothing was updated: the thread was locked (or deleted) meanwhile. Say why.
        current = Thread.objects.select_related("forum").get(pk=thread.pk)
        check_reply_thread(member, current)
        # Unlocked again since: try once more.
    raise PermissionDenied(_("This thread is locked: it takes no new replies."))


class _ReplySQL:
    """The statements of a reply, built once from the models (tables, columns, and the
    post's fields with their defaults) instead of compiled by the ORM on every reply."""

    def __init__(self) -> None:
        self._built: dict[str, tuple[str, ...]] = {}

    def _statements(self) -> tuple[str, ...]:
        vendor = connection.vendor
        built = self._built.get(vendor)
        if built is None:
            built = self._built[vendor] = self._build()
        return built

    @staticmethod
    def _build() -> tuple[str, ...]:
        q = connection.ops.quote_name

        def col(model: type[Model], name: str) -> str:
            return q(cast("Field[Any, Any]", model._meta.get_field(name)).column)

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
        claim_unlocked = f"{claim} AND NOT {col(Thread, 'is_locked')}{returning}"
        columns = ", ".join(q(field.column) for field in _post_fields())
        values = ", ".join(["%s"] * len(_post_fields()))
        insert = f"INSERT INTO {post} ({columns}) VALUES ({values}) RETURNING {col(Post, 'id')}"  # noqa: S608
        point = (
            f"UPDATE {thread} SET {col(Thread, 'last_post_id')} = %s WHERE {col(Thread, 'id')} = %s"  # noqa: S608
        )
        post_count = col(Forum, "post_count")
        forum_update = (
            f"UPDATE {forum} SET {post_count} = {post_count} + 1, "  # noqa: S608
            f"{col(Forum, 'last_post_id')} = %s, {col(Forum, 'last_post_at')} = %s, "
            f"{col(Forum, 'last_thread')} = %s, {col(Forum, 'last_poster')} = %s "
            f"WHERE {col(Forum, 'id')} = %s"
        )
        member_count = col(Member, "post_count")
        member_update = (
            f"UPDATE {member} SET {member_count} = {member_count} + 1 "  # noqa: S608
            f"WHERE {col(Member, 'id')} = %s"
        )
        draft, draft_title, draft_body = (
            q(Draft._meta.db_table),
            col(Draft, "title"),
            col(Draft, "body"),
        )
        sequence = col(Draft, "sequence")
        empty_draft = (
            f"UPDATE {draft} SET {draft_title} = '', {draft_body} = '', "  # noqa: S608
            f"{sequence} = {sequence} + 1, {col(Draft, 'updated_at')} = %s "
            f"WHERE {col(Draft, 'member')} = %s AND NOT ({draft_title} = '' AND {draft_body} = '')"
        )
        by_place = tuple(
            f"{empty_draft} AND {col(Draft, name)} = %s{up_to}"
            for name in ("thread", "forum")
            for up_to in ("", f" AND {sequence} <= %s")
        )
        return (
            claim_unlocked,
            claim + returning,
            insert,
            point,
            forum_update,
            member_update,
            *by_place,
        )

    def claim(self, thread_id: int, member: Member, now: datetime) -> tuple[int, int] | None:
        claim_unlocked, claim_any = self._statements()[:2]
        sql = claim_any if is_staff(member) else claim_unlocked
        with connection.cursor() as cursor:
            cursor.execute(
                sql, [connection.ops.adapt_datetimefield_value(now), member.pk, thread_id]
            )
            row = cursor.fetchone()
        if row is None:
            return None
        return row[0], row[1] + 1

    def insert_reply(self, post: Post, forum_id: int, now: datetime) -> None:
        """Insert ``post`` (the thread row already counts it) and count it everywhere."""
        insert, point, forum_update, member_update = self._statements()[2:6]
        params = [
            field.get_db_prep_save(field.pre_save(post, True), connection)
            for field in _post_fields()
        ]
        when = connection.ops.adapt_datetimefield_value(now)
        with connection.cursor() as cursor:
            cursor.execute(insert, params)
            post.pk = cursor.fetchone()[0]
            post._state.adding = False
            post._state.db = connection.alias
            cursor.execute(point, [post.pk, post.thread_id])
            cursor.execute(forum_update, [post.pk, when, post.thread_id, post.author_id, forum_id])
            cursor.execute(member_update, [post.author_id])

    def empty_draft(
        self, member_id: int, place: str, place_id: int, up_to: int | None, now: datetime
    ) -> None:
        statements = self._statements()[6:]
        index = (0 if place == "thread" else 2) + (0 if up_to is None else 1)
        params = [connection.ops.adapt_datetimefield_value(now), member_id, place_id]
        if up_to is not None:
            params.append(up_to)
        with connection.cursor() as cursor:
            cursor.execute(statements[index], params)


@functools.cache
def _post_fields() -> tuple[Field[Any, Any], ...]:
    return tuple(field for field in Post._meta.concrete_fields if not field.primary_key)


_SQL = _ReplySQL()


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
        current.quote_forum_ids = [
            fid for fid in rendered.quote_forum_ids if fid != current.thread.forum_id
        ]
        current.revision += 1
        current.edited_at = timezone.now()
        current.last_editor = member
        current.save(
            update_fields=[
                "source", "html", "quote_forum_ids", "revision", "edited_at", "last_editor",
            ]
        )  # fmt: skip
        _link_quotes(current, rendered)
        bump_content_version_on_commit()
    post.source, post.html, post.revision = current.source, current.html, current.revision
    post.edited_at, post.last_editor = current.edited_at, member
    post.quote_forum_ids = current.quote_forum_ids
    return current


def preview_post(actor: Actor, body: str) -> str:
    """The HTML a body would have if ``actor`` posted it now (nothing is saved)."""
    return render_for(actor, clean_body(body)).html


def quote_source(post: Post, source: str | None = None) -> str:
    """Markup that quotes the whole of ``post`` in a reply.

    Pass ``source`` as the reader sees it (``PostItem.source``): quotes the reader may not
    see the origin of must stay unattributed in the reply box too.
    """
    username = post.author.username if post.author else "deleted"
    text = post.source if source is None else source
    return f'[quote="{username}, post:{post.pk}"]\n{text}\n[/quote]\n\n'


# ---------------------------------------------------------------- drafts

DraftPlace = dict[str, "Thread | Forum"]


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
    title = title.strip()
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if len(title) > TITLE_MAX:
        raise ValidationError(
            {"title": _("Keep the title to %(max)d characters.") % {"max": TITLE_MAX}},
            code="max_length",
        )
    if len(body) > BODY_MAX:
        raise ValidationError(
            {
                "body": _("Keep the post to %(max)d characters (it has %(n)d).")
                % {"max": BODY_MAX, "n": len(body)}
            },
            code="max_length",
        )
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


def _empty_draft(member: Member, place: DraftPlace, *, up_to: int | None) -> None:
    """The post is saved: empty its draft (raising the sequence, so a late save from a
    stale window is refused), unless a later draft was saved than the one posted.
    A drafted-nothing draft is left alone, so windows open on it stay valid."""
    ((name, target),) = place.items()
    _SQL.empty_draft(member.pk, name, target.pk, up_to, timezone.now())
