"""Signing the member in from the session, with the member's row read by prepared SQL.

Django's ``AuthenticationMiddleware`` with one change: the common case (a session naming a
backend that loads members by primary key, an active member, a session hash that matches
the member's password under the current secret) is checked here with the member read by
SQL built once per connection. Anything else (no session, another backend, a missing or
inactive member, a hash that does not match, so a changed password or a rotated secret)
goes to ``django.contrib.auth.get_user`` untouched, which decides exactly as before
(anonymous, re-keyed session or flushed session).

``StaffTwoFactorMiddleware`` then holds staff without two-factor authentication at its
set-up page when the site requires it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.contrib.auth.middleware import auser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from pnyx.accounts.models import Member
from pnyx.core.prepared import MAX_ID, PreparedQuery
from pnyx.core.site_settings import get_site_settings

_member_by_id: PreparedQuery[Member] = PreparedQuery(
    lambda member_id: Member._default_manager.filter(pk=member_id).order_by(), 1
)


@cache
def _loads_by_primary_key(backend_path: str) -> bool:
    """The backend signs members in exactly as ModelBackend does (row by id, if active)."""
    backend = import_string(backend_path)
    return (
        issubclass(backend, ModelBackend)
        and backend.get_user is ModelBackend.get_user
        and backend.user_can_authenticate is ModelBackend.user_can_authenticate
    )


def session_member(request: HttpRequest) -> Member | None:
    """The member the session signs in, when nothing about it needs Django's full check."""
    session: Any = request.session
    try:
        member_id = session[SESSION_KEY]
        backend_path = session[BACKEND_SESSION_KEY]
        session_hash = session[HASH_SESSION_KEY]
    except KeyError:
        return None
    if backend_path not in settings.AUTHENTICATION_BACKENDS or not _loads_by_primary_key(
        backend_path
    ):
        return None
    try:
        pk = int(member_id)
    except (TypeError, ValueError):
        return None
    member = _member_by_id.first(pk) if 0 < pk <= MAX_ID else None
    if member is None or not member.is_active:
        return None
    if not session_hash or not constant_time_compare(session_hash, member.get_session_auth_hash()):
        return None
    return member


def get_user(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):
        request._cached_user = session_member(request) or auth.get_user(request)  # type: ignore[attr-defined]
    return request._cached_user  # type: ignore[attr-defined]


class AuthenticationMiddleware(DjangoAuthentication):
    def process_request(self, request: HttpRequest) -> None:
        if not hasattr(request, "session"):
            super().process_request(request)  # raises ImproperlyConfigured
        request.user = SimpleLazyObject(lambda: get_user(request))  # type: ignore[assignment]
        request.auser = partial(auser, request)


# Where a staff member who must set up two-factor authentication may still go: the set-up
# itself, the re-authentication it asks for, the email pages (allauth wants a verified
# address first when mail is configured) and signing out.
TWO_FACTOR_SETUP_PATHS = (
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/email/",
    "/accounts/confirm-email/",
    "/accounts/logout/",
)
# Never signed in by the session (the API reads tokens only), so never held either; the
# session is not even opened there (opening it adds "Vary: Cookie").
SESSIONLESS_PATHS = ("/api/", "/static/", "/media/", "/healthz")


class StaffTwoFactorMiddleware:
    """Sends staff without an authenticator app to set one up, when the site requires it.

    Only a request with a session cookie that signs someone in is looked at (no query for
    guests); the site setting is read from its cache, and the authenticator only for staff.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_set_up(request):
            messages.warning(
                request,
                _(
                    "This forum requires two-factor authentication for its staff: set up "
                    "an authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _must_set_up(request: HttpRequest) -> bool:
        path = request.path_info
        if (
            settings.SESSION_COOKIE_NAME not in request.COOKIES
            or path.startswith(SESSIONLESS_PATHS)
            or path.startswith(TWO_FACTOR_SETUP_PATHS)
            or SESSION_KEY not in request.session
        ):
            return False
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return False
        if not get_site_settings().staff_two_factor_required:
            return False
        return not is_mfa_enabled(user, types=[Authenticator.Type.TOTP])
