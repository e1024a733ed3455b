from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SITE_SETTINGS_CACHE_KEY = "site-settings:v1"


# PostgreSQL's built-in text search configurations (the search language setting).
SEARCH_LANGUAGES = (
    "simple", "arabic", "armenian", "basque", "catalan", "danish", "dutch", "english",
    "finnish", "french", "german", "greek", "hindi", "hungarian", "indonesian", "irish",
    "italian", "lithuanian", "nepali", "norwegian", "portuguese", "romanian", "russian",
    "serbian", "spanish", "swedish", "tamil", "turkish", "yiddish",
)  # fmt: skip


class SiteSettings(models.Model):
    """Settings an administrator changes at run time (one row). Read with get_site_settings()."""

    name = models.CharField(_("forum name"), max_length=80, default="Pnyx")
    tagline = models.CharField(
        _("tagline"), max_length=200, blank=True, default="World affairs, argued in good faith."
    )
    registration_open = models.BooleanField(
        _("registration open"), default=True, help_text=_("Whether visitors may sign up.")
    )
    edit_window_minutes = models.PositiveIntegerField(
        _("edit window (minutes)"),
        default=60 * 24,
        validators=[MaxValueValidator(60 * 24 * 365)],
        help_text=_("How long members may edit their own posts. 0 means no limit."),
    )
    posts_per_page = models.PositiveSmallIntegerField(
        _("posts per page"), default=20, validators=[MinValueValidator(5), MaxValueValidator(100)]
    )
    threads_per_page = models.PositiveSmallIntegerField(
        _("threads per page"),
        default=25,
        validators=[MinValueValidator(5), MaxValueValidator(100)],
    )
    staff_two_factor_required = models.BooleanField(
        _("two-factor authentication required for staff"),
        default=False,
        help_text=_(
            "Administrators and moderators must set up an authenticator app before they can "
            "use the forum."
        ),
    )
    search_language = models.CharField(
        _("search language"),
        max_length=20,
        default="english",
        choices=[(name, name) for name in SEARCH_LANGUAGES],
        help_text=_(
            "PostgreSQL only: the text search configuration that reads posts for search "
            "(stemming, stop words), one of PostgreSQL's: english, french, german, simple… "
            "Run `pnyx manage reindex` after changing it."
        ),
    )

    # Flood limits (pnyx.sanctions.flood): every new post, on pages and in the API. Members
    # who may bypass limits in a forum (its moderators; groups granted bypass_limits) skip them.
    post_interval_seconds = models.PositiveIntegerField(
        _("minimum seconds between posts"),
        default=5,
        validators=[MaxValueValidator(3600)],
        help_text=_("How long a member waits between two posts. 0 means no wait."),
    )
    posts_per_hour = models.PositiveIntegerField(
        _("posts per hour"),
        default=60,
        validators=[MaxValueValidator(10_000)],
        help_text=_("How many posts a member may write in an hour. 0 means no cap."),
    )
    conversation_recipients_max = models.PositiveSmallIntegerField(
        _("recipients per conversation"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("How many members a conversation may have besides the one who started it."),
    )
    conversations_per_hour = models.PositiveSmallIntegerField(
        _("conversations started per hour"),
        default=10,
        validators=[MaxValueValidator(1000)],
        help_text=_(
            "How many conversations a member may start in an hour (staff: no limit). "
            "0 means no limit."
        ),
    )

    # The heat trigger (pnyx.sanctions.heat): a thread whose replies come faster than this
    # over the window gets slow mode by itself, and its moderators are told.
    heat_posts_per_minute = models.PositiveSmallIntegerField(
        _("heat trigger: replies per minute"),
        default=5,
        validators=[MaxValueValidator(1000)],
        help_text=_(
            "A thread replied to faster than this on average over the window below goes "
            "into slow mode by itself. 0 turns the trigger off."
        ),
    )
    heat_window_minutes = models.PositiveSmallIntegerField(
        _("heat trigger: window (minutes)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )
    heat_slow_mode_seconds = models.PositiveIntegerField(
        _("heat trigger: slow mode (seconds between a member's posts)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 3600)],
    )
    heat_slow_mode_minutes = models.PositiveIntegerField(
        _("heat trigger: slow mode lasts (minutes)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(30 * 24 * 60)],
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="site_settings_single_row")
        ]

    def __str__(self) -> str:
        return str(self.name)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1
        super().save(*args, **kwargs)
        from pnyx.core.site_settings import forget_site_settings

        forget_site_settings()
