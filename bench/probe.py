"""Facts about the seeded database the benchmark needs, printed as JSON.

Run in the same environment as the server under test (DATABASE_URL, PNYX_DATA_DIR):

    python -m bench.probe info            URLs, expected texts, members to sign in as
    python -m bench.probe posts PREFIX    how many posts were submitted with a key PREFIX-…
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any


def _snippet(html: str) -> str:
    """A run of plain text from a post's stored HTML, as it appears in the page."""
    for run in re.findall(r">([^<>]{30,})<", html):
        text = str(run).strip()
        if len(text) >= 30 and "&" not in text:
            return text[:60]
    raise ValueError("no plain text run in the post")


def info() -> dict[str, Any]:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Count
    from django.utils.html import escape

    from pnyx.accounts.models import Member
    from pnyx.core.site_settings import get_site_settings
    from pnyx.forums.enums import Visibility
    from pnyx.forums.models import Forum
    from pnyx.threads.models import Post, Thread
    from pnyx.threads.permissions import visible_threads

    per_page = get_site_settings().posts_per_page
    threads_per_page = get_site_settings().threads_per_page
    long = Thread.objects.order_by("-reply_count", "pk").first()
    if long is None:
        raise SystemExit("the database has no threads: seed it with `pnyx manage seed_bench`")
    page_count = (long.post_total + per_page - 1) // per_page
    pages: dict[str, Any] = {}
    for name, number in (("first", 1), ("middle", (page_count + 1) // 2), ("last", page_count)):
        last_position = min(number * per_page, long.post_total)
        post = Post.objects.get(thread=long, position=last_position)
        pages[name] = {
            "number": number,
            "path": long.page_url(number),
            "expect": [f'id="post-{post.pk}"', _snippet(post.html)],
        }
    forum = long.forum
    top = (
        Thread.objects.filter(forum=forum, is_pinned=False).order_by("-last_post_at", "-pk").first()
    )
    forum_pages = max(1, -(-forum.thread_count // threads_per_page))
    deepest = (
        Thread.objects.filter(forum=forum)
        .order_by("-is_pinned", "-last_post_at", "-id")[(forum_pages - 1) * threads_per_page :]
        .first()
    )
    newest = visible_threads(AnonymousUser()).order_by("-last_post_at", "-id").first()
    posters = list(
        Member.objects.filter(is_active=True, posts__thread=long)
        .annotate(n=Count("posts"))
        .order_by("-n", "pk")[:8]
    )
    profile = posters[0]
    recent = Post.objects.filter(author=profile).order_by("-created_at").select_related("thread")
    targets = list(
        Thread.objects.filter(forum__visibility=Visibility.PUBLIC, is_locked=False)
        .exclude(pk=long.pk)
        .order_by("-last_post_at")[:8]
    )
    return {
        "posts": Post.objects.count(),
        "threads": Thread.objects.count(),
        "member_count": Member.objects.count(),
        "per_page": per_page,
        "long_thread": {"id": long.pk, "posts": long.post_total, "pages": pages},
        "forum": {
            "path": forum.get_absolute_url(),
            "expect": [escape(top.title) if top else escape(long.title)],
            "deep_path": forum.get_absolute_url()
            + (f"page-{forum_pages}" if forum_pages > 1 else ""),
            "deep_expect": [escape(deepest.title) if deepest else escape(long.title)],
            "pages": forum_pages,
        },
        "whats_new": {"expect": [escape(newest.title) if newest else ""]},
        "profile": {
            "path": profile.get_absolute_url(),
            "expect": [escape(profile.name), escape(recent[0].thread.title)],
        },
        "members": [{"username": m.username, "name": escape(m.name)} for m in posters],
        "reply_threads": [
            {"id": t.pk, "path": f"/threads/{t.pk}-{t.slug}/reply/"} for t in targets
        ],
        "api_thread_path": f"/api/v1/threads/{long.pk}",
        "api_reply_paths": [f"/api/v1/threads/{t.pk}/posts" for t in targets],
        "long_thread_title": escape(long.title),
        "long_thread_title_raw": long.title,
        "forum_visibility_public": forum.visibility == Visibility.PUBLIC,
        "forum_count": Forum.objects.count(),
    }


def posts_with_prefix(prefix: str) -> dict[str, int]:
    from django.db.models import Count

    from pnyx.threads.models import Post

    # Every submitted body ends with its own key "(PREFIX-thread-n)": count by that, which
    # works for the page form (whose key is stored as sent) and the API (which stores a key
    # derived from the Idempotency-Key header).
    rows = Post.objects.filter(source__contains=f"({prefix}-")
    duplicates = rows.values("source").annotate(n=Count("id")).filter(n__gt=1).count()
    return {"posts": rows.count(), "duplicate_keys": duplicates}


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pnyx.config.settings")
    import django

    django.setup()
    if argv[:1] == ["info"]:
        print(json.dumps(info()))
    elif len(argv) == 2 and argv[0] == "posts":
        print(json.dumps(posts_with_prefix(argv[1])))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
