"""A public forum under a public forum under a hidden one is hidden, on every surface.

Two trees of three levels, each with a thread in the deepest forum:
  staff:   Staff room (staff) > Archive (public) > Old notes (public)
  members: Newsroom (public) > Members desk (members) > Drafts (public)
Every page, fragment, write and API call a reader could reach the deep thread through
answers exactly as for a missing one (IDOR-05); listings, profiles and quotes leave it out
(IDOR-06, IDOR-02). Readers who may read every level see it everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from pnyx.accounts.models import Member
from pnyx.forums.enums import Visibility
from pnyx.forums.models import Forum
from pnyx.posting.services import reply_to_thread
from pnyx.testing.api import ApiClient
from pnyx.testing.factories import make_forum, make_thread
from pnyx.threads.models import Post, Thread

pytestmark = pytest.mark.django_db


@dataclass
class Deep:
    top: Forum
    middle: Forum
    leaf: Forum
    thread: Thread  # in the leaf, by its author
    post: Post  # the thread's first post
    relay: Post  # a reply in a public thread quoting ``post``
    public_thread: Thread


def _deep(tree: str, author: Member, public_thread: Thread) -> Deep:
    if tree == "staff":
        top = make_forum(name="Staff room", visibility=Visibility.STAFF)
        middle = make_forum(parent=top, name="Archive")
        leaf = make_forum(parent=middle, name="Old notes")
    else:
        top = make_forum(name="Newsroom")
        middle = make_forum(parent=top, name="Members desk", visibility=Visibility.MEMBERS)
        leaf = make_forum(parent=middle, name="Drafts")
    thread = make_thread(leaf, author=author, title="Deep secret thread", body="Deep words.")
    post = Post.objects.get(thread=thread, position=1)
    relay = reply_to_thread(
        author,
        public_thread,
        body=f'[quote="{author.username}, post:{post.pk}"]\nDeep words.\n[/quote]\nAs said.',
    )
    return Deep(top, middle, leaf, thread, post, relay, public_thread)


# (tree, persona) → whether the persona reads the deep thread.
CASES = [
    ("staff", "guest", False),
    ("staff", "member", False),
    ("staff", "moderator", True),
    ("members", "guest", False),
    ("members", "member", True),
    ("members", "moderator", True),
]
IDS = [f"{tree}-{persona}" for tree, persona, _ in CASES]


def _client(request: pytest.FixtureRequest, persona: str) -> Client:
    client: Client = request.getfixturevalue(f"{persona}_client")
    return client


def _api(request: pytest.FixtureRequest, persona: str) -> ApiClient:
    api: ApiClient = request.getfixturevalue(f"{persona}_api")
    return api


@pytest.fixture
def author(moderator: Member) -> Member:
    return moderator


@pytest.mark.parametrize(("tree", "persona", "reads"), CASES, ids=IDS)
def test_pages_of_the_deep_forum_and_thread(
    request: pytest.FixtureRequest,
    tree: str,
    persona: str,
    reads: bool,
    author: Member,
    thread: Thread,
) -> None:
    deep = _deep(tree, author, thread)
    client = _client(request, persona)
    hidden = 200 if reads else 404
    thread_url = deep.thread.get_absolute_url()

    assert client.get(deep.leaf.get_absolute_url()).status_code == hidden
    assert client.get(thread_url).status_code == hidden
    assert client.get(f"{thread_url}page-2").status_code == (302 if reads else 404)
    assert client.get(f"{thread_url}unread").status_code == (302 if reads else 404)
    assert client.get(f"/posts/{deep.post.pk}/").status_code == (302 if reads else 404)
    assert client.get(f"/posts/{deep.post.pk}/quote/").status_code == hidden
    assert client.get(f"/threads/{deep.thread.pk}/state/").status_code == hidden
    assert client.get(f"/threads/{deep.thread.pk}/posts/?after=0").status_code == hidden
    middle_page = client.get(deep.middle.get_absolute_url())
    if tree == "staff":
        assert middle_page.status_code == hidden
    if reads:
        assert deep.leaf.name.encode() in middle_page.content  # listed as its subforum


@pytest.mark.parametrize(("tree", "persona", "reads"), CASES, ids=IDS)
def test_listings_profiles_and_the_index(
    request: pytest.FixtureRequest,
    tree: str,
    persona: str,
    reads: bool,
    author: Member,
    thread: Thread,
) -> None:
    deep = _deep(tree, author, thread)
    client = _client(request, persona)
    title = deep.thread.title.encode()

    for url in ("/whats-new/", "/whats-new/threads/", f"/members/{author.username}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert (title in response.content) is reads, url
    index = client.get("/").content
    assert (deep.middle.name.encode() in index) is reads
    assert deep.leaf.name.encode() not in index  # the index shows two levels


@pytest.mark.parametrize(("tree", "persona", "reads"), CASES, ids=IDS)
def test_quotes_of_the_deep_post_keep_their_attribution_only_for_its_readers(
    request: pytest.FixtureRequest,
    tree: str,
    persona: str,
    reads: bool,
    author: Member,
    thread: Thread,
) -> None:
    deep = _deep(tree, author, thread)
    client = _client(request, persona)
    link = f"/posts/{deep.post.pk}/".encode()

    page = client.get(deep.public_thread.get_absolute_url())
    assert page.status_code == 200
    assert b"Deep words." in page.content
    assert (link in page.content) is reads
    markup = client.get(f"/posts/{deep.relay.pk}/quote/").json()["markup"]
    assert (f"post:{deep.post.pk}" in markup) is reads


@pytest.mark.parametrize(("tree", "persona", "reads"), CASES, ids=IDS)
def test_the_api_answers_as_the_pages_do(
    request: pytest.FixtureRequest,
    tree: str,
    persona: str,
    reads: bool,
    author: Member,
    thread: Thread,
) -> None:
    deep = _deep(tree, author, thread)
    api = _api(request, persona)
    hidden = 200 if reads else 404

    assert api.get(f"/threads/{deep.thread.pk}").status_code == hidden
    assert api.get(f"/forums/{deep.leaf.pk}/threads").status_code == hidden
    assert api.get(f"/forums/{deep.middle.pk}/threads").status_code == hidden
    listed = [entry["id"] for entry in api.get("/whats-new").json()["threads"]]
    assert (deep.thread.pk in listed) is reads
    categories = api.get("/categories").json()
    forum_ids = {
        forum_id
        for category in categories["categories"]
        for forum in category["forums"]
        for forum_id in [forum["id"], *(sub["id"] for sub in forum["subforums"])]
    }
    assert (deep.middle.pk in forum_ids) is reads
    # Index counts and latest posts are each forum's own: the deep thread adds nothing above.
    listed_forums = {
        forum["id"]: forum for category in categories["categories"] for forum in category["forums"]
    }
    if deep.top.pk in listed_forums:
        assert listed_forums[deep.top.pk]["thread_count"] == 0
        assert listed_forums[deep.top.pk]["post_count"] == 0
        assert listed_forums[deep.top.pk]["last_post"] is None
    posts = api.get(f"/threads/{deep.public_thread.pk}").json()["posts"]
    relay = next(post for post in posts if post["id"] == deep.relay.pk)
    assert (deep.post.pk in relay["quotes"]) is reads
    assert (f"post:{deep.post.pk}" in relay["body"]) is reads


def test_members_who_cannot_read_the_deep_thread_cannot_write_to_it(
    author: Member, thread: Thread, member_client: Client, member_api: ApiClient
) -> None:
    deep = _deep("staff", author, thread)
    thread_url = deep.thread.get_absolute_url()

    assert member_client.post(f"{thread_url}reply/", {"body": "Let me in."}).status_code == 404
    assert member_client.get(f"{deep.leaf.get_absolute_url()}new-thread/").status_code == 404
    assert member_client.post(f"/posts/{deep.post.pk}/react/", {"kind": "like"}).status_code == 404
    assert member_client.get(f"/posts/{deep.post.pk}/edit/").status_code == 404
    assert member_client.get(f"/posts/{deep.post.pk}/history/").status_code == 404
    reply = member_api.send("POST", f"/threads/{deep.thread.pk}/posts", {"body": "Let me in."})
    assert reply.status_code == 404
    start = member_api.send(
        "POST", "/threads", {"forum_id": deep.leaf.pk, "title": "Mine", "body": "Let me in."}
    )
    assert start.status_code == 404
    react = member_api.send("PUT", f"/posts/{deep.post.pk}/reactions/like")
    assert react.status_code == 404
    assert Post.objects.filter(thread=deep.thread).count() == 1


def test_a_member_quoting_a_post_they_cannot_read_gets_no_attribution(
    author: Member, thread: Thread, member: Member
) -> None:
    # IDOR-02: quotes are resolved with what the quoting author may read, at any depth.
    deep = _deep("staff", author, thread)

    post = reply_to_thread(
        member, thread, body=f'[quote="{author.username}, post:{deep.post.pk}"]\nGuess.\n[/quote]'
    )

    assert f"/posts/{deep.post.pk}/" not in post.html
    assert post.quote_forum_ids == []
