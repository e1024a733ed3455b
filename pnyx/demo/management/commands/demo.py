from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from pnyx.demo.builder import build_demo


class Command(BaseCommand):
    help = "Fill an empty forum with the demo community. Does nothing if the forum has content."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        summary = build_demo(progress=self.stdout.write)
        if not summary.created:
            self.stdout.write(
                "The forum already has forums or threads, so the demo community was not added "
                "(nothing changed). To start over, remove the data directory (PNYX_DATA_DIR) "
                "or use an empty database."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo community ready in {time.monotonic() - started:.1f} s: "
                f"{summary.members} members, {summary.categories} categories, "
                f"{summary.forums} forums, {summary.threads} threads, {summary.posts} posts, "
                f"{summary.reactions} reactions."
            )
        )
        self.stdout.write(
            "Demo members cannot sign in. Register an account to post, or create an "
            "administrator with: pnyx createadmin"
        )
