"""The same answers from both engines for a corpus with known answers (this suite runs on
SQLite, and on PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

from typing import Any

import pytest

from pnyx.search.backends import Filters, get_backend
from pnyx.search.backends.base import highlighted, text_of_html
from pnyx.search.query import parse_query
from pnyx.threads.models import Post


def hits(q: str, corpus: dict[str, Any], **filters: Any) -> list[int]:
    forum_ids = frozenset({corpus["election"].forum_id})
    found = get_backend().search(
        parse_query(q),
        Filters(forum_ids=forum_ids, **filters),
        sort="relevance",
        offset=0,
        limit=50,
    )
    return [hit.post_id for hit in found]


def ids(corpus: dict[str, Any], *names: str) -> set[int]:
    return {corpus[name].pk for name in names}


@pytest.mark.django_db
class TestCorpus:
    def test_stemming_finds_other_forms_of_a_word(self, corpus: dict[str, Any]) -> None:
        assert set(hits("run", corpus)) == ids(corpus, "ceasefire_first")  # "running"
        assert set(hits("wall", corpus)) == ids(corpus, "phrase", "walls")  # wall, walls
        assert set(hits("counted", corpus)) == ids(corpus, "election_first")  # "Counting"

    def test_phrase_needs_the_words_in_order(self, corpus: dict[str, Any]) -> None:
        assert set(hits('"quick brown fox"', corpus)) == ids(corpus, "phrase")
        assert set(hits("quick brown fox", corpus)) == ids(corpus, "phrase", "scrambled")

    def test_excluded_words_and_phrases(self, corpus: dict[str, Any]) -> None:
        assert set(hits("fox -slept", corpus)) == ids(corpus, "phrase")
        assert set(hits('fox -"quick brown"', corpus)) == ids(corpus, "scrambled")

    def test_or_joins_the_terms_beside_it(self, corpus: dict[str, Any]) -> None:
        assert set(hits("café OR fences", corpus)) == ids(corpus, "cafe", "walls")
        assert set(hits("border wall OR fence", corpus)) == ids(corpus, "phrase", "walls")

    def test_diacritics_are_folded_both_ways(self, corpus: dict[str, Any]) -> None:
        assert set(hits("cafe", corpus)) == ids(corpus, "cafe")
        assert set(hits("CAFÉ", corpus)) == ids(corpus, "cafe")
        assert set(hits("lisbôa OR lisbon", corpus)) == ids(corpus, "election_first")

    def test_titles_outrank_bodies(self, corpus: dict[str, Any]) -> None:
        # "election" is the first thread's title and a word of the second's first post.
        assert hits("election", corpus) == [
            corpus["election_first"].pk,
            corpus["ceasefire_first"].pk,
        ]

    def test_stop_words_are_ignored_alike(self, corpus: dict[str, Any]) -> None:
        assert set(hits("the café", corpus)) == ids(corpus, "cafe")
        assert hits("the", corpus) == []

    def test_filters(self, corpus: dict[str, Any]) -> None:
        member_id = corpus["phrase"].author_id
        assert set(hits("wall", corpus, author_id=member_id)) == ids(corpus, "phrase", "walls")
        assert set(hits("wall", corpus, thread_id=corpus["election"].pk)) == ids(corpus, "walls")
        assert set(hits("election", corpus, threads_only=True)) == ids(
            corpus, "election_first", "ceasefire_first"
        )
        assert hits("election", corpus | {}, threads_only=True, thread_id=0) == []

    def test_nothing_outside_the_forums_given(self, corpus: dict[str, Any]) -> None:
        found = get_backend().search(
            parse_query("election"),
            Filters(forum_ids=frozenset({corpus["election"].forum_id + 1000})),
            sort="relevance",
            offset=0,
            limit=50,
        )
        assert found == []

    def test_snippets_mark_the_matches_and_escape_the_rest(self, corpus: dict[str, Any]) -> None:
        found = get_backend().search(
            parse_query("parliament"),
            Filters(forum_ids=frozenset({corpus["election"].forum_id})),
            sort="relevance",
            offset=0,
            limit=5,
        )
        assert len(found) == 1
        assert "<mark>parliament</mark>" in found[0].snippet

    def test_sort_by_date_is_newest_first(self, corpus: dict[str, Any]) -> None:
        found = get_backend().search(
            parse_query("wall OR fox"),
            Filters(forum_ids=frozenset({corpus["election"].forum_id})),
            sort="date",
            offset=0,
            limit=50,
        )
        assert [hit.post_id for hit in found] == [
            corpus["walls"].pk,
            corpus["scrambled"].pk,
            corpus["phrase"].pk,
        ]

    def test_offsets_page_through(self, corpus: dict[str, Any]) -> None:
        query = parse_query("wall OR fox")
        filters = Filters(forum_ids=frozenset({corpus["election"].forum_id}))
        pages = [
            get_backend().search(query, filters, sort="date", offset=n, limit=1) for n in range(4)
        ]
        assert [len(page) for page in pages] == [1, 1, 1, 0]

    def test_index_size_is_reported(self, corpus: dict[str, Any]) -> None:
        assert get_backend().index_size() > 0
        assert get_backend().engine_ok()


def test_text_of_html_drops_markup_and_markers() -> None:
    assert text_of_html("<p>A &amp; B</p><p>\ue000C</p>") == "A & B C"


def test_highlighted_escapes_and_balances() -> None:
    assert highlighted("<b>\ue000x\ue001 \ue000y") == "&lt;b&gt;<mark>x</mark> <mark>y</mark>"


@pytest.mark.django_db
def test_every_post_is_indexed_when_created(corpus: dict[str, Any]) -> None:
    from pnyx.search.models import SearchDocument

    assert SearchDocument.objects.count() == Post.objects.count() == 6


@pytest.mark.django_db
def test_a_search_past_the_time_limit_is_refused(
    corpus: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pnyx.search.backends import base

    monkeypatch.setattr(base, "TIME_LIMIT_SECONDS", 0.001)
    if get_backend().vendor == "postgresql":
        pytest.skip("a 1 ms statement timeout is not reliably reached by this corpus")
    monkeypatch.setattr(base, "TIME_LIMIT_SECONDS", -1.0)
    with pytest.raises(base.SearchTooSlowError, match="took too long"):
        hits("wall OR fox OR election OR cafe", corpus)
    assert hits("fox", corpus)  # the handler is gone afterwards
