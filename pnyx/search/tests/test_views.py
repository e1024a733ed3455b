"""The search pages and the API: what each reader finds, and never more."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.test import Client

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.testing.api import ApiClient
from pnyx.testing.factories import make_forum, make_post, make_thread
from pnyx.threads.models import Post, Thread

Indexed = Callable[..., AbstractContextManager[Any]]


@pytest.fixture
def places(
    forum: Forum,
    members_forum: Forum,
    staff_forum: Forum,
    member: Member,
    moderator: Member,
    indexed: Indexed,
) -> dict[str, Any]:
    """The word "zeppelin" in a public forum, its sub-forum, a members' and a staff forum."""
    sub = make_forum(parent=forum, name="Airships")
    hidden_sub = make_forum(parent=staff_forum, name="Hangar")
    with indexed():
        public = make_thread(forum, author=member, title="Zeppelin returns", body="Over Berlin.")
        in_sub = make_thread(sub, author=member, title="Hydrogen", body="A zeppelin story.")
        members = make_thread(
            members_forum, author=member, title="Members talk", body="Zeppelin rumours."
        )
        staff = make_thread(
            staff_forum, author=moderator, title="Staff only", body="Zeppelin leak."
        )
        deep = make_thread(hidden_sub, author=moderator, title="Deep", body="Zeppelin in hangar.")
    return {
        "forum": forum,
        "sub": sub,
        "public": public,
        "in_sub": in_sub,
        "members": members,
        "staff": staff,
        "deep": deep,
    }


