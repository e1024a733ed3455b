"""Groups of members and what each group (or one member) may do in each forum."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pnyx.groups.enums import Permission, Setting


class Group(models.Model):
    """A group of members. ``name`` is stable (the API and the built-ins use it); ``title``
    is what pages show. The four built-in groups (``BuiltinGroup``) cannot be renamed or
    deleted."""

    name = models.SlugField(_("name"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_builtin = models.BooleanField(_("built in"), default=False, editable=False)

    class Meta:
        ordering = ["-is_builtin", "id"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return str(self.title)


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    added_at = models.DateTimeField(_("added"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="groups_one_membership")
        ]
        indexes = [models.Index(fields=["member"], name="groups_membership_member")]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.group_id}"


class ForumPermission(models.Model):
    """One explicit setting: ``group`` (or one ``member``: a per-forum moderator) gets
    ``value`` for ``permission`` in ``forum`` and, unless set again lower down, its
    subforums. No row means inherit."""

    forum = models.ForeignKey("forums.Forum", on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="forum_settings"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    permission = models.CharField(_("permission"), max_length=16, choices=Permission.choices)
    value = models.CharField(_("setting"), max_length=5, choices=Setting.choices)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(group__isnull=True, member__isnull=False)
                | Q(group__isnull=False, member__isnull=True),
                name="groups_setting_for_group_or_member",
            ),
            models.UniqueConstraint(
                fields=["forum", "group", "permission"],
                condition=Q(group__isnull=False),
                name="groups_one_setting_per_group",
            ),
            models.UniqueConstraint(
                fields=["forum", "member", "permission"],
                condition=Q(member__isnull=False),
                name="groups_one_setting_per_member",
            ),
        ]

    def __str__(self) -> str:
        who = f"group {self.group_id}" if self.group_id else f"member {self.member_id}"
        return f"{who} {self.permission}={self.value} in forum {self.forum_id}"
