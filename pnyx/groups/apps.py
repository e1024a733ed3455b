from __future__ import annotations

from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "pnyx.groups"
    label = "groups"
    verbose_name = "Groups and permissions"

    def ready(self) -> None:
        from pnyx.core.access import register_forum_policy
        from pnyx.core.events import ContentRebuilt, PermissionsChanged, subscribe
        from pnyx.groups.policy import GroupPolicy, on_permissions_changed

        # Replaces the forums app's VisibilityPolicy (registered before: groups come after
        # forums in INSTALLED_APPS); the visibility levels become the groups' presets.
        register_forum_policy(GroupPolicy())
        subscribe(PermissionsChanged, on_permissions_changed)
        subscribe(ContentRebuilt, on_permissions_changed)
