"""Request and response shapes of the JSON API, and builders from selector results.

URLs in responses are paths on this site (``/threads/12-talks/``); join them to the
address you called. Times are ISO 8601 in UTC.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from pnyx.accounts.models import Member
from pnyx.core.actors import is_staff
from pnyx.discussion.presenters import PostItem
from pnyx.forums.models import Forum
from pnyx.forums.selectors import CategoryEntry, ThreadEntry
from pnyx.posting.services import BODY_MAX, TITLE_MAX
from pnyx.reactions.enums import ReactionKind
from pnyx.threads.models import Thread

# The largest id either database stores (a signed 64-bit integer).
MAX_ID = 2**63 - 1
MAX_PAGE = 1_000_000


# Some character that is neither white space nor a control or common invisible format
# character: near what "not blank" means to the posting services (pnyx.core.text.looks_empty
# refuses text made only of characters that draw nothing).
NOT_BLANK = r"[^\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"


def _plain_text(value: str) -> str:
    # The parser (pnyx.api.api.StrictJSONParser) already refused lone surrogates; NUL
    # characters are dropped, as the posting services drop them.
    return value.replace("\x00", "")


def _post_length(value: str) -> str:
    if len(value) > BODY_MAX:
        # Mapped to 413, like the posting service's own limit.
        raise PydanticCustomError(
            "too_large",
            "Keep the post to {max} characters (it has {n}).",
            {"max": BODY_MAX, "n": len(value)},
        )
    return value


Title = Annotated[
    str,
    Field(
        max_length=TITLE_MAX,
        description=f"Up to {TITLE_MAX} characters, not blank.",
        json_schema_extra={"pattern": NOT_BLANK},
    ),
    AfterValidator(_plain_text),
]
PostText = Annotated[
    str,
    Field(
        description=(
            'Markdown. Quote with [quote="USERNAME, post:ID"]…[/quote]. Not blank; up to '
            f"{BODY_MAX:,} characters (more is 413)."
        ),
        json_schema_extra={"pattern": NOT_BLANK, "maxLength": BODY_MAX},
    ),
    AfterValidator(_plain_text),
    AfterValidator(_post_length),
]


def _json_integer(value: object) -> object:
    """JSON has one kind of number: 3 and 3.0 are the same one (JSON Schema's "integer"
    takes both), so an integral number becomes an int; true, "3" and 3.5 are left for the
    strict type checks to refuse, and so is a float too large to be exact."""
    if isinstance(value, float) and value.is_integer() and abs(value) <= 2**53:
        return int(value)
    return value


# An integer as JSON writes it (see _json_integer), never a boolean or a string. The
# bounds go in the field's Field(), so that the OpenAPI document shows them.
JsonInt = Annotated[int, BeforeValidator(_json_integer)]
OptionalJsonInt = Annotated[int | None, BeforeValidator(_json_integer)]


class Input(Schema):
    # Unknown fields are refused, so a client learns at once that author_id, created_at
    # and the like cannot be set. Types are strict: true is not the id 1, nor is "1",
    # and a number is not a title.
    model_config = ConfigDict(extra="forbid", strict=True)


# ---------------------------------------------------------------- inputs


class NewThreadIn(Input):
    forum_id: JsonInt = Field(..., ge=1, le=MAX_ID)
    title: Title
    body: PostText


class NewPostIn(Input):
    body: PostText


class EditPostIn(Input):
    body: PostText
    revision: OptionalJsonInt = Field(
        None,
        ge=0,
        le=2**31 - 1,
        description=(
            "The revision you edited. If the post changed since, nothing is saved and the "
            "answer is 409 with the current revision."
        ),
    )


# ---------------------------------------------------------------- outputs


class MemberRef(Schema):
    username: str
    display_name: str
    url: str


class MemberOut(Schema):
    username: str
    display_name: str
    url: str
    avatar_url: str | None
    joined_at: datetime
    country: str | None = Field(..., description="ISO 3166 code, or null when not shown.")
    location: str | None = Field(..., description="ISO 3166 code, or null when not shown.")
    post_count: int
    reaction_score: int


class MeOut(MemberOut):
    is_staff: bool


class ThreadRef(Schema):
    id: int
    title: str
    url: str


class LastPostOut(Schema):
    thread: ThreadRef
    posted_at: datetime
    author: MemberRef | None


class SubforumOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    url: str
    thread_count: int
    post_count: int
    last_post: LastPostOut | None


class ForumOut(SubforumOut):
    subforums: list[SubforumOut]


class CategoryOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    forums: list[ForumOut]


class CategoriesOut(Schema):
    categories: list[CategoryOut]


class ForumRef(Schema):
    id: int
    name: str
    url: str


class ThreadSummaryOut(Schema):
    id: int
    title: str
    url: str
    forum: ForumRef
    author: MemberRef | None
    created_at: datetime
    last_post_at: datetime
    last_poster: MemberRef | None
    reply_count: int
    view_count: int
    is_pinned: bool
    is_locked: bool
    is_unread: bool = Field(..., description="Posts the caller has not read (false for guests).")


class ForumDetailOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    url: str
    thread_count: int
    post_count: int
    can_start_thread: bool


class ForumThreadsOut(Schema):
    forum: ForumDetailOut
    page: int
    page_count: int
    has_next: bool
    threads: list[ThreadSummaryOut]


class WhatsNewOut(Schema):
    page: int
    has_next: bool
    threads: list[ThreadSummaryOut]


class ReactionCountsOut(Schema):
    like: int
    agree: int
    disagree: int
    informative: int
    funny: int


class PostOut(Schema):
    id: int
    thread_id: int
    position: int = Field(..., description="1 for the opening post, then 2, 3, …")
    url: str
    author: MemberRef | None
    body: str = Field(..., description="The Markdown source.")
    html: str = Field(..., description="The rendered, sanitised HTML.")
    created_at: datetime
    edited_at: datetime | None
    revision: int = Field(..., description="0 until the first edit; send it back to PATCH.")
    quotes: list[int] = Field(..., description="Ids of the posts this post quotes.")
    reactions: ReactionCountsOut
    my_reactions: list[ReactionKind]
    can_edit: bool
    can_react: bool


class ThreadOut(Schema):
    id: int
    title: str
    url: str
    forum: ForumRef
    author: MemberRef | None
    created_at: datetime
    last_post_at: datetime
    reply_count: int
    view_count: int
    is_pinned: bool
    is_locked: bool
    can_reply: bool


class ThreadPageOut(Schema):
    thread: ThreadOut
    page: int
    page_count: int
    posts: list[PostOut]


class ThreadCreatedOut(ThreadOut):
    first_post: PostOut


class ReactionsOut(Schema):
    post_id: int
    changed: bool = Field(..., description="Whether this request changed anything.")
    reactions: ReactionCountsOut
    my_reactions: list[ReactionKind]


# ---------------------------------------------------------------- builders


def member_ref(member: Member | None) -> MemberRef | None:
    if member is None:
        return None
    return MemberRef(
        username=member.username, display_name=member.name, url=member.get_absolute_url()
    )


def member_out(member: Member) -> MemberOut:
    return MemberOut(**_member_fields(member))


def me_out(member: Member) -> MeOut:
    return MeOut(**_member_fields(member), is_staff=is_staff(member))


def _member_fields(member: Member) -> dict[str, Any]:
    return {
        "username": member.username,
        "display_name": member.name,
        "url": member.get_absolute_url(),
        "avatar_url": member.avatar.url if member.avatar else None,
        "joined_at": member.date_joined,
        "country": member.country.code or None,
        "location": member.location.code or None,
        "post_count": member.post_count,
        "reaction_score": member.reaction_score,
    }


def forum_ref(forum: Forum) -> ForumRef:
    return ForumRef(id=forum.pk, name=forum.name, url=forum.get_absolute_url())


def _last_post(forum: Forum) -> LastPostOut | None:
    thread = forum.last_thread
    if thread is None or forum.last_post_at is None:
        return None
    return LastPostOut(
        thread=ThreadRef(id=thread.pk, title=thread.title, url=thread.get_absolute_url()),
        posted_at=forum.last_post_at,
        author=member_ref(forum.last_poster),
    )


def _subforum(forum: Forum) -> SubforumOut:
    return SubforumOut(
        id=forum.pk,
        name=forum.name,
        slug=forum.slug,
        description=forum.description,
        url=forum.get_absolute_url(),
        thread_count=forum.thread_count,
        post_count=forum.post_count,
        last_post=_last_post(forum),
    )


def categories_out(entries: list[CategoryEntry]) -> CategoriesOut:
    return CategoriesOut(
        categories=[
            CategoryOut(
                id=entry.category.pk,
                name=entry.category.name,
                slug=entry.category.slug,
                description=entry.category.description,
                forums=[
                    ForumOut(
                        **_subforum(forum_entry.forum).model_dump(),
                        subforums=[_subforum(sub) for sub in forum_entry.subforums],
                    )
                    for forum_entry in entry.forums
                ],
            )
            for entry in entries
        ]
    )


def forum_detail_out(forum: Forum, *, can_start_thread: bool) -> ForumDetailOut:
    return ForumDetailOut(
        id=forum.pk,
        name=forum.name,
        slug=forum.slug,
        description=forum.description,
        url=forum.get_absolute_url(),
        thread_count=forum.thread_count,
        post_count=forum.post_count,
        can_start_thread=can_start_thread,
    )


def thread_summary_out(entry: ThreadEntry) -> ThreadSummaryOut:
    thread = entry.record
    return ThreadSummaryOut(
        id=thread.pk,
        title=thread.title,
        url=thread.get_absolute_url(),
        forum=forum_ref(thread.forum),
        author=member_ref(thread.author),
        created_at=thread.created_at,
        last_post_at=thread.last_post_at,
        last_poster=member_ref(thread.last_poster),
        reply_count=thread.reply_count,
        view_count=thread.view_count,
        is_pinned=thread.is_pinned,
        is_locked=thread.is_locked,
        is_unread=entry.is_unread,
    )


def reaction_counts_out(counts: dict[str, int]) -> ReactionCountsOut:
    return ReactionCountsOut(
        **{kind.value: int(counts.get(kind.value, 0)) for kind in ReactionKind}
    )


def post_out(item: PostItem) -> PostOut:
    post = item.record
    return PostOut(
        id=post.pk,
        thread_id=post.thread_id,
        position=post.position,
        url=post.get_absolute_url(),
        author=member_ref(post.author),
        body=item.source,
        html=str(item.html),
        created_at=post.created_at,
        edited_at=post.edited_at,
        revision=post.revision,
        quotes=item.quoted_post_ids,
        reactions=reaction_counts_out({r.kind: r.count for r in item.reactions}),
        my_reactions=[ReactionKind(r.kind) for r in item.reactions if r.mine],
        can_edit=item.can_edit,
        can_react=item.can_react,
    )


def thread_fields(thread: Thread, *, can_reply: bool) -> dict[str, Any]:
    return {
        "id": thread.pk,
        "title": thread.title,
        "url": thread.get_absolute_url(),
        "forum": forum_ref(thread.forum),
        "author": member_ref(thread.author),
        "created_at": thread.created_at,
        "last_post_at": thread.last_post_at,
        "reply_count": thread.reply_count,
        "view_count": thread.view_count,
        "is_pinned": thread.is_pinned,
        "is_locked": thread.is_locked,
        "can_reply": can_reply,
    }
