from __future__ import annotations

from django.apps import AppConfig


class ReactionsConfig(AppConfig):
    name = "pnyx.reactions"
    label = "reactions"

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from pnyx.accounts.models import Member
        from pnyx.reactions.services import on_member_deleting, on_posts_deleting
        from pnyx.threads.signals import posts_deleting

        # Deleted posts and members take their reactions out of the counters, in the same
        # transaction (the deletions themselves are in threads and accounts services).
        posts_deleting.connect(on_posts_deleting, dispatch_uid="reactions-posts-deleting")
        pre_delete.connect(
            on_member_deleting, sender=Member, dispatch_uid="reactions-member-deleting"
        )
