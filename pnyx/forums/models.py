from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pnyx.core.urls import reverse_cached
from pnyx.forums.enums import Visibility


class Category(models.Model):
    """A heading on the forum index that groups forums (World Affairs, Defence, …)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("forum-index") + f"#category-{self.slug}"


class Forum(models.Model):
    """A place threads live in. Forums nest under other forums to any depth; a reader needs
    every forum up the chain to be readable (pnyx.forums.permissions)."""

    category = models.ForeignKey(
        Category, verbose_name=_("category"), related_name="forums", on_delete=models.PROTECT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent forum"),
        related_name="subforums",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    visibility = models.CharField(
        _("who can read"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )

    # Denormalised for the index page; kept exact by the posting services.
    thread_count = models.PositiveIntegerField(_("threads"), default=0)
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    last_post_id = models.BigIntegerField(null=True, blank=True, editable=False)
    last_post_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_thread = models.ForeignKey(
        "threads.Thread",
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse_cached("forum-detail", self.pk, self.slug)

    def clean(self) -> None:
        super().clean()
        if self.pk is not None and self.parent_id is not None and self.pk in self.ancestor_ids():
            raise ValidationError(
                {"parent": _("A forum cannot be inside itself or one of its own subforums.")}
            )

    def ancestor_ids(self) -> list[int]:
        """The ids up the chain from this forum's parent (as saved), nearest first; stops at
        a chain that already loops (which ``clean`` keeps from being made)."""
        found: list[int] = []
        parent_id = self.parent_id
        while parent_id is not None and parent_id not in found:
            found.append(parent_id)
            parent_id = (
                Forum.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
            )
        return found
