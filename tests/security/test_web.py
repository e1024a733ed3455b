"""B.13 open redirects, B.14 guest page cache poisoning, B.15 API and miscellaneous rows.
Notification amplification (MISC-04) waits for mentions and alerts (issue 12)."""

from __future__ import annotations

import logging
import socket
import threading
from pathlib import Path
from typing import Any

import pytest
from django.core.mail import BadHeaderError, EmailMessage
from django.db import connection
from django.test import Client
from pytest_django import Settings

from pnyx.accounts.models import ApiToken, Member
from pnyx.accounts.services import update_profile
from pnyx.reactions.models import Reaction
from pnyx.reactions.services import recompute_reaction_scores, set_reaction
from pnyx.testing.api import ApiClient
from pnyx.testing.factories import PASSWORD, first_post, make_member, make_thread, make_token
from pnyx.threads.models import Post, Thread
from tests.security.hostile import reply_url, thread_url

pytestmark = pytest.mark.django_db

REDIRECTS = [
    "https://evil.test",
    "//evil.test",
    "/\\evil.test",
    "\\/\\/evil.test",
    "/%2F%2Fevil.test",
    "https:evil.test",
    "java%0ascript:alert(1)",
    "javascript:alert(1)",
    "http://testserver@evil.test",
    "/forum/../..//evil.test",
    "%2F%2Fevil.test",
    "/%5Cevil.test",
    "\x00//evil.test",
    " //evil.test",
]


def _local(location: str) -> bool:
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.fixture
def guest_cache(settings: Settings, tmp_path: Path) -> None:
    settings.GUEST_CACHE_SECONDS = 60
    settings.DATA_DIR = tmp_path


# ---------------------------------------------------------------- B.13


@pytest.mark.parametrize("target", REDIRECTS)
def test_redir01_every_return_to_ends_on_this_site(member: Member, target: str) -> None:
    signed_in = Client().post(
        f"/accounts/login/?next={target}", {"login": "alice", "password": PASSWORD}
    )
    assert signed_in.status_code == 302 and _local(signed_in["Location"]), signed_in["Location"]
    form_next = Client().post(
        "/accounts/login/", {"login": "alice", "password": PASSWORD, "next": target}
    )
    assert _local(form_next["Location"]), form_next["Location"]
    theme = Client().get("/theme/", {"set": "dark", "next": target})
    assert theme.status_code in (302, 303) and _local(theme["Location"]), theme["Location"]
    admin = Client().get("/admin/login/", {"next": target})
    assert admin.status_code == 302
    browser = Client()
    browser.force_login(member)
    out = browser.post("/accounts/logout/", {"next": target})
    assert out.status_code == 302 and _local(out["Location"]), out["Location"]


def test_redir02_outbound_links_carry_rel_and_pages_limit_the_referrer(
    guest_client: Client, member: Member, thread: Thread
) -> None:
    from pnyx.posting.services import reply_to_thread

    reply_to_thread(member, thread, body="See [the report](https://example.org/report?id=1).")
    response = guest_client.get(thread_url(thread))
    html = response.content.decode()
    assert 'href="https://example.org/report?id=1" rel="nofollow ugc noopener"' in html
    assert response["Referrer-Policy"] in (
        "same-origin",
        "strict-origin-when-cross-origin",
        "no-referrer",
    )


# ---------------------------------------------------------------- B.14


def test_cache01_every_representation_of_a_guest_page_is_html(
    guest_cache: None, thread: Thread
) -> None:
    url = thread_url(thread)
    headers: list[tuple[dict[str, str], str]] = [
        ({"Accept": "application/json"}, ""),
        ({}, "?format=json"),
        ({"X-Requested-With": "XMLHttpRequest"}, ""),
        ({"HX-Request": "true"}, ""),
    ]
    for sent, query in headers:
        Client().get(url + query, headers=sent)
    browser = Client().get(url, HTTP_ACCEPT="text/html")
    assert browser.status_code == 200
    assert browser["Content-Type"].startswith("text/html")
    assert browser.content.lstrip().startswith(b"<!DOCTYPE html>")


