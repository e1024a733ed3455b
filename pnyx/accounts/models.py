from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from pnyx.accounts.validators import USERNAME_VALIDATORS
from pnyx.core.urls import reverse_cached


class MemberManager(UserManager["Member"]):
    def get_by_natural_key(self, username: str | None) -> Member:
        # Sign-in is case-insensitive, like the uniqueness rule.
        return self.get(username__iexact=username)


class Member(AbstractUser):
    """A member of the forum: the account plus the facts shown on the member card."""

    username = models.CharField(
        _("username"),
        max_length=30,
        unique=True,
        validators=USERNAME_VALIDATORS,
        error_messages={"unique": _("A member with that username already exists.")},
    )
    email = models.EmailField(_("email address"), blank=True)
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    country = CountryField(_("country"), blank=True)
    location = CountryField(_("location"), blank=True)
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    reaction_score = models.IntegerField(_("reaction score"), default=0)
    # Everything last posted before this moment counts as read ("Mark all read").
    read_cutoff = models.DateTimeField(_("all read up to"), default=timezone.now)
    # Part of every session's check value (with the password hash): replacing it ends every
    # session of the member ("Sign out everywhere"). Empty means Django's own value.
    session_salt = models.CharField(
        max_length=32, blank=True, default="", db_default="", editable=False
    )

    objects = MemberManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="member_username_ci_unique",
                violation_error_message=_("A member with that username already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def name(self) -> str:
        """What the forum calls this member: the display name, else the username."""
        return self.display_name or self.username

    @property
    def initials(self) -> str:
        words = [word for word in self.name.replace("_", " ").replace(".", " ").split() if word]
        letters = "".join(word[0] for word in words[:2]) or self.username[:1]
        return letters.upper()

    @property
    def avatar_hue(self) -> int:
        """A stable colour for the initials avatar, derived from the username."""
        return sum(ord(ch) * (i + 1) for i, ch in enumerate(self.username.casefold())) % 360

    def get_absolute_url(self) -> str:
        return reverse_cached("member-detail", self.username)

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's value (an HMAC of the password hash), with the session salt added when
        # one is set, so sessions made before any "Sign out everywhere" stay valid.
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        return salted_hmac(
            key_salt, self.password + self.session_salt, secret=secret, algorithm="sha256"
        ).hexdigest()


class ApiToken(models.Model):
    """A personal API token: ``pnyx_<public_id>_<secret>``, shown once when created.

    Only a SHA-256 of the secret is stored (the secret is 256 random bits, so a slow hash
    adds nothing). The public id finds the row; the hash is compared in constant time.
    """

    member = models.ForeignKey(
        Member, verbose_name=_("member"), related_name="api_tokens", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=60)
    public_id = models.CharField(_("token id"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["member", "-created_at"], name="api_token_member_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.public_id})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
