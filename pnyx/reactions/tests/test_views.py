"""POST /posts/<id>/react/ and the reaction bar on thread pages."""

from __future__ import annotations

import json
from typing import cast
from xml.etree.ElementTree import Element

import html5lib
import pytest
from django.test import Client

from pnyx.accounts.models import Member
from pnyx.core.models import SiteSettings
from pnyx.core.site_settings import forget_site_settings
from pnyx.forums.models import Forum
from pnyx.reactions.models import Reaction
from pnyx.reactions.services import set_reaction
from pnyx.testing.factories import first_post, make_post, make_thread
from pnyx.threads.models import Post, Thread

JSON = {"Accept": "application/json"}


def _url(post: Post) -> str:
    return f"/posts/{post.pk}/react/"


def _score(member: Member) -> int:
    member.refresh_from_db()
    return member.reaction_score


def _stored_counts(post: Post) -> dict[str, int]:
    post.refresh_from_db()
    return dict(post.reaction_counts)


def _reactions(mine: set[str], **counts: int) -> list[dict[str, object]]:
    kinds = ["like", "agree", "disagree", "informative", "funny"]
    return [{"kind": k, "count": counts.get(k, 0), "mine": k in mine} for k in kinds]


def _parse(content: bytes) -> Element:
    return cast(Element, html5lib.parse(content.decode(), namespaceHTMLElements=False))


def _text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _bar(content: bytes, post: Post) -> Element:
    for div in _parse(content).iter("div"):
        if div.get("data-reactions-for") == str(post.pk):
            return div
    raise AssertionError(f"no reaction bar for post {post.pk}")


@pytest.fixture
def post(thread: Thread) -> Post:
    """The opening post of ``thread``, written by other_member (bob)."""
    return first_post(thread)


# ---------------------------------------------------------------- who may react


def test_post_react_guest_is_sent_to_sign_in_and_nothing_is_saved(
    guest_client: Client, other_member: Member, post: Post
) -> None:
    response = guest_client.post(_url(post), {"kind": "like"})

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/posts/{post.pk}/react/"
    assert Reaction.objects.count() == 0
    assert _stored_counts(post) == {}
    assert _score(other_member) == 0


def test_post_react_inactive_account_is_treated_as_a_guest(
    banned_member: Member, post: Post
) -> None:
    client = Client()
    client.force_login(banned_member)

    response = client.post(_url(post), {"kind": "like"}, headers=JSON)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Reaction.objects.count() == 0


def test_post_react_rejects_get(member_client: Client, post: Post) -> None:
    response = member_client.get(_url(post), {"kind": "like"})

    assert response.status_code == 405
    assert Reaction.objects.count() == 0


def test_post_react_to_own_post_is_forbidden(
    other_member_client: Client, other_member: Member, post: Post
) -> None:
    response = other_member_client.post(_url(post), {"kind": "like"}, headers=JSON)

    assert response.status_code == 403
    assert Reaction.objects.count() == 0
    assert _stored_counts(post) == {}
    assert _score(other_member) == 0


def test_post_react_in_a_hidden_forum_is_not_found(
    member_client: Client, moderator: Member, staff_forum: Forum
) -> None:
    hidden = first_post(make_thread(staff_forum, author=moderator, title="Staff only"))

    response = member_client.post(_url(hidden), {"kind": "like"}, headers=JSON)

    assert response.status_code == 404
    assert Reaction.objects.count() == 0
    assert _score(moderator) == 0


def test_post_react_to_a_missing_post_is_not_found(member_client: Client, db: None) -> None:
    assert member_client.post("/posts/987654/react/", {"kind": "like"}).status_code == 404


@pytest.mark.parametrize("data", [{"kind": "love"}, {"kind": ""}, {}])
def test_post_react_bad_kind_is_400(
    member_client: Client, other_member: Member, post: Post, data: dict[str, str]
) -> None:
    plain = member_client.post(_url(post), data)
    scripted = member_client.post(_url(post), data, headers=JSON)

    assert (plain.status_code, plain.content) == (400, b"Unknown reaction.")
    assert plain["Content-Type"].startswith("text/plain")
    assert scripted.status_code == 400
    assert json.loads(scripted.content) == {"error": "Unknown reaction."}
    assert Reaction.objects.count() == 0
    assert _score(other_member) == 0


# ---------------------------------------------------------------- answers


def test_post_react_without_javascript_redirects_to_the_post(
    member: Member, member_client: Client, other_member: Member, post: Post
) -> None:
    response = member_client.post(_url(post), {"kind": "like"})

    assert response.status_code == 302
    assert response["Location"] == f"{post.thread.get_absolute_url()}#post-{post.pk}"
    assert list(Reaction.objects.values_list("member_id", "post_id", "kind")) == [
        (member.pk, post.pk, "like")
    ]
    assert _stored_counts(post) == {"like": 1}
    assert _score(other_member) == 1


def test_post_react_redirect_lands_on_the_page_holding_the_post(
    member_client: Client, other_member: Member, thread: Thread
) -> None:
    SiteSettings.objects.update_or_create(pk=1, defaults={"posts_per_page": 5})
    forget_site_settings()
    for _ in range(6):
        make_post(thread, author=other_member)
    seventh = Post.objects.get(thread=thread, position=7)

    response = member_client.post(_url(seventh), {"kind": "agree"})

    assert response.status_code == 302
    assert response["Location"] == f"/threads/{thread.pk}-{thread.slug}/page-2#post-{seventh.pk}"