def test_cache02_errors_are_never_stored(guest_cache: None, thread: Thread, forum: Any) -> None:
    url = thread_url(thread)
    big_cookie = Client()
    big_cookie.cookies["junk"] = "x" * 20_000
    assert big_cookie.get(url).status_code == 200
    for bad in (
        f"/threads/{thread.pk}-{thread.slug}/page-99",
        f"/threads/{thread.pk}-{thread.slug}/page-x",
        "/threads/987654321-x/",
    ):
        first = Client().get(bad)
        assert first.status_code in (302, 404)  # past the last page: sent to the last
        again = Client().get(bad)
        assert again.status_code == first.status_code and again.get("X-Cache") != "HIT", bad
    Client().get(url)
    assert Client().get(url)["X-Cache"] == "HIT"


def test_cache03_a_foreign_host_is_refused_and_urls_come_from_configuration(
    guest_cache: None, thread: Thread, settings: Settings
) -> None:
    settings.SITE_URL = "https://forum.example"
    assert Client().get(thread_url(thread), HTTP_HOST="evil.test").status_code == 400
    for sent in ({"X-Forwarded-Host": "evil.test"}, {"Forwarded": "host=evil.test"}):
        for _ in range(2):
            html = Client().get(thread_url(thread), headers=sent).content.decode()
            assert "evil.test" not in html


def test_cache04_nothing_rendered_for_a_member_reaches_a_guest(
    guest_cache: None, member: Member, member_client: Client, thread: Thread
) -> None:
    url = thread_url(thread)
    member_page = member_client.get(url)
    assert member_page.status_code == 200 and "alice" in member_page.content.decode()
    guest = Client().get(url)
    html = guest.content.decode()
    assert 'class="account-name"' not in html and "csrfmiddlewaretoken" not in html
    for private in ("/account/settings/", reply_url(thread)):
        response = member_client.get(private)
        assert response["Cache-Control"] == "private, no-store", private
    api = ApiClient(make_token(member)).get("/me")
    assert api["Cache-Control"] == "private, no-store"


# ---------------------------------------------------------------- B.15


def test_api01_methods_content_types_and_cross_origin_requests(
    member_api: ApiClient, thread: Thread
) -> None:
    post = first_post(thread)  # bob's
    assert member_api.put(f"/posts/{post.pk}").status_code == 405
    assert member_api.delete(f"/posts/{post.pk}").status_code == 405
    for kind, body in [("application/xml", "<body>x</body>"), ("text/plain", '{"body": "x"}')]:
        response = member_api.client.generic(
            "POST",
            f"/api/v1/threads/{thread.pk}/posts",
            body,
            content_type=kind,
            HTTP_AUTHORIZATION=f"Bearer {member_api.token}",
        )
        assert response.status_code == 415, kind
    for origin in ("https://evil.test", "null"):
        preflight = Client().options(
            f"/api/v1/threads/{thread.pk}/posts",
            HTTP_ORIGIN=origin,
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        )
        assert not preflight.has_header("Access-Control-Allow-Origin")
        read = Client().get(f"/api/v1/threads/{thread.pk}", HTTP_ORIGIN=origin)
        assert not read.has_header("Access-Control-Allow-Origin")
    assert Post.objects.count() == 1


def test_api02_pagination_is_bounded_and_strict(member_api: ApiClient, thread: Thread) -> None:
    for page in ("-1", "0", "1e9", "abc", "99999999999999999999"):
        response = member_api.get(f"/threads/{thread.pk}", {"page": page})
        assert response.status_code == 422, page
    response = member_api.get(f"/forums/{thread.forum_id}/threads", {"limit": "1000000"})
    assert response.status_code == 200
    assert len(response.json()["threads"]) <= 100
    assert member_api.get(f"/threads/{thread.pk}", {"page": "999999"}).status_code == 404


def test_api03_tokens_only_in_the_header_stored_hashed_and_never_logged(
    member: Member, thread: Thread, caplog: pytest.LogCaptureFixture
) -> None:
    secret = make_token(member)
    caplog.set_level(logging.DEBUG)
    for name in ("api_key", "token", "access_token", "bearer"):
        response = Client().get("/api/v1/me", {name: secret})
        assert response.status_code == 401, name
    assert ApiClient(secret).get("/me").status_code == 200
    Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}x")
    stored = ApiToken.objects.get(member=member)
    assert all(secret not in str(value) for value in stored.__dict__.values())
    assert secret not in caplog.text and secret[8:] not in caplog.text


