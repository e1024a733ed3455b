from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ForumsConfig(AppConfig):
    name = "pnyx.forums"
    label = "forums"

    def ready(self) -> None:
        from pnyx.core.access import register_forum_policy
        from pnyx.core.events import ContentRebuilt, ForumChanged, subscribe
        from pnyx.forums.models import Forum
        from pnyx.forums.permissions import VisibilityPolicy
        from pnyx.forums.tree import forum_deleted, forum_saved, on_forum_changed

        register_forum_policy(VisibilityPolicy())
        # Every save or deletion of a forum, the admin's or not, publishes ForumChanged;
        # the tree follows those events (and bulk rebuilds) in every process.
        post_save.connect(forum_saved, sender=Forum, dispatch_uid="pnyx-forum-saved")
        post_delete.connect(forum_deleted, sender=Forum, dispatch_uid="pnyx-forum-deleted")
        subscribe(ForumChanged, on_forum_changed)
        subscribe(ContentRebuilt, on_forum_changed)
