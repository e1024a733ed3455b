"""Page numbers: URLs `…/page-N` (page 1 is always the bare URL) and the links to show."""

from __future__ import annotations

from django.http import HttpRequest


def is_paged_url(request: HttpRequest) -> bool:
    """Whether the URL had an explicit ``page-N`` part (URL names of paged routes end in
    ``-page``). Looking at the route, not the path, keeps slugs such as ``front-page-news``
    working."""
    match = request.resolver_match
    return match is not None and str(match.url_name or "").endswith("-page")


def page_window(number: int, count: int, spread: int = 2) -> list[int | None]:
    """Page numbers to show: first, last and a window round the current one; None is a gap."""
    wanted = {1, count, *range(max(1, number - spread), min(count, number + spread) + 1)}
    shown: list[int | None] = []
    previous = 0
    for page in sorted(wanted):
        if page - previous > 1:
            shown.append(None)
        shown.append(page)
        previous = page
    return shown
