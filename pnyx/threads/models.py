from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pnyx.core.urls import reverse_cached


def thread_page_url(thread_id: int, slug: str, page: int) -> str:
    base = reverse_cached("thread-detail", thread_id, slug)
    return base if page <= 1 else f"{base}page-{page}"


class Thread(models.Model):
    # By name: forums sits above threads (its pages list threads), so threads import nothing
    # of it; whether a reader may read the forum is asked of the Access (pnyx.core.access).
    forum = models.ForeignKey(
        "forums.Forum", verbose_name=_("forum"), related_name="threads", on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="threads",
        on_delete=models.SET_NULL,
        null=True,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    # Slow mode (set by pnyx.sanctions): one post per member per this many seconds, 0 = off,
    # until ``slow_mode_until`` (None: until turned off). On the row the page and the reply
    # already read, so showing and enforcing it costs no query.
    slow_mode_seconds = models.PositiveIntegerField(_("slow mode (seconds)"), default=0)
    slow_mode_until = models.DateTimeField(_("slow mode until"), null=True, blank=True)

    # Denormalised, kept exact by the posting services.
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    first_post_id = models.BigIntegerField(null=True, blank=True, editable=False)
    last_post_id = models.BigIntegerField(null=True, blank=True, editable=False)
    last_post_at = models.DateTimeField(_("last post"), db_index=True)
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [
            # Exactly the orders of the lists, ending in id and holding the forum, so a deep
            # page skips rows in the index alone (an index-only scan) before fetching 25.
            models.Index(
                fields=["forum", "-is_pinned", "-last_post_at", "-id"],
                name="thread_forum_order_idx",
            ),
            models.Index(fields=["-last_post_at", "-id", "forum"], name="thread_active_idx"),
            models.Index(fields=["-created_at", "-id", "forum"], name="thread_newest_idx"),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return thread_page_url(self.pk, self.slug, 1)

    @property
    def slow_mode_active(self) -> bool:
        return self.slow_mode_seconds > 0 and (
            self.slow_mode_until is None or self.slow_mode_until > timezone.now()
        )

    @property
    def post_total(self) -> int:
        return self.reply_count + 1

    def page_url(self, page: int) -> str:
        return thread_page_url(self.pk, self.slug, page)


class Post(models.Model):
    thread = models.ForeignKey(
        Thread, verbose_name=_("thread"), related_name="posts", on_delete=models.CASCADE
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="posts",
        on_delete=models.SET_NULL,
        null=True,
    )
    position = models.PositiveIntegerField(_("position in thread"))
    source = models.TextField(_("Markdown source"))
    html = models.TextField(_("rendered HTML"), editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    edited_at = models.DateTimeField(_("last edited"), null=True, blank=True)
    last_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    # One key per submitted form: a retried or double-clicked submission finds its post.
    idempotency_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    # Forums of quoted posts outside this post's forum, for hiding their attribution.
    quote_forum_ids = models.JSONField(default=list, blank=True, editable=False)
    reaction_counts = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "position"], name="post_thread_position_unique"
            ),
            models.UniqueConstraint(
                fields=["author", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="post_author_idempotency_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["author", "-created_at"], name="post_author_recent_idx"),
            models.Index(fields=["-created_at"], name="post_created_idx"),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} in thread {self.thread_id}"

    def get_absolute_url(self) -> str:
        return reverse("post-detail", kwargs={"post_id": self.pk})

    @property
    def is_first(self) -> bool:
        return self.position == 1


class PostRevision(models.Model):
    """The source of a post before an edit: who edited, when, and what it said before."""

    post = models.ForeignKey(Post, related_name="revisions", on_delete=models.CASCADE)
    revision = models.PositiveIntegerField()
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    edited_at = models.DateTimeField(default=timezone.now)
    previous_source = models.TextField()

    class Meta:
        ordering = ["-revision"]
        constraints = [
            models.UniqueConstraint(fields=["post", "revision"], name="post_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"Revision {self.revision} of post {self.post_id}"


class PostQuote(models.Model):
    """A link from a post to a post it quotes."""

    post = models.ForeignKey(Post, related_name="quote_links", on_delete=models.CASCADE)
    quoted_post = models.ForeignKey(Post, related_name="quoted_by", on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "quoted_post"], name="post_quote_unique"),
        ]

    def __str__(self) -> str:
        return f"Post {self.post_id} quotes post {self.quoted_post_id}"


class ThreadRead(models.Model):
    """How far a member has read a thread (by post position)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="thread_reads", on_delete=models.CASCADE
    )
    thread = models.ForeignKey(Thread, related_name="reads", on_delete=models.CASCADE)
    last_read_position = models.PositiveIntegerField(default=0)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "thread"], name="thread_read_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} read {self.thread_id} to {self.last_read_position}"
