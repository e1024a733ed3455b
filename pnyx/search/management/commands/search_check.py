"""pnyx manage search_check: report where the search index and the posts differ."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pnyx.search.backends import get_backend
from pnyx.search.indexing import find_drift, index_posts


class Command(BaseCommand):
    help = (
        "Compare the search index with the posts: posts missing from it, documents out of "
        "date (text, forum, author, title), and the engine's own index. Exits 1 on drift; "
        "--fix re-indexes what differs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fix", action="store_true", help="Re-index the posts that differ.")

    def handle(self, *args: Any, **options: Any) -> None:
        drift = find_drift()
        size = get_backend().index_size()
        self.stdout.write(f"Index size: {size / 1_048_576:.1f} MiB")
        self.stdout.write(f"Posts missing from the index: {len(drift.missing)}")
        self.stdout.write(f"Documents out of date: {len(drift.stale)}")
        self.stdout.write(f"Engine index consistent: {'yes' if drift.engine_ok else 'no'}")
        if drift.clean:
            self.stdout.write(self.style.SUCCESS("No drift."))
            return
        if options["fix"]:
            fixed = index_posts(sorted({*drift.missing, *drift.stale}))
            self.stdout.write(f"Re-indexed {fixed} posts.")
            if not drift.engine_ok:
                get_backend().repair_engine()
                self.stdout.write("Rebuilt the engine's index from the documents.")
            if find_drift().clean:
                self.stdout.write(self.style.SUCCESS("No drift left."))
                return
        raise CommandError("The search index differs from the posts.", returncode=1)