def test_post_react_with_json_accept_answers_json(
    member_client: Client, moderator: Member, other_member: Member, post: Post
) -> None:
    set_reaction(moderator, post, "like", on=True)
    set_reaction(moderator, post, "disagree", on=True)

    response = member_client.post(_url(post), {"kind": "like"}, headers=JSON)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "private" in response["Cache-Control"].split(", ")
    assert json.loads(response.content) == {
        "post_id": post.pk,
        "author": "bob",
        "author_reaction_score": 2,
        "reactions": _reactions({"like"}, like=2, disagree=1),
    }
    assert _stored_counts(post) == {"like": 2, "disagree": 1}
    assert _score(other_member) == 2


def test_post_react_twice_toggles_back_off(
    member_client: Client, other_member: Member, post: Post
) -> None:
    member_client.post(_url(post), {"kind": "informative"}, headers=JSON)

    response = member_client.post(_url(post), {"kind": "informative"}, headers=JSON)

    assert json.loads(response.content) == {
        "post_id": post.pk,
        "author": "bob",
        "author_reaction_score": 0,
        "reactions": _reactions(set()),
    }
    assert Reaction.objects.count() == 0
    assert _stored_counts(post) == {}
    assert _score(other_member) == 0


def test_post_react_json_lists_all_of_my_kinds(
    member: Member, member_client: Client, post: Post
) -> None:
    set_reaction(member, post, "agree", on=True)

    response = member_client.post(_url(post), {"kind": "funny"}, headers=JSON)

    body = json.loads(response.content)
    assert body["reactions"] == _reactions({"agree", "funny"}, agree=1, funny=1)
    assert body["author_reaction_score"] == 2


# ---------------------------------------------------------------- thread page


@pytest.fixture
def reacted(member: Member, moderator: Member, post: Post) -> Post:
    """bob's post: like from alice and mia, agree from alice."""
    set_reaction(member, post, "like", on=True)
    set_reaction(member, post, "agree", on=True)
    set_reaction(moderator, post, "like", on=True)
    return post


def _buttons(bar: Element) -> dict[str, tuple[str, str | None]]:
    """kind → (button text, aria-pressed)."""
    return {
        button.get("value", ""): (_text(button), button.get("aria-pressed"))
        for button in bar.iter("button")
    }


def test_thread_page_shows_counts_and_my_reactions_pressed(
    member_client: Client, thread: Thread, reacted: Post
) -> None:
    bar = _bar(member_client.get(thread.get_absolute_url()).content, reacted)

    forms = list(bar.iter("form"))
    assert [(f.get("method"), f.get("action")) for f in forms] == [("post", _url(reacted))]
    # The symbols (♥ ✓ ✗ ℹ ☺) are drawn by the stylesheet, hidden from screen readers.
    assert _buttons(bar) == {
        "like": ("Like 2", "true"),
        "agree": ("Agree 1", "true"),
        "disagree": ("Disagree", "false"),
        "informative": ("Informative", "false"),
        "funny": ("Funny", "false"),
    }


def test_thread_page_presses_only_the_viewers_own_reactions(
    moderator_client: Client, thread: Thread, reacted: Post
) -> None:
    bar = _bar(moderator_client.get(thread.get_absolute_url()).content, reacted)

    pressed = {kind for kind, (_, state) in _buttons(bar).items() if state == "true"}
    assert pressed == {"like"}


@pytest.mark.parametrize("client_name", ["guest_client", "other_member_client"])
def test_thread_page_read_only_summary_for_guests_and_the_author(
    request: pytest.FixtureRequest, client_name: str, thread: Thread, reacted: Post
) -> None:
    client = request.getfixturevalue(client_name)
    assert isinstance(client, Client)

    content = client.get(thread.get_absolute_url()).content
    bar = _bar(content, reacted)

    assert list(bar.iter("form")) == []
    assert list(bar.iter("button")) == []
    items = [_text(li) for li in bar.iter("li")]
    assert items == ["♥ Like 2", "✓ Agree 1"]
    assert _url(reacted).encode() not in content


def test_thread_page_without_reactions_shows_no_summary_to_guests(
    guest_client: Client, thread: Thread, post: Post
) -> None:
    bar = _bar(guest_client.get(thread.get_absolute_url()).content, post)

    assert list(bar) == []


def test_thread_page_member_card_shows_the_authors_reaction_score(
    guest_client: Client, thread: Thread, reacted: Post
) -> None:
    doc = _parse(guest_client.get(thread.get_absolute_url()).content)

    scores = [dd for dd in doc.iter("dd") if dd.get("data-reaction-score") == "bob"]
    assert [_text(dd) for dd in scores] == ["3"]


def test_stylesheet_draws_the_same_symbols_as_the_summary() -> None:
    from pathlib import Path

    from pnyx.reactions.enums import SYMBOLS

    css = (Path(__file__).parents[2] / "core/static/core/pnyx.css").read_text()
    for kind, symbol in SYMBOLS.items():
        assert f'.reaction-form [value="{kind}"] {{ --symbol: "{symbol}"; }}' in css, kind
