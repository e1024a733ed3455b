"""Member account writes: display name, flags, avatar, sessions, API tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from pnyx.accounts.models import ApiToken, Member
from pnyx.accounts.permissions import (
    check_change_member,
    check_create_token,
    check_delete_member,
    check_set_member_email,
)
from pnyx.core.actors import Actor, require_member
from pnyx.core.events import MemberChanged, publish_on_commit
from pnyx.core.uploads import (
    ImagePolicy,
    check_daily_quota,
    delete_on_commit,
    new_name,
    reencode_image,
    save_file,
)

AVATAR_MAX_BYTES = 5 * 1024 * 1024
AVATAR_MAX_PIXELS = 40_000_000
AVATAR_SIZE = 256
AVATAR_POLICY = ImagePolicy(
    max_bytes=AVATAR_MAX_BYTES, max_pixels=AVATAR_MAX_PIXELS, size=AVATAR_SIZE
)


def normalise_text(value: str) -> str:
    """NFKC; whitespace of any kind (tabs, line breaks) separates words; other control and
    format characters (zero-width joiners, direction overrides) are dropped."""
    value = unicodedata.normalize("NFKC", value)
    value = "".join(
        " " if ch.isspace() else ch
        for ch in value
        if ch.isspace() or unicodedata.category(ch)[0] != "C"
    )
    return " ".join(value.split())


def clean_display_name(value: str) -> str:
    value = normalise_text(value)
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
    check_change_member(actor, member)
    cleaned = (
        clean_display_name(display_name),
        clean_country(country, "country"),
        clean_country(location, "location"),
    )
    member.display_name, member.country, member.location = cleaned
    member.save(update_fields=["display_name", "country", "location"])
    # Member cards are on every page.
    publish_on_commit(MemberChanged(kind="profile", member_id=member.pk, actor_id=actor.pk))
    return member


def set_avatar(actor: Actor, member: Member, upload: UploadedFile) -> Member:
    """Re-encode the upload as a 256×256 WebP (nothing of the original file is kept) and
    make it the member's avatar; the previous file goes after the commit.

    Concurrent changes of one member's avatar are serialised on the member's row, so each
    replaced file is deleted exactly once and no file outlives being the avatar."""
    check_change_member(actor, member)
    check_daily_quota(member.pk, upload.size or 0, field="avatar")
    data = reencode_image(upload, AVATAR_POLICY, field="avatar")
    field = member.avatar.field
    storage = member.avatar.storage
    name = save_file(
        storage,
        field.generate_filename(member, new_name(str(member.pk), "webp")),
        data,
        field="avatar",
    )
    previous = member.avatar.name
    try:
        with transaction.atomic():
            old = _locked_avatar(member)
            member.avatar = name
            member.save(update_fields=["avatar"])
            delete_on_commit(storage, old)
            publish_on_commit(MemberChanged(kind="avatar", member_id=member.pk, actor_id=actor.pk))
    except BaseException:
        # It never became the avatar (or its row change was rolled back): nothing names it.
        member.avatar = previous
        storage.delete(name)
        raise
    return member


def _locked_avatar(member: Member) -> str:
    """The avatar the member's row names now, the row locked until the transaction ends
    (SQLite: the write transaction already serialises)."""
    return str(
        Member.objects.select_for_update().values_list("avatar", flat=True).get(pk=member.pk)
    )


def remove_avatar(actor: Actor, member: Member) -> Member:
    check_change_member(actor, member)
    with transaction.atomic():
        old = _locked_avatar(member)
        if old:
            storage = member.avatar.storage
            member.avatar = ""
            member.save(update_fields=["avatar"])
            delete_on_commit(storage, old)
            publish_on_commit(MemberChanged(kind="avatar", member_id=member.pk, actor_id=actor.pk))
        else:
            member.avatar = ""
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
        publish_on_commit(MemberChanged(kind="created", member_id=member.pk))
    return member


# ---------------------------------------------------------------- email address


def set_email_by_staff(actor: Actor, member: Member, email: str) -> Member:
    """Staff give ``member`` a new address (on a forum without mail, the only way to change
    one). It replaces every address row the member had and counts as confirmed (staff vouch
    for it). Reset links made before end with it (the reset token covers the address)."""
    from allauth.account.models import EmailAddress

    check_set_member_email(actor, member)
    email = email.strip()
    with transaction.atomic():
        EmailAddress.objects.filter(user=member).delete()
        if email:
            EmailAddress.objects.create(
                user=member, email=email.lower(), verified=True, primary=True
            )
        member.email = email
        member.save(update_fields=["email"])
    return member


# ---------------------------------------------------------------- sessions


def end_all_sessions(actor: Actor, member: Member) -> Member:
    """End every session of ``member`` ("Sign out everywhere"), by its owner or staff.

    A new session salt changes the value each session was signed in with, so every
    session, in every browser and process, is signed out at its next request. API tokens
    are not sessions: they keep working until revoked.
    """
    check_change_member(actor, member)
    member.session_salt = secrets.token_hex(16)
    member.save(update_fields=["session_salt"])
    return member


# ---------------------------------------------------------------- API tokens

TOKEN_PREFIX = "pnyx"  # noqa: S105 - the visible prefix of every token, not a secret
TOKEN_NAME_MAX = 60
TOKENS_PER_MEMBER = 20
# A token's "last used" time is written at most this often, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    """A token just created: ``secret`` is the full token string, shown this once only."""

    token: ApiToken
    secret: str


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def clean_token_name(name: str) -> str:
    name = normalise_text(name)
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the script that uses it.")})
    if len(name) > TOKEN_NAME_MAX:
        raise ValidationError(
            {"name": _("Keep the name to %(max)d characters.") % {"max": TOKEN_NAME_MAX}}
        )
    return name


def create_token(actor: Actor, member: Member, *, name: str) -> NewToken:
    """A new personal API token for ``member``, who must be the actor (tokens act as them)."""
    check_create_token(actor, member)
    name = clean_token_name(name)
    with transaction.atomic():
        # Lock the member row so two requests cannot both pass the per-member limit.
        Member.objects.select_for_update().filter(pk=member.pk).values_list("pk").first()
        active = ApiToken.objects.filter(member=member, revoked_at__isnull=True).count()
        if active >= TOKENS_PER_MEMBER:
            raise ValidationError(
                {"name": _("You have %(n)d active tokens; revoke one first.") % {"n": active}}
            )
        public_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            member=member, name=name, public_id=public_id, secret_hash=_hash_secret(secret)
        )
    return NewToken(token=token, secret=f"{TOKEN_PREFIX}_{public_id}_{secret}")


def revoke_token(actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke a token at once (its owner or staff). Revoking twice changes nothing."""
    check_change_member(actor, token.member)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=token.revoked_at
        )
    return token


