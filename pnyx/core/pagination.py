"""Page-number URLs: `…/page-N`, where page 1 is always the bare URL."""

from __future__ import annotations

from django.http import HttpRequest


def is_paged_url(request: HttpRequest) -> bool:
    """Whether the URL had an explicit ``page-N`` part (URL names of paged routes end in
    ``-page``). Looking at the route, not the path, keeps slugs such as ``front-page-news``
    working."""
    match = request.resolver_match
    return match is not None and str(match.url_name or "").endswith("-page")
