"""The parser's work is bounded whatever a member types (SECURITY.md DOS-01).

Bounds are checked on counted work (parser steps, tokens, nesting, calls), never on time.
"""

from __future__ import annotations

import cProfile
import pstats
from typing import Any

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from pnyx.core import markup
from pnyx.core.markup import (
    MAX_NESTING,
    MAX_PARSE_STEPS,
    MAX_QUOTE_DEPTH,
    MAX_TOKENS,
    MarkupTooComplexError,
    quoted_post_ids,
    render_post,
)
from pnyx.demo import content
from pnyx.posting.services import BODY_MAX
from pnyx.testing.api import ApiClient
from pnyx.threads.models import Post, Thread

TOO_COMPLEX = "This text has too much formatting to show"


def _fill(unit: str, length: int = BODY_MAX) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def _parse(source: str) -> tuple[list[Token] | None, int]:
    """The tokens (None when refused) and the steps the parse spent."""
    env: dict[str, Any] = {}
    try:
        tokens = markup._parse(source, env)
    except MarkupTooComplexError:
        tokens = None
    return tokens, env["_work"].steps


def _all_tokens(tokens: list[Token]) -> list[Token]:
    return [*tokens, *(child for token in tokens for child in token.children or ())]


# ---------------------------------------------------------------- what is refused


# The bodies of DOS-01 and the probe's, at the longest length a post may have.
PATHOLOGICAL = {
    "unclosed image openers": "![" * 25_000,
    "unclosed link openers": _fill("["),
    "emphasis run": _fill("*_"),
    "strong emphasis run": _fill("**a "),
    "strikethrough run": _fill("~~a"),
    "unclosed quotes": _fill("[quote]\n"),
    "image destinations": _fill("![a]("),
    "empty links": _fill("[]("),
    "entities": _fill("&#"),
    "angle brackets": _fill("<"),
    "table cells": _fill("|\n"),
    "many small tables": _fill("a|b\n-|-\n"),
    "wide table": ("|a" * 100 + "|\n" + "|-" * 100 + "|\n" + ("|x" * 100 + "|\n") * 200),
}


