"""What the catalogue tests share: reading HTML as a browser would and finding anything that
could run, and writing hostile text through the page and the API."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast
from xml.etree.ElementTree import Element

import html5lib
from django.test import Client

from pnyx.testing.api import ApiClient

if TYPE_CHECKING:
    from pnyx.threads.models import Thread

_SCHEME = re.compile(r"^[\x00-\x20]*([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_SAFE_SCHEMES = {"http", "https", "mailto"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data"}


def parse(html: str) -> Element:
    return cast(Element, html5lib.parse(html, namespaceHTMLElements=False))


def _scheme(value: str) -> str | None:
    # Browsers drop tabs and newlines inside a URL before reading its scheme.
    found = _SCHEME.match(re.sub(r"[\t\n\r]", "", value))
    return found.group(1).lower() if found else None


def dangers(html: str, *, page: bool = False) -> list[str]:
    """Everything in ``html`` (a fragment, or a whole ``page``) that a browser could run: an
    inline or foreign script, an event handler, a ``javascript:``/``data:`` URL, a frame, an
    object, a style attribute or element. A page may load its own scripts from /static/."""
    found: list[str] = []
    for element in parse(html).iter():
        tag = str(element.tag).lower()
        if tag == "script":
            src = element.get("src", "")
            if not page or not src.startswith("/static/") or (element.text or "").strip():
                found.append(f"<script src={src!r}>{(element.text or '')[:40]}")
        if tag in {"iframe", "frame", "object", "embed", "base", "form"} and not page:
            found.append(f"<{tag}>")
        if tag == "style" and not page:
            found.append("<style>")
        for name, value in element.attrib.items():
            lowered = name.lower()
            if lowered.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            if lowered == "style" and not page:
                found.append(f"<{tag} style={value!r}>")
            if lowered in _URL_ATTRIBUTES:
                scheme = _scheme(value)
                if scheme is not None and scheme not in _SAFE_SCHEMES:
                    found.append(f"<{tag} {name}={value!r}>")
    return found


def reply_url(thread: Thread) -> str:
    return f"/threads/{thread.pk}-{thread.slug}/reply/"


def thread_url(thread: Thread) -> str:
    return f"/threads/{thread.pk}-{thread.slug}/"


def reply_on_page(client: Client, thread: Thread, body: str, key: str) -> int:
    """Posts ``body`` through the reply form with the form key ``key`` (made long enough
    to be one); the id of the new post."""
    from pnyx.threads.models import Post

    key = f"catalogue-{key}"

    response = client.post(reply_url(thread), {"body": body, "idempotency_key": key})
    assert response.status_code == 302, re.findall(
        rb"(?:errorlist|role=.alert)[^>]*>.{3,300}", response.content, re.S
    )
    return Post.objects.get(idempotency_key=key).pk


def reply_by_api(api: ApiClient, thread: Thread, body: str) -> dict[str, Any]:
    response = api.post(f"/threads/{thread.pk}/posts", {"body": body})
    assert response.status_code == 201, response.content[:500]
    return cast(dict[str, Any], response.json())


def api_posts(api: ApiClient, thread: Thread) -> list[dict[str, Any]]:
    response = api.get(f"/threads/{thread.pk}")
    assert response.status_code == 200
    return cast(list[dict[str, Any]], response.json()["posts"])
