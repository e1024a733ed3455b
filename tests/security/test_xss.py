"""B.1 Stored and reflected XSS, on every surface Pnyx has today: the thread page (as a guest
and as a member), Preview, the API's rendered field, the quote of a post inside another, the
member page and the edit history. RSS, notification mail and search snippets do not exist
yet; they join these tests with the issues that add them (12, 13, 16)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from pnyx.accounts.models import Member
from pnyx.accounts.services import update_profile
from pnyx.core.markup import render_post
from pnyx.core.middleware import _CSP
from pnyx.core.models import SiteSettings
from pnyx.core.site_settings import forget_site_settings
from pnyx.forums.models import Forum
from pnyx.posting.services import create_thread, reply_to_thread
from pnyx.testing.api import ApiClient
from pnyx.testing.factories import first_post
from pnyx.threads.models import Post, Thread
from tests.security.hostile import (
    api_posts,
    dangers,
    parse,
    reply_by_api,
    reply_on_page,
    thread_url,
)

pytestmark = pytest.mark.django_db

XSS_01 = [
    "<script>alert(document.domain)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<iframe srcdoc="<script>parent.alert(1)</script>">',
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]
XSS_02 = [
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a](java&#x09;script:alert(1))",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    "[url]javascript:alert(document.domain)[/url]",
    '<a href="javascript:alert(1)">x</a>',
    "[a](vbscript:msgbox(1))",
]
XSS_03 = [
    '[url=http://www.example.com" onmouseover="alert(1)]t[/url]',
    '[img]http://a.test/x.png" onerror="alert(1)[/img]',
    '![a](http://a.test/"onerror="alert(1))',
    "[color=red;background:url(javascript:alert(1))]t[/color]",
    '<span style="background:url(javascript:alert(1))">t</span>',
    '[a](http://a.test/"onmouseover="alert(1))',
]
XSS_04 = [
    "<<script>x</script>script>alert(1)<</script>/script>",
    "[b=[img]https://[/b][url]onerror=alert(1)//[/url][b=[/img]a[/b]",
    'http://a.test/[url]http://b.test" onmouseover=alert(1)//[/url]',
    "<a href='http://a.test/<img src=x onerror=alert(1)>'>x</a>",
    "`<img src=x onerror=alert(1)>` and **<b onclick=alert(1)>bold</b>**",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]


def _all_surfaces(
    client: Client, api: ApiClient, thread: Thread, bodies: list[str], tag: str
) -> list[str]:
    """Posts every body through the page and the API, then reads each surface back."""
    found: list[str] = []
    for n, body in enumerate(bodies):
        reply_on_page(client, thread, body, key=f"{tag}-page-{n}")
        created = reply_by_api(api, thread, body)
        found += dangers(created["html"])
        preview = client.post("/posting/preview/", {"body": body})
        assert preview.status_code == 200
        found += dangers(preview.json()["html"])
    for post in api_posts(api, thread):
        found += dangers(post["html"])
    page = Client().get(thread_url(thread))  # a guest
    assert page.status_code == 200
    found += dangers(page.content.decode(), page=True)
    member_page = client.get(thread_url(thread))
    found += dangers(member_page.content.decode(), page=True)
    return found


def test_xss01_raw_html_never_runs_on_any_surface(
    member_client: Client, member_api: ApiClient, thread: Thread
) -> None:
    assert _all_surfaces(member_client, member_api, thread, XSS_01, "xss01") == []
    stored = Post.objects.filter(source__in=XSS_01)
    assert stored.count() == 2 * len(XSS_01)
    assert [d for p in stored for d in dangers(p.html)] == []
    assert all("<script" not in p.html for p in stored)


def test_xss02_only_http_https_mailto_and_relative_links_keep_their_href(
    member_client: Client, member_api: ApiClient, thread: Thread
) -> None:
    assert _all_surfaces(member_client, member_api, thread, XSS_02, "xss02") == []
    html = render_post(
        "[w](https://example.org/) [m](mailto:a@example.org) [r](/threads/1-x/)"
    ).html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == ["https://example.org/", "mailto:a@example.org", "/threads/1-x/"]
    external = re.search(r'<a [^>]*href="https://example.org/"[^>]*>', html)
    assert external is not None and 'rel="nofollow ugc noopener"' in external.group(0)


def test_xss03_attributes_cannot_be_broken_out_of(
    member_client: Client, member_api: ApiClient, thread: Thread
) -> None:
    assert _all_surfaces(member_client, member_api, thread, XSS_03, "xss03") == []
    for body in XSS_03:
        html = render_post(body).html
        assert dangers(html) == []  # no handler, no style attribute, no script URL
        assert all(not k.startswith("on") for e in parse(html).iter() for k in e.attrib)


def test_xss04_sanitiser_runs_last_on_nested_and_overlapping_markup(
    member_client: Client, member_api: ApiClient, thread: Thread
) -> None:
    assert _all_surfaces(member_client, member_api, thread, XSS_04, "xss04") == []


def test_xss05_quote_header_is_parsed_strictly_and_rendered_from_the_database(
    member_client: Client, member: Member, other_member: Member, thread: Thread
) -> None:
    update_profile(
        other_member, other_member, display_name='"><svg onload=alert(1)>', country="", location=""
    )
    quoted = first_post(thread)
    bodies = [
        f'[quote="x\\"><img src=x onerror=alert(1)>, post:{quoted.pk}, thread:1"]hi[/quote]',
        f'[quote="x"><img src=x onerror=alert(1)>, post:{quoted.pk}"]hi[/quote]',
        "> <script>alert(1)</script>",
        f'[quote="bob, post:{quoted.pk}"]The minister said talks would resume[/quote]',
    ]
    for n, body in enumerate(bodies):
        reply_on_page(member_client, thread, body, key=f"xss05-{n}")
    page = Client().get(thread_url(thread)).content.decode()
    assert dangers(page, page=True) == []
    # The attribution of the well-formed quote names the real author of the post.
    last = Post.objects.get(idempotency_key="catalogue-xss05-3")
    assert f'data-quote-post="{quoted.pk}"' in last.html
    assert ">bob</a> said:" in last.html
    # The reply composer with the quote (no JavaScript) and the quote markup (JavaScript).
    composer = member_client.get(f"/threads/{thread.pk}-{thread.slug}/reply/?quote={quoted.pk}")
    assert composer.status_code == 200
    assert dangers(composer.content.decode(), page=True) == []
    markup = member_client.get(f"/posts/{quoted.pk}/quote/").json()["markup"]
    assert markup.startswith(f'[quote="bob, post:{quoted.pk}"]')
    # The display name shows escaped on the member card of the thread page.
    assert "&quot;&gt;&lt;svg onload=alert(1)&gt;" in page


def test_xss06_quote_attribution_cannot_be_forged(
    member_client: Client, member: Member, thread: Thread, staff_forum: Forum, moderator: Member
) -> None:
    alice_post = reply_to_thread(member, thread, body="I like the proposal.")
    secret = create_thread(moderator, staff_forum, title="Staff only", body="Secret plan words")
    forged = reply_to_thread(
        member, thread, body=f'[quote="root_rita, post:{alice_post.pk}"]I resign[/quote]'
    )
    # The header names the post's real author and marks the words as not from it.
    assert ">alice</a> said:" in forged.html and "root_rita" not in forged.html
    assert "not word for word from the original" in forged.html
    hidden = reply_to_thread(
        member,
        thread,
        body=f'[quote="mod_mia, post:{first_post(secret).pk}"]Secret plan words[/quote]',
    )
    # Quoting a post the writer cannot read shows the literal text with no attribution.
    assert "mod_mia" not in hidden.html and "Staff only" not in hidden.html
    assert '<p class="quote-by">Quote</p>' in hidden.html


def test_xss07_titles_and_profile_fields_are_escaped_in_every_context(
    member_client: Client, member: Member, member_api: ApiClient, forum: Forum
) -> None:
    title = "</title><script>alert(1)</script>"
    update_profile(
        member, member, display_name="<img src=x onerror=alert(1)>", country="", location=""
    )
    response = member_client.post(
        f"/forums/{forum.pk}-{forum.slug}/new-thread/",
        {"title": title, "body": "Body", "idempotency_key": "xss07-thread"},
    )
    assert response.status_code == 302
    thread = Thread.objects.get(title=title)
    by_api = member_api.post(
        "/threads", {"forum_id": forum.pk, "title": '"><svg onload=alert(1)>', "body": "B"}
    )
    assert by_api.status_code == 201
    pages = [
        thread_url(thread),
        f"/forums/{forum.pk}-{forum.slug}/",
        "/",
        "/whats-new/",
        "/whats-new/threads/",
        "/members/alice/",
        f"/posts/{first_post(thread).pk}/history/",
    ]
    for url in pages:
        html = Client().get(url, follow=True).content.decode()
        assert dangers(html, page=True) == [], url
    html = Client().get(thread_url(thread)).content.decode()
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert member_api.get(f"/threads/{thread.pk}").json()["thread"]["title"] == title


def test_xss08_reflected_parameters_are_escaped(member_client: Client, thread: Thread) -> None:
    payload = '"><script>alert(1)</script><svg/onload=alert(1)>'
    urls = [
        f"/accounts/login/?next={payload}&error={payload}",
        f"/accounts/password/reset/?lang={payload}",
        f"/whats-new/?q={payload}",
        f"{thread_url(thread)}?quote={payload}",
        f"/threads/{thread.pk}-{thread.slug}/reply/?quote={payload}",
        f"/theme/?next={payload}",
    ]
    for url in urls:
        for client in (Client(), member_client):
            response = client.get(url)
            assert response.status_code < 500, url
            body = response.content.decode()
            assert "<script>alert(1)" not in body and "<svg/onload" not in body, url


def test_xss10_svg_avatar_is_refused_and_no_upload_is_served_inline_as_markup(
    member_client: Client, member: Member
) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"/>'
    html = b"<html><script>alert(1)</script></html>"
    from django.core.files.uploadedfile import SimpleUploadedFile

    for name, data, kind in [
        ("a.svg", svg, "image/svg+xml"),
        ("a.png", html, "image/png"),
        ("a.jpg", html, "text/html"),
    ]:
        response = member_client.post(
            "/account/settings/",
            {"section": "avatar", "avatar": SimpleUploadedFile(name, data, content_type=kind)},
        )
        assert response.status_code == 400, name
        member.refresh_from_db()
        assert not member.avatar, name


def test_xss11_csp_is_the_second_wall(guest_client: Client, thread: Thread) -> None:
    for url in ("/", thread_url(thread), "/accounts/login/", "/nowhere/"):
        csp = guest_client.get(url)["Content-Security-Policy"]
        directives = {d.split()[0]: d.split()[1:] for d in csp.split("; ")}
        assert directives["script-src"] == ["'self'"], url
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
        assert directives["object-src"] == ["'none'"]
        assert directives["base-uri"] == ["'self'"]
        assert directives["frame-ancestors"] == ["'none'"]
    assert _CSP.count("script-src") == 1


def test_xss12_mentions_emoji_and_tags_stay_literal_escaped_text(
    member_client: Client, member_api: ApiClient, thread: Thread
) -> None:
    bodies = [
        "@<img src=x onerror=alert(1)>",
        ':"><script>:',
        '#"><svg onload=alert(1)>',
        "@bob<script>alert(1)</script>",
    ]
    assert _all_surfaces(member_client, member_api, thread, bodies, "xss12") == []
    html = render_post("@<img src=x onerror=alert(1)>").html
    assert "@&lt;img src=x onerror=alert(1)&gt;" in html


def test_xss07_site_name_set_by_an_administrator_is_text_everywhere(
    guest_client: Client, admin: Member
) -> None:
    site = SiteSettings.objects.get_or_create(pk=1)[0]
    site.name = "<script>alert(1)</script>"
    site.tagline = '"><img src=x onerror=alert(1)>'
    site.save()
    forget_site_settings()
    html = guest_client.get("/").content.decode()
    assert dangers(html, page=True) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
