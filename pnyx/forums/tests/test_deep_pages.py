"""Deep list pages find their rows through the index first; they show the same threads."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from pnyx.accounts.models import Member
from pnyx.forums import selectors
from pnyx.forums.enums import Visibility
from pnyx.forums.models import Forum
from pnyx.testing.factories import make_forum, make_thread

pytestmark = pytest.mark.django_db


def _titles(page: selectors.ThreadListPage) -> list[str]:
    return [entry.thread.title for entry in page.entries]


@pytest.mark.parametrize("deferred_from", [0, 10_000])
def test_forum_and_whats_new_pages_are_the_same_through_the_index(
    deferred_from: int,
    forum: Forum,
    member: Member,
    guest: AnonymousUser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hidden = make_forum(visibility=Visibility.MEMBERS)
    for n in range(12):
        make_thread(forum, author=member, title=f"Public {n:02}", is_pinned=n == 3)
        make_thread(hidden, author=member, title=f"Members {n:02}")
    from pnyx.core.site_settings import get_site_settings

    settings_row = get_site_settings()
    monkeypatch.setattr(settings_row, "threads_per_page", 5)
    monkeypatch.setattr(selectors, "DEFERRED_FROM", deferred_from)
    forum.refresh_from_db()
    first = selectors.forum_threads_page(guest, forum, 1)
    assert _titles(first) == ["Public 03", "Public 11", "Public 10", "Public 09", "Public 08"]
    second = selectors.forum_threads_page(guest, forum, 2)
    assert _titles(second) == ["Public 07", "Public 06", "Public 05", "Public 04", "Public 02"]
    third = selectors.forum_threads_page(guest, forum, 3)
    assert _titles(third) == ["Public 01", "Public 00"]
    news = selectors.whats_new_page(guest, 2)
    assert _titles(news) == ["Public 06", "Public 05", "Public 04", "Public 03", "Public 02"]
    assert news.has_next is True
    everything = selectors.whats_new_page(member, 5)
    assert _titles(everything) == ["Members 01", "Public 01", "Members 00", "Public 00"]
    assert everything.has_next is False
