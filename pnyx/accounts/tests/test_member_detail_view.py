"""The public member page: /members/<username>/."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.testing.factories import make_member, make_post, make_thread
from pnyx.threads.models import Post, Thread

pytestmark = pytest.mark.django_db


def _url(username: str) -> str:
    return f"/members/{username}/"


def _recent_post_links(html: str) -> list[str]:
    section = html.split('<ul class="recent-posts">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="(/posts/\d+/)">', section)


def _post_link(post_id: int | None) -> str:
    return f"/posts/{post_id}/"


def test_member_detail_shows_profile_facts(guest_client: Client, member: Member) -> None:
    Member.objects.filter(pk=member.pk).update(
        date_joined=datetime(2024, 3, 5, 12, 30, tzinfo=UTC), post_count=1234, reaction_score=-7
    )
    response = guest_client.get(_url("alice"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Alice Example · Pnyx</title>" in html
    assert "<h1>Alice Example</h1>" in html
    assert '<p class="muted">@alice</p>' in html
    assert "<div><dt>Joined</dt><dd>Mar 5, 2024</dd></div>" in html
    assert "<div><dt>Posts</dt><dd>1234</dd></div>" in html
    assert "<div><dt>Reaction score</dt><dd>-7</dd></div>" in html


def test_member_detail_shows_country_and_location_flags_with_names(
    guest_client: Client, member: Member
) -> None:
    html = guest_client.get(_url("alice")).content.decode()
    assert (
        "<dt>Country</dt><dd>"
        '<span class="flag"><img src="/static/flags/fr.gif" alt="" width="16" height="11">'
        "France</span>"
    ) in html
    assert (
        "<dt>Location</dt><dd>"
        '<span class="flag"><img src="/static/flags/de.gif" alt="" width="16" height="11">'
        "Germany</span>"
    ) in html


def test_member_detail_without_flags_or_display_name_shows_username(guest_client: Client) -> None:
    make_member(username="plain_pat")
    html = guest_client.get(_url("plain_pat")).content.decode()
    assert "<h1>plain_pat</h1>" in html
    assert "@plain_pat" not in html
    assert "<dt>Country</dt>" not in html
    assert "<dt>Location</dt>" not in html
    assert 'class="flag' not in html
    assert '<li class="empty">No posts yet.</li>' in html


def test_member_detail_shows_initials_avatar_without_upload(
    guest_client: Client, member: Member
) -> None:
    html = guest_client.get(_url("alice")).content.decode()
    assert re.search(
        r'<span class="avatar avatar-l avatar-initials hue-\d+" aria-hidden="true">AE</span>', html
    )


@pytest.mark.parametrize("asked", ["ALICE", "Alice", "aLICE"])
def test_member_detail_wrong_case_redirects_to_canonical_url(
    guest_client: Client, member: Member, asked: str
) -> None:
    response = guest_client.get(_url(asked))
    assert response.status_code == 302
    assert response["Location"] == "/members/alice/"


def test_member_detail_canonical_username_keeps_its_own_case(guest_client: Client) -> None:
    make_member(username="McKay")
    assert guest_client.get(_url("McKay")).status_code == 200
    response = guest_client.get(_url("mckay"))
    assert response.status_code == 302
    assert response["Location"] == "/members/McKay/"


@pytest.mark.parametrize("asked", ["nobody", "alice2", "alic", "%20alice"])
def test_member_detail_unknown_username_is_404(
    guest_client: Client, member: Member, asked: str
) -> None:
    assert guest_client.get(_url(asked)).status_code == 404


@pytest.mark.parametrize("asked", ["gone_gus", "GONE_GUS"])
def test_member_detail_inactive_member_is_404(
    guest_client: Client, admin_client: Client, banned_member: Member, asked: str
) -> None:
    assert guest_client.get(_url(asked)).status_code == 404
    assert admin_client.get(_url(asked)).status_code == 404


def test_member_detail_post_only_allows_get(member_client: Client, member: Member) -> None:
    assert member_client.post(_url("alice")).status_code == 405


def test_member_detail_lists_recent_posts_newest_first(
    guest_client: Client, member: Member, forum: Forum
) -> None:
    thread = make_thread(forum, author=member, title="Ceasefire talks", body="Opening words.")
    reply = make_post(thread, author=member, body="A later thought on the talks.")
    html = guest_client.get(_url("alice")).content.decode()
    assert _recent_post_links(html) == [_post_link(reply.pk), _post_link(thread.first_post_id)]
    assert f'<a href="/posts/{reply.pk}/">Ceasefire talks</a>' in html
    assert "· News &amp; Current Events ·" in html
    assert '<p class="excerpt">A later thought on the talks.</p>' in html
    assert '<p class="excerpt">Opening words.</p>' in html


def test_member_detail_lists_at_most_ten_posts(
    guest_client: Client, member: Member, forum: Forum
) -> None:
    thread = make_thread(forum, author=member, replies=11)
    html = guest_client.get(_url("alice")).content.decode()
    links = _recent_post_links(html)
    newest = list(
        Post.objects.filter(thread=thread)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
    )
    assert len(links) == 10
    assert links[0] == _post_link(newest[0])


def test_member_detail_lists_only_this_members_posts(
    guest_client: Client, member: Member, other_member: Member, thread: Thread
) -> None:
    mine = make_post(thread, author=member, body="Mine.")
    html = guest_client.get(_url("alice")).content.decode()
    assert _recent_post_links(html) == [_post_link(mine.pk)]


@pytest.fixture
def posts_everywhere(
    moderator: Member, forum: Forum, members_forum: Forum, staff_forum: Forum
) -> dict[str, int | None]:
    """The moderator has posted in a public, a members-only and a staff-only forum."""
    public = make_thread(forum, author=moderator, title="Public thread")
    members = make_thread(members_forum, author=moderator, title="Members thread")
    staff = make_thread(staff_forum, author=moderator, title="Staff thread")
    return {
        "public": public.first_post_id,
        "members": members.first_post_id,
        "staff": staff.first_post_id,
    }


@pytest.mark.parametrize(
    ("viewer", "visible"),
    [
        ("guest_client", ["public"]),
        ("member_client", ["members", "public"]),
        ("moderator_client", ["staff", "members", "public"]),
        ("admin_client", ["staff", "members", "public"]),
    ],
)
def test_member_detail_lists_only_posts_the_viewer_may_see(
    posts_everywhere: dict[str, int | None],
    viewer: str,
    visible: list[str],
    request: pytest.FixtureRequest,
) -> None:
    client: Client = request.getfixturevalue(viewer)
    html = client.get(_url("mod_mia")).content.decode()
    assert _recent_post_links(html) == [_post_link(posts_everywhere[key]) for key in visible]
    for hidden in {"public", "members", "staff"} - set(visible):
        assert f"{hidden.capitalize()} thread" not in html
    if "staff" not in visible:
        assert "Staff Room" not in html


def test_member_detail_hides_posts_of_a_thread_moved_to_staff_forum(
    member_client: Client,
    moderator_client: Client,
    member: Member,
    forum: Forum,
    staff_forum: Forum,
) -> None:
    thread = make_thread(forum, author=member, title="Moved away")
    Thread.objects.filter(pk=thread.pk).update(forum=staff_forum)
    assert _recent_post_links(member_client.get(_url("alice")).content.decode()) == []
    assert _recent_post_links(moderator_client.get(_url("alice")).content.decode()) == [
        _post_link(thread.first_post_id)
    ]


@pytest.mark.parametrize(
    "display_name",
    [
        "<img src=x onerror=alert(1)>",
        '"><script>alert(1)</script>',
    ],
)
def test_member_detail_escapes_html_in_display_name(
    guest_client: Client, forum: Forum, display_name: str
) -> None:
    author = make_member(username="mallory", display_name=display_name)
    thread = make_thread(forum, author=author, title="Hello")
    html = guest_client.get(_url("mallory")).content.decode()
    escaped = display_name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace('"', "&quot;").replace("'", "&#x27;")
    assert f"<h1>{escaped}</h1>" in html
    assert f"<title>{escaped} · Pnyx</title>" in html
    assert "<img src=x" not in html
    assert "<script>alert" not in html
    # The thread page's member card escapes it too.
    thread_html = guest_client.get(thread.get_absolute_url()).content.decode()
    assert escaped in thread_html
    assert "<img src=x" not in thread_html
    assert "<script>alert" not in thread_html


def test_member_detail_escapes_html_in_thread_titles_and_post_excerpts(
    guest_client: Client, member: Member, forum: Forum
) -> None:
    make_thread(forum, author=member, title="<b>bold</b> title", body="<script>alert(2)</script>")
    html = guest_client.get(_url("alice")).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; title" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "<script>alert(2)" not in html


def test_member_detail_shows_uploaded_avatar(guest_client: Client, member: Member) -> None:
    Member.objects.filter(pk=member.pk).update(avatar=f"avatars/{member.pk}-0123456789abcdef.webp")
    html = guest_client.get(_url("alice")).content.decode()
    assert (
        f'<img class="avatar avatar-l" src="/media/avatars/{member.pk}-0123456789abcdef.webp" '
        'alt="" width="96" height="96">'
    ) in html


def _queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("viewer", ["guest_client", "member_client", "moderator_client"])
def test_member_detail_query_count_does_not_grow_with_posts(
    member: Member,
    forum: Forum,
    viewer: str,
    request: pytest.FixtureRequest,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client: Client = request.getfixturevalue(viewer)
    thread = make_thread(forum, author=member)
    _queries_for(client, _url("alice"))  # warm the site-settings cache
    one = _queries_for(client, _url("alice"))
    for _ in range(9):
        make_post(thread, author=member)
    ten = _queries_for(client, _url("alice"))
    assert one == ten
    with django_assert_max_num_queries(4):
        client.get(_url("alice"))


def test_member_cards_show_each_members_own_countries(db: None) -> None:
    from pnyx.accounts.models import Member
    from pnyx.accounts.selectors import member_card
    from pnyx.testing.factories import make_member

    one = make_member(username="first_fr", country="FR", location="DE")
    two = make_member(username="second_pl", country="PL", location="")
    for _ in range(2):
        cards = [member_card(Member.objects.get(pk=m.pk)) for m in (one, two)]
        assert [(c.country.code, c.location.code) for c in cards] == [
            (m.country.code, m.location.code) for m in (one, two)
        ]
        assert cards[0].location.code == "DE" and not cards[1].location
        assert cards[0].country.name == "France"
        assert cards[0].country == one.country and cards[1].location == two.location
        assert cards[0] == member_card(Member.objects.get(pk=one.pk))
    one.country = "IT"
    assert member_card(one).country.code == "IT"
