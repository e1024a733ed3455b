"""HEAD is answered wherever GET is (issue 9: "HEAD answers 405 on uncached pages").

The test walks every URL pattern of the site (pages, the API, allauth, the admin), fills
its parameters with real objects, and asks each address with GET and with HEAD: the same
status and type, and no body for HEAD. A new pattern whose parameter has no sample here
fails the test until one is added.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern
from pytest_django import Settings

from pnyx.accounts.models import Member
from pnyx.forums.models import Forum
from pnyx.groups.services import builtin_group
from pnyx.testing.factories import first_post
from pnyx.threads.models import Thread

AVATAR = "avatars/12-0123456789abcdef.webp"


def _fill_route(route: str, samples: dict[str, str]) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: samples[m.group(1)], route)


def _fill_regex(regex: str, samples: dict[str, str]) -> str:
    """A regex pattern with each named group replaced by its sample (groups may nest)."""
    text = regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    out, i = [], 0
    while i < len(text):
        named = re.match(r"\(\?P<(\w+)>", text[i:])
        if named:
            depth, j = 1, i + named.end()
            while depth:
                depth += {"(": 1, ")": -1}.get(text[j], 0) if text[j - 1] != "\\" else 0
                j += 1
            out.append(samples[named.group(1)])
            i = j
        else:
            out.append(text[i + 1] if text[i] == "\\" else text[i])
            i += 2 if text[i] == "\\" else 1
    return "".join(out)


def _addresses(
    resolver: URLResolver, samples: dict[str, str], prefix: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            part = _fill_route(str(pattern), samples)
        else:
            assert isinstance(pattern, RegexPattern)
            part = _fill_regex(pattern.regex.pattern, samples)
        if isinstance(entry, URLResolver):
            yield from _addresses(entry, samples, prefix + part)
        else:
            yield prefix + part, entry


@pytest.fixture
def samples(
    settings: Settings, tmp_path: Path, member: Member, forum: Forum, thread: Thread
) -> dict[str, str]:
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "avatars").mkdir()
    (tmp_path / AVATAR).write_bytes(b"RIFF\x0c\x00\x00\x00WEBPVP8 ")
    return {
        "forum_id": str(forum.pk),
        "thread_id": str(thread.pk),
        "slug": thread.slug,
        "page": "1",
        "post_id": str(first_post(thread).pk),
        "case_id": "1",
        "report_id": "1",
        "alert_id": "1",
        "username": member.username,
        "kind": "like",
        "path": AVATAR,
        "key": "no-such-key",
        "uidb36": "1",
        "object_id": str(member.pk),
        "id": str(member.pk),
        "content_type_id": str(ContentType.objects.get_for_model(Member).pk),
        "group_id": str(builtin_group("members").pk),
        "app_label": "accounts",
        "rest": "no/such/address",
        "url": "no/such/page/",
        "conversation_id": "1",
        "message_id": "1",
    }


@pytest.mark.parametrize("who", ["guest", "admin"])
def test_head_is_answered_wherever_get_is(
    who: str, samples: dict[str, str], guest_client: Client, admin_client: Client
) -> None:
    client = admin_client if who == "admin" else guest_client
    checked = 0
    seen: set[str] = set()
    for address, entry in _addresses(get_resolver(), samples):
        url = "/" + address
        if url in seen:  # django-ninja lists one path once per method
            continue
        seen.add(url)
        assert resolve(url).func is entry.callback, url  # the sample reaches this pattern
        got = client.get(url)
        if got.status_code == 405:  # a POST-only address
            assert "GET" not in got.get("Allow", ""), url
            continue
        head = client.head(url)
        assert (url, head.status_code) == (url, got.status_code)
        assert head.get("Content-Type") == got.get("Content-Type"), url
        checked += 1
    assert checked > 100  # pages, API reads, allauth and admin pages were all walked


def _through_wsgi(method: str, url: str) -> tuple[str, dict[str, str], bytes]:
    """The answer as a WSGI server gets it (the test client drops HEAD bodies itself)."""
    from pnyx.config.wsgi import application

    environ = RequestFactory().generic(method, url).environ
    answer: dict[str, object] = {}

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: object = None
    ) -> None:
        answer["status"], answer["headers"] = status, dict(headers)

    chunks = application(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()
    return str(answer["status"]), answer["headers"], body  # type: ignore[return-value]


@pytest.mark.django_db(transaction=True)
def test_head_answers_carry_no_body_but_the_get_length(forum: Forum, thread: Thread) -> None:
    # (Not the thread page: each request counts a view, so two answers differ.)
    for url in [forum.get_absolute_url(), f"/api/v1/threads/{thread.pk}", "/healthz"]:
        get_status, get_headers, get_body = _through_wsgi("GET", url)
        head_status, head_headers, head_body = _through_wsgi("HEAD", url)
        assert (url, head_status, head_body) == (url, get_status, b"")
        assert get_status.startswith("200"), url
        assert int(head_headers["Content-Length"]) == len(get_body), url
        assert head_headers["Content-Type"] == get_headers["Content-Type"], url