def test_misc01_direction_overrides_are_closed_and_invisible_text_refused(
    member_client: Client, member_api: ApiClient, member: Member, forum: Any
) -> None:
    rlo, pdf = "\u202e", "\u202c"
    response = member_api.post(
        "/threads", {"forum_id": forum.pk, "title": f"Invoice {rlo}fdp.exe", "body": f"a {rlo}b"}
    )
    assert response.status_code == 201
    thread = Thread.objects.get(pk=response.json()["id"])
    assert thread.title.count(rlo) == thread.title.count(pdf)
    assert first_post(thread).source.count(rlo) == first_post(thread).source.count(pdf)
    page = Client().get(thread_url(thread)).content.decode()
    assert page.count(rlo) <= page.count(pdf)
    invisible = member_api.post(f"/threads/{thread.pk}/posts", {"body": "\u200b" * 15})
    assert invisible.status_code == 422


def test_misc02_line_breaks_never_reach_a_mail_header(member: Member) -> None:
    update_profile(
        member, member, display_name="Bob\r\nBcc: victims@x.test", country="", location=""
    )
    member.refresh_from_db()
    assert "\r" not in member.display_name and "\n" not in member.display_name
    thread = make_thread(title="Hello\r\nBcc: victims@x.test")
    assert "\n" not in thread.title and "\r" not in thread.title
    with pytest.raises(BadHeaderError):
        EmailMessage(subject="Re: x\r\nBcc: victims@x.test", to=["a@example.org"]).message()


@pytest.mark.django_db(transaction=True)
def test_misc03_parallel_reactions_of_one_member_make_one_row(forum: Any) -> None:
    author, reader = make_member(username="writer"), make_member(username="reader")
    thread = make_thread(forum, author=author)
    post = first_post(thread)
    api = ApiClient(make_token(reader))
    statuses = {api.put(f"/posts/{post.pk}/reactions/like").status_code for _ in range(5)}
    assert statuses == {200}
    if connection.vendor == "postgresql":
        errors: list[BaseException] = []

        def react() -> None:
            try:
                set_reaction(reader, post, "agree", on=True)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                connection.close()

        workers = [threading.Thread(target=react) for _ in range(20)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert errors == []
    post.refresh_from_db()
    rows = Reaction.objects.filter(post=post, member=reader)
    assert rows.filter(kind="like").count() == 1
    assert rows.filter(kind="agree").count() == (connection.vendor == "postgresql")
    every = Reaction.objects.filter(post=post)
    counted = {kind: every.filter(kind=kind).count() for kind in {r.kind for r in every}}
    assert {kind: n for kind, n in post.reaction_counts.items() if n} == counted
    # The author's score is what a recount from the rows gives.
    author.refresh_from_db()
    score = author.reaction_score
    recompute_reaction_scores()
    author.refresh_from_db()
    assert author.reaction_score == score


def test_ssrf06_the_server_never_fetches_a_url_a_member_wrote(
    member_client: Client, member_api: ApiClient, thread: Thread
) -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    try:
        url = f"http://127.0.0.1:{port}/admin/"
        bodies = [
            f"![x]({url}a.png)",
            f"[img]{url}[/img]",
            f"<img src='{url}'>",
            url,
            f"[l]({url})",
        ]
        for n, body in enumerate(bodies):
            member_client.post(
                reply_url(thread), {"body": body, "idempotency_key": f"catalogue-ssrf06-{n}"}
            )
            member_client.post("/posting/preview/", {"body": body})
            member_api.post(f"/threads/{thread.pk}/posts", {"body": body})
        assert member_api.patch("/me", {"avatar_url": url}).status_code in (404, 405, 422)
        member_client.post("/account/settings/", {"display_name": "x", "website": url})
        Client().get(thread_url(thread))
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody ever connected
    finally:
        listener.close()