def _split_token(raw: str) -> tuple[str, str] | None:
    prefix, _sep, rest = raw.partition("_")
    public_id, _sep, secret = rest.partition("_")
    if prefix != TOKEN_PREFIX or len(public_id) != 12 or not secret or len(secret) > 100:
        return None
    return public_id, secret


def authenticate_token(raw: str) -> ApiToken | None:
    """The active token (with its member) that ``raw`` is, or None.

    None for anything malformed, unknown, revoked, of a deactivated member, or with a wrong
    secret: the caller answers all of these the same way. Records the time of use, at
    most once per LAST_USED_RESOLUTION, so reading with a token costs no write per request.
    """
    parts = _split_token(raw.strip())
    if parts is None:
        return None
    public_id, secret = parts
    token = (
        ApiToken.objects.select_related("member")
        .filter(public_id=public_id, revoked_at__isnull=True)
        .first()
    )
    if token is None:
        # Compare anyway, so an unknown id takes as long as a wrong secret.
        hmac.compare_digest(_hash_secret(secret), "0" * 64)
        return None
    if not hmac.compare_digest(_hash_secret(secret), token.secret_hash):
        return None
    if not token.member.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
        token.last_used_at = now
    return token


# ---------------------------------------------------------------- deleting members


def delete_member(actor: Actor, member: Member) -> None:
    """Delete a member's account (staff; a superuser only by a superuser).

    Their posts and threads stay, shown as by a deleted member, so no thread or forum
    count changes; their reactions are taken back (the reactions app receives the
    deletion and corrects the posts' counts and their authors' scores in the same
    transaction). Deleting a member who is already gone does nothing.
    """
    check_delete_member(actor, member)
    acting = require_member(actor)
    with transaction.atomic():
        current = Member.objects.select_for_update().filter(pk=member.pk).first()
        if current is None:
            return
        member_id = current.pk
        avatar, storage = current.avatar.name if current.avatar else "", current.avatar.storage
        current.delete()
        if avatar:
            transaction.on_commit(lambda: storage.delete(avatar))
        publish_on_commit(MemberChanged(kind="deleted", member_id=member_id, actor_id=acting.pk))
