"""The search query language: words, "exact phrases", -excluded and OR, nothing else.

``parse_query`` turns what a person typed into a ``Query`` (a conjunction of clauses, each
an OR of terms, plus excluded terms) or raises ``QueryError`` with a message to show. Every
character that is not part of a word is a separator, so unbalanced quotes, brackets,
operators alone, NUL bytes and markup are read as text, never as syntax; each backend then
writes the query in its engine's own syntax from words made only of letters and digits, so
no input can produce an engine syntax error.

Limits keep every query cheap: at most ``MAX_QUERY_LENGTH`` characters (longer queries are
refused with a message), ``MAX_TERMS`` words in all (phrases count each of their words) and
words of at most ``MAX_WORD_LENGTH`` characters (longer ones are cut).

Precedence, as in the web search engines people know: ``OR`` joins the two terms on either
side of it (``a b OR c`` is *a* and either *b* or *c*), everything else is AND; a leading
``-`` excludes a word or a phrase. A query of excluded terms only is refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_WORD_LENGTH = 40

# What both engines' tokenizers treat as a word character: letters, digits (any script).
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class QueryError(ValueError):
    """The query cannot be searched; ``str(error)`` says why, for the reader."""


@dataclass(frozen=True, slots=True)
class Term:
    """One word (a phrase of one) or an exact phrase: lower-case words in order."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True, slots=True)
class Query:
    """Every clause must match (a clause is an OR of terms); no excluded term may."""

    clauses: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(term for clause in self.clauses for term in clause)

    def words(self) -> tuple[str, ...]:
        """Every word the query looks for (not the excluded ones), in order, once."""
        return tuple(dict.fromkeys(word for term in self.terms for word in term.words))

    def as_text(self) -> str:
        """The query written back in its own language (canonical form)."""
        parts = [" OR ".join(_term_text(term) for term in clause) for clause in self.clauses]
        parts += ["-" + _term_text(term) for term in self.excluded]
        return " ".join(parts)


def _term_text(term: Term) -> str:
    return f'"{" ".join(term.words)}"' if term.is_phrase else term.words[0]


def fold(text: str) -> str:
    """Lower case without diacritics (``Café`` → ``cafe``), as SQLite's
    ``remove_diacritics 2`` reads text; the PostgreSQL backend folds text and queries with
    it, so both engines find the same words."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def words_of(text: str) -> list[str]:
    """The words of ``text`` as the query language sees them (folded, cut to length)."""
    return [word[:MAX_WORD_LENGTH] for word in _WORD.findall(fold(text))]


def parse_query(text: str) -> Query:
    """Parse what a reader typed; raise QueryError with the reason if it cannot be searched."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"Search for at most {MAX_QUERY_LENGTH} characters (this has {len(text)})."
        )
    # Control characters (NUL included) separate words like spaces do.
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    items: list[tuple[str, Term | None]] = []  # ("term" | "not" | "or", term)
    for match in _TOKEN.finditer(text):
        negated, quoted, bare = match.groups()
        if bare is not None:
            if bare == "OR":
                items.append(("or", None))
                continue
            negated = "-" if bare.startswith("-") and len(bare) > 1 else ""
            words = words_of(bare[1:] if negated else bare)
        else:
            words = words_of(quoted)
        if not words:
            continue  # punctuation only: a separator
        items.append(("not" if negated else "term", Term(tuple(words))))
    clauses: list[list[Term]] = []
    excluded: list[Term] = []
    joining = False
    for kind, term in items:
        if kind == "or":
            # OR between two terms joins them; anywhere else it is ignored.
            joining = bool(clauses)
            continue
        if term is None:  # pragma: no cover - only "or" items have no term
            continue
        if kind == "not":
            excluded.append(term)
            joining = False
        elif joining:
            clauses[-1].append(term)
            joining = False
        else:
            clauses.append([term])
    count = sum(len(term.words) for clause in clauses for term in clause)
    count += sum(len(term.words) for term in excluded)
    if count > MAX_TERMS:
        raise QueryError(f"Search for at most {MAX_TERMS} words (this has {count}).")
    if not clauses:
        if excluded:
            raise QueryError("Add a word to look for: a search cannot only exclude words.")
        raise QueryError("Type a word to search for.")
    return Query(
        clauses=tuple(tuple(dict.fromkeys(clause)) for clause in clauses),
        excluded=tuple(dict.fromkeys(excluded)),
    )
