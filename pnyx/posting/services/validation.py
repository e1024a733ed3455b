"""What a post, a title, a draft and a form submission may be: shared by every action.

Text is normalised the same way wherever it is written (line breaks, NUL dropped,
direction controls balanced: ``pnyx.core.text``); posts and titles that would show
nothing are refused; a draft keeps anything typed so far but obeys the same lengths.
Rendering (quotes resolved against what the author may see) is here too, so a preview
is exactly what posting would store.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from pnyx.accounts.models import Member
from pnyx.core.actors import Actor
from pnyx.core.markup import (
    MentionTarget,
    QuoteResolver,
    QuoteTarget,
    RenderedPost,
    plain_text,
    render_post,
)
from pnyx.core.text import balance_bidi, looks_empty
from pnyx.threads.models import Post
from pnyx.threads.permissions import visible_posts

TITLE_MAX = 200
BODY_MAX = 50_000
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_\-]{8,64}$")
# Draft sequences are stored as integers; anything larger comes from a tampered form.
DRAFT_SEQUENCE_MAX = 2**31 - 1


def _too_long(field: str, what: str, limit: int, length: int) -> ValidationError:
    message = (
        _("Keep the title to %(max)d characters (it has %(n)d).")
        if what == "title"
        else _("Keep the post to %(max)d characters (it has %(n)d).")
    )
    return ValidationError(
        {field: ValidationError(message % {"max": limit, "n": length}, code="max_length")}
    )


def normalise_title(title: str) -> str:
    """One line, single spaces, no NUL (PostgreSQL cannot store it), direction balanced."""
    return balance_bidi(" ".join(title.replace("\x00", "").split()))


def normalise_body(body: str) -> str:
    """Line breaks as ``\\n``, no NUL, direction controls balanced line by line."""
    return balance_bidi(body.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", ""))


def clean_title(title: str) -> str:
    title = normalise_title(title)
    if looks_empty(title):
        raise ValidationError(
            {"title": ValidationError(_("Give the thread a title."), code="required")}
        )
    if len(title) > TITLE_MAX:
        raise _too_long("title", "title", TITLE_MAX, len(title))
    return title


def clean_body(body: str) -> str:
    body = normalise_body(body)
    if looks_empty(body):
        raise ValidationError(
            {"body": ValidationError(_("Write something first."), code="required")}
        )
    if len(body) > BODY_MAX:
        raise _too_long("body", "body", BODY_MAX, len(body))
    return body.rstrip()


def clean_draft(title: str, body: str) -> tuple[str, str]:
    """A draft's title and body: normalised like a post's, the same lengths, but anything
    (even nothing) may be kept."""
    title = title.strip()
    body = normalise_body(body)
    if len(title) > TITLE_MAX:
        raise _too_long("title", "title", TITLE_MAX, len(title))
    if len(body) > BODY_MAX:
        raise _too_long("body", "body", BODY_MAX, len(body))
    return title, body


def clean_idempotency_key(key: str | None) -> str:
    if not key:
        return ""
    if not IDEMPOTENCY_KEY.match(key):
        raise ValidationError({"idempotency_key": _("The form key is malformed.")})
    return key


def clean_draft_sequence(sequence: int | None) -> int | None:
    """The draft sequence a compose form was filled from (None: no draft), checked before
    anything is written: emptying the draft happens after the post is committed."""
    if sequence is not None and not 0 <= sequence <= DRAFT_SEQUENCE_MAX:
        raise ValidationError(
            {"draft_sequence": _("The form is damaged: reload the page and try again.")}
        )
    return sequence


def _quote_resolver(actor: Actor) -> QuoteResolver:
    def resolve(post_ids: Collection[int]) -> Mapping[int, QuoteTarget]:
        posts = visible_posts(actor, Post.objects.filter(pk__in=list(post_ids))).select_related(
            "author", "thread"
        )
        return {
            post.pk: QuoteTarget(
                post_id=post.pk,
                username=post.author.username if post.author else _("Deleted member"),
                url=post.get_absolute_url(),
                forum_id=post.thread.forum_id,
                text=f"{post.source}\n{plain_text(post.html)}",
            )
            for post in posts
        }

    return resolve


def _resolve_mentions(names: Collection[str]) -> Mapping[str, MentionTarget]:
    """The active members named (usernames match whatever their case), one query."""
    members = (
        Member.objects.annotate(lowered=Lower("username"))
        .filter(lowered__in=sorted(names), is_active=True)
        .only("pk", "username")
    )
    return {
        member.username.casefold(): MentionTarget(
            member_id=member.pk, username=member.username, url=member.get_absolute_url()
        )
        for member in members
    }


def render_for(actor: Actor, body: str) -> RenderedPost:
    """Render a body as ``actor`` would post it: quotes resolved against what they may see,
    ``@username`` linked to the member (at most PNYX_MENTION_LIMIT members named)."""
    return render_post(
        body,
        resolve_quotes=_quote_resolver(actor),
        resolve_mentions=_resolve_mentions,
        max_mentions=int(settings.MENTION_LIMIT),
    )


def preview_post(actor: Actor, body: str) -> str:
    """The HTML a body would have if ``actor`` posted it now (nothing is saved)."""
    return render_for(actor, clean_body(body)).html
