from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from pnyx.posting.services import repair_counters


class Command(BaseCommand):
    help = "Recompute reply, post and thread counts, last posts and Reaction scores from the data."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        self.stdout.write("Recomputing counters (threads, forums, members, reactions)…")
        result = repair_counters()
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.monotonic() - started:.1f} s: {result['threads']} threads, "
                f"{result['forums']} forums, {result['members']} members and "
                f"{result['posts']} posts' reaction counts checked."
            )
        )
