"""Username rules: ASCII letters, digits and . _ -, unique without regard to case, not reserved.

Usernames appear in quote markup (``[quote="USERNAME, post:ID"]``) and URLs, so they
are kept to a plain alphabet; display names carry everything else (any script).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

USERNAME_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9_.\-]{0,28}[A-Za-z0-9])?\Z"

RESERVED_USERNAMES = frozenset(
    {
        "admin", "administrator", "anonymous", "api", "guest", "login", "logout", "me",
        "moderator", "mod", "new", "null", "none", "pnyx", "root", "register", "settings",
        "signup", "staff", "support", "system", "undefined", "whats-new", "www",
    }
)  # fmt: skip

username_format = RegexValidator(
    USERNAME_PATTERN,
    _(
        "Use 1 to 30 letters (a–z), digits, dots, hyphens or underscores, "
        "starting and ending with a letter or digit."
    ),
    code="invalid_username",
)


def not_reserved(value: str) -> None:
    if value.casefold() in RESERVED_USERNAMES:
        raise ValidationError(_("This username is reserved."), code="reserved_username")


USERNAME_VALIDATORS: list[Callable[[Any], None]] = [username_format, not_reserved]
