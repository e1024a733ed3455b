from __future__ import annotations

import threading

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from pytest_django import DjangoAssertNumQueries

from pnyx.accounts.models import Member
from pnyx.core.errors import EditConflictError, FormKeyReusedError
from pnyx.core.models import SiteSettings
from pnyx.forums.models import Forum
from pnyx.posting.services import (
    BODY_MAX,
    TITLE_MAX,
    create_thread,
    edit_post,
    preview_post,
    quote_source,
    repair_counters,
    reply_to_thread,
)
from pnyx.testing.factories import counters_snapshot, first_post, make_member, make_thread
from pnyx.threads.models import Post, PostQuote, PostRevision, Thread

pytestmark = pytest.mark.django_db


def test_create_thread_creates_first_post_and_counters(member: Member, forum: Forum) -> None:
    thread = create_thread(member, forum, title="  Talks   resume  ", body="Opening **post**.")

    thread.refresh_from_db()
    forum.refresh_from_db()
    member.refresh_from_db()
    post = first_post(thread)
    assert thread.title == "Talks resume"
    assert thread.slug == "talks-resume"
    assert thread.reply_count == 0
    assert thread.first_post_id == post.pk
    assert thread.last_post_id == post.pk
    assert thread.last_poster_id == member.pk
    assert post.position == 1
    assert post.html == "<p>Opening <strong>post</strong>.</p>\n"
    assert (forum.thread_count, forum.post_count) == (1, 1)
    assert forum.last_thread_id == thread.pk
    assert forum.last_post_id == post.pk
    assert member.post_count == 1


