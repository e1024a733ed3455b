"""Catalogue ids with no surface in Pnyx yet: why, and the issue whose work makes each apply.

When that issue lands, its rows move from here to a test in tests/security/ named by the id
(tests/security/test_catalogue.py refuses an id that has both, or neither).
"""

from __future__ import annotations

# Issues of this round that bring new surfaces: 11 groups and moderation, 12 alerts, mail
# and conversations, 13 search, 14 members' and administrators' experience, 15 news boards
# (link fetching), 16 the XenForo importer, feeds and sitemaps.
LATER_ISSUES = frozenset({11, 12, 13, 14, 15, 16})

NOT_APPLICABLE: dict[str, tuple[str, int]] = {
    "XSS-09": (
        "Pnyx fetches no link and shows no preview: the source card built from a fetched "
        "page (OpenGraph, JSON-LD) arrives with the news boards' source cards.",
        15,
    ),
    "SSRF-01": (
        "No server-side fetch of any member-supplied URL exists yet; the SSRF-safe fetcher "
        "(resolve, pin, refuse special-purpose ranges) comes with source cards from links.",
        15,
    ),
    "SSRF-02": (
        "Alternative IP encodings only matter to a fetcher's address check, and there is no "
        "fetcher until source cards are filled from links.",
        15,
    ),
    "SSRF-03": (
        "DNS rebinding needs a server that resolves and connects; the link fetcher that must "
        "connect to the address it checked is part of the source cards.",
        15,
    ),
    "SSRF-04": (
        "Redirect re-checking belongs to the link fetcher (at most 5 hops, each re-checked), "
        "which does not exist before the source cards.",
        15,
    ),
    "SSRF-05": (
        "Scheme and port allow-lists belong to the link fetcher of the source cards; today no "
        "URL a member writes is ever requested by the server.",
        15,
    ),
    "SSRF-07": (
        "Fetcher time, size and decompression caps need the fetcher; it runs as a background "
        "job once source cards are filled from links.",
        15,
    ),
    "SSRF-08": (
        "There is no upload from a URL, no image in notification mail and no webhook; mail "
        "notifications arrive with alerts and must then use the one SSRF-safe client.",
        12,
    ),
    "IDOR-01": (
        "Private conversations do not exist yet; their every page, endpoint and verb must "
        "answer 404 to non-participants once the conversations of the alerts issue land.",
        12,
    ),
    "PRIV-08": (
        "Pnyx has no inbound email or webhook endpoint; bounce handling for notification mail "
        "is the first one, and must verify a pinned secret.",
        12,
    ),
    "SQLI-02": (
        "There is no full-text search; the search issue adds it with websearch_to_tsquery, a "
        "length cap, a statement timeout and a search rate limit.",
        13,
    ),
    "MISC-04": (
        "Posts notify nobody yet: mentions, quote alerts and their per-post caps come with the "
        "alerts issue (a post mentioning more than 20 members is refused there).",
        12,
    ),
    "V4.1.3": (
        "Forums have three visibility levels and no grants, so a new forum is public as "
        "designed; per-forum permissions with deny by default arrive with groups.",
        11,
    ),
    "V5.2.6": (
        "SSRF allow-lists apply to server-side fetches, and Pnyx makes none until the link "
        "fetcher of the source cards.",
        15,
    ),
    "V12.6.1": (
        "Same as V5.2.6: no outbound request is ever made for a member yet; the link "
        "fetcher of the source cards brings the allow-list of schemes, ports and ranges.",
        15,
    ),
}
