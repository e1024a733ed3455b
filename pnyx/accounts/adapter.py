from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from pnyx.core.site_settings import get_site_settings


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    """Connects allauth's sign-up to the forum's run-time settings."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(get_site_settings().registration_open)
