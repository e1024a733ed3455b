"""Querysets whose SQL is built once per database connection and run with new values.

Django builds a query's SQL again on every run: for the few small queries of a member's
page that costs more CPU than the database spends answering them. A ``PreparedQuery`` is
written as an ordinary queryset, built once with marker values in place of its parameters;
its compiled SQL is kept per connection (so per thread) and each run only swaps the
markers for the values given. The rows become model instances (``select_related`` included)
or values exactly as the queryset itself would give them, through Django's own iterables.

Only for queries whose SQL does not depend on the values (no ``__in`` lists of varying
length, no ``None`` comparisons): each marker must appear among the compiled parameters
exactly once, which is checked when the SQL is first built.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar, cast

from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler

T = TypeVar("T")

# Marker values: integers within every integer field's range (Django drops or empties a
# comparison with a value out of its field's range, which would change the SQL).
_MARKER_BASE = 2_147_480_000
_numbers = itertools.count()


class _Compiled:
    """One query compiled for one connection: its SQL and where the markers sit."""

    __slots__ = ("compiler", "params", "queryset", "slots", "sql")

    def __init__(self, queryset: QuerySet[Any], markers: tuple[int, ...]) -> None:
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        params = tuple(params)
        slots = []
        for marker in markers:
            where = [index for index, value in enumerate(params) if value == marker]
            if len(where) != 1:
                raise ValueError(f"marker {marker} appears {len(where)} times in {params!r}")
            slots.append(where[0])
        self.compiler = compiler
        self.queryset = queryset
        self.slots = tuple(slots)
        self.sql = sql
        self.params = params
        # Runs use this compiler with the stored SQL: set up once above, never rebuilt.
        current = self

        def as_sql(*args: Any, **kwargs: Any) -> tuple[str, tuple[Any, ...]]:
            return current.sql, current.params

        compiler.as_sql = as_sql

        def get_compiler(*args: Any, **kwargs: Any) -> SQLCompiler:
            return cast(SQLCompiler, compiler)

        queryset.query.get_compiler = get_compiler  # type: ignore[method-assign]


class PreparedQuery(Generic[T]):
    """``build(*markers, *shape)`` returns the queryset; ``run(*values, shape=…)`` its rows
    with ``values`` (integers) in place of the markers. ``shape`` holds what changes the SQL
    itself (slices, a reader's visibility tier): one compiled query per shape, so it must
    take few values."""

    def __init__(self, build: Callable[..., QuerySet[Any]], arity: int, using: str = "default"):
        self.build = build
        self.markers = tuple(_MARKER_BASE - index for index in range(arity))
        self.using = using
        # Never reused (unlike id(), which a freed query's successor may get).
        self._key = f"_pnyx_prepared_{next(_numbers)}"

    def _compiled(self, shape: tuple[Hashable, ...]) -> _Compiled:
        connection = connections[self.using]
        by_shape: dict[tuple[Hashable, ...], _Compiled] = connection.__dict__.setdefault(
            self._key, {}
        )
        compiled = by_shape.get(shape)
        if compiled is None:
            compiled = _Compiled(self.build(*self.markers, *shape), self.markers)
            by_shape[shape] = compiled
        return compiled

    def run(self, *values: int, shape: tuple[Hashable, ...] = ()) -> list[T]:
        if len(values) != len(self.markers):
            raise TypeError(f"expected {len(self.markers)} values, got {len(values)}")
        compiled = self._compiled(shape)
        params = list(compiled.params)
        for slot, value in zip(compiled.slots, values, strict=True):
            # Integers only: other types may be adapted by their field when SQL is built
            # (LIKE patterns escaped, dates turned into text), which a swap would skip.
            if type(value) is not int:
                raise TypeError(f"prepared queries take integers, not {type(value).__name__}")
            params[slot] = value
        # The connection (and so this compiler) belongs to this thread alone.
        compiled.params = tuple(params)
        queryset = compiled.queryset
        rows: Iterable[T] = queryset._iterable_class(queryset)  # type: ignore[assignment]
        return list(rows)

    def first(self, *values: int, shape: tuple[Hashable, ...] = ()) -> T | None:
        rows = self.run(*values, shape=shape)
        return rows[0] if rows else None


class PreparedInQuery(Generic[T]):
    """A prepared query ending in an ``__in`` list: one compiled query per list length.
    ``build(*fixed_markers, list_of_markers, *shape)``; ``run(*fixed, values=[…])``.
    Lists longer than ``max_length`` are not worth keeping: the queryset is run as is."""

    def __init__(self, build: Callable[..., QuerySet[Any]], arity: int, max_length: int):
        self.build = build
        self.arity = arity
        self.max_length = max_length
        self._by_length: dict[int, PreparedQuery[T]] = {}

    def _for_length(self, length: int) -> PreparedQuery[T]:
        query = self._by_length.get(length)
        if query is None:
            arity = self.arity

            def build(*args: Any) -> QuerySet[Any]:
                return self.build(*args[:arity], list(args[arity : arity + length]))

            query = self._by_length.setdefault(length, PreparedQuery(build, arity + length))
        return query

    def run(self, *fixed: int, values: list[int]) -> list[T]:
        if not values:
            return []
        if len(values) > self.max_length:
            return list(self.build(*fixed, values))
        return self._for_length(len(values)).run(*fixed, *values)


# The largest id a 64-bit primary key holds: larger ones must not reach the database.
MAX_ID = 2**63 - 1
