"""Delete Idempotency-Key records older than their 24-hour retention."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pnyx.api.idempotency import clear_expired


class Command(BaseCommand):
    help = (
        "Delete stored API answers for Idempotency-Key headers older than 24 hours "
        "(members' own expired keys also go whenever they send a new one)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = clear_expired()
        self.stdout.write(f"Deleted {deleted} expired idempotency record(s).")
