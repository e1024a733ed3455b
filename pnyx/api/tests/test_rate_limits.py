"""Writes are limited per token and per client address: 429 with Retry-After."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import Settings

from pnyx.accounts.models import Member
from pnyx.testing.api import ApiClient, error_of
from pnyx.testing.factories import first_post, make_token
from pnyx.threads.models import Post, Thread

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_window_held")]


def test_writes_past_the_token_rate_are_429_with_retry_after(
    settings: Settings, member_api: ApiClient, thread: Thread
) -> None:
    settings.API_WRITE_RATE = (3, 60)
    settings.API_ADDRESS_WRITE_RATE = None
    for n in range(3):
        assert member_api.post(f"/threads/{thread.pk}/posts", {"body": f"n{n}"}).status_code == 201
    refused = member_api.post(f"/threads/{thread.pk}/posts", {"body": "one too many"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert error_of(refused) == {
        "code": "rate_limited",
        "message": f"Too many writes; try again in {refused['Retry-After']} seconds.",
        "fields": {},
    }
    assert Post.objects.filter(thread=thread).count() == 4
    # Reads are not limited, and another member's token has its own allowance.
    assert member_api.get(f"/threads/{thread.pk}").status_code == 200
    other = ApiClient(make_token(Member.objects.get(username="bob")))
    assert other.post(f"/threads/{thread.pk}/posts", {"body": "mine"}).status_code == 201


def test_invalid_writes_count_too(
    settings: Settings, member_api: ApiClient, thread: Thread
) -> None:
    settings.API_WRITE_RATE = (2, 60)
    settings.API_ADDRESS_WRITE_RATE = None
    post = first_post(thread)
    assert member_api.put(f"/posts/{post.pk}/reactions/like").status_code == 200
    assert member_api.post(f"/threads/{thread.pk}/posts", {"body": ""}).status_code == 422
    assert member_api.delete(f"/posts/{post.pk}/reactions/like").status_code == 429


def test_the_address_rate_covers_every_token_and_guests(
    settings: Settings, member: Member, other_member: Member, thread: Thread
) -> None:
    settings.API_WRITE_RATE = None
    settings.API_ADDRESS_WRITE_RATE = (2, 60)
    first = ApiClient(make_token(member), client=Client(REMOTE_ADDR="198.51.100.7"))
    second = ApiClient(make_token(other_member), client=Client(REMOTE_ADDR="198.51.100.7"))
    guest = ApiClient(client=Client(REMOTE_ADDR="198.51.100.7"))
    elsewhere = ApiClient(make_token(member), client=Client(REMOTE_ADDR="203.0.113.9"))
    assert first.post(f"/threads/{thread.pk}/posts", {"body": "a"}).status_code == 201
    assert second.post(f"/threads/{thread.pk}/posts", {"body": "b"}).status_code == 201
    assert guest.post(f"/threads/{thread.pk}/posts", {"body": "c"}).status_code == 429
    assert first.post(f"/threads/{thread.pk}/posts", {"body": "d"}).status_code == 429
    assert elsewhere.post(f"/threads/{thread.pk}/posts", {"body": "e"}).status_code == 201
    assert Post.objects.filter(thread=thread).count() == 4


def test_rate_limits_off(settings: Settings, member_api: ApiClient, thread: Thread) -> None:
    settings.API_WRITE_RATE = None
    settings.API_ADDRESS_WRITE_RATE = None
    post = first_post(thread)
    for _ in range(30):
        assert member_api.put(f"/posts/{post.pk}/reactions/agree").status_code == 200
