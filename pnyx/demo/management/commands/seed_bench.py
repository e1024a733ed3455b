from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pnyx.demo.bench_seed import BENCH_PASSWORD, forum_is_empty, seed_bench


class Command(BaseCommand):
    help = (
        "Fill an EMPTY database with a forum of realistic shape for the benchmark (bench/): "
        "members, forums, threads with quotes and reactions, a 10,000-post thread. "
        "Every member's password is the benchmark password: never use it on a real forum."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--posts", type=int, default=1_000_000, help="posts to write (default 1,000,000)"
        )
        parser.add_argument(
            "--long-thread",
            type=int,
            default=None,
            help="posts in the longest thread (default 10,000, at most half of --posts)",
        )
        parser.add_argument(
            "--members", type=int, default=None, help="members (default posts / 100, at least 50)"
        )
        parser.add_argument("--seed", type=int, default=5, help="random seed (default 5)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["posts"] < 100:
            raise CommandError("--posts must be at least 100.")
        if options["long_thread"] is not None and not (
            2 <= options["long_thread"] <= options["posts"] // 2
        ):
            raise CommandError("--long-thread must be between 2 and half of --posts.")
        if not forum_is_empty():
            raise CommandError(
                "the database already has forums or posts; seed_bench only fills an empty one. "
                "Create a new database (or data directory) and run it again."
            )
        summary = seed_bench(
            posts=options["posts"],
            long_thread=options["long_thread"],
            members=options["members"],
            seed=options["seed"],
            progress=self.stdout.write,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded in {summary.seconds:.0f} s: {summary.members:,} members, "
                f"{summary.forums} forums, {summary.threads:,} threads, {summary.posts:,} posts "
                f"({summary.quotes:,} quoting another), {summary.reactions:,} reactions; "
                f"the longest thread is /threads/{summary.long_thread_id}-…/ . "
                f"Members sign in with the password {BENCH_PASSWORD!r}."
            )
        )