def test_create_thread_slug_falls_back_for_titles_without_ascii(
    member: Member, forum: Forum
) -> None:
    thread = create_thread(member, forum, title="Переговоры", body="Текст.")
    assert thread.slug == "thread"


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [
        ("", "Body", "title"),
        ("   ", "Body", "title"),
        ("x" * (TITLE_MAX + 1), "Body", "title"),
        ("Title", "", "body"),
        ("Title", " \n\t ", "body"),
        ("Title", "x" * (BODY_MAX + 1), "body"),
    ],
)
def test_create_thread_rejects_bad_input_and_saves_nothing(
    member: Member, forum: Forum, title: str, body: str, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        create_thread(member, forum, title=title, body=body)
    assert field in error.value.message_dict
    assert Thread.objects.count() == 0
    assert Post.objects.count() == 0
    forum.refresh_from_db()
    assert forum.thread_count == 0


def test_create_thread_accepts_limits_exactly(member: Member, forum: Forum) -> None:
    thread = create_thread(member, forum, title="t" * TITLE_MAX, body="b" * BODY_MAX)
    assert len(thread.title) == TITLE_MAX
    assert len(first_post(thread).source) == BODY_MAX


def test_create_thread_guest_is_refused(forum: Forum) -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        create_thread(AnonymousUser(), forum, title="T", body="B")
    assert Thread.objects.count() == 0


def test_create_thread_in_hidden_forum_is_not_found(member: Member, staff_forum: Forum) -> None:
    with pytest.raises(Http404):
        create_thread(member, staff_forum, title="T", body="B")


def test_create_thread_same_key_twice_creates_one_thread(member: Member, forum: Forum) -> None:
    first = create_thread(member, forum, title="T", body="B", idempotency_key="key-0123456789")
    second = create_thread(member, forum, title="T", body="B", idempotency_key="key-0123456789")
    assert first.pk == second.pk
    assert Thread.objects.count() == 1
    member.refresh_from_db()
    assert member.post_count == 1


def test_create_thread_rejects_malformed_key(member: Member, forum: Forum) -> None:
    with pytest.raises(ValidationError):
        create_thread(member, forum, title="T", body="B", idempotency_key="bad key!")
    assert Thread.objects.count() == 0


def test_reply_to_thread_assigns_positions_and_counters(
    member: Member, other_member: Member, thread: Thread
) -> None:
    one = reply_to_thread(member, thread, body="First reply")
    two = reply_to_thread(other_member, thread, body="Second reply")

    thread.refresh_from_db()
    assert (one.position, two.position) == (2, 3)
    assert thread.reply_count == 2
    assert thread.last_post_id == two.pk
    assert thread.last_poster_id == other_member.pk
    thread.forum.refresh_from_db()
    assert thread.forum.post_count == 3
    assert thread.forum.last_post_id == two.pk


def test_reply_to_thread_same_key_returns_the_same_post(member: Member, thread: Thread) -> None:
    one = reply_to_thread(member, thread, body="Once", idempotency_key="abcdefgh12345")
    two = reply_to_thread(member, thread, body="Once", idempotency_key="abcdefgh12345")
    assert one.pk == two.pk
    thread.refresh_from_db()
    assert thread.reply_count == 1


def test_reply_to_thread_same_key_other_member_is_separate(
    member: Member, other_member: Member, thread: Thread
) -> None:
    one = reply_to_thread(member, thread, body="A", idempotency_key="abcdefgh12345")
    two = reply_to_thread(other_member, thread, body="B", idempotency_key="abcdefgh12345")
    assert one.pk != two.pk


def test_reply_to_locked_thread_is_refused_for_members_but_not_staff(
    member: Member, moderator: Member, forum: Forum
) -> None:
    locked = make_thread(forum, is_locked=True)
    with pytest.raises(PermissionDenied, match="locked"):
        reply_to_thread(member, locked, body="Let me in")
    post = reply_to_thread(moderator, locked, body="Staff note")
    assert post.position == 2


def test_reply_to_thread_records_quote_links(
    member: Member, other_member: Member, thread: Thread
) -> None:
    opening = first_post(thread)
    body = f'[quote="bob, post:{opening.pk}"]\ntalks would resume\n[/quote]\n\nWhen?'
    reply = reply_to_thread(member, thread, body=body)

    assert list(PostQuote.objects.filter(post=reply).values_list("quoted_post_id", flat=True)) == [
        opening.pk
    ]
    assert f'href="/posts/{opening.pk}/"' in reply.html
    assert "bob</a> said:" in reply.html
    assert reply.quote_forum_ids == []


def test_reply_quoting_a_post_the_author_cannot_see_reveals_nothing(
    member: Member, moderator: Member, thread: Thread, staff_forum: Forum
) -> None:
    secret = make_thread(staff_forum, author=moderator, body="Staff-only plans.")
    secret_post = first_post(secret)
    body = f'[quote="mod_mia, post:{secret_post.pk}"]\nStaff-only plans.\n[/quote]'
    reply = reply_to_thread(member, thread, body=body)

    assert "mod_mia" not in reply.html
    assert f"/posts/{secret_post.pk}/" not in reply.html
    assert PostQuote.objects.filter(post=reply).count() == 0


def test_staff_quote_across_forums_records_the_forum_for_hiding(
    moderator: Member, thread: Thread, staff_forum: Forum
) -> None:
    secret = make_thread(staff_forum, author=moderator, body="Staff-only plans.")
    body = f'[quote="mod_mia, post:{secret.first_post_id}"]\nStaff-only plans.\n[/quote]'
    reply = reply_to_thread(moderator, thread, body=body)
    assert reply.quote_forum_ids == [staff_forum.pk]


def test_edit_post_keeps_history_and_rerenders(member: Member, forum: Forum) -> None:
    thread = make_thread(forum, author=member, body="Version *one*")
    post = first_post(thread)

    edited = edit_post(member, post, body="Version **two**", base_revision=0)

    edited.refresh_from_db()
    assert edited.source == "Version **two**"
    assert edited.html == "<p>Version <strong>two</strong></p>\n"
    assert edited.revision == 1
    assert edited.last_editor_id == member.pk
    assert edited.edited_at is not None
    revision = PostRevision.objects.get(post=post)
    assert (revision.revision, revision.previous_source, revision.editor_id) == (
        1,
        "Version *one*",
        member.pk,
    )


def test_edit_post_same_text_records_nothing(member: Member, forum: Forum) -> None:
    post = first_post(make_thread(forum, author=member, body="Same"))
    edit_post(member, post, body="Same")
    assert PostRevision.objects.count() == 0
    post.refresh_from_db()
    assert post.revision == 0


def test_edit_post_conflict_keeps_both_versions(
    member: Member, moderator: Member, forum: Forum
) -> None:
    post = first_post(make_thread(forum, author=member, body="Original"))
    edit_post(moderator, post, body="Moderator's version", base_revision=0)

    with pytest.raises(EditConflictError) as conflict:
        edit_post(member, post, body="Author's version", base_revision=0)

    assert conflict.value.current_source == "Moderator's version"
    assert conflict.value.current_revision == 1
    post.refresh_from_db()
    assert post.source == "Moderator's version"


def test_edit_post_by_someone_else_is_refused(
    member: Member, other_member: Member, forum: Forum
) -> None:
    post = first_post(make_thread(forum, author=member, body="Mine"))
    with pytest.raises(PermissionDenied):
        edit_post(other_member, post, body="Hijacked")
    post.refresh_from_db()
    assert post.source == "Mine"


def test_edit_post_window_closes_for_members_not_staff(
    member: Member, moderator: Member, forum: Forum
) -> None:
    SiteSettings.objects.update_or_create(pk=1, defaults={"edit_window_minutes": 30})
    with time_machine.travel("2026-01-01 12:00:00+00:00", tick=False):
        post = first_post(make_thread(forum, author=member, body="Early"))
    with time_machine.travel("2026-01-01 12:29:00+00:00", tick=False):
        edit_post(member, post, body="Within the window")
    with (
        time_machine.travel("2026-01-01 12:31:00+00:00", tick=False),
        pytest.raises(PermissionDenied, match="time allowed"),
    ):
        edit_post(member, post, body="Too late")
    with time_machine.travel("2026-01-01 12:31:00+00:00", tick=False):
        edit_post(moderator, post, body="Staff can")
    post.refresh_from_db()
    assert post.source == "Staff can"


def test_edit_post_window_zero_means_no_limit(member: Member, forum: Forum) -> None:
    SiteSettings.objects.update_or_create(pk=1, defaults={"edit_window_minutes": 0})
    with time_machine.travel("2020-01-01 00:00:00+00:00", tick=False):
        post = first_post(make_thread(forum, author=member, body="Old"))
    edit_post(member, post, body="Still editable")
    post.refresh_from_db()
    assert post.source == "Still editable"


def test_edit_post_in_locked_thread_is_refused_for_members(member: Member, forum: Forum) -> None:
    thread = make_thread(forum, author=member, is_locked=True)
    with pytest.raises(PermissionDenied, match="locked"):
        edit_post(member, first_post(thread), body="Change")


def test_edit_post_updates_quote_links(member: Member, thread: Thread) -> None:
    opening = first_post(thread)
    reply = reply_to_thread(member, thread, body="No quote yet")
    edit_post(member, reply, body=f'[quote="bob, post:{opening.pk}"]\nthe minister said\n[/quote]')
    assert PostQuote.objects.filter(post=reply, quoted_post=opening).exists()
    edit_post(member, reply, body="Quote removed")
    assert not PostQuote.objects.filter(post=reply).exists()


def test_preview_post_renders_without_saving(member: Member) -> None:
    assert preview_post(member, "**Bold** <script>x</script>") == (
        "<p><strong>Bold</strong> &lt;script&gt;x&lt;/script&gt;</p>\n"
    )
    assert Post.objects.count() == 0


def test_quote_source_wraps_the_whole_post(thread: Thread) -> None:
    post = first_post(thread)
    assert quote_source(post) == (
        f'[quote="bob, post:{post.pk}"]\n'
        "The minister said talks would resume on Monday in Geneva.\n[/quote]\n\n"
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_replies_with_one_key_create_one_post(forum: Forum) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    author = make_member(username="racer")
    thread = make_thread(forum, author=author)
    results: list[int] = []
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            results.append(
                reply_to_thread(author, thread, body="Race", idempotency_key="race-key-0001").pk
            )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=submit) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert len(set(results)) == 1
    assert Post.objects.filter(thread=thread).count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_replies_get_distinct_positions_and_exact_counts(forum: Forum) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    thread = make_thread(forum)
    authors = [make_member(username=f"writer{i}") for i in range(8)]
    errors: list[BaseException] = []

    def submit(author: Member) -> None:
        try:
            reply_to_thread(author, thread, body=f"Reply from {author.username}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=submit, args=(a,)) for a in authors]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    positions = sorted(Post.objects.filter(thread=thread).values_list("position", flat=True))
    assert positions == list(range(1, 10))
    thread.refresh_from_db()
    assert thread.reply_count == 8


def test_create_thread_drops_nul_characters_from_the_title(member: Member, forum: Forum) -> None:
    thread = create_thread(member, forum, title="Talks\x00 resume", body="Body\x00 text")
    thread.refresh_from_db()
    assert thread.title == "Talks resume"
    assert first_post(thread).source == "Body text"


# ---------------------------------------------------------------- the reply's statements


def _counters(thread: Thread, *members: Member) -> tuple[object, ...]:
    thread.refresh_from_db()
    thread.forum.refresh_from_db()
    member_counts = [Member.objects.get(pk=m.pk).post_count for m in members]
    return (
        thread.reply_count,
        thread.last_post_id,
        thread.last_poster_id,
        thread.last_post_at,
        thread.forum.post_count,
        thread.forum.thread_count,
        thread.forum.last_post_id,
        thread.forum.last_thread_id,
        thread.forum.last_poster_id,
        *member_counts,
    )


def test_reply_is_a_few_statements(
    member: Member, thread: Thread, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    # Count the reply on the thread (locking it), insert it, point the thread at it, count
    # it on the forum and the author; inside a test the transaction is a savepoint (2 more);
    # and one indexed read of the member's restrictions (bans, reply bans: pnyx.sanctions).
    thread = Thread.objects.select_related("forum").get(pk=thread.pk)  # as views load it
    with django_assert_max_num_queries(8):
        reply_to_thread(member, thread, body="Short and cheap", idempotency_key="cheap-key-01")


def test_reply_returns_the_post_as_stored_and_updates_the_thread_object(
    member: Member, thread: Thread
) -> None:
    with time_machine.travel("2026-03-01 12:00:00+00:00", tick=False):
        post = reply_to_thread(member, thread, body="Stored *as is*", idempotency_key="stored-01")

    stored = Post.objects.get(pk=post.pk)
    for field in Post._meta.concrete_fields:
        assert getattr(post, field.attname) == getattr(stored, field.attname), field.name
    assert post._state.adding is False
    assert (stored.revision, stored.reaction_counts, stored.edited_at) == (0, {}, None)
    assert stored.created_at.isoformat() == "2026-03-01T12:00:00+00:00"
    assert (thread.reply_count, thread.last_post_id, thread.last_poster_id) == (
        1,
        post.pk,
        member.pk,
    )
    assert thread.last_post_at == stored.created_at
    assert post.thread is thread


def test_reply_with_a_used_key_changes_no_counter(
    member: Member, other_member: Member, thread: Thread, forum: Forum
) -> None:
    first = reply_to_thread(member, thread, body="Once", idempotency_key="twice-sent-01")
    reply_to_thread(other_member, thread, body="Someone else")
    elsewhere = make_thread(forum)
    before = _counters(thread, member, other_member)

    again = reply_to_thread(member, thread, body="Once", idempotency_key="twice-sent-01")
    # The key belongs to a reply in another thread: refused, never answered with that post.
    with pytest.raises(FormKeyReusedError, match="already sent with a different text"):
        reply_to_thread(member, elsewhere, body="Once", idempotency_key="twice-sent-01")

    assert again.pk == first.pk
    assert _counters(thread, member, other_member) == before
    elsewhere.refresh_from_db()
    assert elsewhere.reply_count == 0
    assert Post.objects.filter(idempotency_key="twice-sent-01").count() == 1


def test_reply_to_a_thread_locked_after_the_check_is_refused_and_changes_nothing(
    member: Member, moderator: Member, thread: Thread
) -> None:
    before = _counters(thread, member)
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    stale = Thread.objects.select_related("forum").get(pk=thread.pk)
    stale.is_locked = False  # as the page saw it a moment ago

    with pytest.raises(PermissionDenied, match="locked"):
        reply_to_thread(member, stale, body="Too late")

    assert _counters(thread, member) == before
    assert Post.objects.filter(thread=thread).count() == 1
    assert reply_to_thread(moderator, stale, body="Staff may").position == 2


def test_reply_to_a_deleted_thread_raises_not_found(member: Member, thread: Thread) -> None:
    gone = Thread.objects.select_related("forum").get(pk=thread.pk)
    thread.delete()
    with pytest.raises(Thread.DoesNotExist):
        reply_to_thread(member, gone, body="Anyone there?")


def test_replies_keep_every_counter_as_repair_would_compute_it(
    member: Member, other_member: Member, thread: Thread, forum: Forum
) -> None:
    opening = first_post(thread)
    second = make_thread(forum, author=other_member)
    reply_to_thread(member, thread, body="One", idempotency_key="exact-count-1")
    reply_to_thread(member, thread, body="One", idempotency_key="exact-count-1")  # repeated
    reply_to_thread(other_member, second, body=f'[quote="x, post:{opening.pk}"]\nHi\n[/quote]')
    reply_to_thread(member, second, body="Three")
    reply_to_thread(other_member, thread, body="Four")

    before = counters_snapshot()
    repair_counters()
    assert counters_snapshot() == before
    assert PostQuote.objects.filter(quoted_post=opening).count() == 1
