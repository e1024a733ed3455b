"""Query budgets for the pages that have no budget test beside their view: each costs the same
number of queries with a little data and with more, and at most its budget."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.posting.services import edit_post
from pnyx.testing.factories import first_post, make_member, make_post, make_thread
from pnyx.threads.models import Thread

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str, expected_status: int) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == expected_status, url
    return len(context.captured_queries)


def _grow(forum: Forum, thread: Thread, member: Member) -> None:
    """More of everything a page could be tempted to load row by row."""
    for _ in range(5):
        make_thread(forum, author=make_member(), replies=3)
    for _ in range(12):
        make_post(thread, author=make_member())
    post = first_post(thread)
    for n in range(4):
        edit_post(member, post, body=f"Edited {n}")


PAGES: list[tuple[str, Callable[[Thread], str], int, int]] = [
    ("reply form", lambda t: f"/threads/{t.pk}-{t.slug}/reply/", 200, 6),
    ("quoting", lambda t: f"{t.get_absolute_url()}reply/?quote={t.first_post_id}", 200, 7),
    ("new thread form", lambda t: f"/forums/{t.forum_id}-{t.forum.slug}/new-thread/", 200, 5),
    ("edit form", lambda t: f"/posts/{t.first_post_id}/edit/", 200, 6),
    ("post history", lambda t: f"/posts/{t.first_post_id}/history/", 200, 6),
    ("post permalink", lambda t: f"/posts/{t.first_post_id}/", 302, 5),
    ("first unread post", lambda t: f"/threads/{t.pk}-{t.slug}/unread", 302, 6),
    ("What's new, new threads", lambda t: "/whats-new/threads/", 200, 7),
    ("account settings", lambda t: "/account/settings/", 200, 4),
]  # fmt: skip


@pytest.mark.parametrize(("name", "url_of", "status", "budget"), PAGES, ids=[p[0] for p in PAGES])
def test_page_query_budget_does_not_grow_with_data(
    name: str,
    url_of: Callable[[Thread], str],
    status: int,
    budget: int,
    forum: Forum,
    member: Member,
    member_client: Client,
) -> None:
    thread = make_thread(forum, author=member, title="Budget thread", body="The first words.")
    edit_post(member, first_post(thread), body="The first words, edited once.")
    thread.refresh_from_db()
    url = url_of(thread)
    member_client.get(url)  # warm the per-process caches (site settings, weights)
    small = _queries(member_client, url, status)
    _grow(forum, thread, member)
    thread.refresh_from_db()
    large = _queries(member_client, url_of(thread), status)
    assert small == large, f"{name}: {small} queries with little data, {large} with more"
    assert large <= budget, f"{name}: {large} queries, budget {budget}"
