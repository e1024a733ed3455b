"""Member profile writes: display name, flags, avatar."""

from __future__ import annotations

import secrets
import unicodedata
from io import BytesIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django_countries import countries

from pnyx.accounts.models import Member
from pnyx.core.actors import Actor, is_staff, require_member
from pnyx.core.content_version import bump_content_version_on_commit

AVATAR_MAX_BYTES = 5 * 1024 * 1024
AVATAR_MAX_PIXELS = 40_000_000
AVATAR_SIZE = 256
AVATAR_FORMATS = ["PNG", "JPEG", "GIF", "WEBP"]


def _check_can_change(actor: Actor, member: Member) -> None:
    acting = require_member(actor)
    if acting.pk != member.pk and not is_staff(actor):
        raise PermissionDenied(_("You can only change your own profile."))


def clean_display_name(value: str) -> str:
    value = unicodedata.normalize("NFKC", value)
    # Whitespace of any kind (tabs, line breaks) separates words; other control and format
    # characters (zero-width joiners, direction overrides) are dropped.
    value = "".join(
        " " if ch.isspace() else ch
        for ch in value
        if ch.isspace() or unicodedata.category(ch)[0] != "C"
    )
    value = " ".join(value.split())
    if len(value) > 50:
        raise ValidationError({"display_name": _("Keep the display name to 50 characters.")})
    return value


def clean_country(value: str, field: str) -> str:
    value = (value or "").strip().upper()
    if value and value not in countries:
        raise ValidationError({field: _("Pick a country from the list.")})
    return value


def update_profile(
    actor: Actor, member: Member, *, display_name: str, country: str, location: str
) -> Member:
    _check_can_change(actor, member)
    cleaned = (
        clean_display_name(display_name),
        clean_country(country, "country"),
        clean_country(location, "location"),
    )
    member.display_name, member.country, member.location = cleaned
    member.save(update_fields=["display_name", "country", "location"])
    bump_content_version_on_commit()  # member cards on every page
    return member


def _reencode_avatar(upload: UploadedFile) -> bytes:
    # Imported here: Pillow costs every worker a few MiB, and avatars change rarely.
    from PIL import Image, ImageOps, UnidentifiedImageError

    if upload.size is not None and upload.size > AVATAR_MAX_BYTES:
        raise ValidationError({"avatar": _("The image is larger than 5 MB.")})
    try:
        with Image.open(upload, formats=AVATAR_FORMATS) as source:
            width, height = source.size
            if width * height > AVATAR_MAX_PIXELS:
                raise ValidationError({"avatar": _("The image has too many pixels.")})
            source.seek(0)
            upright = ImageOps.exif_transpose(source)
            mode = "RGBA" if upright.mode in ("RGBA", "LA", "P") else "RGB"
            square = ImageOps.fit(
                upright.convert(mode), (AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS
            )
            out = BytesIO()
            square.save(out, format="WEBP", quality=85, method=4)
            return out.getvalue()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
        raise ValidationError({"avatar": _("Upload a PNG, JPEG, GIF or WebP image.")}) from None


def set_avatar(actor: Actor, member: Member, upload: UploadedFile) -> Member:
    """Re-encode the upload as a 256×256 WebP (nothing of the original file is kept)."""
    _check_can_change(actor, member)
    data = _reencode_avatar(upload)
    old = member.avatar.name if member.avatar else ""
    name = f"{member.pk}-{secrets.token_hex(8)}.webp"
    member.avatar.save(name, ContentFile(data), save=False)
    member.save(update_fields=["avatar"])
    if old:
        storage = member.avatar.storage
        transaction.on_commit(lambda: storage.delete(old))
    bump_content_version_on_commit()
    return member


def remove_avatar(actor: Actor, member: Member) -> Member:
    _check_can_change(actor, member)
    if member.avatar:
        old = member.avatar.name
        storage = member.avatar.storage
        member.avatar = ""
        member.save(update_fields=["avatar"])
        transaction.on_commit(lambda: storage.delete(old))
        bump_content_version_on_commit()
    return member


def create_admin(*, username: str, email: str, password: str) -> Member:
    """An active superuser with a verified email (for ``pnyx createadmin``)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.password_validation import validate_password
    from django.core.validators import validate_email

    username, email = username.strip(), email.strip()
    errors: dict[str, list[str]] = {}

    def add(field: str, messages: list[str]) -> None:
        known = errors.setdefault(field, [])
        known.extend(message for message in messages if message not in known)

    candidate = Member(username=username, email=email)
    try:
        candidate.full_clean(exclude=["password"], validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            add(field, messages)
    if Member.objects.filter(username__iexact=username).exists():
        add("username", [_("A member with that username already exists.")])
    try:
        validate_email(email)
    except ValidationError as exc:
        add("email", exc.messages)
    if (
        EmailAddress.objects.filter(email__iexact=email).exists()
        or Member.objects.filter(email__iexact=email).exists()
    ):
        add("email", [_("A member with that email address already exists.")])
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        add("password", exc.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        member = Member.objects.create_superuser(username=username, email=email, password=password)
        EmailAddress.objects.create(user=member, email=email.lower(), verified=True, primary=True)
    return member
