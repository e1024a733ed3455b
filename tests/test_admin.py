"""The Django admin covers categories, forums, members, threads, posts and site settings."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.posting.services import repair_counters, reply_to_thread
from pnyx.reactions.services import set_reaction
from pnyx.testing.factories import counters_snapshot, first_post, make_member, make_thread
from pnyx.threads.models import Post, PostRevision, Thread

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [
        "forums/category", "forums/forum", "accounts/member", "threads/thread",
        "threads/post", "core/sitesettings", "reactions/reactionweight",
    ],
)  # fmt: skip
def test_admin_changelists_open_for_staff(admin_client: Client, thread: Thread, model: str) -> None:
    response = admin_client.get(f"/admin/{model}/")
    assert response.status_code == 200


def test_admin_is_closed_to_members(member_client: Client) -> None:
    response = member_client.get("/admin/threads/post/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_post_edit_goes_through_the_service(
    admin_client: Client, admin: Member, member: Member, thread: Thread
) -> None:
    post = first_post(make_thread(thread.forum, author=member, body="Original *text*"))
    response = admin_client.post(
        f"/admin/threads/post/{post.pk}/change/",
        {
            "source": "Corrected **text**",
            "revisions-TOTAL_FORMS": "1",
            "revisions-INITIAL_FORMS": "0",
            "revisions-MIN_NUM_FORMS": "0",
            "revisions-MAX_NUM_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post.refresh_from_db()
    assert post.html == "<p>Corrected <strong>text</strong></p>\n"
    revision = PostRevision.objects.get(post=post)
    assert (revision.previous_source, revision.editor_id) == ("Original *text*", admin.pk)


def test_admin_cannot_add_posts_or_threads(admin_client: Client) -> None:
    assert admin_client.get("/admin/threads/post/add/").status_code == 403
    assert admin_client.get("/admin/threads/thread/add/").status_code == 403


def test_repair_counters_command_reports_a_summary(thread: Thread) -> None:
    Thread.objects.update(reply_count=7)
    out = io.StringIO()
    call_command("repair_counters", stdout=out)
    thread.refresh_from_db()
    assert thread.reply_count == 0
    assert "Done in" in out.getvalue()
    assert "1 threads" in out.getvalue()


def _assert_counters_exact() -> None:
    before = counters_snapshot()
    repair_counters()
    assert counters_snapshot() == before


def test_admin_delete_post_keeps_counters_exact(
    admin_client: Client, member: Member, other_member: Member, thread: Thread
) -> None:
    reply = reply_to_thread(member, thread, body="Deleted by the admin")
    set_reaction(other_member, reply, "like", on=True)
    response = admin_client.post(f"/admin/threads/post/{reply.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Post.objects.filter(pk=reply.pk).exists()
    thread.refresh_from_db()
    member.refresh_from_db()
    assert (thread.reply_count, member.post_count, member.reaction_score) == (0, 0, 0)
    _assert_counters_exact()


def test_admin_bulk_delete_posts_keeps_counters_exact(
    admin_client: Client, member: Member, thread: Thread
) -> None:
    replies = [reply_to_thread(member, thread, body=f"Reply {n}") for n in range(4)]
    chosen = [replies[0].pk, replies[2].pk, replies[3].pk]
    response = admin_client.post(
        "/admin/threads/post/",
        {"action": "delete_selected", "_selected_action": chosen, "post": "yes"},
    )
    assert response.status_code == 302
    assert list(
        Post.objects.filter(thread=thread).order_by("position").values_list("pk", "position")
    ) == [
        (Post.objects.get(thread=thread, position=1).pk, 1),
        (replies[1].pk, 2),
    ]
    _assert_counters_exact()


def test_admin_delete_threads_single_and_bulk_keeps_counters_exact(
    admin_client: Client, member: Member, forum: Forum
) -> None:
    one, two, three = (make_thread(forum, author=member, replies=2) for _ in range(3))
    assert (
        admin_client.post(f"/admin/threads/thread/{one.pk}/delete/", {"post": "yes"}).status_code
        == 302
    )
    response = admin_client.post(
        "/admin/threads/thread/",
        {"action": "delete_selected", "_selected_action": [two.pk, three.pk], "post": "yes"},
    )
    assert response.status_code == 302
    forum.refresh_from_db()
    member.refresh_from_db()
    assert (forum.thread_count, forum.post_count, member.post_count) == (0, 0, 0)
    _assert_counters_exact()


def test_admin_delete_members_single_and_bulk_keeps_counters_exact(
    admin_client: Client, member: Member, other_member: Member, thread: Thread
) -> None:
    third = make_member()
    mine = reply_to_thread(member, thread, body="Stays, unsigned")
    set_reaction(other_member, mine, "like", on=True)
    set_reaction(third, mine, "agree", on=True)
    set_reaction(member, first_post(thread), "like", on=True)
    assert (
        admin_client.post(
            f"/admin/accounts/member/{other_member.pk}/delete/", {"post": "yes"}
        ).status_code
        == 302
    )
    response = admin_client.post(
        "/admin/accounts/member/",
        {"action": "delete_selected", "_selected_action": [member.pk, third.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Member.objects.filter(pk__in=[member.pk, other_member.pk, third.pk]).exists()
    assert Post.objects.get(pk=mine.pk).author_id is None
    _assert_counters_exact()
