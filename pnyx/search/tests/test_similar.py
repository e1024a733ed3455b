"""Similar threads while composing: on Preview, and for the script as the title is typed."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.test import Client

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.search.selectors import similar_query, similar_threads
from pnyx.testing.factories import make_thread

Indexed = Callable[..., AbstractContextManager[Any]]


@pytest.fixture
def stories(
    forum: Forum, staff_forum: Forum, member: Member, moderator: Member, indexed: Indexed
) -> None:
    with indexed():
        make_thread(forum, author=member, title="Earthquake hits Naples", body="Magnitude 5.")
        make_thread(forum, author=member, title="Naples football", body="Derby tonight.")
        for n in range(6):
            make_thread(forum, author=member, title=f"Earthquake aftershock {n}", body="Quake.")
        for n in range(12):  # the rest of the forum: the story's words are rare in it
            make_thread(forum, author=member, title=f"Budget vote {n}", body="Parliament.")
        make_thread(
            staff_forum, author=moderator, title="Earthquake in Naples (staff)", body="Hidden."
        )


@pytest.mark.django_db
def test_up_to_five_readable_threads_best_first(stories: None, member: Member) -> None:
    found = similar_threads(member, "Strong earthquake near Naples")
    assert len(found) == 5
    assert found[0].title == "Earthquake hits Naples"
    assert all("staff" not in t.title for t in found)
    assert all(t.forum_name == "News & Current Events" for t in found)


@pytest.mark.django_db
def test_nothing_for_stop_words_only(stories: None, member: Member) -> None:
    assert similar_query("The and of", "") is None
    assert similar_threads(member, "the of and") == []


@pytest.mark.django_db
def test_preview_of_a_new_thread_lists_similar_threads(
    stories: None, forum: Forum, member_client: Client
) -> None:
    url = f"/forums/{forum.pk}-{forum.slug}/new-thread/"
    response = member_client.post(
        url, {"title": "Earthquake in Naples", "body": "Buildings shook.", "preview": "1"}
    )
    content = response.content.decode()
    assert "Already being discussed?" in content
    assert "Earthquake hits Naples" in content
    assert "(staff)" not in content
    first = member_client.get(url).content.decode()
    assert 'data-similar-url="/search/similar/"' in first
    assert "Already being discussed?" not in first


@pytest.mark.django_db
def test_similar_fragment_for_the_script(stories: None, guest_client: Client) -> None:
    response = guest_client.get("/search/similar/", {"title": "naples earthquake"})
    assert response.status_code == 200
    assert "Earthquake hits Naples" in response.content.decode()
    assert "(staff)" not in response.content.decode()
    assert guest_client.get("/search/similar/", {"title": ""}).content.strip() == b""
