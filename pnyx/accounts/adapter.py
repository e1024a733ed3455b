"""Connects allauth (sign-up, sign-in, email, two-factor) to the forum's own rules."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest

from pnyx.accounts.models import Member
from pnyx.core.http import safe_next_path
from pnyx.core.ratelimit import client_address
from pnyx.core.site_settings import get_site_settings
from pnyx.core.urls import site_url

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MailSite:
    """What allauth's mail templates call ``current_site``: the forum's name and its host
    from PNYX_SITE_URL (allauth would take both from the request's Host header)."""

    name: str
    domain: str


def mail_site() -> MailSite:
    return MailSite(name=get_site_settings().name, domain=urlsplit(settings.SITE_URL).netloc)


def sign_in_key(login: str) -> str:
    """The account a sign-in names, for the per-account limit on failures.

    The member's id when the username or email address is one of a member's (so guessing
    through the username and the address counts once), else the login itself, folded.
    Never anything from the request: the Host header is the client's to vary.
    """
    login = login.strip()
    member_id = (
        Member._default_manager.filter(
            Q(username__iexact=login)
            | Q(email__iexact=login)
            | Q(emailaddress__email__iexact=login)
        )
        .values_list("pk", flat=True)
        .order_by("pk")
        .first()
    )
    return f"member:{member_id}" if member_id is not None else f"login:{login.casefold()}"


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(get_site_settings().registration_open)

    def get_client_ip(self, request: HttpRequest) -> str:
        # The one client-address rule of the whole site (PNYX_BEHIND_PROXY, IPv6 /64).
        return client_address(request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth keys it by the "site domain", which without django.contrib.sites is the
        # request's Host with its port: a new port was a new allowance of guesses.
        login = credentials.get("email") or credentials.get("username") or ""
        return sign_in_key(str(login))

    def can_delete_email(self, email_address: EmailAddress) -> bool:
        # The current address is never removed: a new one replaces it once confirmed.
        # (Removing the owner's address was a step of taking over a stolen session.)
        current = (email_address.user.email or "").lower()
        if email_address.primary or email_address.email.lower() == current:
            return False
        return bool(super().can_delete_email(email_address))

    def is_safe_url(self, url: str) -> bool:
        # Where sign-in, sign-out and the account pages go next: a path on this site only,
        # by the rule every other page uses (raw and once decoded, so "java%0ascript:…"
        # and "/%2F%2Fevil.test" go to the default instead; SECURITY.md REDIR-01).
        return bool(url) and safe_next_path(context.request, url, default="") == url

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth builds links (activate_url, password_reset_url, signup_url) and the
        # site's name and domain from the request's Host: every one is made from
        # PNYX_SITE_URL here, whatever the Host said (and with no request at all).
        mail_context: dict[str, Any] = {"request": self.request, "email": email}
        mail_context.update(
            (key, site_url(value) if key.endswith("_url") and isinstance(value, str) else value)
            for key, value in context.items()
        )
        mail_context["current_site"] = mail_site()
        message = self.render_mail(template_prefix, email, mail_context)
        try:
            message.send()
        except (OSError, smtplib.SMTPException):
            # Logged, never shown: a reset or sign-up that failed only for a registered
            # address would tell who is registered (SECURITY.md ENUM-01, CVE-2024-45231).
            # The address is not logged either; the member can ask again.
            logger.exception("Could not send the account mail %r", template_prefix)


class MFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]
    def get_totp_issuer(self) -> str:
        # Authenticator apps list the code under the forum's name.
        return str(get_site_settings().name)
