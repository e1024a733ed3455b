"""Reader-specific views of stored post HTML and source: quoted ids, hidden attributions."""

from __future__ import annotations

from pnyx.core.markup import (
    QuoteTarget,
    hide_quote_sources,
    hide_quote_sources_in_markup,
    quoted_posts_in_html,
    render_post,
)

SOURCE = (
    '[quote="mia, post:7"]\n[quote="bob, post:3"]\ninner words\n[/quote]\nouter words\n[/quote]\n\n'
    '```\n[quote="mia, post:7"]\n```\n\nMine. [quote="ann, post:9"] inline is text.'
)
TARGETS = {
    7: QuoteTarget(post_id=7, username="mia", url="/posts/7/", forum_id=2, text="outer words"),
    3: QuoteTarget(post_id=3, username="bob", url="/posts/3/", forum_id=1, text="inner words"),
}


def test_quoted_posts_in_html_lists_attributed_quotes_in_order() -> None:
    html = render_post(SOURCE, resolve_quotes=lambda ids: TARGETS).html
    assert quoted_posts_in_html(html) == [7, 3]
    assert quoted_posts_in_html(hide_quote_sources(html, {2})) == [3]
    assert quoted_posts_in_html(hide_quote_sources(html, {1, 2})) == []
    assert quoted_posts_in_html("<p>no quotes</p>") == []


def test_hide_quote_sources_in_markup_matches_the_html() -> None:
    html = render_post(SOURCE, resolve_quotes=lambda ids: TARGETS).html
    assert hide_quote_sources_in_markup(SOURCE, html, set()) == SOURCE
    assert hide_quote_sources_in_markup(SOURCE, html, {5}) == SOURCE
    hidden = hide_quote_sources_in_markup(SOURCE, html, {2})
    # Every opening tag naming post 7 loses its attribution (the code block's copy too);
    # post 3 (a visible forum) and the unresolved post 9 keep theirs.
    assert hidden == SOURCE.replace('[quote="mia, post:7"]', "[quote]")
    assert '[quote="bob, post:3"]' in hidden
    assert '[quote="ann, post:9"]' in hidden
    rerendered = render_post(hidden, resolve_quotes=lambda ids: TARGETS).html
    assert "mia" not in rerendered
