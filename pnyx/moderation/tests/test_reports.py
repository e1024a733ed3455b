from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from pnyx.accounts.models import Member
from pnyx.audit.models import AuditEntry
from pnyx.core.access import Access, ForumGrants
from pnyx.forums.models import Forum
from pnyx.moderation.models import CaseStatus, Report, ReportCase
from pnyx.moderation.selectors import LogFilter, audit_log, get_case, open_cases
from pnyx.moderation.services import lock_thread, report_post, resolve_case
from pnyx.testing.api import ApiClient, error_of
from pnyx.testing.factories import first_post, make_forum, make_member, make_thread
from pnyx.threads.models import Post, Thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(thread: Thread) -> Post:
    return first_post(thread)


# ---------------------------------------------------------------- services


def test_reports_on_one_post_gather_into_one_case(
    member: Member, moderator: Member, post: Post
) -> None:
    third = make_member()
    first = report_post(member, post, reason="spam", note="Selling pills")
    second = report_post(third, post, reason="abuse")
    assert first.case_id == second.case_id
    case = ReportCase.objects.get()
    assert (case.status, case.report_count, case.post_id) == (CaseStatus.OPEN, 2, post.pk)
    # A second report by the same member is the first one again.
    assert report_post(member, post, reason="other", note="again").pk == first.pk
    assert Report.objects.count() == 2


def test_after_resolution_a_new_report_opens_a_new_case(
    member: Member, moderator: Member, post: Post
) -> None:
    first = report_post(member, post, reason="spam")
    resolve_case(moderator, first.case, outcome="no_action", note="Not spam")
    again = report_post(member, post, reason="spam", note="It is spam")
    assert again.case_id != first.case_id
    assert ReportCase.objects.filter(status=CaseStatus.OPEN).count() == 1


def test_report_rules(member: Member, other_member: Member, guest: object, post: Post) -> None:
    with pytest.raises(PermissionDenied):
        report_post(other_member, post, reason="spam")  # their own post
    with pytest.raises(PermissionDenied):
        report_post(guest, post, reason="spam")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        report_post(member, post, reason="no-such-reason")
    with pytest.raises(ValidationError):
        report_post(member, post, reason="spam", note="x" * 2001)
    assert not ReportCase.objects.exists()


def test_a_post_in_a_hidden_forum_cannot_be_reported(
    member: Member, moderator: Member, staff_forum: Forum
) -> None:
    hidden = first_post(make_thread(staff_forum, author=moderator))
    with pytest.raises(Http404):
        report_post(member, hidden, reason="spam")


def test_resolve_is_audited_and_reporters_see_the_outcome(
    member: Member, moderator: Member, post: Post
) -> None:
    report = report_post(member, post, reason="abuse", note="Insults")
    resolve_case(moderator, report.case, outcome="action_taken", note="Post edited, member warned")
    case = ReportCase.objects.get()
    assert (case.status, case.outcome, case.resolution_note, case.resolved_by_id) == (
        CaseStatus.RESOLVED,
        "action_taken",
        "Post edited, member warned",
        moderator.pk,
    )
    entry = AuditEntry.objects.get(action="report.resolve")
    assert (entry.target_id, entry.forum_id, entry.member_id, entry.reason) == (
        case.pk,
        post.thread.forum_id,
        post.author_id,
        "Post edited, member warned",
    )
    seen = get_case(member, case.pk)
    assert seen.case.outcome == "action_taken"
    with pytest.raises(ValidationError):
        resolve_case(moderator, case, outcome="no_action")


def test_only_moderators_resolve_and_strangers_do_not_see_cases(
    member: Member, other_member: Member, post: Post
) -> None:
    report = report_post(member, post, reason="spam")
    with pytest.raises(PermissionDenied):
        resolve_case(member, report.case, outcome="no_action")
    stranger = make_member()
    with pytest.raises(Http404):
        get_case(stranger, report.case_id)
    with pytest.raises(PermissionDenied):
        open_cases(member)


def test_moderators_see_only_cases_of_forums_they_moderate(
    member: Member, moderator: Member, forum: Forum
) -> None:
    other_forum = make_forum(name="Defence")
    here = first_post(make_thread(forum))
    there = first_post(make_thread(other_forum))
    report_post(member, here, reason="spam")
    report_post(member, there, reason="spam")
    assert {item.post.pk for item in open_cases(moderator)} == {here.pk, there.pk}
    base = Access.for_actor(moderator)
    everything = base.grants.read
    local = Access(
        base.facts,
        ForumGrants(view=everything, read=everything, moderate=frozenset({forum.pk})),
        object(),
    )
    assert [item.post.pk for item in open_cases(local)] == [here.pk]
    there_case = ReportCase.objects.get(post=there)
    with pytest.raises(Http404):
        get_case(local, there_case.pk)


