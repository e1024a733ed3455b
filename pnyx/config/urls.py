from __future__ import annotations

from django.contrib import admin
from django.urls import URLResolver, include, path, re_path
from django.urls.resolvers import RoutePattern
from django.views.generic import RedirectView

from pnyx.accounts import views as accounts
from pnyx.core import views as core
from pnyx.discussion.views import reading as threads
from pnyx.discussion.views import writing as posting
from pnyx.forums import views as forums
from pnyx.ignoring import views as ignoring
from pnyx.moderation import views as moderation
from pnyx.reactions import views as reactions
from pnyx.search import views as search


class LazyURLResolver(URLResolver):
    """A namespaced include whose URLconf is imported only when it is first needed.

    Resolving a path under its prefix, or reversing a name in its namespace (Django then
    builds a resolver from its ``url_patterns``), imports it. The root resolver also
    "populates" every include it holds when it builds its own reverse lookups, which would
    import it at the first ``{% url %}`` of any page: before the import there is nothing
    of it to populate, and names in a namespace are never looked up in the root's tables.
    """

    def _populate(self) -> None:
        if "urlconf_module" in self.__dict__:
            super()._populate()


# The generic error page, with the request id (503 when the database was what failed).
handler500 = "pnyx.core.views.server_error"

urlpatterns = [
    path("", forums.forum_index_view, name="forum-index"),
    path("forums/<int:forum_id>-<slug:slug>/", forums.forum_detail, name="forum-detail"),
    path(
        "forums/<int:forum_id>-<slug:slug>/page-<int:page>",
        forums.forum_detail,
        name="forum-detail-page",
    ),
    path(
        "forums/<int:forum_id>-<slug:slug>/new-thread/", posting.thread_create, name="thread-create"
    ),
    path("whats-new/", forums.whats_new, name="whats-new"),
    path("whats-new/page-<int:page>", forums.whats_new, name="whats-new-page"),
    path("whats-new/threads/", forums.whats_new, {"tab": "threads"}, name="whats-new-threads"),
    path(
        "whats-new/threads/page-<int:page>",
        forums.whats_new,
        {"tab": "threads"},
        name="whats-new-threads-page",
    ),
    path("whats-new/mark-read/", forums.whats_new_mark_read, name="whats-new-mark-read"),
    path("threads/<int:thread_id>-<slug:slug>/", threads.thread_detail, name="thread-detail"),
    path(
        "threads/<int:thread_id>-<slug:slug>/page-<int:page>",
        threads.thread_detail,
        name="thread-detail-page",
    ),
    path("threads/<int:thread_id>-<slug:slug>/unread", threads.thread_unread, name="thread-unread"),
    path("threads/<int:thread_id>-<slug:slug>/reply/", posting.thread_reply, name="thread-reply"),
    path("posts/<int:post_id>/", threads.post_detail, name="post-detail"),
    path("posts/<int:post_id>/quote/", threads.post_quote, name="post-quote"),
    path("posts/<int:post_id>/history/", threads.post_history_view, name="post-history"),
    path("posts/<int:post_id>/edit/", posting.post_edit, name="post-edit"),
    path("posts/<int:post_id>/react/", reactions.post_react, name="post-react"),
    # Beside the post's other addresses (not under moderation/): it is on every post.
    path("posts/<int:post_id>/report/", moderation.post_report, name="post-report"),
    path("posting/preview/", posting.preview, name="posting-preview"),
    path("members/<str:username>/", threads.member_detail, name="member-detail"),
    path("search/", search.search_page, name="search"),
    path("search/similar/", search.similar, name="search-similar"),
    path("threads/<int:thread_id>/search/", search.thread_search, name="thread-search"),
    path("account/settings/", accounts.account_settings, name="account-settings"),
    path("moderation/", include("pnyx.moderation.urls")),
    path("conversations/", include("pnyx.conversations.urls")),
    path("account/ignored/", ignoring.ignored_members, name="ignored-members"),
    # Heat controls, warnings and bans (pnyx.sanctions).
    path("", include("pnyx.sanctions.urls")),
    path("", include("pnyx.alerts.urls")),
    # JSON API v1 (issue 3), imported at its first use: django-ninja and pydantic cost
    # each worker ~10 MiB that a forum without API clients never needs.
    LazyURLResolver(RoutePattern("api/"), "pnyx.api.urls", app_name="ninja", namespace="api-v1"),
    # allauth's email page with Pnyx's rule that only a confirmed address becomes primary.
    path("accounts/email/", accounts.email_view, name="account_email"),
    path("accounts/", include("allauth.urls")),
    # Administrators' pages: groups, memberships, each forum's permissions.
    path("", include("pnyx.groups.urls")),
    # One sign-in for the whole site: the admin's sends to it, keeping `next`; password
    # changes go through the member's page (re-authentication, notice by mail).
    path("admin/login/", accounts.admin_login, name="admin-login"),
    path(
        "admin/password_change/",
        RedirectView.as_view(pattern_name="account_change_password"),
        name="admin-password-change",
    ),
    path("admin/", admin.site.urls),
    path("healthz", core.healthz, name="healthz"),
    # Reading and posting experience: theme switch, live thread updates.
    path("theme/", core.theme, name="theme"),
    path("threads/<int:thread_id>/state/", threads.thread_state, name="thread-state"),
    path("threads/<int:thread_id>/posts/", threads.thread_posts, name="thread-posts"),
    path("posts/<int:post_id>/reply/", posting.post_quote_reply, name="post-quote-reply"),
    re_path(r"^media/(?P<path>avatars/[0-9]+-[0-9a-f]{16}\.webp)$", core.media, name="media"),
]
