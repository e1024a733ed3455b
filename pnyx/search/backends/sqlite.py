"""SQLite: an FTS5 external-content table over ``search_searchdocument``.

``search_fts`` (title, body) reads its text from the documents table and is kept in step
by triggers on it (both created by migration 0002), tokenized by ``porter unicode61
remove_diacritics 2``: English stemming, case and diacritics folded. English stop words are
left out of queries, as PostgreSQL's ``english`` configuration does, so both engines find
the same posts.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from django.db import OperationalError, connection
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware

from pnyx.search.backends import base
from pnyx.search.backends.base import (
    RECENCY_BONUS,
    RECENCY_DAYS,
    SNIPPET_WORDS,
    START,
    STOP,
    TITLE_WEIGHT,
    Filters,
    Hit,
    Row,
    SearchBackend,
    SearchTooSlowError,
    Sort,
    highlighted,
)
from pnyx.search.query import Query, Term
from pnyx.search.stopwords import ENGLISH

_UPSERT = """
WITH v(id, rev, title, body) AS (VALUES {values})
INSERT INTO search_searchdocument
    (post_id, thread_id, forum_id, author_id, created_at, is_first, revision, title, body)
SELECT p.id, p.thread_id, t.forum_id, p.author_id, p.created_at, p.position = 1, v.rev,
       v.title, v.body
FROM v JOIN threads_post p ON p.id = v.id JOIN threads_thread t ON t.id = p.thread_id
WHERE true
ON CONFLICT (post_id) DO UPDATE SET
    thread_id = excluded.thread_id, forum_id = excluded.forum_id,
    author_id = excluded.author_id, created_at = excluded.created_at,
    is_first = excluded.is_first, revision = excluded.revision,
    title = excluded.title, body = excluded.body
WHERE search_searchdocument.revision <= excluded.revision AND (
    search_searchdocument.title IS NOT excluded.title
    OR search_searchdocument.body IS NOT excluded.body
    OR search_searchdocument.forum_id IS NOT excluded.forum_id
    OR search_searchdocument.author_id IS NOT excluded.author_id
    OR search_searchdocument.is_first IS NOT excluded.is_first)
"""


def _quoted(term: Term) -> str:
    # Words hold letters and digits only (the parser's), so a quoted string is always valid.
    return '"' + " ".join(term.words) + '"'


def match_expression(query: Query) -> str | None:
    """The FTS5 MATCH string for ``query``; None when only stop words are left."""
    clauses = []
    for clause in query.clauses:
        terms = [t for t in clause if t.is_phrase or t.words[0] not in ENGLISH]
        if not terms:
            continue  # every alternative is a stop word: the clause asks nothing
        clauses.append(
            _quoted(terms[0])
            if len(terms) == 1
            else "(" + " OR ".join(_quoted(t) for t in terms) + ")"
        )
    if not clauses:
        return None
    expression = " AND ".join(clauses)
    excluded = [t for t in query.excluded if t.is_phrase or t.words[0] not in ENGLISH]
    if excluded:
        expression = f"({expression})" + "".join(f" NOT {_quoted(t)}" for t in excluded)
    return expression


def _when(value: object) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        parsed = parse_datetime(str(value))
        if parsed is None:  # pragma: no cover - Django writes every datetime it reads back
            raise ValueError(f"Not a datetime: {value!r}")
        moment = parsed
    return make_aware(moment, UTC) if is_naive(moment) else moment


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"

    def upsert(self, rows: Sequence[Row]) -> None:
        if not rows:
            return
        values = ",".join(["(?, ?, ?, ?)"] * len(rows)).replace("?", "%s")
        params: list[Any] = []
        for row in rows:
            params += [row.post_id, row.revision, row.title, row.body]
        with connection.cursor() as cursor:
            cursor.execute(_UPSERT.format(values=values), params)

    def search(
        self, query: Query, filters: Filters, *, sort: Sort, offset: int, limit: int
    ) -> list[Hit]:
        expression = match_expression(query)
        if expression is None or not filters.forum_ids:
            return []
        where = ["search_fts MATCH %s"]
        params: list[Any] = [expression]
        forums = sorted(filters.forum_ids)
        where.append(f"d.forum_id IN ({','.join(['%s'] * len(forums))})")
        params += forums
        if filters.thread_id is not None:
            where.append("d.thread_id = %s")
            params.append(filters.thread_id)
        if filters.author_id is not None:
            where.append("d.author_id = %s")
            params.append(filters.author_id)
        if filters.after is not None:
            where.append("d.created_at >= %s")
            params.append(filters.after)
        if filters.before is not None:
            where.append("d.created_at < %s")
            params.append(filters.before)
        if filters.threads_only:
            where.append("d.is_first")
        if sort == "date":
            order = "d.created_at DESC, d.post_id DESC"
        elif sort == "oldest":
            order = "d.created_at, d.post_id"
        else:
            # bm25 is negative (lower is better): multiplying by the boost makes it better.
            order = (
                f"bm25(search_fts, {TITLE_WEIGHT}, 1.0) * (1 + {RECENCY_BONUS} * {RECENCY_DAYS}"
                f" / ({RECENCY_DAYS} + max(0, julianday('now') - julianday(d.created_at))))"
                ", d.post_id DESC"
            )
        # In one thread, start from the thread's documents and ask FTS5 about each (a rowid
        # lookup); elsewhere start from the full-text match.
        tables = (
            "search_searchdocument d CROSS JOIN search_fts ON search_fts.rowid = d.post_id"
            if filters.thread_id is not None
            else "search_fts JOIN search_searchdocument d ON d.post_id = search_fts.rowid"
        )
        # Only fixed SQL and placeholders are joined here; every value is a parameter.
        sql = (
            "SELECT d.post_id, d.thread_id, d.forum_id, d.author_id, d.created_at, d.is_first,"  # noqa: S608
            f" snippet(search_fts, 1, '{START}', '{STOP}', '…', {SNIPPET_WORDS})"
            f" FROM {tables} WHERE {' AND '.join(where)}"
            f" ORDER BY {order} LIMIT %s OFFSET %s"
        )
        params += [limit, offset]
        with connection.cursor() as cursor:
            # SQLite runs in this process: a progress handler stops it at the time limit.
            raw = connection.connection
            deadline = time.monotonic() + base.TIME_LIMIT_SECONDS
            raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 1000)
            try:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
            except OperationalError as error:
                if "interrupted" in str(error):
                    raise SearchTooSlowError from None
                raise
            finally:
                raw.set_progress_handler(None, 0)
        return [
            Hit(
                post_id=row[0],
                thread_id=row[1],
                forum_id=row[2],
                author_id=row[3],
                created_at=_when(row[4]),
                is_first=bool(row[5]),
                snippet=highlighted(row[6] or ""),
            )
            for row in rows
        ]

    def engine_ok(self) -> bool:
        from django.db import DatabaseError

        with connection.cursor() as cursor:
            try:
                # With rank 1, FTS5 also compares its index with the documents table.
                cursor.execute(
                    "INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)"
                )
            except DatabaseError:
                return False
        return True

    def repair_engine(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")

    def index_size(self) -> int:
        with connection.cursor() as cursor:
            try:
                cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_%%'")
                return int(cursor.fetchone()[0] or 0)
            except Exception:  # dbstat is a compile-time option
                cursor.execute("SELECT sum(length(block)) FROM search_fts_data")
                data = int(cursor.fetchone()[0] or 0)
                cursor.execute(
                    "SELECT sum(length(title) + length(body) + 40) FROM search_searchdocument"
                )
                return data + int(cursor.fetchone()[0] or 0)
