from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pnyx.search.backends import Filters, get_backend
from pnyx.search.query import MAX_QUERY_LENGTH, Query, QueryError, Term, parse_query


def t(*words: str) -> Term:
    return Term(tuple(words))


def test_words_are_all_required() -> None:
    assert parse_query("Geneva talks") == Query(clauses=((t("geneva"),), (t("talks"),)))


def test_phrases_exclusions_and_or() -> None:
    query = parse_query('"peace talks" -Geneva Vienna OR Paris -"cease fire"')
    assert query.clauses == ((t("peace", "talks"),), (t("vienna"), t("paris")))
    assert query.excluded == (t("geneva"), t("cease", "fire"))
    assert query.as_text() == '"peace talks" vienna OR paris -geneva -"cease fire"'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"unbalanced quote', '"unbalanced quote"'),  # the rest of the line is the phrase
        ("(brackets) [and] {braces}", "brackets and braces"),
        ("OR", None),
        ("OR OR word OR", "word"),
        ("a AND b", "a and b"),
        ("NEAR(x y) x* ^y col:z", '"near x" y x y "col z"'),
        ("C++ e-mail", 'c "e mail"'),
        ("nul\x00byte", "nul byte"),
        ("-", None),
        ("--double", None),
    ],
)
def test_anything_else_is_text(text: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(QueryError):
            parse_query(text)
    else:
        assert parse_query(text).as_text() == expected


def test_only_exclusions_are_refused_with_a_message() -> None:
    with pytest.raises(QueryError, match="cannot only exclude"):
        parse_query("-election -results")


def test_long_queries_and_many_words_are_refused() -> None:
    with pytest.raises(QueryError, match="at most 200 characters"):
        parse_query("x" * 10_000)
    with pytest.raises(QueryError, match="at most 12 words"):
        parse_query(" ".join(f"w{n}" for n in range(13)))
    assert parse_query("x" * MAX_QUERY_LENGTH).words() == ("x" * 40,)


hostile = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("\"-()*^:{}[]+~ OR AND NOT NEAR \x00\\'%_")),
        st.characters(codec="utf-8"),
    ),
    max_size=300,
)


@pytest.mark.django_db
@settings(max_examples=150, deadline=None)
@given(text=hostile)
def test_hostile_queries_never_fail_and_stay_fast(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError as error:
        assert str(error)
        return
    assert 1 <= len(query.words()) <= 12
    started = time.perf_counter()
    get_backend().search(
        query, Filters(forum_ids=frozenset({1})), sort="relevance", offset=0, limit=21
    )
    assert time.perf_counter() - started < 1.0
