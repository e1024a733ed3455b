from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from pnyx.core.access import Access, access_of, can_from
from pnyx.core.actors import Actor

if TYPE_CHECKING:
    from pnyx.accounts.models import Member


def check_ignore(actor: Actor | Access, target: Member) -> None:
    """Members ignore other members; nobody ignores themselves or staff (who moderate)."""
    access = access_of(actor)
    if not access.is_member:
        raise PermissionDenied(_("Sign in to ignore members."))
    if access.is_self(target.pk):
        raise PermissionDenied(_("You cannot ignore yourself."))
    if target.is_staff:
        raise PermissionDenied(_("Staff cannot be ignored: they look after the forum."))


can_ignore = can_from(check_ignore)