def test_queue_costs_two_queries_whatever_its_size(
    member: Member,
    moderator: Member,
    forum: Forum,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    reporters = [make_member() for _ in range(3)]
    for _ in range(6):
        post = first_post(make_thread(forum))
        for reporter in reporters:
            report_post(reporter, post, reason="spam", note="again")
    access = Access.for_actor(moderator)
    with django_assert_num_queries(2):
        items = open_cases(access)
    assert len(items) == 6
    assert all(len(item.reports) == 3 for item in items)


# ---------------------------------------------------------------- the audit log


def test_log_filters_by_moderator_member_action_and_date(
    moderator: Member, other_member: Member, forum: Forum
) -> None:
    second_mod = make_member(username="mod_max", is_staff=True)
    a = make_thread(forum, author=other_member)
    b = make_thread(forum)
    lock_thread(moderator, a)
    lock_thread(second_mod, b)
    lock_thread(moderator, b, locked=False)
    everything = audit_log(moderator, LogFilter())
    assert [e.action for e in everything.entries] == ["thread.unlock", "thread.lock", "thread.lock"]
    assert len(audit_log(moderator, LogFilter(moderator="mod_max")).entries) == 1
    assert [e.target_id for e in audit_log(moderator, LogFilter(member="bob")).entries] == [a.pk]
    assert len(audit_log(moderator, LogFilter(action="thread.lock")).entries) == 2
    today = timezone.now().date()
    assert len(audit_log(moderator, LogFilter(since=today, until=today)).entries) == 3
    assert audit_log(moderator, LogFilter(until=today - timedelta(days=1))).entries == []
    first = audit_log(moderator, LogFilter(), limit=2)
    assert first.next_before is not None
    rest = audit_log(moderator, LogFilter(), before=first.next_before, limit=2)
    assert [e.pk for e in first.entries + rest.entries] == [e.pk for e in everything.entries]
    assert rest.next_before is None


def test_log_is_for_moderators_and_their_forums_only(
    member: Member, moderator: Member, forum: Forum
) -> None:
    other_forum = make_forum()
    lock_thread(moderator, make_thread(forum))
    lock_thread(moderator, make_thread(other_forum))
    with pytest.raises(PermissionDenied):
        audit_log(member, LogFilter())
    base = Access.for_actor(moderator)
    local = Access(
        base.facts,
        ForumGrants(view=base.grants.view, read=base.grants.read, moderate=frozenset({forum.pk})),
        object(),
    )
    assert [e.forum_id for e in audit_log(local, LogFilter()).entries] == [forum.pk]


# ---------------------------------------------------------------- pages


def test_report_page_flow_and_case_page(
    member_client: Client, moderator_client: Client, post: Post, member: Member
) -> None:
    url = f"/posts/{post.pk}/report/"
    page = member_client.get(url)
    assert page.status_code == 200
    assert "Spam or advertising" in page.content.decode()
    response = member_client.post(url, {"reason": "misinformation", "note": "Fake quote"})
    case = ReportCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/moderation/reports/{case.pk}/"
    mine = member_client.get(response["Location"]).content.decode()
    assert "The moderators have not decided yet." in mine
    queue = moderator_client.get("/moderation/reports/").content.decode()
    assert "Fake quote" in queue and "Deliberate misinformation" in queue
    assert "The minister said talks would resume" in queue  # the post itself
    resolved = moderator_client.post(
        f"/moderation/reports/{case.pk}/resolve/",
        {"outcome": "action_taken", "note": "Quote removed"},
    )
    assert resolved.status_code == 302
    outcome = member_client.get(f"/moderation/reports/{case.pk}/").content.decode()
    assert "action taken" in outcome and "Quote removed" in outcome
    assert "action taken" in member_client.get("/moderation/my-reports/").content.decode()
    assert "No open reports" in moderator_client.get("/moderation/reports/").content.decode()


def test_report_link_is_on_the_thread_page(member_client: Client, thread: Thread) -> None:
    post = first_post(thread)
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert f'href="/posts/{post.pk}/report/"' in page


def test_report_pages_refuse_and_hide(
    member_client: Client,
    other_member_client: Client,
    guest_client: Client,
    post: Post,
    moderator: Member,
    staff_forum: Forum,
) -> None:
    assert other_member_client.get(f"/posts/{post.pk}/report/").status_code == 403
    assert guest_client.get(f"/posts/{post.pk}/report/").status_code == 302
    hidden = first_post(make_thread(staff_forum, author=moderator))
    assert member_client.get(f"/posts/{hidden.pk}/report/").status_code == 404
    assert member_client.get("/moderation/reports/").status_code == 403
    assert member_client.get("/moderation/log/").status_code == 403
    case = report_post(
        make_member(is_staff=True),
        first_post(make_thread(staff_forum, author=moderator)),
        reason="spam",
    ).case
    assert member_client.get(f"/moderation/reports/{case.pk}/").status_code == 404
    assert (
        member_client.post(
            f"/moderation/reports/{case.pk}/resolve/", {"outcome": "no_action"}
        ).status_code
        == 404
    )


def test_queue_page_query_budget(
    moderator_client: Client,
    forum: Forum,
    member: Member,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    def page_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert moderator_client.get("/moderation/reports/").status_code == 200
        return len(queries)

    report_post(member, first_post(make_thread(forum)), reason="spam")
    page_queries()  # the first request of a session reads more (the member, site settings)
    small = page_queries()
    for _ in range(8):
        post = first_post(make_thread(forum))
        for reporter in (member, make_member()):
            report_post(reporter, post, reason="abuse", note="n")
    assert page_queries() == small
    assert small <= 6


def test_log_page_filters_and_budget(
    moderator_client: Client, moderator: Member, forum: Forum, other_member: Member
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        lock_thread(moderator, make_thread(forum, author=other_member))
    moderator_client.get("/moderation/log/")  # the first request of a session reads more
    with CaptureQueriesContext(connection) as small:
        assert moderator_client.get("/moderation/log/").status_code == 200
    for _ in range(30):
        lock_thread(moderator, make_thread(forum))
    with CaptureQueriesContext(connection) as large:
        page = moderator_client.get("/moderation/log/?action=thread.lock&member=bob")
    assert len(large) == len(small) <= 6
    assert page.content.decode().count("<td><code>thread.lock</code></td>") == 3
    assert moderator_client.get("/moderation/log/?since=not-a-date").status_code == 400


# ---------------------------------------------------------------- API


def test_api_report_list_and_resolve(
    member_api: ApiClient, moderator_api: ApiClient, post: Post
) -> None:
    created = member_api.post(f"/posts/{post.pk}/reports", {"reason": "spam", "note": "Ads"})
    assert created.status_code == 201, created.content
    case_id = created.json()["case_id"]
    assert created.json()["case_status"] == "open"
    listed = moderator_api.get("/moderation/reports")
    assert listed.status_code == 200
    (case,) = listed.json()["cases"]
    assert (case["id"], case["post"]["id"], case["report_count"]) == (case_id, post.pk, 1)
    assert case["reports"][0]["reporter"]["username"] == "alice"
    assert case["reports"][0]["note"] == "Ads"
    resolved = moderator_api.post(
        f"/moderation/reports/{case_id}/resolve", {"outcome": "no_action", "note": "Fine"}
    )
    assert resolved.status_code == 200
    assert (resolved.json()["status"], resolved.json()["outcome"]) == ("resolved", "no_action")
    again = moderator_api.post(f"/moderation/reports/{case_id}/resolve", {"outcome": "no_action"})
    assert again.status_code == 422
    log = moderator_api.get("/moderation/log", {"action": "report.resolve"})
    assert log.status_code == 200
    assert [e["target_id"] for e in log.json()["entries"]] == [case_id]


def test_api_errors(
    member_api: ApiClient,
    other_member_api: ApiClient,
    guest_api: ApiClient,
    moderator: Member,
    post: Post,
    staff_forum: Forum,
) -> None:
    assert guest_api.post(f"/posts/{post.pk}/reports", {"reason": "spam"}).status_code == 401
    own = other_member_api.post(f"/posts/{post.pk}/reports", {"reason": "spam"})
    assert own.status_code == 403
    bad = member_api.post(f"/posts/{post.pk}/reports", {"reason": "nonsense"})
    assert bad.status_code == 422
    assert "reason" in error_of(bad)["fields"]
    hidden = first_post(make_thread(staff_forum, author=moderator))
    assert member_api.post(f"/posts/{hidden.pk}/reports", {"reason": "spam"}).status_code == 404
    assert member_api.get("/moderation/reports").status_code == 403
    assert guest_api.get("/moderation/reports").status_code == 401
    assert member_api.get("/moderation/log").status_code == 403
    visible_case = report_post(make_member(), post, reason="spam").case
    refused = member_api.post(
        f"/moderation/reports/{visible_case.pk}/resolve", {"outcome": "no_action"}
    )
    assert refused.status_code == 404  # not a reporter, not a moderator: missing


def test_staff_find_the_queue_in_the_header(
    moderator_client: Client, member_client: Client
) -> None:
    assert 'href="/moderation/reports/"' in moderator_client.get("/").content.decode()
    assert 'href="/moderation/reports/"' not in member_client.get("/").content.decode()
