"""Post markup: Markdown (CommonMark + tables + strikethrough + autolinks) with quote blocks.

This is the one audited module that produces HTML from member input (the only
``mark_safe`` on member content lives in ``SafePostHtml``). The pipeline is:

1. markdown-it parses the source with raw HTML **off**, so no tag typed by a member
   survives as a tag;
2. ``[quote="USERNAME, post:ID"]…[/quote]`` blocks become tokens; the caller
   resolves the quoted ids (only posts the *author* may see) and the attribution
   is rendered from that data, never from what the member typed;
3. nh3 (ammonia) cleans the final HTML against an allow-list: tags, attributes,
   classes and URL schemes. It runs last, on everything.

Rendering happens once when a post is saved; pages show the stored HTML.

The parser's work is bounded whatever the text (``_Work``): every rule markdown-it runs
counts one step, a parse that would take more than ``MAX_PARSE_STEPS`` of them or produce
more than ``MAX_TOKENS`` tokens stops with ``MarkupTooComplexError``, and nesting is capped
(markdown-it's ``maxNesting``, ``MAX_QUOTE_DEPTH``). A legitimate post of the longest length
uses a fraction of the budget; what a pathological one (thousands of unclosed ``![``, runs of
emphasis marks) would spend in seconds is refused in a fraction of one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape, unescape
from typing import Any, Literal

import nh3
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.ruler import Ruler
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

MAX_QUOTE_DEPTH = 4
MAX_QUOTES_RESOLVED = 50
# The work budget of one parse (see the module's docstring). Posts of the longest length
# (50,000 characters) of prose, links or quotes take 16,000 to 35,000 steps, of identifiers
# full of underscores 66,000, a 1,000-row table 90,000 steps and 44,000 tokens; 25,000
# unclosed "![" would take 1.2 million steps. A step costs 0.2 to 3 microseconds.
MAX_PARSE_STEPS = 100_000
MAX_TOKENS = 50_000
MAX_NESTING = 20  # blocks inside blocks, inline marks inside inline marks

# `[quote="alice, post:12"]` or a bare `[quote]`. Anything else is left as text.
_OPEN_TAG = re.compile(r'\[quote(?:="([^"\n\]]{0,120})")?\]', re.IGNORECASE)
_ANY_TAG = re.compile(r"\[quote(?:=[^\]\n]{0,120})?\]|\[/quote\]", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"^([A-Za-z0-9_.\-]{1,30}),\s*post:\s*([1-9][0-9]{0,17})$")
_WORD = re.compile(r"[^\W_]+")

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "div", "em", "h3", "h4", "h5", "h6", "hr",
    "img", "li", "ol", "p", "pre", "s", "span", "strong", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "data-mention"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "blockquote": {"data-quote-post", "data-quote-forum"},
}
ALLOWED_CLASSES = {
    "a": {"mention"},
    "blockquote": {"quote"},
    "p": {"quote-by"},
    "div": {"quote-body"},
    "span": {"quote-note"},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"


class MarkupTooComplexError(ValidationError):
    """The text asks the parser for more work than any post needs."""

    def __init__(self) -> None:
        super().__init__(
            {
                "body": ValidationError(
                    _(
                        "This text has too much formatting to show (thousands of unclosed "
                        "brackets, emphasis marks or table cells). Simplify it, or put code "
                        "between lines of three backticks (```)."
                    ),
                    code="too_complex",
                )
            }
        )


class _Work:
    """Steps spent by one parse (kept in markdown-it's ``env``)."""

    __slots__ = ("steps",)

    def __init__(self) -> None:
        self.steps = 0


def _counted(rule: Callable[..., Any]) -> Callable[..., Any]:
    """``rule`` costing one step of the parse's budget each time it runs."""

    def counted(state: Any, *args: Any) -> Any:
        work: _Work = state.env["_work"]
        work.steps += 1
        if work.steps > MAX_PARSE_STEPS:
            raise MarkupTooComplexError
        return rule(state, *args)

    return counted


def _counted_block(rule: Callable[..., Any]) -> Callable[..., Any]:
    """A block rule counted like the others, its tokens checked as they are made (one call
    of the table rule makes thousands)."""
    counted = _counted(rule)

    def block_rule(state: StateBlock, *args: Any) -> Any:
        found = counted(state, *args)
        if len(state.tokens) > MAX_TOKENS:
            raise MarkupTooComplexError
        return found

    return block_rule


def _check_tokens(state: Any) -> None:
    """A core rule: refuse a text whose tokens (rendered and sanitised next) are too many."""
    count = len(state.tokens) + sum(len(token.children or ()) for token in state.tokens)
    if count > MAX_TOKENS:
        raise MarkupTooComplexError


@dataclass(frozen=True)
class QuoteTarget:
    """What the renderer needs to know about a quoted post, looked up by the caller."""

    post_id: int
    username: str
    url: str
    forum_id: int
    text: str  # the quoted post's source and plain text, used to verify the excerpt


@dataclass(frozen=True)
class MentionTarget:
    """A member an ``@username`` names, looked up by the caller."""

    member_id: int
    username: str
    url: str


@dataclass
class RenderedPost:
    html: str
    quoted_post_ids: list[int] = field(default_factory=list)
    quote_forum_ids: list[int] = field(default_factory=list)
    mentioned_member_ids: list[int] = field(default_factory=list)


QuoteResolver = Callable[[Collection[int]], Mapping[int, QuoteTarget]]
# Given usernames as typed (casefolded), the members they name, by casefolded username.
MentionResolver = Callable[[Collection[str]], Mapping[str, MentionTarget]]

# `@username` after a space, a bracket or the start of a line (not inside a word or an
# address such as user@example.org); usernames end with a letter, digit or underscore.
_MENTION = re.compile(r"(?<![\w@./\-])@([A-Za-z0-9_](?:[A-Za-z0-9_.\-]{0,28}[A-Za-z0-9_])?)")
# Candidates looked up per post at most (the limit itself is the caller's).
MAX_MENTION_LOOKUPS = 200
_MENTION_LINK = re.compile(r'data-mention="(\d+)"')


class TooManyMentionsError(ValidationError):
    """The post names more members than the site allows (PNYX_MENTION_LIMIT)."""

    def __init__(self, limit: int, count: int) -> None:
        super().__init__(
            {
                "body": ValidationError(
                    _(
                        "This post mentions %(count)d members; mention at most %(limit)d "
                        "(write the others' names without the @)."
                    )
                    % {"count": count, "limit": limit},
                    code="too_many_mentions",
                )
            }
        )


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def excerpt_matches(excerpt: str, original: str) -> bool:
    """True when the words of ``excerpt`` appear, in order and contiguous, in ``original``.

    Markdown punctuation, case and line breaks do not count, so a quote of a rendered
    selection matches its Markdown source.
    """
    wanted = _words(excerpt)
    if not wanted:
        return True
    return f" {wanted} " in f" {_words(original)} "


def _parse_attribute(raw: str | None) -> tuple[str, int] | Literal[False] | None:
    """(username, post id) for an attributed quote, None for a bare quote, False if malformed."""
    if raw is None:
        return None
    match = _ATTRIBUTE.match(raw.strip())
    if match is None:
        return False
    return match.group(1), int(match.group(2))


def _quote_pairs(state: StateBlock) -> dict[int, int]:
    """Offset of each [quote…] tag in the source → offset of its matching [/quote].

    Computed once per source text in one pass (a stack), so checking whether a line opens a
    quote costs a lookup, not a scan to the end of the post: a body of thousands of
    unclosed ``[quote]`` lines renders in linear time. Every [quote…] counts as an opening,
    so a malformed inner quote still pairs with its own closing tag.
    """
    cache: dict[str, dict[int, int]] = state.env.setdefault("_quote_pairs", {})
    pairs = cache.get(state.src)
    if pairs is None:
        pairs = {}
        stack: list[int] = []
        for tag in _ANY_TAG.finditer(state.src):
            if tag.group(0).startswith("[/"):
                if stack:
                    pairs[stack.pop()] = tag.start()
            else:
                stack.append(tag.start())
        cache[state.src] = pairs
    return pairs


def _post_quote_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.is_code_block(start_line):
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith("[", start):
        return False
    opening = _OPEN_TAG.match(state.src, start, state.eMarks[start_line])
    if opening is None:
        return False
    attribute = _parse_attribute(opening.group(1))
    if attribute is False:
        return False
    depth: int = state.env.get("_quote_depth", 0)
    if depth >= MAX_QUOTE_DEPTH:
        return False

    # The matching [/quote] must be inside this block's lines and end its line.
    close = _quote_pairs(state).get(start)
    if close is None:
        return False
    close_line = bisect_left(state.eMarks, close, lo=start_line)
    if close_line >= end_line:
        return False
    close_end = close + len("[/quote]")
    if state.src[close_end : state.eMarks[close_line]].strip():
        return False
    if silent:
        return True

    if close_line == start_line:
        inner = state.src[opening.end() : close]
    else:
        last = state.getLines(close_line, close_line + 1, state.blkIndent, False)
        pieces = [
            state.src[opening.end() : state.eMarks[start_line]],
            *(
                [state.getLines(start_line + 1, close_line, state.blkIndent, False)]
                if close_line > start_line + 1
                else []
            ),
            last[: len(last) - (state.eMarks[close_line] - close)],
        ]
        inner = "\n".join(pieces)
    inner = inner.strip("\n")
    token = state.push("post_quote_open", "blockquote", 1)
    token.map = [start_line, close_line + 1]
    token.meta = {
        "username": attribute[0] if attribute else None,
        "post_id": attribute[1] if attribute else None,
        "inner": inner,
    }
    token.block = True
    state.env["_quote_depth"] = depth + 1
    try:
        state.md.block.parse(inner, state.md, state.env, state.tokens)
    finally:
        state.env["_quote_depth"] = depth
    closing = state.push("post_quote_close", "blockquote", -1)
    closing.block = True
    state.line = close_line + 1
    return True


def _render_quote_open(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    meta: dict[str, Any] = tokens[idx].meta
    targets: Mapping[int, QuoteTarget] = env.get("quote_targets", {})
    post_id = meta.get("post_id")
    target = targets.get(post_id) if post_id is not None else None
    if target is None:
        if post_id is None:
            return '<blockquote class="quote"><div class="quote-body">\n'
        # The quoted post does not exist or its author may not see it: no attribution.
        return '<blockquote class="quote"><p class="quote-by">Quote</p><div class="quote-body">\n'
    note = ""
    if not excerpt_matches(meta.get("inner", ""), target.text):
        note = ' <span class="quote-note">(not word for word from the original)</span>'
    return (
        f'<blockquote class="quote" data-quote-post="{target.post_id}" '
        f'data-quote-forum="{target.forum_id}"><p class="quote-by">'
        f'<a href="{escape(target.url)}">{escape(target.username)}</a> said:{note}</p>'
        '<div class="quote-body">\n'
    )


def _render_quote_close(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</div></blockquote>\n"


def _shift_heading(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    # Post headings sit under the page's own h1/h2: # becomes h3 … ###### stays h6.
    token = tokens[idx]
    level = min(int(token.tag[1]) + 2, 6)
    return f"<h{level}>" if token.nesting == 1 else f"</h{level}>\n"


def _wrap_rules(ruler: Ruler[Any], wrap: Callable[[Any], Any]) -> None:
    for rule in list(ruler.__rules__):
        ruler.at(rule.name, wrap(rule.fn), {"alt": rule.alt})


def _build_parser() -> MarkdownIt:
    md = MarkdownIt(
        "commonmark",
        {"html": False, "linkify": True, "typographer": False, "maxNesting": MAX_NESTING},
    )
    md.enable(["table", "strikethrough", "linkify"])
    md.block.ruler.before(
        "fence",
        "post_quote",
        _post_quote_rule,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.add_render_rule("post_quote_open", _render_quote_open)
    md.add_render_rule("post_quote_close", _render_quote_close)
    md.add_render_rule("heading_open", _shift_heading)
    md.add_render_rule("heading_close", _shift_heading)
    # Every rule counts against the parse's budget; block tokens are checked as they are
    # made and all tokens once everything is parsed.
    _wrap_rules(md.core.ruler, _counted)
    _wrap_rules(md.block.ruler, _counted_block)
    _wrap_rules(md.inline.ruler, _counted)
    _wrap_rules(md.inline.ruler2, _counted)
    md.core.ruler.push("pnyx_tokens", _check_tokens)
    return md


_PARSER = _build_parser()


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if (attribute.startswith("data-quote-") or attribute == "data-mention") and not value.isdigit():
        return None
    return value


def sanitize_html(html: str) -> str:
    """The allow-list every piece of member HTML passes through, last."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        set_tag_attribute_values={"img": {"loading": "lazy"}},
        strip_comments=True,
    )


def _parse(source: str, env: dict[str, Any]) -> list[Token]:
    """markdown-it's tokens for ``source``, within the work budget."""
    env["_work"] = _Work()
    return _PARSER.parse(source, env)


def quoted_post_ids(source: str) -> list[int]:
    """The post ids quoted (at any depth) in ``source``, in order of first appearance."""
    tokens = _parse(source, {})
    seen: dict[int, None] = {}
    for token in tokens:
        if token.type == "post_quote_open" and token.meta.get("post_id") is not None:
            seen.setdefault(token.meta["post_id"], None)
    return list(seen)


def _mention_texts(tokens: list[Token]) -> Iterator[Token]:
    """The text tokens where a mention counts: outside links, code and quoted posts."""
    quote_depth = 0
    for token in tokens:
        if token.type == "post_quote_open":
            quote_depth += 1
        elif token.type == "post_quote_close":
            quote_depth -= 1
        elif token.type == "inline" and quote_depth == 0 and token.children:
            link_depth = 0
            for child in token.children:
                if child.type == "link_open":
                    link_depth += 1
                elif child.type == "link_close":
                    link_depth -= 1
                elif child.type == "text" and link_depth == 0 and "@" in child.content:
                    yield child


def _link_mentions(tokens: list[Token], targets: Mapping[str, MentionTarget]) -> None:
    """Turn each resolved ``@username`` into a link to the member (their real name)."""
    mentionable = {id(text) for text in _mention_texts(tokens)}
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        children: list[Token] = []
        for child in token.children:
            if id(child) not in mentionable:
                children.append(child)
                continue
            text, last = child.content, 0
            for match in _MENTION.finditer(text):
                target = targets.get(match.group(1).casefold())
                if target is None:
                    continue
                if match.start() > last:
                    children.append(_text_token(text[last : match.start()]))
                opening = Token("link_open", "a", 1)
                opening.attrs = {
                    "href": target.url,
                    "class": "mention",
                    "data-mention": str(target.member_id),
                }
                children += [
                    opening,
                    _text_token("@" + target.username),
                    Token("link_close", "a", -1),
                ]
                last = match.end()
            if last == 0:
                children.append(child)
            elif last < len(text):
                children.append(_text_token(text[last:]))
        token.children = children


def _text_token(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def render_post(
    source: str,
    *,
    resolve_quotes: QuoteResolver | None = None,
    resolve_mentions: MentionResolver | None = None,
    max_mentions: int | None = None,
) -> RenderedPost:
    """Render and sanitise a post's Markdown source. Call when saving, never per view.

    With ``resolve_mentions``, each ``@username`` naming a member (outside links, code and
    quoted posts) becomes a link to them; more than ``max_mentions`` members named is
    ``TooManyMentionsError``."""
    env: dict[str, Any] = {}
    tokens = _parse(source, env)
    wanted: dict[int, None] = {}
    for token in tokens:
        if token.type == "post_quote_open" and token.meta.get("post_id") is not None:
            wanted.setdefault(token.meta["post_id"], None)
    targets: Mapping[int, QuoteTarget] = {}
    if wanted and resolve_quotes is not None:
        targets = resolve_quotes(list(wanted)[:MAX_QUOTES_RESOLVED])
    env["quote_targets"] = targets
    mentioned: list[int] = []
    if resolve_mentions is not None:
        names: dict[str, None] = {}
        for text in _mention_texts(tokens):
            for match in _MENTION.finditer(text.content):
                names.setdefault(match.group(1).casefold(), None)
        if names:
            people = resolve_mentions(list(names)[:MAX_MENTION_LOOKUPS])
            mentioned = list(
                dict.fromkeys(people[name].member_id for name in names if name in people)
            )
            if max_mentions is not None and len(mentioned) > max_mentions:
                raise TooManyMentionsError(max_mentions, len(mentioned))
            _link_mentions(tokens, people)
    html = sanitize_html(_PARSER.renderer.render(tokens, _PARSER.options, env))
    resolved = [post_id for post_id in wanted if post_id in targets]
    forum_ids = sorted({targets[post_id].forum_id for post_id in resolved})
    return RenderedPost(
        html=html,
        quoted_post_ids=resolved,
        quote_forum_ids=forum_ids,
        mentioned_member_ids=mentioned,
    )


def mentioned_ids(html: str) -> list[int]:
    """The members a rendered post links as mentions, in order (no query)."""
    return list(dict.fromkeys(int(found) for found in _MENTION_LINK.findall(html)))


_ATTRIBUTED_QUOTE = re.compile(
    r'<blockquote class="quote" data-quote-post="\d+" data-quote-forum="(\d+)">'
    r'<p class="quote-by">.*?</p>',
    re.DOTALL,
)


def hide_quote_sources(html: str, hidden_forum_ids: Collection[int]) -> str:
    """Drop the attribution of quotes whose source sits in a forum the reader may not see.

    The quoted words are the quoting author's own text and stay; who said them and
    where is removed, so a quote reveals nothing of a post the reader cannot open.
    """
    hidden = {str(forum_id) for forum_id in hidden_forum_ids}

    def replace(match: re.Match[str]) -> str:
        if match.group(1) in hidden:
            return '<blockquote class="quote"><p class="quote-by">Quote</p>'
        return match.group(0)

    return _ATTRIBUTED_QUOTE.sub(replace, html)


_QUOTE_SOURCE = re.compile(
    r'<blockquote class="quote" data-quote-post="(\d+)" data-quote-forum="(\d+)">'
)


def quoted_posts_in_html(html: str) -> list[int]:
    """Ids of the posts whose quotes carry an attribution in ``html``, in order of first
    appearance. On HTML that went through ``hide_quote_sources`` these are exactly the
    quoted posts the reader may know about."""
    seen: dict[int, None] = {}
    for post_id, _forum_id in _QUOTE_SOURCE.findall(html):
        seen.setdefault(int(post_id), None)
    return list(seen)


def hide_quote_sources_in_markup(source: str, html: str, hidden_forum_ids: Collection[int]) -> str:
    """The Markdown ``source`` of a post with the same quotes unattributed as
    ``hide_quote_sources`` unattributes in its stored ``html``.

    ``[quote="USERNAME, post:ID"]`` becomes a bare ``[quote]`` when post ID sits in a
    hidden forum (the stored HTML says which forum each attributed quote came from).
    """
    hidden = {str(forum_id) for forum_id in hidden_forum_ids}
    hidden_posts = {int(post) for post, forum in _QUOTE_SOURCE.findall(html) if forum in hidden}
    if not hidden_posts:
        return source

    def replace(match: re.Match[str]) -> str:
        attribute = _parse_attribute(match.group(1))
        if attribute and attribute[1] in hidden_posts:
            return "[quote]"
        return match.group(0)

    return _OPEN_TAG.sub(replace, source)


def safe_post_html(html: str) -> SafeString:
    """Mark stored post HTML as safe for templates. It was sanitised by ``render_post``."""
    return mark_safe(html)  # noqa: S308 - output of sanitize_html, the audited path


def plain_text(html: str) -> str:
    """Text content of sanitised post HTML (for excerpts and quote checks)."""
    return unescape(nh3.clean(html, tags=set()))
