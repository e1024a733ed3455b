"""The Django admin covers categories, forums, members, threads, posts and site settings."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from pnyx.accounts.models import Member
from pnyx.testing.factories import first_post, make_thread
from pnyx.threads.models import PostRevision, Thread

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
