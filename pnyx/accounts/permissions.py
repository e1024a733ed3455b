"""Who may change a member's profile and see their API tokens. Rules about members only: they
ask the actor's Access (pnyx.core.access) whether it is that member or staff."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy

from pnyx.accounts.models import Member
from pnyx.core.access import Access, access_of, can_from
from pnyx.core.actors import Actor

_SIGN_IN = gettext_lazy("Sign in first.")
_OWN_PROFILE_ONLY = gettext_lazy("You can only change your own profile.")
_OWN_TOKENS_ONLY = gettext_lazy("You can only create API tokens for yourself.")
_STAFF_SET_EMAIL = gettext_lazy("Only staff change another member's address.")
_STAFF_DELETE = gettext_lazy("Only staff can delete members.")


def check_change_member(actor: Actor | Access, member: Member) -> None:
    """Members change their own profile (avatar, flags, tokens); staff anyone's."""
    access = access_of(actor)
    if not access.is_member:
        raise PermissionDenied(_SIGN_IN)
    if not (access.is_self(member.pk) or access.is_staff):
        raise PermissionDenied(_OWN_PROFILE_ONLY)


def check_create_token(actor: Actor | Access, member: Member) -> None:
    """Tokens act as the member who made them, so a member makes them for themself only."""
    access = access_of(actor)
    if not access.is_member:
        raise PermissionDenied(_SIGN_IN)
    if not access.is_self(member.pk):
        raise PermissionDenied(_OWN_TOKENS_ONLY)


def check_view_tokens(actor: Actor | Access, member: Member) -> None:
    """A member's API tokens are seen by that member and staff; Http404 for anyone else."""
    access = access_of(actor)
    if not (access.is_self(member.pk) or access.is_staff):
        raise Http404


def check_set_member_email(actor: Actor | Access, member: Member) -> None:
    """Staff set a member's address (on a forum without mail, the only way to change it)."""
    if not access_of(actor).is_staff:
        raise PermissionDenied(_STAFF_SET_EMAIL)


def check_delete_member(actor: Actor | Access, member: Member) -> None:
    """Staff delete members; a superuser's account only a superuser."""
    access = access_of(actor)
    if not access.is_staff or (member.is_superuser and not access.is_superuser):
        raise PermissionDenied(_STAFF_DELETE)


can_change_member = can_from(check_change_member)
can_view_tokens = can_from(check_view_tokens)
can_set_member_email = can_from(check_set_member_email)
can_delete_member = can_from(check_delete_member)
