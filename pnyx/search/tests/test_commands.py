from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.search.indexing import find_drift
from pnyx.search.models import SearchDocument
from pnyx.search.tasks import index_missing_posts
from pnyx.testing.factories import make_post, make_thread


@pytest.mark.django_db
def test_reindex_command_shows_progress(forum: Forum, member: Member) -> None:
    thread = make_thread(forum, author=member, title="Drought", body="Rivers low.")
    for n in range(4):
        make_post(thread, author=member, body=f"Reply {n}.")
    out = StringIO()
    call_command("reindex", "--batch", "2", stdout=out)
    text = out.getvalue()
    assert "[##########" in text and "2/5 posts" in text and "5/5 posts" in text
    assert "Indexed 5 posts" in text
    assert SearchDocument.objects.count() == 5


@pytest.mark.django_db
def test_search_check_reports_and_fixes_drift(forum: Forum, member: Member) -> None:
    make_thread(forum, author=member, title="Drought", body="Rivers low.")
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("search_check", stdout=out)
    assert error.value.returncode == 1
    assert "Posts missing from the index: 1" in out.getvalue()
    out = StringIO()
    call_command("search_check", "--fix", stdout=out)
    assert "No drift left." in out.getvalue()
    out = StringIO()
    call_command("search_check", stdout=out)
    assert "No drift." in out.getvalue()


@pytest.mark.django_db
def test_hourly_job_indexes_what_is_missing(forum: Forum, member: Member) -> None:
    make_thread(forum, author=member, title="Drought", body="Rivers low.")
    assert index_missing_posts.call() == 1
    assert find_drift().clean
