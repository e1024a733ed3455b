"""pnyx manage reindex: rebuild the search index from the posts, safely while the forum runs."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pnyx.search.indexing import reindex


class Command(BaseCommand):
    help = (
        "Index every post for search, in batches, each its own transaction. Safe while the "
        "forum runs and idempotent; an interrupted run carries on with --resume."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--resume", action="store_true", help="Carry on after the last batch done."
        )
        parser.add_argument("--batch", type=int, default=500, help="Posts per transaction.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        tty = self.stdout.isatty()

        def progress(done: int, total: int, last_id: int) -> None:
            share = done / total if total else 1.0
            bar = "#" * int(share * 30)
            line = f"[{bar:<30}] {share:6.1%} {done}/{total} posts (up to post {last_id})"
            self.stdout.write(line, ending="\r" if tty else "\n")

        written = reindex(
            resume=options["resume"], batch=max(1, options["batch"]), progress=progress
        )
        if tty:
            self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {written} posts in {time.monotonic() - started:.1f} s.")
        )
