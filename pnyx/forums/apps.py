from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ForumsConfig(AppConfig):
    name = "pnyx.forums"
    label = "forums"

    def ready(self) -> None:
        from pnyx.core.access import register_forum_policy
        from pnyx.forums.models import Forum
        from pnyx.forums.permissions import VisibilityPolicy
        from pnyx.forums.tree import forum_saved

        register_forum_policy(VisibilityPolicy())
        post_save.connect(forum_saved, sender=Forum, dispatch_uid="pnyx-forum-tree-saved")
        post_delete.connect(forum_saved, sender=Forum, dispatch_uid="pnyx-forum-tree-deleted")
