"""Builds the demo community from ``content.py`` through the real services.

Posts, quotes and reactions go through the same functions members use, so the demo
exercises rendering, quote links and counters; only the timestamps are moved into
the past afterwards (and the counters recomputed from the rows).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from pnyx.accounts.models import Member
from pnyx.demo import content
from pnyx.forums.models import Category, Forum
from pnyx.posting.services import create_thread, repair_counters, reply_to_thread
from pnyx.reactions.enums import ReactionKind
from pnyx.reactions.services import set_reaction
from pnyx.sanctions.flood import pace_limits_suspended
from pnyx.threads.models import Post, Thread

SEED = 2026
KIND_WEIGHTS = [
    (ReactionKind.LIKE, 10),
    (ReactionKind.AGREE, 6),
    (ReactionKind.INFORMATIVE, 4),
    (ReactionKind.DISAGREE, 3),
    (ReactionKind.FUNNY, 1),
]


@dataclass
class DemoSummary:
    created: bool
    members: int = 0
    categories: int = 0
    forums: int = 0
    threads: int = 0
    posts: int = 0
    reactions: int = 0


def forum_has_content() -> bool:
    return Forum.objects.exists() or Thread.objects.exists()


def _quote_markup(author: Member, post: Post, excerpt: str | None) -> str:
    text = post.source if excerpt is None else excerpt
    return f'[quote="{author.username}, post:{post.pk}"]\n{text}\n[/quote]\n\n'


def _create_forums() -> tuple[int, dict[str, Forum]]:
    forums: dict[str, Forum] = {}
    for c_index, category_data in enumerate(content.CATEGORIES):
        category = Category.objects.create(
            name=category_data["name"],
            slug=category_data["slug"],
            description=category_data["description"],
            position=c_index,
        )
        for f_index, forum_data in enumerate(category_data["forums"]):
            forum = Forum.objects.create(
                category=category,
                name=forum_data["name"],
                slug=forum_data["slug"],
                description=forum_data["description"],
                visibility=forum_data.get("visibility", "public"),
                position=f_index,
            )
            forums[forum.slug] = forum
            for s_index, sub_data in enumerate(forum_data.get("subforums", [])):
                sub = Forum.objects.create(
                    category=category,
                    parent=forum,
                    name=sub_data["name"],
                    slug=sub_data["slug"],
                    description=sub_data["description"],
                    visibility=sub_data.get("visibility", "public"),
                    position=s_index,
                )
                forums[sub.slug] = sub
    return len(content.CATEGORIES), forums


def _create_thread(
    data: dict[str, Any], members: dict[str, Member], forums: dict[str, Forum], now: Any
) -> list[Post]:
    started = now - timedelta(days=float(data["days_ago"]))
    posts: list[Post] = []
    for index, post_data in enumerate(data["posts"]):
        author = members[post_data["author"]]
        body = post_data["body"].strip()
        quote = post_data.get("quote")
        if quote is not None:
            quoted = posts[quote["post"]]
            quoted_author = quoted.author
            assert quoted_author is not None  # noqa: S101 - demo data always has authors
            body = _quote_markup(quoted_author, quoted, quote.get("excerpt")) + body
        # The demo's members write years of posts in a second: no pace limits.
        with pace_limits_suspended():
            if index == 0:
                thread = create_thread(
                    author, forums[data["forum"]], title=data["title"], body=body
                )
                post = Post.objects.get(thread=thread, position=1)
            else:
                post = reply_to_thread(author, posts[0].thread, body=body)
        at = started + timedelta(hours=float(post_data.get("hours_after", 0)))
        Post.objects.filter(pk=post.pk).update(created_at=at)
        post.created_at = at
        posts.append(post)
    thread = posts[0].thread
    Thread.objects.filter(pk=thread.pk).update(
        created_at=started,
        is_pinned=bool(data.get("pinned")),
        is_locked=bool(data.get("locked")),
    )
    return posts


def _spread_reactions(
    rng: random.Random, posts: list[Post], members: list[Member], progress: Callable[[str], None]
) -> int:
    # Some members write posts others react to more: scores end up clearly different.
    appeal = {member.pk: rng.uniform(0.05, 0.45) for member in members}
    kinds = [kind for kind, _ in KIND_WEIGHTS]
    weights = [weight for _, weight in KIND_WEIGHTS]
    count = 0
    for post in posts:
        if post.author_id is None:
            continue
        for member in members:
            if member.pk == post.author_id or rng.random() > appeal[post.author_id]:
                continue
            kind = rng.choices(kinds, weights)[0]
            if set_reaction(member, post, kind, on=True):
                count += 1
    progress(f"  {count} reactions")
    return count


def build_demo(progress: Callable[[str], None] = print) -> DemoSummary:
    """Create the demo community in an empty forum; do nothing if it has content."""
    if forum_has_content():
        return DemoSummary(created=False)
    rng = random.Random(SEED)  # the same community every time
    now = timezone.now()
    with transaction.atomic():
        progress("Creating members…")
        members: dict[str, Member] = {}
        for data in content.MEMBERS:
            member = Member(
                username=data["username"],
                display_name=data["display_name"],
                email=data["email"],
                country=data["country"],
                location=data["location"],
                is_staff=bool(data["staff"]),
                date_joined=now - timedelta(days=int(data["joined_days_ago"])),
            )
            # Demo members cannot sign in: register your own account to post.
            member.set_unusable_password()
            member.save()
            members[member.username] = member
        progress(f"  {len(members)} members")

        progress("Creating categories and forums…")
        category_count, forums = _create_forums()
        progress(f"  {category_count} categories, {len(forums)} forums")

        progress("Writing threads and replies…")
        all_threads = sorted(
            [*content.THREADS, content.NEWS_THREAD], key=lambda t: -float(t["days_ago"])
        )
        all_posts: list[Post] = []
        for number, data in enumerate(all_threads, start=1):
            all_posts.extend(_create_thread(data, members, forums, now))
            if number % 10 == 0 or number == len(all_threads):
                progress(f"  {number}/{len(all_threads)} threads")

        progress("Reacting…")
        reactions = _spread_reactions(rng, all_posts, list(members.values()), progress)

        # Everyone joined before their first post.
        for member in members.values():
            first = (
                Post.objects.filter(author=member)
                .order_by("created_at")
                .values_list("created_at", flat=True)
                .first()
            )
            if first is not None and first < member.date_joined:
                member.date_joined = first - timedelta(days=rng.randint(3, 60))
                member.save(update_fields=["date_joined"])
        for thread in Thread.objects.all():
            thread.view_count = (thread.reply_count + 1) * rng.randint(20, 90)
            thread.save(update_fields=["view_count"])
        Member.objects.update(read_cutoff=now - timedelta(days=3))
        repair_counters()
    return DemoSummary(
        created=True,
        members=len(members),
        categories=category_count,
        forums=len(forums),
        threads=len(all_threads),
        posts=len(all_posts),
        reactions=reactions,
    )
