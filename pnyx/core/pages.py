"""What a page flow answers when it is not the page itself."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Redirect:
    """The page asked for lives at another URL (a renamed slug, a page past the last, an
    explicit ``page-1``)."""

    url: str
