"""Tests for pnyx.core.markup: Markdown rendering, quote blocks and the sanitiser."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from xml.etree.ElementTree import Element

import html5lib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it.rules_block import StateBlock

from pnyx.core.markup import (
    MAX_QUOTE_DEPTH,
    MAX_QUOTES_RESOLVED,
    QuoteTarget,
    RenderedPost,
    excerpt_matches,
    hide_quote_sources,
    plain_text,
    quoted_post_ids,
    render_post,
    sanitize_html,
)

REL = 'rel="nofollow ugc noopener"'


class Resolver:
    """A quote resolver that knows a fixed set of posts and records every call."""

    def __init__(self, targets: Mapping[int, QuoteTarget]) -> None:
        self.targets = dict(targets)
        self.calls: list[list[int]] = []

    def __call__(self, post_ids: Collection[int]) -> Mapping[int, QuoteTarget]:
        self.calls.append(list(post_ids))
        return {pk: self.targets[pk] for pk in post_ids if pk in self.targets}


class ResolveEverything:
    """A resolver that finds a post for any id (author "realbob", forum = id * 10)."""

    def __init__(self, username: str = "realbob", text: str = "hello world") -> None:
        self.username = username
        self.text = text
        self.calls: list[list[int]] = []

    def __call__(self, post_ids: Collection[int]) -> Mapping[int, QuoteTarget]:
        self.calls.append(list(post_ids))
        return {pk: target(pk, username=self.username, text=self.text) for pk in post_ids}


def target(
    post_id: int, *, username: str = "realbob", forum_id: int | None = None, text: str = ""
) -> QuoteTarget:
    return QuoteTarget(
        post_id=post_id,
        username=username,
        url=f"/posts/{post_id}/",
        forum_id=post_id * 10 if forum_id is None else forum_id,
        text=text,
    )


def attributed_open(post_id: int, forum_id: int, username: str, *, verified: bool = True) -> str:
    note = (
        "" if verified else ' <span class="quote-note">(not word for word from the original)</span>'
    )
    return (
        f'<blockquote class="quote" data-quote-post="{post_id}" data-quote-forum="{forum_id}">'
        f'<p class="quote-by"><a href="/posts/{post_id}/" {REL}>{username}</a> said:{note}</p>'
        '<div class="quote-body">\n'
    )


QUOTE_CLOSE = "</div></blockquote>\n"
UNRESOLVED_OPEN = (
    '<blockquote class="quote"><p class="quote-by">Quote</p><div class="quote-body">\n'
)
BARE_OPEN = '<blockquote class="quote"><div class="quote-body">\n'


# ---------------------------------------------------------------- Markdown basics


def test_render_post_renders_commonmark_inline_and_block_elements() -> None:
    source = (
        "**bold** *italic* `code`\n\n- one\n- two\n\n1. first\n2. second\n\n"
        "> plain blockquote\n\n```\nfenced <b>\n```\n\n---\n"
    )

    rendered = render_post(source)

    assert rendered.html == (
        "<p><strong>bold</strong> <em>italic</em> <code>code</code></p>\n"
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        "<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n"
        "<blockquote>\n<p>plain blockquote</p>\n</blockquote>\n"
        "<pre><code>fenced &lt;b&gt;\n</code></pre>\n"
        "<hr>\n"
    )
    assert rendered.quoted_post_ids == []
    assert rendered.quote_forum_ids == []


def test_render_post_keeps_ordered_list_start_number() -> None:
    assert render_post("3. three\n4. four").html == (
        '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>\n'
    )


def test_render_post_renders_hard_and_soft_line_breaks() -> None:
    assert render_post("line one  \nline two\n\nsoft\nbreak").html == (
        "<p>line one<br>\nline two</p>\n<p>soft\nbreak</p>\n"
    )


def test_render_post_renders_tables() -> None:
    assert render_post("| a | b |\n|---|---|\n| 1 | 2 |").html == (
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n"
    )


def test_render_post_renders_strikethrough() -> None:
    assert render_post("~~gone~~ kept").html == "<p><s>gone</s> kept</p>\n"


def test_render_post_autolinks_bare_urls_with_rel() -> None:
    html = render_post("see https://example.org/x?y=1 and www.example.com").html

    assert html == (
        f'<p>see <a href="https://example.org/x?y=1" {REL}>https://example.org/x?y=1</a>'
        f' and <a href="http://www.example.com" {REL}>www.example.com</a></p>\n'
    )


def test_render_post_renders_angle_bracket_autolinks_and_email() -> None:
    html = render_post("<https://example.org/auto> <someone@example.org>").html

    assert html == (
        f'<p><a href="https://example.org/auto" {REL}>https://example.org/auto</a> '
        f'<a href="mailto:someone@example.org" {REL}>someone@example.org</a></p>\n'
    )


def test_render_post_links_get_nofollow_ugc_noopener_and_keep_title() -> None:
    html = render_post('[link](https://example.org/a "Title")').html

    assert html == f'<p><a href="https://example.org/a" title="Title" {REL}>link</a></p>\n'


def test_render_post_keeps_relative_and_mailto_links_and_drops_other_schemes() -> None:
    html = render_post("[a](ftp://x.org/f) [b](mailto:a@b.org) [c](/relative)").html

    assert html == (
        f'<p><a {REL}>a</a> <a href="mailto:a@b.org" {REL}>b</a> '
        f'<a href="/relative" {REL}>c</a></p>\n'
    )


def test_render_post_images_are_lazy_loaded() -> None:
    assert render_post("![x](https://e.org/i.png)").html == (
        '<p><img src="https://e.org/i.png" alt="x" loading="lazy"></p>\n'
    )


def test_render_post_escapes_raw_html_as_text() -> None:
    html = render_post("<script>alert(1)</script> <b>x</b> & <i>").html

    assert html == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;x&lt;/b&gt; &amp; &lt;i&gt;</p>\n"
    )


def test_render_post_escapes_raw_html_blocks_as_text() -> None:
    html = render_post('<div onclick="x()">\n<img src=x onerror=alert(1)>\n</div>').html

    assert html == (
        '<p>&lt;div onclick="x()"&gt;\n&lt;img src=x onerror=alert(1)&gt;\n&lt;/div&gt;</p>\n'
    )


def test_render_post_shifts_headings_below_page_headings() -> None:
    html = render_post("# A\n## B\n### C\n#### D\n##### E\n###### F").html

    assert html == ("<h3>A</h3>\n<h4>B</h4>\n<h5>C</h5>\n<h6>D</h6>\n<h6>E</h6>\n<h6>F</h6>\n")


def test_render_post_empty_source_renders_empty_html() -> None:
    assert render_post("") == RenderedPost(html="", quoted_post_ids=[], quote_forum_ids=[])


# ---------------------------------------------------------------- dangerous URLs

DANGEROUS_URL_PAYLOADS = [
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a](java&#x09;script:alert(1))",
    "[a](data:text/html;base64,PHNjcmlwdD4=)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "[url]javascript:alert(1)[/url]",
    "[a](vbscript:msgbox(1))",
    "[a](&#106;avascript:alert(1))",
    "[a]( javascript:alert(1))",
    "[a](<javascript:alert(1)>)",
    "[x]\n\n[x]: javascript:alert(1)",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    "![x](data:image/png;base64,AAAA)",
]


@pytest.mark.parametrize("payload", DANGEROUS_URL_PAYLOADS)
def test_render_post_never_emits_script_capable_urls(payload: str) -> None:
    html = render_post(payload).html

    assert dangerous_urls(html) == []
    assert "<script" not in html


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("[a](javascript:alert(1))", "<p>[a](javascript:alert(1))</p>\n"),
        ("[a](JaVaScRiPt:alert(1))", "<p>[a](JaVaScRiPt:alert(1))</p>\n"),
        (
            "[a](data:text/html;base64,PHNjcmlwdD4=)",
            "<p>[a](data:text/html;base64,PHNjcmlwdD4=)</p>\n",
        ),
        ("<javascript:alert(1)>", "<p>&lt;javascript:alert(1)&gt;</p>\n"),
        ("![x](javascript:alert(1))", "<p>![x](javascript:alert(1))</p>\n"),
        ("[url]javascript:alert(1)[/url]", "<p>[url]javascript:alert(1)[/url]</p>\n"),
        # A percent-encoded tab is not a URL scheme character: the link stays relative.
        (
            "[a](java&#x09;script:alert(1))",
            f'<p><a href="java%09script:alert(1)" {REL}>a</a></p>\n',
        ),
    ],
)
def test_render_post_dangerous_links_render_as_text_or_inert(payload: str, expected: str) -> None:
    assert render_post(payload).html == expected


# ---------------------------------------------------------------- quotes


def test_render_post_quote_attribution_comes_from_resolver() -> None:
    resolver = Resolver({5: target(5, username="realbob", forum_id=7, text="hello world")})

    rendered = render_post(
        '[quote="mallory, post:5"]\nhello world\n[/quote]', resolve_quotes=resolver
    )

    assert rendered.html == attributed_open(5, 7, "realbob") + "<p>hello world</p>\n" + QUOTE_CLOSE
    assert "mallory" not in rendered.html
    assert rendered.quoted_post_ids == [5]
    assert rendered.quote_forum_ids == [7]


def test_render_post_quote_links_to_the_quoted_post() -> None:
    resolver = Resolver({42: target(42, text="words")})

    html = render_post('[quote="a, post:42"]\nwords\n[/quote]', resolve_quotes=resolver).html

    assert f'<a href="/posts/42/" {REL}>realbob</a>' in html


def test_render_post_quote_not_word_for_word_gets_note() -> None:
    resolver = Resolver({5: target(5, forum_id=7, text="hello world")})

    html = render_post(
        '[quote="realbob, post:5"]\nsomething else\n[/quote]', resolve_quotes=resolver
    ).html

    assert html == (
        attributed_open(5, 7, "realbob", verified=False) + "<p>something else</p>\n" + QUOTE_CLOSE
    )


def test_render_post_quote_verified_ignores_case_punctuation_and_markdown() -> None:
    resolver = Resolver(
        {5: target(5, forum_id=7, text="The minister said: talks RESUME on Monday.")}
    )

    html = render_post(
        '[quote="realbob, post:5"]\n**talks** resume,\non *monday*\n[/quote]',
        resolve_quotes=resolver,
    ).html

    assert html == (
        attributed_open(5, 7, "realbob")
        + "<p><strong>talks</strong> resume,\non <em>monday</em></p>\n"
        + QUOTE_CLOSE
    )


def test_render_post_quote_escapes_resolved_username_and_url() -> None:
    evil = QuoteTarget(
        post_id=3, username="<b>x</b>", url='/posts/3/?a="b"&c', forum_id=1, text="t"
    )

    html = render_post('[quote="x, post:3"]\nt\n[/quote]', resolve_quotes=Resolver({3: evil})).html

    assert html == (
        '<blockquote class="quote" data-quote-post="3" data-quote-forum="1"><p class="quote-by">'
        f'<a href="/posts/3/?a=&quot;b&quot;&amp;c" {REL}>&lt;b&gt;x&lt;/b&gt;</a> said:</p>'
        '<div class="quote-body">\n<p>t</p>\n' + QUOTE_CLOSE
    )


def test_render_post_unresolvable_quote_has_no_link_or_attribution() -> None:
    resolver = Resolver({})

    rendered = render_post('[quote="mallory, post:9"]\nhi\n[/quote]', resolve_quotes=resolver)

    assert rendered.html == UNRESOLVED_OPEN + "<p>hi</p>\n" + QUOTE_CLOSE
    assert rendered.quoted_post_ids == []
    assert rendered.quote_forum_ids == []
    assert resolver.calls == [[9]]


def test_render_post_without_resolver_renders_attributed_quotes_unresolved() -> None:
    rendered = render_post('[quote="a, post:1"]\nx\n[/quote]')

    assert rendered.html == UNRESOLVED_OPEN + "<p>x</p>\n" + QUOTE_CLOSE
    assert rendered.quoted_post_ids == []


def test_render_post_bare_quote_has_no_attribution_and_skips_resolver() -> None:
    resolver = Resolver({})

    rendered = render_post("[quote]\nbare words\n[/quote]", resolve_quotes=resolver)

    assert rendered.html == BARE_OPEN + "<p>bare words</p>\n" + QUOTE_CLOSE
    assert resolver.calls == []


def test_render_post_quote_tags_are_case_insensitive_and_may_share_lines() -> None:
    resolver = ResolveEverything(text="hello world")

    html = render_post('[QUOTE="a,post:3"]hello world[/QUOTE]', resolve_quotes=resolver).html

    assert html == attributed_open(3, 30, "realbob") + "<p>hello world</p>\n" + QUOTE_CLOSE


def test_render_post_quote_body_renders_markdown() -> None:
    resolver = ResolveEverything(text="head a b 1 2")

    html = render_post(
        '[quote="a, post:1"]\n# head\n\n| a | b |\n|---|---|\n| 1 | 2 |\n[/quote]',
        resolve_quotes=resolver,
    ).html

    assert html == (
        attributed_open(1, 10, "realbob")
        + "<h3>head</h3>\n<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n" + QUOTE_CLOSE
    )


def test_render_post_quotes_nest_up_to_max_depth() -> None:
    source = nested_quotes(MAX_QUOTE_DEPTH)
    resolver = ResolveEverything(text=source)

    rendered = render_post(source, resolve_quotes=resolver)

    expected = "".join(attributed_open(i, i * 10, "realbob") for i in range(1, MAX_QUOTE_DEPTH + 1))
    expected += "<p>core</p>\n" + QUOTE_CLOSE * MAX_QUOTE_DEPTH
    assert rendered.html == expected
    assert rendered.quoted_post_ids == list(range(1, MAX_QUOTE_DEPTH + 1))


def test_render_post_quotes_deeper_than_max_depth_stay_text() -> None:
    depth = MAX_QUOTE_DEPTH + 1
    source = nested_quotes(depth)
    resolver = ResolveEverything(text=source)

    rendered = render_post(source, resolve_quotes=resolver)

    expected = "".join(attributed_open(i, i * 10, "realbob") for i in range(1, depth))
    expected += f'<p>[quote="u{depth}, post:{depth}"]\ncore\n[/quote]</p>\n'
    expected += QUOTE_CLOSE * MAX_QUOTE_DEPTH
    assert rendered.html == expected
    assert rendered.quoted_post_ids == list(range(1, depth))
    assert resolver.calls == [list(range(1, depth))]


def test_render_post_nested_quote_keeps_outer_text_after_inner_quote() -> None:
    resolver = ResolveEverything(text="inner words outer words")
    source = (
        '[quote="a, post:1"]\n[quote="b, post:2"]\ninner words\n[/quote]\nouter words\n[/quote]'
    )

    html = render_post(source, resolve_quotes=resolver).html

    assert html == (
        attributed_open(1, 10, "realbob", verified=False)
        + attributed_open(2, 20, "realbob")
        + "<p>inner words</p>\n"
        + QUOTE_CLOSE
        + "<p>outer words</p>\n"
        + QUOTE_CLOSE
    )


@pytest.mark.parametrize(
    "source",
    [
        '[quote="a, post:1"]\nunclosed',
        '[quote="a, post:1"]\nhi\n[/quote] trailing text',
        '[quote="x\\"><img src=x onerror=alert(1)>, post:1"]\nhi\n[/quote]',
        '[quote="a, post:0"]\nzero id\n[/quote]',
        '[quote="a b, post:1"]\nspace in name\n[/quote]',
        '[quote="a, post:1234567890123456789"]\ntoo long id\n[/quote]',
        '[quote="a, post:1"]\n[quote=foo]\n[/quote]',
        "[quote=alice]\nunquoted attribute\n[/quote]",
    ],
)
def test_render_post_malformed_quote_markup_renders_as_text(source: str) -> None:
    resolver = ResolveEverything()

    rendered = render_post(source, resolve_quotes=resolver)

    assert '<blockquote class="quote"' not in rendered.html
    assert rendered.html.startswith("<p>[quote")
    assert rendered.quoted_post_ids == []
    assert resolver.calls == []
    assert dangerous_urls(rendered.html) == []
    assert "<img" not in rendered.html


def test_render_post_quote_with_bad_attribute_is_escaped_exactly() -> None:
    source = '[quote="x\\"><img src=x onerror=alert(1)>, post:1"]\nhi\n[/quote]'

    assert render_post(source, resolve_quotes=ResolveEverything()).html == (
        '<p>[quote="x"&gt;&lt;img src=x onerror=alert(1)&gt;, post:1"]\nhi\n[/quote]</p>\n'
    )


def test_render_post_quote_with_trailing_text_is_rendered_as_paragraph_text() -> None:
    source = '[quote="a, post:1"]\nhi\n[/quote] trailing'

    assert render_post(source, resolve_quotes=ResolveEverything()).html == (
        '<p>[quote="a, post:1"]\nhi\n[/quote] trailing</p>\n'
    )


def test_render_post_quote_in_code_is_not_a_quote() -> None:
    resolver = ResolveEverything()

    indented = render_post('    [quote="a, post:1"]\n    x\n    [/quote]', resolve_quotes=resolver)
    fenced = render_post('```\n[quote="a, post:1"]\nx\n[/quote]\n```', resolve_quotes=resolver)

    assert indented.html == '<pre><code>[quote="a, post:1"]\nx\n[/quote]\n</code></pre>\n'
    assert fenced.html == '<pre><code>[quote="a, post:1"]\nx\n[/quote]\n</code></pre>\n'
    assert resolver.calls == []


def test_render_post_quote_after_paragraph_interrupts_it() -> None:
    html = render_post(
        'para\n[quote="a, post:1"]\nhello world\n[/quote]', resolve_quotes=ResolveEverything()
    ).html

    assert html == (
        "<p>para</p>\n" + attributed_open(1, 10, "realbob") + "<p>hello world</p>\n" + QUOTE_CLOSE
    )


def test_render_post_quote_inside_list_item() -> None:
    source = '- item\n\n  [quote="a, post:1"]\n  hello world\n  [/quote]'

    html = render_post(source, resolve_quotes=ResolveEverything()).html

    assert html == (
        "<ul>\n<li>\n<p>item</p>\n"
        + attributed_open(1, 10, "realbob")
        + "<p>hello world</p>\n"
        + QUOTE_CLOSE
        + "</li>\n</ul>\n"
    )


def test_render_post_quote_opening_a_list_item() -> None:
    source = '- [quote="a, post:1"]\n  hello world\n  [/quote]'

    html = render_post(source, resolve_quotes=ResolveEverything()).html

    assert html == (
        "<ul>\n<li>\n"
        + attributed_open(1, 10, "realbob")
        + "<p>hello world</p>\n"
        + QUOTE_CLOSE
        + "</li>\n</ul>\n"
    )


def test_render_post_quote_inside_markdown_blockquote() -> None:
    source = '> [quote="a, post:1"]\n> hello world\n> [/quote]'

    html = render_post(source, resolve_quotes=ResolveEverything()).html

    assert html == (
        "<blockquote>\n"
        + attributed_open(1, 10, "realbob")
        + "<p>hello world</p>\n"
        + QUOTE_CLOSE
        + "</blockquote>\n"
    )


def test_render_post_calls_resolver_once_with_unique_ids_in_order() -> None:
    resolver = Resolver({1: target(1, text="x"), 2: target(2, forum_id=10, text="z")})
    source = (
        '[quote="a, post:2"]\nz\n[/quote]\n\n[quote="b, post:1"]\nx\n[/quote]\n\n'
        '[quote="c, post:2"]\nz\n[/quote]\n\n[quote="d, post:3"]\nmissing\n[/quote]'
    )

    rendered = render_post(source, resolve_quotes=resolver)

    assert resolver.calls == [[2, 1, 3]]
    assert rendered.quoted_post_ids == [2, 1]
    assert rendered.quote_forum_ids == [10]


def test_render_post_quote_forum_ids_are_sorted_and_unique() -> None:
    resolver = Resolver(
        {
            1: target(1, forum_id=30, text="a"),
            2: target(2, forum_id=10, text="b"),
            3: target(3, forum_id=30, text="c"),
        }
    )
    source = "\n\n".join(
        f'[quote="u, post:{i}"]\n{w}\n[/quote]' for i, w in [(1, "a"), (2, "b"), (3, "c")]
    )

    rendered = render_post(source, resolve_quotes=resolver)

    assert rendered.quoted_post_ids == [1, 2, 3]
    assert rendered.quote_forum_ids == [10, 30]


def test_render_post_resolves_at_most_max_quotes() -> None:
    count = MAX_QUOTES_RESOLVED + 10
    source = "\n\n".join(
        f'[quote="a, post:{i}"]\nhello world\n[/quote]' for i in range(1, count + 1)
    )
    resolver = ResolveEverything(text="hello world")

    rendered = render_post(source, resolve_quotes=resolver)

    assert resolver.calls == [list(range(1, MAX_QUOTES_RESOLVED + 1))]
    assert rendered.quoted_post_ids == list(range(1, MAX_QUOTES_RESOLVED + 1))
    assert rendered.html.count('<p class="quote-by">Quote</p>') == 10
    assert rendered.html.count("data-quote-post=") == MAX_QUOTES_RESOLVED


def test_render_post_ignores_targets_the_resolver_was_not_asked_for() -> None:
    def resolver(post_ids: Collection[int]) -> Mapping[int, QuoteTarget]:
        return {1: target(1, text="x"), 99: target(99, text="y")}

    rendered = render_post('[quote="a, post:1"]\nx\n[/quote]', resolve_quotes=resolver)

    assert rendered.quoted_post_ids == [1]
    assert rendered.quote_forum_ids == [10]


@pytest.mark.parametrize(
    "body",
    [
        "[quote]\n" * 400,  # every line opens a quote that never closes
        "[quote]\n" * 200 + "x\n" + "[/quote]\n" * 200,  # deeply nested, all closed
        "para\n[quote]\n" * 200,  # paragraphs the quote rule may interrupt
    ],
)
def test_render_post_quote_scanning_is_linear_in_lines(
    monkeypatch: pytest.MonkeyPatch, body: str
) -> None:
    # Guards against the quadratic rescan (a 50,000-character post of "[quote]" lines
    # once took ~30 s): the lines the block parser reads stay proportional to the post.
    read = 0
    original = StateBlock.getLines

    def counting(self: StateBlock, begin: int, end: int, indent: int, keep: bool) -> str:
        nonlocal read
        read += max(end - begin, 0)
        return original(self, begin, end, indent, keep)

    monkeypatch.setattr(StateBlock, "getLines", counting)
    lines = body.count("\n")

    render_post(body)

    assert read <= 10 * lines


# ---------------------------------------------------------------- quoted_post_ids


def test_quoted_post_ids_lists_ids_at_any_depth_in_first_appearance_order() -> None:
    source = (
        '[quote="a, post:7"]\n[quote="b, post:3"]\nx\n[/quote]\n[/quote]\n\n'
        '[quote="c, post:7"]\ny\n[/quote]\n\n[quote]\nbare\n[/quote]\n\n'
        '```\n[quote="d, post:11"]\nin code\n[/quote]\n```\n\n[quote="e, post:5"]\nz\n[/quote]'
    )

    assert quoted_post_ids(source) == [7, 3, 5]


def test_quoted_post_ids_ignores_malformed_and_too_deep_quotes() -> None:
    assert quoted_post_ids('[quote="a, post:1"]\nunclosed') == []
    assert quoted_post_ids(nested_quotes(MAX_QUOTE_DEPTH + 1)) == list(
        range(1, MAX_QUOTE_DEPTH + 1)
    )


# ---------------------------------------------------------------- excerpt_matches


@pytest.mark.parametrize(
    ("excerpt", "original", "expected"),
    [
        ("Hello,  WORLD!", "say hello world now", True),
        ("say *hello*", "Say hello.", True),
        ("hello\nworld", "hello world", True),
        ("lo wor", "hello world", False),
        ("world hello", "hello world", False),
        ("", "anything", True),
        ("!!!", "anything", True),
        ("missing", "", False),
    ],
)
def test_excerpt_matches_compares_contiguous_words(
    excerpt: str, original: str, expected: bool
) -> None:
    assert excerpt_matches(excerpt, original) is expected


def test_excerpt_matches_ignores_underscore_emphasis_like_asterisks() -> None:
    # The docstring promises that Markdown punctuation does not count; *x* is ignored
    # but the equivalent _x_ (and __x__) is kept as part of the word.
    assert excerpt_matches("say *hello*", "Say hello.") is True
    assert excerpt_matches("say _hello_", "Say hello.") is True


@given(
    words=st.lists(st.from_regex(r"[A-Za-z0-9]{1,8}", fullmatch=True), min_size=1, max_size=12),
    data=st.data(),
)
def test_excerpt_matches_any_contiguous_run_of_words(words: list[str], data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, len(words)))
    original = ", ".join(words) + "."

    assert excerpt_matches(" ".join(words[start:end]).upper(), original) is True


# ---------------------------------------------------------------- hide_quote_sources


def test_hide_quote_sources_drops_attribution_only_for_hidden_forums() -> None:
    source = '[quote="a, post:1"]\n[quote="b, post:2"]\ncore\n[/quote]\n[/quote]'
    html = render_post(source, resolve_quotes=ResolveEverything(text=source)).html

    hidden_inner = hide_quote_sources(html, [20])
    hidden_outer = hide_quote_sources(html, {10})

    assert hidden_inner == (
        attributed_open(1, 10, "realbob") + UNRESOLVED_OPEN + "<p>core</p>\n" + QUOTE_CLOSE * 2
    )
    assert hidden_outer == (
        UNRESOLVED_OPEN + attributed_open(2, 20, "realbob") + "<p>core</p>\n" + QUOTE_CLOSE * 2
    )


def test_hide_quote_sources_drops_not_word_for_word_note_with_attribution() -> None:
    html = render_post(
        '[quote="a, post:4"]\nnot in original\n[/quote]', resolve_quotes=ResolveEverything()
    ).html

    assert hide_quote_sources(html, [40]) == (
        UNRESOLVED_OPEN + "<p>not in original</p>\n" + QUOTE_CLOSE
    )


def test_hide_quote_sources_leaves_html_unchanged_for_other_forums() -> None:
    html = render_post(
        '[quote="a, post:4"]\nhello world\n[/quote]\n\n[quote]\nbare\n[/quote]',
        resolve_quotes=ResolveEverything(),
    ).html

    assert hide_quote_sources(html, []) == html
    assert hide_quote_sources(html, [4, 400]) == html


def test_hide_quote_sources_does_not_touch_member_text_that_looks_like_markup() -> None:
    html = render_post(
        '<blockquote class="quote" data-quote-post="1" data-quote-forum="5">'
        '<p class="quote-by">x</p>'
    ).html

    assert hide_quote_sources(html, [5]) == html


# ---------------------------------------------------------------- sanitize_html and plain_text


def test_sanitize_html_strips_scripts_handlers_and_disallowed_markup() -> None:
    dirty = (
        '<a href="javascript:x" onclick="y">t</a><script>bad()</script><style>p{}</style>'
        '<iframe src="https://x.org"></iframe><object data="x"></object>'
        '<blockquote class="quote evil" data-quote-post="1x" data-quote-forum="2">q</blockquote>'
        '<img src="https://x/y.png" onerror="z"><p class="quote-by other" style="color:red">p</p>'
        "<!-- comment -->"
    )

    assert sanitize_html(dirty) == (
        f'<a {REL}>t</a><blockquote class="quote" data-quote-forum="2">q</blockquote>'
        '<img src="https://x/y.png" loading="lazy"><p class="quote-by">p</p>'
    )


def test_sanitize_html_keeps_allowed_structure() -> None:
    clean = '<h3>h</h3><ol start="2"><li><del>x</del></li></ol><span class="quote-note">n</span>'

    assert sanitize_html(clean) == clean


def test_plain_text_returns_unescaped_text_without_tags_or_script_content() -> None:
    html = "<p>a &amp; b &lt;x&gt;</p>\n<p>c</p><script>hidden()</script><p>&quot;q&quot;</p>"

    assert plain_text(html) == 'a & b <x>\nc"q"'


def test_plain_text_of_rendered_quote_includes_attribution_and_body() -> None:
    html = render_post(
        '[quote="a, post:1"]\nhello world\n[/quote]', resolve_quotes=ResolveEverything()
    ).html

    assert plain_text(html) == "realbob said:\nhello world\n\n"


# ---------------------------------------------------------------- property tests

XSS_FRAGMENTS = [
    *DANGEROUS_URL_PAYLOADS,
    '[quote="a, post:1"]',
    '[quote="bob, post:2"]',
    '[quote="x\\"><img src=x onerror=alert(1)>, post:1"]',
    "[quote]",
    "[/quote]",
    "\n",
    "\n\n",
    "    ",
    "> ",
    "- ",
    "1. ",
    "```",
    "`",
    "| a |\n|---|\n",
    "~~",
    "**",
    "_",
    '"',
    "'",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)">',
    "<style>*{}</style>",
    "<object data=x>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<!-- c -->",
    "javascript:alert(1)",
    'http://x.org/"onmouseover=alert(1)',
    "www.x.org<b>",
    '[a](https://x.org "t\\"onclick=x")',
    "[a](%6a%61vascript:alert(1))",
    "[a](javascript&colon;alert(1))",
    "&#0;",
    "\x00",
    "\t",
    "\r",
]

markup_soup = st.lists(
    st.one_of(st.sampled_from(XSS_FRAGMENTS), st.text(max_size=8)), max_size=25
).map("".join)

FORBIDDEN_TAGS = {"script", "iframe", "style", "object", "embed", "svg", "math", "form"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f-\x9f]")


def _elements(html: str) -> list[Element]:
    root: Element = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    return [element for element in root.iter() if isinstance(element.tag, str)]


def dangerous_urls(html: str) -> list[str]:
    found = []
    for element in _elements(html):
        for attribute, value in element.attrib.items():
            if attribute.lower() in {"href", "src"}:
                scheme = _IGNORED_IN_SCHEME.sub("", value).lower()
                if scheme.startswith(BAD_SCHEMES):
                    found.append(value)
    return found


def assert_inert(html: str) -> None:
    elements = _elements(html)
    assert [e.tag for e in elements if e.tag.lower() in FORBIDDEN_TAGS] == []
    handlers = [a for e in elements for a in e.attrib if a.lower().startswith("on")]
    assert handlers == []
    assert dangerous_urls(html) == []


@given(source=st.one_of(st.text(), markup_soup))
def test_render_post_output_is_inert_for_any_input(source: str) -> None:
    rendered = render_post(source, resolve_quotes=ResolveEverything(username="<script>x</script>"))

    assert_inert(rendered.html)
    assert_inert(hide_quote_sources(rendered.html, set(rendered.quote_forum_ids)))


@given(source=st.one_of(st.text(), markup_soup))
def test_render_post_quoted_ids_match_quoted_post_ids(source: str) -> None:
    resolver = ResolveEverything()

    rendered = render_post(source, resolve_quotes=resolver)

    expected = quoted_post_ids(source)[:MAX_QUOTES_RESOLVED]
    assert rendered.quoted_post_ids == expected
    assert resolver.calls == ([expected] if expected else [])


def test_dangerous_urls_helper_detects_obfuscated_schemes() -> None:
    html = (
        '<a href=" JaVa\tScRiPt:alert(1)">a</a><img src="\x01data:image/png,x">'
        '<a href="VBSCRIPT:x">v</a><a href="https://ok.example">ok</a>'
    )

    assert dangerous_urls(html) == [" JaVa\tScRiPt:alert(1)", "\x01data:image/png,x", "VBSCRIPT:x"]


# ---------------------------------------------------------------- helpers


def nested_quotes(depth: int) -> str:
    source = "core"
    for level in range(depth, 0, -1):
        source = f'[quote="u{level}, post:{level}"]\n{source}\n[/quote]'
    return source
