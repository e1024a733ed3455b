"""The Yes / No / Never rule, inheritance down the tree, presets and the per-reader cache."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pnyx.accounts.models import Member
from pnyx.core.access import Access, access_of
from pnyx.core.content_version import bump_content_version
from pnyx.forums.enums import Visibility
from pnyx.forums.models import Forum
from pnyx.forums.tree import forget_forum_tree
from pnyx.groups.models import Group
from pnyx.groups.policy import STAMP_KEY, current_settings, forget_settings
from pnyx.groups.services import (
    add_member,
    builtin_group,
    create_group,
    remove_member,
    set_forum_moderator,
    set_forum_permissions,
)
from pnyx.testing.factories import make_forum, make_member

pytestmark = pytest.mark.django_db

READ = {"view": "yes", "read": "yes"}


@pytest.fixture
def team(admin: Member) -> Group:
    return create_group(admin, title="Defence team")


def grants(actor: Member | AnonymousUser) -> Access:
    return Access.for_actor(actor)


def test_presets_keep_the_three_visibility_levels(
    member: Member, moderator: Member, admin: Member, guest: AnonymousUser
) -> None:
    public = make_forum()
    members_only = make_forum(visibility=Visibility.MEMBERS)
    staff = make_forum(visibility=Visibility.STAFF)

    assert grants(guest).grants.read >= {public.pk}
    assert {members_only.pk, staff.pk}.isdisjoint(grants(guest).grants.view)
    assert grants(guest).grants.reply == frozenset()
    alice = grants(member).grants
    assert {public.pk, members_only.pk} <= alice.reply
    assert staff.pk not in alice.view
    assert alice.moderate == alice.delete_own == alice.bypass_limits == frozenset()
    mia = grants(moderator).grants
    assert {public.pk, members_only.pk, staff.pk} <= mia.moderate
    assert {public.pk, members_only.pk, staff.pk} <= mia.bypass_limits
    assert {public.pk, members_only.pk, staff.pk} <= grants(admin).grants.moderate


def test_inherit_takes_the_nearest_setting_up_a_deep_tree(
    member: Member, guest: AnonymousUser
) -> None:
    top = make_forum(visibility=Visibility.MEMBERS)
    middle = make_forum(parent=top, visibility=Visibility.INHERIT)
    bottom = make_forum(parent=middle, visibility=Visibility.INHERIT)

    assert bottom.pk in grants(member).grants.reply
    assert bottom.pk not in grants(guest).grants.view


def test_nothing_set_anywhere_is_no(member: Member, admin: Member) -> None:
    orphan = make_forum(visibility=Visibility.INHERIT)

    assert orphan.pk not in grants(member).grants.view
    assert orphan.pk in grants(admin).grants.moderate  # administrators may do everything


def test_a_new_private_forum_denies_until_a_group_says_yes(
    member: Member, moderator: Member, admin: Member, team: Group
) -> None:
    private = make_forum(visibility=Visibility.PRIVATE)
    assert private.pk not in grants(member).grants.view
    assert private.pk not in grants(moderator).grants.view

    set_forum_permissions(admin, private, team, {**READ, "reply": "yes"})
    assert private.pk not in grants(member).grants.view
    add_member(admin, team, member)

    alice = grants(member).grants
    assert private.pk in alice.read
    assert private.pk in alice.reply
    assert private.pk not in alice.start_thread  # nobody said yes to that


def test_a_lower_setting_overrides_for_its_group_only(
    member: Member, other_member: Member, admin: Member, team: Group
) -> None:
    parent = make_forum()
    child = make_forum(parent=parent, visibility=Visibility.INHERIT)
    members = builtin_group("members")
    set_forum_permissions(admin, child, members, {"reply": "no"})

    assert child.pk in grants(other_member).grants.read
    assert child.pk not in grants(other_member).grants.reply
    set_forum_permissions(admin, parent, team, {"reply": "yes"})  # inherited down to child
    add_member(admin, team, member)
    assert child.pk in grants(member).grants.reply  # one group says yes: enough


def test_never_on_an_ancestor_beats_yes_anywhere_below(
    member: Member, admin: Member, team: Group
) -> None:
    parent = make_forum()
    child = make_forum(parent=parent)  # public: the Members preset says yes here
    punished = create_group(admin, title="Read only")
    set_forum_permissions(admin, parent, punished, {"reply": "never", "start_thread": "never"})
    set_forum_permissions(admin, child, punished, {"reply": "yes"})  # cannot undo never
    set_forum_permissions(admin, child, team, {"reply": "yes"})
    add_member(admin, team, member)
    assert child.pk in grants(member).grants.reply

    add_member(admin, punished, member)
    alice = grants(member).grants
    assert {parent.pk, child.pk}.isdisjoint(alice.reply | alice.start_thread)
    assert {parent.pk, child.pk} <= alice.read  # never only where it was said

    remove_member(admin, punished, member)
    assert child.pk in grants(member).grants.reply


def test_a_hidden_ancestor_hides_everything_below(member: Member, admin: Member) -> None:
    hidden = make_forum(visibility=Visibility.STAFF)
    below = make_forum(parent=hidden, visibility=Visibility.PUBLIC)

    assert below.pk not in grants(member).grants.view
    assert below.pk in grants(admin).grants.view


def test_a_member_moderates_the_chosen_forum_and_its_subforums_only(
    member: Member, admin: Member
) -> None:
    defence = make_forum(name="Defence")
    naval = make_forum(parent=defence, name="Naval", visibility=Visibility.INHERIT)
    elections = make_forum(name="Elections")

    set_forum_moderator(admin, defence, member, moderates=True)
    alice = grants(member).grants
    assert {defence.pk, naval.pk} <= alice.moderate
    assert elections.pk not in alice.moderate

    set_forum_moderator(admin, defence, member, moderates=False)
    assert grants(member).grants.moderate == frozenset()


def test_a_group_moderates_the_chosen_forums_only(
    member: Member, admin: Member, team: Group
) -> None:
    defence = make_forum()
    elections = make_forum()
    set_forum_permissions(admin, defence, team, {"moderate": "yes"})
    add_member(admin, team, member)

    assert grants(member).grants.moderate == frozenset({defence.pk})
    assert elections.pk in grants(member).grants.reply


def test_explicit_members_of_the_built_in_groups_get_their_presets(
    member: Member, admin: Member
) -> None:
    staff = make_forum(visibility=Visibility.STAFF)
    add_member(admin, builtin_group("moderators"), member)

    assert staff.pk in grants(member).grants.moderate


def test_readers_with_the_same_groups_share_one_grants_object(
    member: Member, other_member: Member
) -> None:
    make_forum()

    assert grants(member).grants is grants(other_member).grants


def test_grants_cost_no_query_once_held(member: Member) -> None:
    make_forum()
    grants(make_member())  # reads the tree and the settings

    with CaptureQueriesContext(connection) as queries:
        Access.for_actor(member)
        Access.for_actor(AnonymousUser())

    assert len(queries.captured_queries) == 0


def test_the_tree_and_settings_cost_one_query_each_when_cold(member: Member) -> None:
    make_forum()
    forget_forum_tree()
    forget_settings()

    with CaptureQueriesContext(connection) as queries:
        Access.for_actor(member)

    assert len(queries.captured_queries) == 2


def test_a_kept_access_is_rebuilt_after_a_permission_change(
    member: Member, admin: Member, team: Group
) -> None:
    private = make_forum(visibility=Visibility.PRIVATE)
    kept = access_of(member)
    assert access_of(member) is kept

    set_forum_permissions(admin, private, team, READ)
    add_member(admin, team, member)

    fresh = access_of(member)
    assert fresh is not kept
    assert private.pk in fresh.grants.read


def test_another_process_reads_the_settings_again_when_the_stamp_moves(
    member: Member, admin: Member, team: Group
) -> None:
    from django.core.cache import cache

    private = make_forum(visibility=Visibility.PRIVATE)
    set_forum_permissions(admin, private, team, READ)
    held = current_settings()
    stamp = cache.get(STAMP_KEY)

    # Another process adds the member: it writes the stamp and moves the content version;
    # this process still holds its settings until it sees the version move.
    from pnyx.groups.models import Membership

    Membership.objects.create(group=team, member=member, added_at=timezone.now())
    assert current_settings() is held
    cache.set(STAMP_KEY, "moved")
    bump_content_version()

    assert current_settings() is not held
    assert cache.get(STAMP_KEY) != stamp
    assert private.pk in grants(member).grants.read


def test_unchanged_stamp_keeps_the_settings_across_version_moves(member: Member) -> None:
    make_forum()
    held = current_settings()
    bump_content_version()  # a reply elsewhere

    with CaptureQueriesContext(connection) as queries:
        assert current_settings() is held
    assert len(queries.captured_queries) == 0


def test_every_permission_change_publishes_and_is_audited(
    member: Member, admin: Member, team: Group
) -> None:
    from pnyx.audit.models import AuditEntry

    forum: Forum = make_forum()
    add_member(admin, team, member)
    set_forum_permissions(admin, forum, team, {"react": "never"})
    set_forum_permissions(admin, forum, team, {"react": None})
    remove_member(admin, team, member)

    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        "group.create",
        "group.add_member",
        "forum.permissions",
        "forum.permissions",
        "group.remove_member",
    ]
    last = AuditEntry.objects.filter(action="forum.permissions").order_by("-id").first()
    assert last is not None
    assert last.before == {"group": team.name, "react": "never"}
    assert last.after == {"group": team.name, "react": None}
