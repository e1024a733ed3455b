from __future__ import annotations

import pytest
from django.db.models import Count

from pnyx.accounts.models import Member
from pnyx.demo import content
from pnyx.demo.builder import build_demo
from pnyx.forums.models import Forum
from pnyx.posting.services import repair_counters
from pnyx.threads.models import Post, PostQuote, Thread

pytestmark = pytest.mark.django_db


def test_build_demo_creates_the_community_once() -> None:
    lines: list[str] = []
    summary = build_demo(progress=lines.append)

    assert summary.created is True
    assert (summary.members, summary.categories, summary.threads) == (12, 3, 60)
    assert Member.objects.count() == 12
    assert Thread.objects.count() == 60
    assert Post.objects.count() == summary.posts
    assert "Creating members…" in lines
    assert any(line.strip() == "60/60 threads" for line in lines)

    again = build_demo(progress=lines.append)
    assert again.created is False
    assert Thread.objects.count() == 60


def test_build_demo_members_differ_in_country_and_score() -> None:
    build_demo(progress=lambda _: None)
    countries = set(Member.objects.values_list("country", flat=True))
    scores = list(Member.objects.values_list("reaction_score", flat=True))
    assert len(countries) >= 10
    assert len(set(scores)) >= 8
    assert Member.objects.filter(is_staff=True).count() == 1
    assert not any(member.has_usable_password() for member in Member.objects.all())
    for member in Member.objects.all():
        first = Post.objects.filter(author=member).order_by("created_at").first()
        assert first is None or member.date_joined < first.created_at


def test_build_demo_counters_are_exact() -> None:
    build_demo(progress=lambda _: None)
    before = {
        "threads": list(
            Thread.objects.order_by("pk").values_list("pk", "reply_count", "last_post_id")
        ),
        "forums": list(
            Forum.objects.order_by("pk").values_list("pk", "thread_count", "post_count")
        ),
        "members": list(
            Member.objects.order_by("pk").values_list("pk", "post_count", "reaction_score")
        ),
    }
    repair_counters()
    after = {
        "threads": list(
            Thread.objects.order_by("pk").values_list("pk", "reply_count", "last_post_id")
        ),
        "forums": list(
            Forum.objects.order_by("pk").values_list("pk", "thread_count", "post_count")
        ),
        "members": list(
            Member.objects.order_by("pk").values_list("pk", "post_count", "reaction_score")
        ),
    }
    assert before == after
    assert Forum.objects.filter(visibility="members").count() == 1
    assert Forum.objects.filter(parent__isnull=False).exists()


def test_build_demo_news_thread_is_shaped_like_the_board() -> None:
    build_demo(progress=lambda _: None)
    news = Thread.objects.get(title=content.NEWS_THREAD["title"])
    article, question, answer = Post.objects.filter(thread=news).order_by("position")[:3]

    assert article.source.startswith("By ")
    assert "(Meridian Wire)" in article.source
    assert "MW-DIPL-" in article.source
    # The second post quotes one sentence of the article, verified word for word.
    assert list(question.quote_links.values_list("quoted_post_id", flat=True)) == [article.pk]
    assert f'data-quote-post="{article.pk}"' in question.html
    assert "not word for word" not in question.html
    assert question.html.count('class="quote"') == 1
    # The third quotes the whole second post (and with it the nested quote of the article).
    assert set(answer.quote_links.values_list("quoted_post_id", flat=True)) == {
        question.pk,
        article.pk,
    }
    assert f'data-quote-post="{question.pk}"' in answer.html
    assert "not word for word" not in answer.html


def test_build_demo_every_quote_is_verified() -> None:
    build_demo(progress=lambda _: None)
    quoting = Post.objects.annotate(n=Count("quote_links")).filter(n__gt=0)
    assert quoting.count() >= 15
    assert PostQuote.objects.count() >= 15
    assert not Post.objects.filter(html__contains="not word for word").exists()
