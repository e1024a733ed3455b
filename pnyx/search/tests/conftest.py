from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.testing.factories import make_post, make_thread
from pnyx.threads.models import Post, Thread


@pytest.fixture
def indexed(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> Iterator[Callable[..., AbstractContextManager[Any]]]:
    """``with indexed(): ...`` runs the after-commit subscribers (the indexing) of what the
    block writes, as a committed transaction would."""

    def block() -> AbstractContextManager[Any]:
        return django_capture_on_commit_callbacks(execute=True)

    yield block


@pytest.fixture
def corpus(
    forum: Forum,
    member: Member,
    other_member: Member,
    indexed: Callable[..., AbstractContextManager[Any]],
) -> dict[str, Post | Thread]:
    """Posts with known answers: stemming, phrases, exclusions, diacritics, titles."""
    with indexed():
        election = make_thread(
            forum,
            author=member,
            title="Election results in Lisbon",
            body="Counting continues through the night; turnout was high.",
        )
        ceasefire = make_thread(
            forum,
            author=other_member,
            title="Ceasefire talks",
            body="Negotiators are running late. The election was not discussed.",
        )
        cafe = make_post(
            election, author=other_member, body="We met at the café near the parliament."
        )
        phrase = make_post(
            ceasefire, author=member, body="A **quick brown fox** jumped over the border wall."
        )
        scrambled = make_post(ceasefire, author=other_member, body="The brown quick fox slept.")
        walls = make_post(election, author=member, body="Border walls and fences were debated.")
    return {
        "election": election,
        "election_first": Post.objects.get(thread=election, position=1),
        "ceasefire": ceasefire,
        "ceasefire_first": Post.objects.get(thread=ceasefire, position=1),
        "cafe": cafe,
        "phrase": phrase,
        "scrambled": scrambled,
        "walls": walls,
    }
