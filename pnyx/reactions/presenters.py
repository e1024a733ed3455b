"""Reactions as pages and the API show them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

from pnyx.reactions.enums import SYMBOLS, ReactionKind
from pnyx.threads.models import Post


@dataclass(frozen=True, slots=True)
class ReactionCount:
    kind: str
    label: str
    symbol: str
    count: int
    mine: bool


_kinds_by_language: dict[str, tuple[tuple[str, str, str], ...]] = {}


def _reaction_kinds() -> tuple[tuple[str, str, str], ...]:
    """(kind, label, symbol) of every reaction, labels in the active language."""
    language = get_language()
    kinds = _kinds_by_language.get(language)
    if kinds is None:
        kinds = tuple((kind.value, str(kind.label), SYMBOLS[kind]) for kind in ReactionKind)
        _kinds_by_language[language] = kinds
    return kinds


def reaction_counts(post: Post, mine: set[str]) -> tuple[ReactionCount, ...]:
    counts: dict[str, int] = post.reaction_counts or {}
    return tuple(
        ReactionCount(
            kind=kind, label=label, symbol=symbol, count=int(counts.get(kind, 0)), mine=kind in mine
        )
        for kind, label, symbol in _reaction_kinds()
    )
