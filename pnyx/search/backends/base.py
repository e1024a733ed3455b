"""What every search backend does, and the parts they share.

Ranking (both engines, documented in docs/performance.md, "Search"):

    score = text_rank × (1 + 0.5 × 30 / (30 + age_in_days))

``text_rank`` weighs a word in the thread title ten times a word in a post's text (FTS5's
``bm25`` with column weights 10 and 1; PostgreSQL's ``ts_rank_cd`` with the title as weight A,
1.0, and the text as weight D, 0.1). The recency factor is 1.5 for a post written now, 1.25
at 30 days, 1.08 at a year and tends to 1: recent posts rank a little higher, but a much
better match still wins.
"""

from __future__ import annotations

import html
import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pnyx.search.query import Query, QueryError

# Snippet highlight markers: private-use characters, removed from indexed text, replaced by
# <mark> after the snippet is escaped.
START = "\ue000"
STOP = "\ue001"
TITLE_WEIGHT = 10.0
RECENCY_DAYS = 30.0
RECENCY_BONUS = 0.5
SNIPPET_WORDS = 24
# A search that runs longer is stopped and refused with a message (SearchTooSlowError).
TIME_LIMIT_SECONDS = 2.0

Sort = Literal["relevance", "date", "oldest"]  # date: newest first

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def text_of_html(rendered: str) -> str:
    """The words of a post's stored HTML, without markup or highlight markers."""
    text = html.unescape(_TAG.sub(" ", rendered))
    return _SPACE.sub(" ", text.replace(START, " ").replace(STOP, " ")).strip()


def clean_title(title: str) -> str:
    return title.replace(START, " ").replace(STOP, " ")


def highlighted(snippet: str) -> SafeString:
    """An engine's snippet, with markers around the matched words, as safe HTML."""
    escaped = str(escape(snippet))
    # An unbalanced marker (a snippet cut inside a match) is closed at the end.
    out = []
    open_ = False
    for ch in escaped:
        if ch == START and not open_:
            out.append("<mark>")
            open_ = True
        elif ch == STOP and open_:
            out.append("</mark>")
            open_ = False
        elif ch not in (START, STOP):
            out.append(ch)
    if open_:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - escaped above; only <mark> added


class SearchTooSlowError(QueryError):
    """The engine was stopped at the time limit."""

    def __init__(self) -> None:
        super().__init__("This search took too long: add words or filters to narrow it.")


@dataclass(frozen=True, slots=True)
class Filters:
    """Which documents a search may return. ``forum_ids`` is already narrowed to the forums
    the reader may read (never empty: a search with nothing readable is not run)."""

    forum_ids: frozenset[int]
    thread_id: int | None = None
    author_id: int | None = None
    after: datetime | None = None
    before: datetime | None = None
    threads_only: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    post_id: int
    thread_id: int
    forum_id: int
    author_id: int | None
    created_at: datetime
    is_first: bool
    snippet: SafeString


@dataclass(frozen=True, slots=True)
class Row:
    """A post's text to index: its id and revision, the thread title (first posts only)."""

    post_id: int
    revision: int
    title: str
    body: str


class SearchBackend(ABC):
    """One search engine. Text goes in as ``Row``s; every method is safe to run while the
    forum runs, and writing a row twice is the same as writing it once."""

    vendor: str

    @abstractmethod
    def upsert(self, rows: Sequence[Row]) -> None:
        """Index these posts (their forum, thread, author and time are read from the posts
        as they are when written; a post already gone is skipped)."""

    @abstractmethod
    def search(
        self, query: Query, filters: Filters, *, sort: Sort, offset: int, limit: int
    ) -> list[Hit]:
        """Documents matching ``query`` within ``filters``, best (or newest) first."""

    @abstractmethod
    def index_size(self) -> int:
        """Bytes the index takes on disk (the documents, the engine's index, their indexes)."""

    @abstractmethod
    def engine_ok(self) -> bool:
        """Whether the engine's own index agrees with the documents table."""

    @abstractmethod
    def repair_engine(self) -> None:
        """Rebuild the engine's own index from the documents table."""

    def delete_posts(self, post_ids: Sequence[int]) -> None:
        from pnyx.search.models import SearchDocument

        SearchDocument.objects.filter(post_id__in=post_ids).delete()
