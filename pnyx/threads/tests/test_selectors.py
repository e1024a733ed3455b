from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from hypothesis import given
from hypothesis import strategies as st

from pnyx.accounts.models import Member
from pnyx.discussion.presenters import thread_page
from pnyx.forums.models import Forum
from pnyx.posting.services import reply_to_thread
from pnyx.testing.factories import make_thread
from pnyx.threads.models import Thread
from pnyx.threads.selectors import (
    first_unread_position,
    get_post,
    get_thread,
    page_of_position,
)

pytestmark = pytest.mark.django_db


@given(st.integers(min_value=1, max_value=10_000), st.integers(min_value=1, max_value=100))
def test_page_of_position_puts_positions_on_the_right_page(position: int, per_page: int) -> None:
    page = page_of_position(position, per_page)
    assert (page - 1) * per_page < position <= page * per_page


def test_get_thread_hides_staff_forum(
    staff_forum: Forum, moderator: Member, member: Member
) -> None:
    secret = make_thread(staff_forum, author=moderator)
    assert get_thread(moderator, secret.pk) == secret
    with pytest.raises(Http404):
        get_thread(member, secret.pk)
    with pytest.raises(Http404):
        get_post(AnonymousUser(), secret.first_post_id or 0)


def test_thread_page_out_of_range_is_404(thread: Thread) -> None:
    with pytest.raises(Http404):
        thread_page(AnonymousUser(), thread, 2)
    with pytest.raises(Http404):
        thread_page(AnonymousUser(), thread, 0)


def test_thread_page_reports_reactions_and_permissions(
    member: Member, other_member: Member, thread: Thread
) -> None:
    from pnyx.reactions.services import set_reaction

    mine = reply_to_thread(member, thread, body="Mine")
    first = thread.first_post_id
    assert first is not None
    set_reaction(member, get_post(member, first), "agree", on=True)
    page = thread_page(member, thread, 1, read_position=1)
    opening, reply = page.posts
    assert (opening.can_edit, opening.can_react, opening.is_unread) == (False, True, False)
    assert (reply.can_edit, reply.can_react, reply.is_unread) == (True, False, True)
    agree = next(r for r in opening.reactions if r.kind == "agree")
    assert (agree.count, agree.mine) == (1, True)
    assert opening.reaction_total == 1
    assert reply.post.pk == mine.pk
    assert page.can_reply is True


def test_first_unread_position_uses_the_read_record(
    member: Member, other_member: Member, thread: Thread
) -> None:
    from pnyx.threads.services import mark_thread_read

    assert first_unread_position(member, thread) == 1
    mark_thread_read(member, thread, 1)
    reply_to_thread(other_member, thread, body="New")
    thread.refresh_from_db()
    assert first_unread_position(member, thread) == 2
    assert first_unread_position(AnonymousUser(), thread) == 1


def test_first_unread_position_without_record_starts_after_the_cutoff(
    member: Member, other_member: Member, thread: Thread
) -> None:
    from django.utils import timezone

    reply_to_thread(other_member, thread, body="Before the cutoff")
    member.read_cutoff = timezone.now()
    member.save(update_fields=["read_cutoff"])
    reply_to_thread(other_member, thread, body="After the cutoff")
    thread.refresh_from_db()
    assert first_unread_position(member, thread) == 3
