"""A forum of realistic shape and any size, quickly: the benchmark's data (``seed_bench``).

Writing a million posts through the services would take hours (every body is rendered by
markdown-it and cleaned by nh3), so this writes rows in bulk instead (COPY on PostgreSQL,
executemany on SQLite), in chunks of whole threads, each chunk one transaction:

* bodies come from a pool built from the demo community's posts (joined to ~800
  characters), each rendered ONCE through the real markup pipeline; posts reuse that HTML;
* quotes are real: ``[quote="NAME, post:ID"]`` of an earlier post in the same thread, whose
  HTML was rendered once per (quoted body, reply body) pair with placeholders that are then
  replaced by the real post id, author and forum, plus the ``PostQuote`` link;
* positions, timestamps, reactions and every denormalised counter (thread reply counts and
  last post, forum counts and last post, member post counts and Reaction scores) are
  computed while generating, so the result is what the services would have produced:
  ``repair_counters`` changes nothing (the tests check it).

Deterministic for a given seed. Every member's password is BENCH_PASSWORD, so the benchmark
can sign in as anyone (a benchmark database is not a forum to put online).
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from pnyx.accounts.models import Member
from pnyx.core.events import ContentRebuilt, publish_on_commit
from pnyx.core.markup import QuoteTarget, render_post
from pnyx.core.models import SiteSettings
from pnyx.demo import content
from pnyx.demo.builder import KIND_WEIGHTS, _create_forums
from pnyx.forums.enums import Visibility
from pnyx.forums.models import Forum
from pnyx.reactions.enums import DEFAULT_WEIGHTS
from pnyx.reactions.models import Reaction
from pnyx.threads.models import Post, PostQuote, Thread

BENCH_PASSWORD = "pnyx-bench-password"  # noqa: S105 - a benchmark database's known password
LONG_THREAD_POSTS = 10_000
LONG_THREAD_TITLE = "Live: the ceasefire talks, day by day"
CHUNK_POSTS = 20_000
SPAN_DAYS = 730

_Q_POST = 918273645546372819  # placeholders in pre-rendered quote HTML
_Q_USER = "Qzxq_placeholder"
_Q_FORUM = 918273645

FIRST_NAMES = (  # noqa: SIM905
    "Amara Anders Beatriz Chen Dmitri Elena Farid Greta Hamid Ines Jonas Kaito Leila Mateo "
    "Nadia Oskar Paulina Quentin Rosa Santiago Tomasz Ulla Viktor Wanjiru Xavier Yara Zoltan "
    "Aiko Bruno Camille Dario Esther Fatima Gustav Hana Ivan Julia Kemal Lucia Marek"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Abbott Bianchi Costa Dahl Eriksen Fischer Garcia Horvat Ibrahim Jensen Kowalski Laurent "
    "Moreau Novak Okafor Petrov Quist Rossi Silva Tanaka Urban Varga Weber Yilmaz Zhou Adler "
    "Bauer Castro Duarte Engel Ferreira Gallo Haddad Ito Jovanovic Kaplan Lindqvist Mendes"
).split()
COUNTRIES = (  # noqa: SIM905
    "GB US DE FR PL UA IN NG BR PT TR JP AU CA NO SE IT ES NL BE CZ RO GR EG ZA KE MX AR KR ID"
).split()


@dataclass
class SeedSummary:
    members: int = 0
    forums: int = 0
    threads: int = 0
    posts: int = 0
    quotes: int = 0
    reactions: int = 0
    long_thread_id: int = 0
    seconds: float = 0.0


@dataclass
class _Body:
    source: str
    html: str
    excerpt: str  # a first sentence, quoted word for word by later posts


@dataclass
class _ThreadPlan:
    pk: int
    forum: Forum
    title: str
    length: int
    start: datetime
    end: datetime
    pinned: bool = False
    post_times: list[datetime] = field(default_factory=list)


# ---------------------------------------------------------------- bodies


def _first_sentence(source: str) -> str:
    for line in source.splitlines():
        line = line.strip()
        if not line or line[0] in "#->*|[0123456789":
            continue
        sentence = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0]
        if len(sentence) > 200:
            sentence = sentence[:200].rsplit(" ", 1)[0]
        return sentence
    return ""


def build_body_pool(target_length: int = 800) -> list[_Body]:
    """Demo posts joined to about ``target_length`` characters, each rendered once."""
    texts = [
        post["body"].strip()
        for thread in [*content.THREADS, content.NEWS_THREAD]
        for post in thread["posts"]
    ]
    pool: list[_Body] = []
    for index, text in enumerate(texts):
        extra = 1
        while len(text) < target_length - 150 and extra < 4:
            text += "\n\n" + texts[(index + extra) % len(texts)]
            extra += 1
        pool.append(_Body(source=text, html=render_post(text).html, excerpt=_first_sentence(text)))
    return pool


class _QuoteBodies:
    """HTML for "quote of body i, then reply body j", rendered once per pair."""

    def __init__(self, pool: Sequence[_Body]) -> None:
        self.pool = pool
        self._html: dict[tuple[int, int], str] = {}

    def source(self, quoted: int, reply: int, username: str, post_id: int) -> str:
        excerpt = self.pool[quoted].excerpt
        reply_source = self.pool[reply].source
        return f'[quote="{username}, post:{post_id}"]\n{excerpt}\n[/quote]\n\n{reply_source}'

    def html(self, quoted: int, reply: int, username: str, post_id: int, forum_id: int) -> str:
        template = self._html.get((quoted, reply))
        if template is None:
            target = QuoteTarget(
                post_id=_Q_POST,
                username=_Q_USER,
                url=f"/posts/{_Q_POST}/",
                forum_id=_Q_FORUM,
                text=self.pool[quoted].source,
            )
            template = render_post(
                self.source(quoted, reply, _Q_USER, _Q_POST),
                resolve_quotes=lambda ids: {_Q_POST: target} if _Q_POST in ids else {},
            ).html
            self._html[(quoted, reply)] = template
        return (
            template.replace(str(_Q_POST), str(post_id))
            .replace(_Q_USER, username)
            .replace(str(_Q_FORUM), str(forum_id))
        )


# ---------------------------------------------------------------- bulk writing


class _Table:
    """Rows for one model, written with COPY (PostgreSQL) or executemany (SQLite)."""

    def __init__(self, model: type[models.Model], names: Sequence[str]) -> None:
        self.model = model
        fields = [model._meta.get_field(name) for name in names]
        self.columns = [str(field.column) for field in fields]  # type: ignore[union-attr]
        self.kinds = [
            "datetime"
            if isinstance(field, models.DateTimeField)
            else "json"
            if isinstance(field, models.JSONField)
            else ""
            for field in fields
        ]
        self.table = model._meta.db_table

    def _adapt(self, row: Sequence[Any]) -> tuple[Any, ...]:
        out = []
        for value, kind in zip(row, self.kinds, strict=True):
            if kind == "datetime" and value is not None:
                value = connection.ops.adapt_datetimefield_value(value)
            elif kind == "json":
                value = json.dumps(value)
            out.append(value)
        return tuple(out)

    def write(self, rows: Iterable[Sequence[Any]]) -> int:
        quoted = ", ".join(connection.ops.quote_name(column) for column in self.columns)
        table = connection.ops.quote_name(self.table)
        count = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # psycopg's own cursor: COPY
                with raw.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(self._adapt(row))
                        count += 1
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                adapted = [self._adapt(row) for row in rows]
                cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", adapted)  # noqa: S608
                count = len(adapted)
        return count


# ---------------------------------------------------------------- the plan


def _thread_lengths(rng: random.Random, total: int, long_thread: int) -> list[int]:
    """The long thread first, a few more long ones, then a realistic spread (mean ~25)."""
    lengths = [long_thread]
    remaining = total - long_thread
    for size in (2_000, 1_000, 500):
        if remaining > size * 20:
            lengths.append(size)
            remaining -= size
    while remaining > 0:
        length = min(remaining, 1 + int(rng.expovariate(1 / 24)), 400)
        lengths.append(length)
        remaining -= length
    return lengths


def _plan_threads(
    rng: random.Random,
    lengths: list[int],
    forums: list[Forum],
    weights: list[float],
    first_pk: int,
    now: datetime,
) -> list[_ThreadPlan]:
    titles = [str(data["title"]) for data in content.THREADS]
    span = timedelta(days=SPAN_DAYS)
    plans: list[_ThreadPlan] = []
    news = next(forum for forum in forums if forum.slug == "news-current-events")
    for index, length in enumerate(lengths):
        if index == 0:
            forum, title = news, LONG_THREAD_TITLE
            start, end = now - span, now - timedelta(minutes=5)
        else:
            forum = rng.choices(forums, weights)[0]
            title = f"{titles[index % len(titles)]} ({index // len(titles) + 1})"
            start = now - span * (1 - index / len(lengths)) + timedelta(minutes=rng.random() * 90)
            duration = timedelta(hours=1 + length * rng.uniform(0.5, 12))
            end = min(start + duration, now - timedelta(minutes=1))
        plans.append(
            _ThreadPlan(
                pk=first_pk + index,
                forum=forum,
                title=title,
                length=length,
                start=start,
                end=end,
                pinned=index == 0,
            )
        )
    return plans


def _post_times(rng: random.Random, plan: _ThreadPlan) -> list[datetime]:
    seconds = max(1.0, (plan.end - plan.start).total_seconds())
    offsets = sorted(rng.random() * seconds for _ in range(plan.length - 1))
    return [plan.start, *(plan.start + timedelta(seconds=offset) for offset in offsets)]


# ---------------------------------------------------------------- seeding


BENCH_SITE_SETTINGS = {"post_interval_seconds": 0, "posts_per_hour": 0, "heat_posts_per_minute": 0}


def forum_is_empty() -> bool:
    return not (Forum.objects.exists() or Thread.objects.exists() or Post.objects.exists())


def seed_bench(
    *,
    posts: int,
    long_thread: int | None = None,
    members: int | None = None,
    seed: int = 5,
    progress: Callable[[str], None] = print,
) -> SeedSummary:
    """Fill an empty forum with ``posts`` posts (see the module docstring)."""
    if posts < 100:
        raise ValueError("seed at least 100 posts")
    started = time.monotonic()
    rng = random.Random(seed)
    now = timezone.now()
    long_thread = long_thread or min(LONG_THREAD_POSTS, posts // 2)
    member_count = members or max(50, posts // 100)
    summary = SeedSummary()

    progress("Rendering the pool of post bodies…")
    pool = build_body_pool()
    quotes = _QuoteBodies(pool)

    progress(f"Creating {member_count:,} members, categories and forums…")
    with transaction.atomic():
        _category_count, forum_map = _create_forums()
        forums = list(forum_map.values())
        member_rows, member_ids, usernames = _member_rows(rng, member_count, now)
        _Table(Member, MEMBER_FIELDS).write(member_rows)
        # The reply scenarios post hundreds a second on purpose (bench/stack.py turns the
        # write rate limits off too): no flood limits, no heat trigger.
        SiteSettings.objects.update_or_create(pk=1, defaults=BENCH_SITE_SETTINGS)
    summary.members, summary.forums = member_count, len(forums)
    # Members' forums see less traffic; public news the most.
    weights = [
        (6.0 if forum.slug == "news-current-events" else 2.0)
        * (0.3 if forum.visibility != Visibility.PUBLIC else 1.0)
        for forum in forums
    ]
    # A few members write much of the forum (as everywhere).
    author_weights = list(itertools.accumulate(1 / (rank + 3) for rank in range(member_count)))

    def pick_author() -> int:
        return bisect.bisect(author_weights, rng.random() * author_weights[-1])

    lengths = _thread_lengths(rng, posts, long_thread)
    plans = _plan_threads(rng, lengths, forums, weights, _next_pk(Thread), now)
    summary.long_thread_id = plans[0].pk
    post_pk = _next_pk(Post)
    reaction_pk = _next_pk(Reaction)
    quote_pk = _next_pk(PostQuote)
    kinds = [kind.value for kind, _ in KIND_WEIGHTS]
    kind_weights = [weight for _, weight in KIND_WEIGHTS]
    member_posts = [0] * member_count
    member_score = [0] * member_count
    forum_stats: dict[int, list[Any]] = {forum.pk: [0, 0, None] for forum in forums}

    progress(f"Writing {posts:,} posts in {len(plans):,} threads…")
    chunk: list[_ThreadPlan] = []
    chunk_posts = 0
    written = 0
    for plan in plans:
        chunk.append(plan)
        chunk_posts += plan.length
        if chunk_posts < CHUNK_POSTS and plan is not plans[-1]:
            continue
        thread_rows: list[tuple[Any, ...]] = []
        post_rows: list[tuple[Any, ...]] = []
        reaction_rows: list[tuple[Any, ...]] = []
        quote_rows: list[tuple[Any, ...]] = []
        for item in chunk:
            times = _post_times(rng, item)
            first_id = post_pk
            authors: list[int] = []
            bodies: list[int] = []
            for position, at in enumerate(times, start=1):
                author = pick_author()
                body = rng.randrange(len(pool))
                counts: dict[str, int] = {}
                if position > 1 and rng.random() < 0.15:
                    back = rng.randint(1, min(10, position - 1))
                    quoted_id, quoted_author = post_pk - back, authors[-back]
                    quoted_body = bodies[-back]
                    reply = (quoted_body * 7 + rng.randrange(4)) % len(pool)
                    body = reply  # the post's own words, which a later post may quote
                    name = usernames[quoted_author]
                    source = quotes.source(quoted_body, reply, name, quoted_id)
                    html = quotes.html(quoted_body, reply, name, quoted_id, item.forum.pk)
                    quote_rows.append((quote_pk, post_pk, quoted_id))
                    quote_pk += 1
                else:
                    source, html = pool[body].source, pool[body].html
                if rng.random() < 0.25:
                    for reactor in rng.sample(range(member_count), rng.randint(1, 4)):
                        if reactor == author:
                            continue
                        kind = rng.choices(kinds, kind_weights)[0]
                        if kind in counts:
                            continue
                        counts[kind] = 1
                        member_score[author] += DEFAULT_WEIGHTS[kind]
                        reaction_rows.append((reaction_pk, post_pk, member_ids[reactor], kind, at))
                        reaction_pk += 1
                post_rows.append(
                    (
                        post_pk,
                        item.pk,
                        member_ids[author],
                        position,
                        source,
                        html,
                        at,
                        0,
                        "",
                        [],
                        counts,
                    )
                )
                member_posts[author] += 1
                authors.append(author)
                bodies.append(body)
                post_pk += 1
            stats = forum_stats[item.forum.pk]
            stats[0] += 1
            stats[1] += item.length
            if stats[2] is None or times[-1] > stats[2][1]:
                stats[2] = (item.pk, times[-1], post_pk - 1, member_ids[authors[-1]])
            thread_rows.append(
                (
                    item.pk, item.forum.pk, item.title, slugify(item.title)[:80].strip("-"),
                    member_ids[authors[0]], item.start, item.pinned, False, item.length - 1,
                    item.length * rng.randint(5, 40), first_id, post_pk - 1, times[-1],
                    member_ids[authors[-1]], 0,
                )
            )  # fmt: skip
        with transaction.atomic():
            _Table(Thread, THREAD_FIELDS).write(thread_rows)
            _Table(Post, POST_FIELDS).write(post_rows)
            _Table(Reaction, REACTION_FIELDS).write(reaction_rows)
            _Table(PostQuote, QUOTE_FIELDS).write(quote_rows)
        written += len(post_rows)
        summary.quotes += len(quote_rows)
        summary.reactions += len(reaction_rows)
        progress(f"  {written:,}/{posts:,} posts ({time.monotonic() - started:.0f} s)")
        chunk, chunk_posts = [], 0

    progress("Writing counters…")
    with transaction.atomic(), connection.cursor() as cursor:
        member_table = connection.ops.quote_name(Member._meta.db_table)
        cursor.executemany(
            f"UPDATE {member_table} SET post_count = %s, reaction_score = %s WHERE id = %s",  # noqa: S608
            [
                (member_posts[i], member_score[i], member_ids[i])
                for i in range(member_count)
                if member_posts[i] or member_score[i]
            ],
        )
        for forum_id, (threads, forum_posts, last) in forum_stats.items():
            update: dict[str, Any] = {"thread_count": threads, "post_count": forum_posts}
            if last is not None:
                update.update(
                    last_thread_id=last[0],
                    last_post_at=last[1],
                    last_post_id=last[2],
                    last_poster_id=last[3],
                )
            Forum.objects.filter(pk=forum_id).update(**update)
    _finish()
    publish_on_commit(ContentRebuilt(kind="seed"))
    summary.threads, summary.posts = len(plans), written
    summary.seconds = time.monotonic() - started
    return summary


MEMBER_FIELDS = [
    "id", "password", "is_superuser", "username", "first_name", "last_name", "email",
    "is_staff", "is_active", "date_joined", "display_name", "avatar", "country", "location",
    "post_count", "reaction_score", "read_cutoff",
]  # fmt: skip
THREAD_FIELDS = [
    "id", "forum", "title", "slug", "author", "created_at", "is_pinned", "is_locked",
    "reply_count", "view_count", "first_post_id", "last_post_id", "last_post_at", "last_poster",
    "slow_mode_seconds",
]  # fmt: skip
POST_FIELDS = [
    "id", "thread", "author", "position", "source", "html", "created_at", "revision",
    "idempotency_key", "quote_forum_ids", "reaction_counts",
]  # fmt: skip
REACTION_FIELDS = ["id", "post", "member", "kind", "created_at"]
QUOTE_FIELDS = ["id", "post", "quoted_post"]


def _next_pk(model: type[models.Model]) -> int:
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return int(last or 0) + 1


def _member_rows(
    rng: random.Random, count: int, now: datetime
) -> tuple[list[tuple[Any, ...]], list[int], list[str]]:
    password = make_password(BENCH_PASSWORD)
    first_pk = _next_pk(Member)
    taken = {name.lower() for name in Member.objects.values_list("username", flat=True)}
    rows: list[tuple[Any, ...]] = []
    ids: list[int] = []
    names: list[str] = []
    for index in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        username = f"{first.lower()}{last[0].lower()}{index + 1}"
        while username.lower() in taken:
            username += "x"
        taken.add(username.lower())
        pk = first_pk + index
        joined = now - timedelta(days=SPAN_DAYS + rng.randint(10, 900))
        rows.append(
            (
                pk, password, False, username, "", "", f"{username}@bench.example.org",
                False, True, joined, f"{first} {last}" if rng.random() < 0.4 else "", "",
                rng.choice(COUNTRIES), rng.choice(COUNTRIES) if rng.random() < 0.3 else "",
                0, 0, now,
            )
        )  # fmt: skip
        ids.append(pk)
        names.append(username)
    return rows, ids, names


def _finish() -> None:
    """Sequences past the ids written, and fresh planner statistics."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Member, Thread, Post, Reaction, PostQuote]
            ):
                cursor.execute(sql)
    with connection.cursor() as cursor:
        # VACUUM (PostgreSQL's visibility map, for index-only scans) needs autocommit.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
