"""Every write path publishes: no service changes what guests see without a domain event.

Each public function of every services module (``pnyx.<app>.services`` and the modules of
a services package) is either exercised here, with the SQL it runs recorded (the ORM and
the posting services' own statements alike) and the events it publishes, or named in
``ALLOWED`` with the reason it needs no event. A new service that is neither fails
``test_every_service_is_exercised_or_allowed``; one that writes a table guests can see
and publishes nothing fails ``test_service_publishes_when_it_writes_what_guests_see``.
The guest cache, the first subscriber, becomes stale at once after each of these writes
and after every kind of admin change.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

import pnyx
from pnyx.accounts import services as accounts
from pnyx.accounts.models import Member
from pnyx.core.events import Event
from pnyx.core.models import SiteSettings
from pnyx.forums.models import Category, Forum
from pnyx.groups import services as groups
from pnyx.groups.models import ForumPermission, Group, Membership
from pnyx.moderation import services as moderation
from pnyx.posting import services as posting
from pnyx.reactions import services as reactions
from pnyx.reactions.models import Reaction, ReactionWeight
from pnyx.sanctions import services as sanctions
from pnyx.testing.factories import make_forum, make_member, make_post, make_thread
from pnyx.threads import services as threads
from pnyx.threads.models import Post, PostQuote, Thread

pytestmark = pytest.mark.django_db

# Tables whose rows guests see (directly, or through counts and member cards).
GUEST_VISIBLE = {
    model._meta.db_table
    for model in (
        Category, Forum, Thread, Post, PostQuote, Member, Reaction, ReactionWeight, SiteSettings,
        # Groups and their settings decide what guests (and members) may read.
        Group, Membership, ForumPermission,
    )
}  # fmt: skip

ALLOWED: dict[str, str] = {
    # Reads and validation: they write nothing.
    "accounts.normalise_text": "validation only",
    "accounts.clean_display_name": "validation only",
    "accounts.clean_country": "validation only",
    "accounts.clean_token_name": "validation only",
    "posting.validation.normalise_title": "validation only",
    "posting.validation.normalise_body": "validation only",
    "posting.validation.clean_title": "validation only",
    "posting.validation.clean_body": "validation only",
    "posting.validation.clean_draft": "validation only",
    "posting.validation.clean_idempotency_key": "validation only",
    "posting.validation.clean_draft_sequence": "validation only",
    "posting.validation.render_for": "renders; writes nothing",
    "posting.validation.preview_post": "renders; writes nothing",
    "posting.replies.quote_source": "builds markup; writes nothing",
    "posting.keys.existing_post": "a read",
    "posting.keys.check_same_submission": "a read",
    "posting.posts.quoted_column": "SQL building",
    "posting.posts.post_fields": "SQL building",
    "posting.posts.quote_forum_ids": "a computation",
    "reactions.get_reaction_weights": "a read (and its cache)",
    "reactions.clean_kind": "validation only",
    "jobs.claim_job": "writes the job queue only; guests see none of it",
    "jobs.complete_job": "writes the job queue only; guests see none of it",
    "jobs.fail_job": "writes the job queue only; guests see none of it",
    "jobs.recover_lost_jobs": "writes the job queue only; guests see none of it",
    "jobs.period_start": "writes the job queue only; guests see none of it",
    "jobs.enqueue_due_periodic_jobs": "writes the job queue only; guests see none of it",
    "jobs.retry_failed_jobs": "writes the job queue only; guests see none of it",
    "jobs.prune_finished_jobs": "writes the job queue only; guests see none of it",
    "audit.record_action": "the audit log is never shown to guests",
    "accounts.set_email_by_staff": "an address is never shown to guests",
    "accounts.end_all_sessions": "sessions are never shown to guests",
    "groups.builtin_group": "(re)makes a built-in group its migration made: no setting changes",
    "groups.ensure_builtin_groups": "(re)makes the built-in groups: no setting changes",
    # Alerts and watches: private to their member, never shown to guests.
    "alerts.watch_thread": "watches are private to their member",
    "alerts.unwatch_thread": "watches are private to their member",
    "alerts.watch_forum": "watches are private to their member",
    "alerts.unwatch_forum": "watches are private to their member",
    "alerts.set_preferences": "alert preferences are private to their member",
    "alerts.forget_counts": "a cache of unread counts, private to members",
    "alerts.forget_all_counts": "a cache of unread counts, private to members",
    "alerts.mark_read": "alerts are private to their member",
    "alerts.on_thread_read": "alerts are private to their member (signal receiver)",
    "alerts.on_post_changed": "enqueues alert jobs (subscriber)",
    "alerts.on_reaction_changed": "enqueues alert jobs (subscriber)",
    "alerts.on_content_hidden": "forgets cached alert counts (subscriber)",
    "alerts.on_alert_requested": "enqueues an alert job (subscriber)",
    "alerts.on_conversation_message": "enqueues alert jobs (subscriber)",
    "alerts.quoted_member_ids": "a read",
    "alerts.mentioned_member_ids": "a read",
    "alerts.alert_direct": "alerts are private to their member",
    "alerts.auto_watch": "watches are private to their member",
    "alerts.alert_watchers": "alerts are private to their member",
    "alerts.alert_reaction": "alerts are private to their member",
    "alerts.notify": "alerts are private to their member",
    # Steps of services that publish for the whole action.
    "posting.posts.claim_position": "a step of reply_to_thread, which publishes",
    "posting.posts.save_new_post": "a step of create_thread and reply_to_thread",
    "posting.posts.link_quotes": "a step of the posting services, which publish",
    "posting.drafts.empty_draft_on_commit": "drafts are private to their member",
    "reactions.recount_post_reactions": "a step of set_reaction and repair_counters",
    "reactions.recompute_reaction_scores": "a step of set_reaction_weight, repair_counters",
    "reactions.on_posts_deleting": "a step of delete_post/delete_thread (signal receiver)",
    "reactions.on_member_deleting": "a step of delete_member (signal receiver)",
    # Private conversations: guests never see them (the messages publish
    # ConversationMessagePosted, which is not guest-visible, for alerts).
    "conversations.clean_conversation_title": "validation only",
    "conversations.parse_usernames": "validation only",
    "conversations.resolve_recipients": "a read",
    "conversations.check_start_rate": "a read",
    "conversations.render_message": "renders; writes nothing",
    "conversations.preview_message": "renders; writes nothing",
    "conversations.quote_message_source": "builds markup; writes nothing",
    "conversations.save_conversation_draft": "drafts are private to their member",
    "conversations.start_conversation": "conversations are private to their participants",
    "conversations.reply_to_conversation": "conversations are private to their participants",
    "conversations.invite_members": "conversations are private to their participants",
    "conversations.leave_conversation": "conversations are private to their participants",
    "conversations.mark_conversation_read": "the member's own read marker",
    "conversations.set_accept_from": "a member's own privacy setting, shown to nobody",
    "ignoring.ignore_member": "whom a member ignores is shown to nobody else",
    "ignoring.unignore_member": "whom a member ignores is shown to nobody else",
    # Deliberately no event.
    "threads.count_thread_view": "view counts: guest pages may lag by their cache time",
    "threads.record_thread_view": "view counts: guest pages may lag by their cache time",
    "threads.count_cached_thread_view": "view counts: guest pages may lag by their cache time",
    "threads.flush_thread_views": "view counts: guest pages may lag by their cache time",
    "threads.mark_all_read": "the member's own read marker, shown to nobody else",
    "moderation.threads.clean_reason": "validation only",
    "moderation.threads.thread_slug": "a computation",
    "moderation.reports.clean_note": "validation only",
    "moderation.reports.report_post": "reports are shown to moderators and reporters only",
    "moderation.reports.resolve_case": "reports are shown to moderators and reporters only",
    "sanctions.clean_reason": "validation only",
    "sanctions.clean_until": "validation only",
    "sanctions.until_from_minutes": "a computation",
}


def _service_modules() -> Iterator[ModuleType]:
    for app in pkgutil.iter_modules(pnyx.__path__):
        if not app.ispkg:
            continue
        try:
            module = importlib.import_module(f"pnyx.{app.name}.services")
        except ModuleNotFoundError:
            continue
        yield module
        if hasattr(module, "__path__"):
            for sub in pkgutil.iter_modules(module.__path__):
                yield importlib.import_module(f"{module.__name__}.{sub.name}")


def _name(module: ModuleType, function: str) -> str:
    short = module.__name__.removeprefix("pnyx.").replace(".services", "")
    return f"{short}.{function}"


def public_services() -> set[str]:
    return {
        _name(module, name)
        for module in _service_modules()
        for name, function in inspect.getmembers(module, callable)
        if not inspect.isclass(function)
        and getattr(function, "__module__", None) == module.__name__
        and not name.startswith("_")
    }


# ---------------------------------------------------------------- exercising each service


@dataclass
class Cast:
    member: Member
    other: Member
    staff: Member
    forum: Forum
    thread: Thread  # started by ``other``, with a reply by ``other``
    reply: Post


def _png() -> SimpleUploadedFile:
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return SimpleUploadedFile("a.png", out.getvalue(), content_type="image/png")


def _with_avatar(cast: Cast) -> Member:
    accounts.set_avatar(cast.member, cast.member, _png())
    return cast.member


def _admin(cast: Cast) -> Member:
    return make_member(is_superuser=True)


def _group(cast: Cast) -> tuple[Member, Group]:
    admin = _admin(cast)
    return admin, groups.create_group(admin, title="Trusted")


def _group_with_member(cast: Cast) -> tuple[Member, Group]:
    admin, group = _group(cast)
    groups.add_member(admin, group, cast.member)
    return admin, group


def _token(cast: Cast) -> accounts.NewToken:
    return accounts.create_token(cast.member, cast.member, name="script")


def _in_an_hour() -> datetime:
    return timezone.now() + timedelta(hours=1)


# name → (what to do first, untimed; the call; whether it must publish)
Setup = Callable[[Cast], Any]
Call = Callable[[Cast, Any], object]
EXERCISED: dict[str, tuple[Setup, Call, bool]] = {
    "posting.threads.create_thread": (
        lambda c: None,
        lambda c, _: posting.create_thread(c.member, c.forum, title="New", body="Text"),
        True,
    ),
    "posting.replies.reply_to_thread": (
        lambda c: None,
        lambda c, _: posting.reply_to_thread(c.member, c.thread, body="A reply"),
        True,
    ),
    "posting.edits.edit_post": (
        lambda c: make_post(c.thread, author=c.member, body="Before"),
        lambda c, post: posting.edit_post(c.member, post, body="After"),
        True,
    ),
    "posting.drafts.save_draft": (
        lambda c: None,
        lambda c, _: posting.save_draft(c.member, thread=c.thread, body="Draft", sequence=0),
        False,
    ),
    "sanctions.set_slow_mode": (
        lambda c: None,
        lambda c, _: sanctions.set_slow_mode(c.staff, c.thread, seconds=30),
        True,
    ),
    "sanctions.ban_from_thread": (
        lambda c: None,
        lambda c, _: sanctions.ban_from_thread(c.staff, c.thread, c.member, reason="Rude"),
        False,
    ),
    "sanctions.ban_member": (
        lambda c: None,
        lambda c, _: sanctions.ban_member(c.staff, c.member, reason="Spam"),
        False,
    ),
    "sanctions.lift_reply_ban": (
        lambda c: sanctions.ban_from_thread(c.staff, c.thread, c.member, reason="Rude"),
        lambda c, ban: sanctions.lift_reply_ban(c.staff, ban),
        False,
    ),
    "accounts.update_profile": (
        lambda c: None,
        lambda c, _: accounts.update_profile(
            c.member, c.member, display_name="New Name", country="NO", location=""
        ),
        True,
    ),
    "accounts.set_avatar": (
        lambda c: _png(),
        lambda c, upload: accounts.set_avatar(c.member, c.member, upload),
        True,
    ),
    "accounts.remove_avatar": (
        _with_avatar,
        lambda c, member: accounts.remove_avatar(member, member),
        True,
    ),
    "accounts.create_admin": (
        lambda c: None,
        lambda c, _: accounts.create_admin(
            username="newadmin", email="newadmin@example.org", password="a long secret 123"
        ),
        True,
    ),
    "accounts.create_token": (lambda c: None, lambda c, _: _token(c), False),
    "accounts.revoke_token": (
        _token,
        lambda c, new: accounts.revoke_token(c.member, new.token),
        False,
    ),
    "accounts.authenticate_token": (
        _token,
        lambda c, new: accounts.authenticate_token(new.secret),
        False,
    ),
    "accounts.delete_member": (
        lambda c: reactions.set_reaction(c.member, c.reply, "like", on=True),
        lambda c, _: accounts.delete_member(c.staff, c.member),
        True,
    ),
    "reactions.set_reaction": (
        lambda c: None,
        lambda c, _: reactions.set_reaction(c.member, c.reply, "like", on=True),
        True,
    ),
    "reactions.toggle_reaction": (
        lambda c: None,
        lambda c, _: reactions.toggle_reaction(c.member, c.reply, "agree"),
        True,
    ),
    "reactions.set_reaction_weight": (
        lambda c: reactions.set_reaction(c.member, c.reply, "like", on=True),
        lambda c, _: reactions.set_reaction_weight("like", 5),
        True,
    ),
    "threads.mark_thread_read": (
        lambda c: None,
        lambda c, _: threads.mark_thread_read(c.member, c.thread, 2),
        False,
    ),
    "groups.create_group": (
        _admin,
        lambda c, admin: groups.create_group(admin, title="Defence team"),
        True,
    ),
    "groups.update_group": (
        _group,
        lambda c, ag: groups.update_group(ag[0], ag[1], title="Very trusted"),
        True,
    ),
    "groups.delete_group": (_group, lambda c, ag: groups.delete_group(ag[0], ag[1]), True),
    "groups.add_member": (_group, lambda c, ag: groups.add_member(ag[0], ag[1], c.member), True),
    "groups.remove_member": (
        _group_with_member,
        lambda c, ag: groups.remove_member(ag[0], ag[1], c.member),
        True,
    ),
    "groups.set_forum_permissions": (
        _group,
        lambda c, ag: groups.set_forum_permissions(ag[0], c.forum, ag[1], {"reply": "never"}),
        True,
    ),
    "groups.set_forum_moderator": (
        _admin,
        lambda c, admin: groups.set_forum_moderator(admin, c.forum, c.member, moderates=True),
        True,
    ),
    "groups.create_forum": (
        _admin,
        lambda c, admin: groups.create_forum(admin, name="Naval", parent=c.forum),
        True,
    ),
    "posting.counters.repair_counters": (
        lambda c: None,
        lambda c, _: posting.repair_counters(),
        True,
    ),
    "posting.deletions.delete_post": (
        lambda c: None,
        lambda c, _: posting.delete_post(c.staff, c.reply),
        True,
    ),
    "posting.deletions.delete_thread": (
        lambda c: None,
        lambda c, _: posting.delete_thread(c.staff, c.thread),
        True,
    ),
    "moderation.threads.update_thread": (
        lambda c: None,
        lambda c, _: moderation.update_thread(c.staff, c.thread, title="Retitled", pinned=True),
        True,
    ),
    "moderation.threads.lock_thread": (
        lambda c: None,
        lambda c, _: moderation.lock_thread(c.staff, c.thread),
        True,
    ),
    "moderation.threads.pin_thread": (
        lambda c: None,
        lambda c, _: moderation.pin_thread(c.staff, c.thread),
        True,
    ),
    "moderation.threads.rename_thread": (
        lambda c: None,
        lambda c, _: moderation.rename_thread(c.staff, c.thread, "Retitled"),
        True,
    ),
    "moderation.threads.move_thread": (
        lambda c: make_forum(),
        lambda c, target: moderation.move_thread(c.staff, c.thread, target),
        True,
    ),
    "moderation.threads.set_thread_closing": (
        # The schedule is shown to moderators only; the lock itself publishes (below).
        lambda c: None,
        lambda c, _: moderation.set_thread_closing(c.staff, c.thread, _in_an_hour()),
        False,
    ),
    "moderation.threads.close_due_threads": (
        lambda c: moderation.set_thread_closing(c.staff, c.thread, _in_an_hour()),
        lambda c, _: moderation.close_due_threads(_in_an_hour() + timedelta(minutes=1)),
        True,
    ),
}

_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE)


@contextmanager
def writes_recorded() -> Iterator[set[str]]:
    """The tables written by every statement run inside (through the ORM or not)."""
    tables: set[str] = set()

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        match = _WRITE.match(sql)
        if match:
            tables.add(match.group(1))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield tables


@pytest.fixture
def guest_cache_on(settings: Any, tmp_path: Path) -> None:
    settings.GUEST_CACHE_SECONDS = 60
    # The version file lives in the data directory, which parallel test processes share.
    settings.DATA_DIR = tmp_path


@pytest.fixture
def cast(member: Member, other_member: Member, moderator: Member, forum: Forum) -> Cast:
    thread = make_thread(forum, author=other_member, replies=1)
    reply = Post.objects.select_related("thread").get(thread=thread, position=2)
    return Cast(member, other_member, moderator, forum, thread, reply)


def test_every_service_is_exercised_or_allowed() -> None:
    public = public_services()
    assert sorted(public - set(EXERCISED) - set(ALLOWED)) == []
    assert sorted((set(EXERCISED) | set(ALLOWED)) - public) == []  # nothing stale
    assert set(EXERCISED).isdisjoint(ALLOWED)


@pytest.mark.parametrize("name", sorted(EXERCISED))
def test_service_publishes_when_it_writes_what_guests_see(
    name: str,
    cast: Cast,
    published_events: list[Event],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    setup, call, must_publish = EXERCISED[name]
    with django_capture_on_commit_callbacks(execute=True):
        prepared = setup(cast)
    published_events.clear()
    with django_capture_on_commit_callbacks(execute=True), writes_recorded() as tables:
        call(cast, prepared)
    wrote_guest_visible = bool(tables & GUEST_VISIBLE)
    assert (wrote_guest_visible, bool(published_events)) == (must_publish, must_publish), (
        sorted(tables),
        published_events,
    )


@pytest.mark.parametrize(
    "name", sorted(n for n, (_s, _c, publishes) in EXERCISED.items() if publishes)
)
def test_guest_pages_are_stale_at_once_after_each_write(
    name: str,
    cast: Cast,
    guest_client: Client,
    guest_cache_on: None,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    setup, call, _publishes = EXERCISED[name]
    with django_capture_on_commit_callbacks(execute=True):
        prepared = setup(cast)
    assert guest_client.get("/")["X-Cache"] == "MISS"
    assert guest_client.get("/")["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        call(cast, prepared)
    assert guest_client.get("/")["X-Cache"] == "MISS"


# ---------------------------------------------------------------- admin changes


def _inline(prefix: str, total: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(total),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _admin_change(cast: Cast) -> list[tuple[str, dict[str, str]]]:
    """Admin POSTs, one of each kind: (path, data)."""
    post = make_post(cast.thread, author=cast.member, body="Admin will fix this")
    category = cast.forum.category
    empty_forum = make_forum(category=category)
    empty_category = Category.objects.create(name="Empty", slug="empty", position=9)
    SiteSettings.objects.get_or_create(pk=1)
    ReactionWeight.objects.get_or_create(kind="like", defaults={"weight": 1})
    settings_row = SiteSettings.objects.get(pk=1)
    member = cast.member
    return [
        (
            f"/admin/threads/thread/{cast.thread.pk}/change/",
            {"title": "Retitled", "slug": cast.thread.slug, "is_pinned": "on"},
        ),
        (
            f"/admin/threads/post/{post.pk}/change/",
            {"source": "Fixed by the admin", **_inline("revisions")},
        ),
        (
            f"/admin/forums/forum/{cast.forum.pk}/change/",
            {
                "category": str(category.pk),
                "name": "Renamed forum",
                "slug": cast.forum.slug,
                "description": "",
                "position": "0",
                "visibility": "public",
            },
        ),
        (
            f"/admin/forums/category/{category.pk}/change/",
            {
                "name": "Renamed category",
                "slug": category.slug,
                "description": "",
                "position": "0",
                **_inline("forums", 0),
            },
        ),
        (
            f"/admin/accounts/member/{member.pk}/change/",
            {
                "username": member.username,
                "display_name": "Changed by admin",
                "email": member.email,
                "date_joined_0": "2026-01-01",
                "date_joined_1": "10:00:00",
                "country": "",
                "location": "",
                "is_active": "on",
            },
        ),
        (
            f"/admin/core/sitesettings/{settings_row.pk}/change/",
            {
                "name": "Renamed site",
                "tagline": "",
                "registration_open": "on",
                "edit_window_minutes": "60",
                "posts_per_page": "20",
                "threads_per_page": "25",
                "conversation_recipients_max": "10",
                "conversations_per_hour": "10",
                "search_language": "english",
                "post_interval_seconds": "5",
                "posts_per_hour": "60",
                "heat_posts_per_minute": "5",
                "heat_window_minutes": "10",
                "heat_slow_mode_seconds": "60",
                "heat_slow_mode_minutes": "60",
            },
        ),
        (
            f"/admin/reactions/reactionweight/{ReactionWeight.objects.get(kind='like').pk}/change/",
            {"kind": "like", "weight": "3"},
        ),
        (f"/admin/threads/post/{post.pk}/delete/", {"post": "yes"}),
        (f"/admin/forums/forum/{empty_forum.pk}/delete/", {"post": "yes"}),
        (f"/admin/forums/category/{empty_category.pk}/delete/", {"post": "yes"}),
        (
            "/admin/threads/thread/",
            {"action": "delete_selected", "_selected_action": str(cast.thread.pk), "post": "yes"},
        ),
        (f"/admin/accounts/member/{member.pk}/delete/", {"post": "yes"}),
    ]


def test_every_admin_change_makes_guest_pages_stale(
    cast: Cast,
    admin_client: Client,
    guest_client: Client,
    guest_cache_on: None,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    changes = _admin_change(cast)
    for path, data in changes:
        guest_client.get("/")
        assert guest_client.get("/")["X-Cache"] == "HIT", path
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(path, data)
        assert response.status_code == 302, (path, response.content.decode()[:3000])
        assert guest_client.get("/")["X-Cache"] == "MISS", path


def test_every_admin_of_a_guest_visible_model_publishes() -> None:
    from django.contrib import admin

    from pnyx.core.admin import PublishesEvents

    guest_visible = [
        model for model in admin.site._registry if model._meta.db_table in GUEST_VISIBLE
    ]
    assert {model.__name__ for model in guest_visible} == {
        "Category", "Forum", "Thread", "Post", "Member", "ReactionWeight", "SiteSettings",
    }  # fmt: skip
    for model in guest_visible:
        assert isinstance(admin.site._registry[model], PublishesEvents), model