def thread_ids(content: str, threads: dict[str, Any]) -> set[str]:
    return {name for name, t in threads.items() if isinstance(t, Thread) and t.title in content}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("guest", {"public", "in_sub"}),
        ("member", {"public", "in_sub", "members"}),
        ("moderator", {"public", "in_sub", "members", "staff", "deep"}),
    ],
)
def test_results_respect_access(
    who: str, expected: set[str], places: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    client: Client = request.getfixturevalue(f"{who}_client")
    response = client.get("/search/", {"q": "zeppelin"})
    assert response.status_code == 200
    assert thread_ids(response.content.decode(), places) == expected
    api: ApiClient = request.getfixturevalue(
        f"{who}_api" if who != "moderator" else "moderator_api"
    )
    data = api.get("/search", {"q": "zeppelin"}).json()
    found = {r["thread_title"] for r in data["results"]}
    assert found == {places[name].title for name in expected}


@pytest.mark.django_db
def test_hidden_forum_filter_looks_missing(places: dict[str, Any], guest_client: Client) -> None:
    staff_id = places["staff"].forum_id
    hidden = guest_client.get("/search/", {"q": "zeppelin", "forum": staff_id})
    missing = guest_client.get("/search/", {"q": "zeppelin", "forum": "999999"})
    assert hidden.status_code == missing.status_code == 400
    assert "There is no such forum." in hidden.content.decode()
    assert "Staff only" not in hidden.content.decode()
    assert hidden.content.decode().count("no such forum") == 1


@pytest.mark.django_db
def test_forum_filter_includes_sub_forums(places: dict[str, Any], guest_client: Client) -> None:
    response = guest_client.get("/search/", {"q": "zeppelin", "forum": places["forum"].pk})
    assert thread_ids(response.content.decode(), places) == {"public", "in_sub"}
    response = guest_client.get("/search/", {"q": "zeppelin", "forum": places["sub"].pk})
    assert thread_ids(response.content.decode(), places) == {"in_sub"}


@pytest.mark.django_db
def test_member_date_and_threads_only_filters(
    forum: Forum, member: Member, other_member: Member, guest_api: ApiClient, indexed: Indexed
) -> None:
    with indexed():
        thread = make_thread(forum, author=member, title="Tariffs", body="Steel tariffs.")
        reply = make_post(thread, author=other_member, body="Tariffs on steel again.")
    by_other = guest_api.get("/search", {"q": "tariffs", "member": other_member.username}).json()
    assert [r["post_id"] for r in by_other["results"]] == [reply.pk]
    first = guest_api.get("/search", {"q": "tariffs", "threads_only": "true"}).json()
    assert [r["post_id"] for r in first["results"]] == [thread.first_post_id]
    today = reply.created_at.date().isoformat()
    same_day = guest_api.get("/search", {"q": "tariffs", "after": today, "before": today})
    assert len(same_day.json()["results"]) == 2
    later = guest_api.get("/search", {"q": "tariffs", "after": "2999-01-01"})
    assert later.json()["results"] == []
    unknown = guest_api.get("/search", {"q": "tariffs", "member": "nobody-here"})
    assert unknown.status_code == 422


@pytest.mark.django_db
def test_result_opens_at_the_post(
    forum: Forum, member: Member, guest_client: Client, indexed: Indexed
) -> None:
    with indexed():
        thread = make_thread(forum, author=member, title="Long thread", body="Start.")
        for n in range(25):
            make_post(thread, author=member, body=f"Reply number {n}.")
        target = make_post(thread, author=member, body="The needle is here.")
    response = guest_client.get("/search/", {"q": "needle"})
    content = response.content.decode()
    assert f"{thread.get_absolute_url()}page-2#post-{target.pk}" in content
    assert "<mark>needle</mark>" in content


@pytest.mark.django_db
def test_refused_queries_say_why(guest_client: Client, guest_api: ApiClient) -> None:
    response = guest_client.get("/search/", {"q": "x" * 10_000})
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
    api = guest_api.get("/search", {"q": "-only -excluded"})
    assert api.status_code == 422
    assert api.json()["error"]["fields"]["q"]
    too_far = guest_client.get("/search/", {"q": "word", "page": "11"})
    assert too_far.status_code == 400


@pytest.mark.django_db
def test_empty_search_page_shows_the_form(guest_client: Client) -> None:
    response = guest_client.get("/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


@pytest.mark.django_db
def test_every_page_has_the_header_search(guest_client: Client, thread: Thread) -> None:
    for path in ("/", thread.get_absolute_url()):
        content = guest_client.get(path).content.decode()
        assert 'class="header-search"' in content
        assert 'action="/search/"' in content


@pytest.mark.django_db
def test_search_page_query_budget(
    places: dict[str, Any],
    member_client: Client,
    django_assert_max_num_queries: Callable[[int], AbstractContextManager[Any]],
) -> None:
    member_client.get("/search/", {"q": "zeppelin"})
    with django_assert_max_num_queries(10):
        member_client.get("/search/", {"q": "zeppelin", "sort": "date"})


# ---------------------------------------------------------------- in one thread


@pytest.fixture
def long_thread(forum: Forum, member: Member, indexed: Indexed) -> Thread:
    with indexed():
        thread = make_thread(forum, author=member, title="Budget debate", body="Opening.")
        for n in range(30):
            make_post(thread, author=member, body="Deficit again." if n % 10 == 3 else "Noise.")
        other = make_thread(forum, author=member, title="Elsewhere", body="Deficit elsewhere.")
    assert other
    return thread


@pytest.mark.django_db
def test_thread_search_lists_matches_in_order_with_pages(
    long_thread: Thread, guest_client: Client, guest_api: ApiClient
) -> None:
    page = guest_client.get(long_thread.get_absolute_url())
    assert f'action="/threads/{long_thread.pk}/search/"' in page.content.decode()
    response = guest_client.get(f"/threads/{long_thread.pk}/search/", {"q": "deficit"})
    assert response.status_code == 200
    positions = list(
        Post.objects.filter(thread=long_thread, source="Deficit again.")
        .order_by("position")
        .values_list("position", flat=True)
    )
    data = guest_api.get(f"/threads/{long_thread.pk}/search", {"q": "deficit"}).json()
    assert [r["position"] for r in data["results"]] == positions
    assert [r["page"] for r in data["results"]] == [(p - 1) // 20 + 1 for p in positions]
    assert "Elsewhere" not in response.content.decode()


@pytest.mark.django_db
def test_thread_search_of_a_hidden_thread_is_404(
    staff_forum: Forum, moderator: Member, guest_client: Client, guest_api: ApiClient
) -> None:
    hidden = make_thread(staff_forum, author=moderator, title="Secret", body="Deficit.")
    assert guest_client.get(f"/threads/{hidden.pk}/search/", {"q": "deficit"}).status_code == 404
    assert guest_client.get("/threads/999999/search/", {"q": "deficit"}).status_code == 404
    response = guest_api.get(f"/threads/{hidden.pk}/search", {"q": "deficit"})
    assert response.status_code == 404