@pytest.mark.parametrize("source", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_dos01_pathological_markup_is_refused_within_the_budget(source: str) -> None:
    tokens, steps = _parse(source)
    assert tokens is None
    assert steps <= MAX_PARSE_STEPS + 1
    with pytest.raises(MarkupTooComplexError) as refused:
        render_post(source)
    assert refused.value.message_dict["body"][0].startswith(TOO_COMPLEX)
    assert refused.value.error_dict["body"][0].code == "too_complex"
    with pytest.raises(MarkupTooComplexError):
        quoted_post_ids(source)


def test_dos01_image_openers_stop_at_the_step_budget_not_the_end_of_the_text() -> None:
    """25,000 "![" took 1.2 million steps (6.5 s of CPU on the probe's machine)."""
    _tokens, steps = _parse("![" * 25_000)
    assert steps == MAX_PARSE_STEPS + 1


@pytest.mark.parametrize("unit", ["![a](", "!["])
def test_dos01_refused_parse_does_a_bounded_number_of_calls(unit: str) -> None:
    """The step counter follows the real work: every Python call the parse makes, counted
    by the profiler, stays within a small multiple of the budget for the worst shapes known
    (unbounded, these took 8 and 10 million calls)."""
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        render_post(_fill(unit))
    except MarkupTooComplexError:
        pass
    finally:
        profiler.disable()
    stats: dict[Any, tuple[int, ...]] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    assert sum(stat[1] for stat in stats.values()) < 30 * MAX_PARSE_STEPS


# ---------------------------------------------------------------- what still renders


def _demo_text() -> str:
    texts = [v for v in vars(content).values() if isinstance(v, str) and len(v) > 200]
    return "\n\n".join(texts)


LEGITIMATE = {
    "the demo forum's posts": _fill(_demo_text() + "\n\n"),
    "prose": _fill(
        "Lorem ipsum dolor sit amet, *consectetur* adipiscing elit, sed do **eiusmod** "
        "tempor. See [the docs](https://example.com/docs) and `code`.\n\n"
    ),
    "a list of links": _fill("- [Link number](https://example.com/some/long/path?q=1) text\n"),
    "bare addresses": _fill("see https://example.com/a/b and www.example.org\n"),
    "identifiers": _fill("call my_func_name(arg_one, arg_two) then other_func_x_y\n"),
    "a 1,000-row table": _fill(
        "| a | b | c | d | e | f |\n|---|---|---|---|---|---|\n"
        + "| 1 | *2* | 3 | [x](/y) | 5 | 6 |\n" * 200
    ),
    "quotes": _fill('[quote="alice, post:1"]\nSome quoted text with **bold**.\n[/quote]\nOK.\n\n'),
    "code in a fence": "```\n"
    + _fill("x = [a[i] for i in r] * 2 ** _y_ <b> &amp;\n", 49_000)
    + "```",
    "nested quotes and lists": "\n".join(">" * (i % 30) + " - item" for i in range(2_000)),
}


@pytest.mark.parametrize("source", LEGITIMATE.values(), ids=LEGITIMATE.keys())
def test_dos01_long_legitimate_posts_render(source: str) -> None:
    assert len(source) <= BODY_MAX
    tokens, steps = _parse(source)
    assert tokens is not None
    assert steps <= MAX_PARSE_STEPS
    assert render_post(source).html.startswith("<")


# ---------------------------------------------------------------- any shape


UNITS = [
    "![", "[", "]", "](", "(", ")", "*", "_", "**", "__", "~~", "`", "``", "<", ">", "&#",
    "|", "-", "\n", " ", "a", "\\", "!", "[a]: /u\n", "[a]", "> ", "- ", "1. ", "    ",
    "[quote]\n", "[/quote]\n", '[quote="a, post:1"]\n', "http://a.b ", "www.a.bc ", "a@b.cd ",
    "#", "---\n", "```\n",
]  # fmt: skip

# A text made of a few of these units, each repeated many times, up to the longest post.
shapes = st.lists(
    st.tuples(st.lists(st.sampled_from(UNITS), min_size=1, max_size=4), st.integers(1, 25_000)),
    min_size=1,
    max_size=4,
).map(lambda runs: "".join("".join(unit) * count for unit, count in runs)[:BODY_MAX])


@settings(max_examples=30, deadline=None)
@given(source=shapes)
def test_dos01_any_shape_stays_within_the_work_bounds(source: str) -> None:
    tokens, steps = _parse(source)
    assert steps <= MAX_PARSE_STEPS + 1
    if tokens is None:
        return
    every = _all_tokens(tokens)
    assert len(every) <= MAX_TOKENS
    # Nesting: markdown-it's levels, and quote blocks inside quote blocks.
    assert max((token.level for token in every), default=0) <= 2 * MAX_NESTING
    depth = deepest = 0
    for token in tokens:
        if token.type == "post_quote_open":
            depth += 1
            deepest = max(deepest, depth)
        elif token.type == "post_quote_close":
            depth -= 1
    assert deepest <= MAX_QUOTE_DEPTH


# ---------------------------------------------------------------- where members meet it


@pytest.mark.django_db
def test_dos01_preview_answers_the_error_without_rendering(member_client: Client) -> None:
    response = member_client.post("/posting/preview/", {"body": "![" * 25_000})
    assert response.status_code == 400
    assert response.json()["error"].startswith(TOO_COMPLEX)


@pytest.mark.django_db
def test_dos01_reply_form_shows_the_error_and_keeps_the_text(
    thread: Thread, member_client: Client
) -> None:
    before = Post.objects.count()
    response = member_client.post(
        f"/threads/{thread.pk}-{thread.slug}/reply/", {"body": "![" * 20_000}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert TOO_COMPLEX in html
    assert "![![![" in html  # the text is kept in the form
    assert Post.objects.count() == before


@pytest.mark.django_db
def test_dos01_api_reply_is_refused_with_the_field_error(
    thread: Thread, member_api: ApiClient
) -> None:
    before = Post.objects.count()
    response = member_api.post(f"/threads/{thread.pk}/posts", {"body": "![" * 25_000})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["fields"]["body"][0].startswith(TOO_COMPLEX)
    assert Post.objects.count() == before
