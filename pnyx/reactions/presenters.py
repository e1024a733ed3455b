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


# The bars already made, by language, counts and the reader's own kinds: most posts of a
# page share one (no reactions yet), so a page makes a handful instead of one per post.
_bars: dict[tuple[str, tuple[tuple[str, int], ...], frozenset[str]], tuple[ReactionCount, ...]] = {}
_BARS_KEPT = 4096


def reaction_counts(post: Post, mine: set[str]) -> tuple[ReactionCount, ...]:
    counts: dict[str, int] = post.reaction_counts or {}
    key = (get_language(), tuple(counts.items()), frozenset(mine))
    bar = _bars.get(key)
    if bar is None:
        bar = tuple(
            ReactionCount(
                kind=kind,
                label=label,
                symbol=symbol,
                count=int(counts.get(kind, 0)),
                mine=kind in mine,
            )
            for kind, label, symbol in _reaction_kinds()
        )
        if len(_bars) >= _BARS_KEPT:
            _bars.clear()
        _bars[key] = bar
    return bar
