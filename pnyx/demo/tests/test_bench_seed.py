"""seed_bench writes what the services would have written, only faster."""

from __future__ import annotations

import random
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from pnyx.accounts.models import Member
from pnyx.demo.bench_seed import BENCH_PASSWORD, LONG_THREAD_TITLE, _thread_lengths, seed_bench
from pnyx.posting.services import render_for, repair_counters
from pnyx.reactions.models import Reaction
from pnyx.testing.factories import counters_snapshot, make_forum
from pnyx.threads.models import Post, PostQuote, Thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> Any:
    return seed_bench(posts=1_500, long_thread=300, progress=lambda message: None)


def test_seed_bench_writes_the_size_asked_for(seeded: Any) -> None:
    assert seeded.posts == Post.objects.count() == 1_500
    assert seeded.threads == Thread.objects.count()
    assert Member.objects.count() == seeded.members == 50
    long = Thread.objects.get(pk=seeded.long_thread_id)
    assert (long.title, long.post_total) == (LONG_THREAD_TITLE, 300)
    positions = list(Post.objects.filter(thread=long).values_list("position", flat=True))
    assert sorted(positions) == list(range(1, 301))


def test_seed_bench_counters_are_what_repair_counters_computes(seeded: Any) -> None:
    before = counters_snapshot()
    repair_counters()
    assert counters_snapshot() == before


def test_seed_bench_quotes_render_exactly_as_the_services_would(seeded: Any) -> None:
    quoting = list(Post.objects.filter(source__startswith="[quote=").select_related("author")[:25])
    assert len(quoting) == 25
    for post in quoting:
        assert render_for(post.author, post.source).html == post.html  # type: ignore[arg-type]
        quoted = PostQuote.objects.get(post=post).quoted_post
        assert quoted.thread_id == post.thread_id
        assert quoted.position < post.position
        assert f'data-quote-post="{quoted.pk}"' in post.html
        assert "not word for word" not in post.html


def test_seed_bench_reactions_match_the_counts_on_posts(seeded: Any) -> None:
    assert Reaction.objects.count() == seeded.reactions > 0
    per_post = dict(
        Reaction.objects.values("post").annotate(n=Count("id")).values_list("post", "n")
    )
    post = Post.objects.get(pk=next(iter(per_post)))
    assert sum(post.reaction_counts.values()) == per_post[post.pk]


def test_seed_bench_members_sign_in_with_the_bench_password(seeded: Any) -> None:
    member = Member.objects.order_by("pk").first()
    assert member is not None
    assert member.check_password(BENCH_PASSWORD) is True


def test_thread_lengths_start_with_the_long_thread_and_add_up() -> None:
    lengths = _thread_lengths(random.Random(5), 100_000, 10_000)
    assert lengths[:4] == [10_000, 2_000, 1_000, 500]
    assert sum(lengths) == 100_000
    assert max(lengths[4:]) <= 400
    assert lengths == _thread_lengths(random.Random(5), 100_000, 10_000)


def test_seed_bench_command_refuses_a_forum_with_content() -> None:
    make_forum()
    with pytest.raises(CommandError, match="only fills an empty one"):
        call_command("seed_bench", "--posts", "200", stdout=StringIO())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--posts", "50"], "at least 100"),
        (["--posts", "1000", "--long-thread", "600"], "half of --posts"),
    ],
)
def test_seed_bench_command_checks_its_arguments(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("seed_bench", *args, stdout=StringIO())


def test_seed_bench_command_reports_what_it_wrote() -> None:
    out = StringIO()
    call_command("seed_bench", "--posts", "300", stdout=out)
    text = out.getvalue()
    assert "300 posts" in text
    assert BENCH_PASSWORD in text
