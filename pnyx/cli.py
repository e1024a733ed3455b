"""The ``pnyx`` command: serve, worker, demo, createadmin, token, backup, restore, manage."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path

SETTINGS_MODULE = "pnyx.config.settings"


class CommandError(Exception):
    """A failure to report in one line (exit status 2)."""


def _setup() -> None:
    """Load settings and connect; a bad configuration becomes one clear line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        raise CommandError(f"configuration error: {exc}") from None

    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CommandError(
            f"cannot reach the database ({first}); check DATABASE_URL or PNYX_DATA_DIR."
        ) from None


def _migrate(verbose: bool = False) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def _static_fingerprint() -> str:
    """Changes whenever a static file of Pnyx or any installed package may have changed."""
    from importlib import metadata

    package_static = Path(__file__).resolve().parent
    newest = max(
        (p.stat().st_mtime for p in package_static.glob("*/static/**/*") if p.is_file()),
        default=0.0,
    )
    versions = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions()
    )
    return f"{newest}\n" + "\n".join(versions)


def _collect_static() -> None:
    """Collect static files when they changed since the last start (it takes a few seconds)."""
    from django.conf import settings
    from django.core.management import call_command

    stamp = Path(settings.STATIC_ROOT) / ".pnyx-collected"
    fingerprint = _static_fingerprint()
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == fingerprint:
        return
    print("pnyx: collecting static files…", flush=True)
    call_command("collectstatic", interactive=False, verbosity=0, clear=False)
    stamp.write_text(fingerprint, encoding="utf-8")


def cmd_serve(args: argparse.Namespace) -> int:
    """Migrate, collect static files, then supervise granian and (unless --no-worker) a job
    worker until SIGTERM/SIGINT (pnyx.supervisor)."""
    _setup()
    from django.conf import settings
    from django.db import connections

    from pnyx.supervisor import Child, Supervisor

    print("pnyx: applying database migrations…", flush=True)
    _migrate()
    if not settings.DEBUG:
        _collect_static()
    server = [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--workers",
        str(args.workers),
        "--blocking-threads",
        str(args.threads),
        "--backpressure",
        str(max(16, args.threads * 4)),
        "--no-ws",
        # A worker that dies (a crash, the OOM killer, kill -9) is replaced; the others
        # keep answering meanwhile.
        "--respawn-failed-workers",
        "--respawn-interval",
        "1",
        # On shutdown, a worker that has not stopped 10 seconds after SIGTERM is killed.
        "--workers-kill-timeout",
        "10",
        "pnyx.config.wsgi:application",
    ]
    engine = settings.DATABASES["default"]["ENGINE"]
    store = "PostgreSQL" if "postgresql" in engine else f"SQLite in {settings.DATA_DIR}"
    jobs = "no job worker (--no-worker)" if args.no_worker else "a job worker"
    print(
        f"pnyx: serving http://{args.host}:{args.port}/ ({store}, {args.workers} worker(s),"
        f" {jobs}); Ctrl+C stops.",
        flush=True,
    )
    # The children open their own connections; the supervisor keeps none.
    connections.close_all()
    # Performance (docs/performance.md): two malloc arenas instead of one per thread keep
    # each worker's memory small and steady; the operator's own setting wins.
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    children = [Child("web server", server, restart_after=10.0)]
    if not args.no_worker:
        worker = [sys.executable, "-m", "pnyx", "worker", "--concurrency", "1"]
        children.append(Child("job worker", worker, restart=True))
    return Supervisor(children).run()


def cmd_worker(args: argparse.Namespace) -> int:
    """Run background jobs until SIGTERM/SIGINT (pnyx.jobs.worker)."""
    _setup()
    _require_migrated()
    from pnyx.jobs.worker import Worker

    Worker(concurrency=args.concurrency).run()
    return 0


def _require_migrated() -> None:
    """A worker never migrates (several may start at once, on other machines): it refuses
    to start on a database that `pnyx serve` or `pnyx manage migrate` has not brought up to
    date."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError(
            "the database has unapplied migrations: run 'pnyx manage migrate' (or start"
            " 'pnyx serve', which applies them) first."
        )


def cmd_demo(args: argparse.Namespace) -> int:
    _setup()
    _migrate()
    from django.core.management import call_command

    call_command("demo")
    return 0


def _read_password_file(path: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot read --password-file {path!r}: {exc.strerror}") from None
    password = text.strip("\r\n")
    if not password:
        raise CommandError(f"--password-file {path!r} is empty.")
    return password


def cmd_createadmin(args: argparse.Namespace) -> int:
    _setup()
    _migrate()
    from django.core.exceptions import ValidationError

    from pnyx.accounts.services import create_admin

    username = args.username or input("Username: ").strip()
    email = args.email if args.email is not None else input("Email: ").strip()
    if args.password_file:
        password = _read_password_file(args.password_file)
    else:
        if not sys.stdin.isatty():
            raise CommandError("no terminal to ask for a password: pass --password-file FILE.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("the passwords do not match; nothing was created.")
    try:
        member = create_admin(username=username, email=email, password=password)
    except ValidationError as exc:
        details = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()
        )
        raise CommandError(f"no administrator created: {details}") from None
    print(f"pnyx: administrator {member.username!r} created; sign in at /accounts/login/.")
    return 0


# ---------------------------------------------------------------- API tokens (issue 3)


def cmd_token(args: argparse.Namespace) -> int:
    """Create, list and revoke a member's personal API tokens (as the operator)."""
    _setup()
    _migrate()
    from django.core.exceptions import ValidationError
    from django.http import Http404

    from pnyx.accounts.selectors import find_token, get_member, list_member_tokens
    from pnyx.accounts.services import create_token, revoke_token

    if args.action == "revoke":
        token = find_token(args.token_id)
        if token is None:
            raise CommandError(f"no token {args.token_id!r}; 'pnyx token list USERNAME' shows ids.")
        revoke_token(token.member, token)
        print(f"pnyx: token {token.public_id} ({token.name}) of {token.member.username} revoked.")
        return 0
    try:
        member = get_member(args.username)
    except Http404:
        raise CommandError(f"no active member {args.username!r}.") from None
    if args.action == "create":
        try:
            new = create_token(member, member, name=args.name)
        except ValidationError as exc:
            details = " ".join(m for ms in exc.message_dict.values() for m in ms)
            raise CommandError(f"no token created: {details}") from None
        print(new.secret)
        print(
            f"pnyx: token {new.token.public_id} ({new.token.name}) created for "
            f"{member.username}. It is shown only this once; send it as "
            "'Authorization: Bearer TOKEN'.",
            file=sys.stderr,
        )
        return 0
    tokens = list_member_tokens(member)
    if not tokens:
        print(f"pnyx: {member.username} has no API tokens.", file=sys.stderr)
    for token in tokens:
        used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never used"
        state = f"revoked {token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "active"
        print(
            f"{token.public_id}  {state:<24}  created {token.created_at:%Y-%m-%d %H:%M}  "
            f"last used {used:<16}  {token.name}"
        )
    return 0


# ---------------------------------------------------------------- backup and restore


def _run_command(name: str, *args: str, **options: object) -> None:
    """A management command, its failure reported in one line."""
    from django.core.management import CommandError as DjangoCommandError
    from django.core.management import call_command

    try:
        call_command(name, *args, **options)
    except DjangoCommandError as exc:
        raise CommandError(f"{name} failed: {exc}") from None


def cmd_backup(args: argparse.Namespace) -> int:
    """One archive of the database and the uploads (pnyx.core.backups)."""
    _setup()
    _run_command("backup", **({"output": args.output} if args.output else {}))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Bring a forum back from ``pnyx backup``'s archive (checked whole first)."""
    _setup()
    _run_command("restore", args.file, force=args.force)
    return 0


def cmd_manage(argv: Sequence[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["pnyx manage", *argv])
    except ImproperlyConfigured as exc:
        raise CommandError(f"configuration error: {exc}") from None
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pnyx",
        description="Pnyx, a discussion forum. Configuration comes from PNYX_* variables.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the production server (migrates first)")
    serve.add_argument("--host", default=os.environ.get("PNYX_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PNYX_PORT", "8000")))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("PNYX_WORKERS", "2")))
    serve.add_argument(
        "--threads", type=int, default=4, help="threads per worker for requests (default 4)"
    )
    serve.add_argument(
        "--no-worker",
        action="store_true",
        help="run no job worker (run 'pnyx worker' elsewhere when scaled out)",
    )
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run background jobs (pnyx serve runs one itself)")
    worker.add_argument(
        "--concurrency",
        type=int,
        default=1,
        metavar="N",
        help="jobs run at once by this process, each in its own thread (default 1)",
    )
    worker.set_defaults(func=cmd_worker)

    demo = sub.add_parser("demo", help="fill an empty forum with the demo community")
    demo.set_defaults(func=cmd_demo)

    admin = sub.add_parser("createadmin", help="create an administrator account")
    admin.add_argument("--username")
    admin.add_argument("--email")
    admin.add_argument("--password-file", help="read the password from this file")
    admin.set_defaults(func=cmd_createadmin)

    token = sub.add_parser("token", help="create, list or revoke a member's API tokens")
    token_sub = token.add_subparsers(dest="action", required=True, metavar="ACTION")
    token_create = token_sub.add_parser(
        "create", help="create a token and print it (shown only this once)"
    )
    token_create.add_argument("username")
    token_create.add_argument("--name", default="command line", help="what the token is for")
    token_list = token_sub.add_parser("list", help="list a member's tokens")
    token_list.add_argument("username")
    token_revoke = token_sub.add_parser("revoke", help="revoke a token by its id")
    token_revoke.add_argument("token_id", metavar="ID", help="the id 'token list' shows")
    token.set_defaults(func=cmd_token)

    backup = sub.add_parser(
        "backup", help="back up the database and the uploads into one archive (while serving)"
    )
    backup.add_argument("--output", help="folder for the archive (default: <data dir>/backups)")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser(
        "restore", help="restore a forum from a backup archive (stop the server first)"
    )
    restore.add_argument("file", metavar="FILE", help="a pnyx-backup-….tar.gz file")
    restore.add_argument("--force", action="store_true", help="replace a forum that is not empty")
    restore.set_defaults(func=cmd_restore)

    sub.add_parser("manage", help="run a Django management command", add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "manage":
            return cmd_manage(argv[1:])
        parser = build_parser()
        args = parser.parse_args(argv)
        if getattr(args, "port", 1) < 1 or getattr(args, "port", 1) > 65535:
            raise CommandError("--port must be between 1 and 65535.")
        if getattr(args, "workers", 1) < 1:
            raise CommandError("--workers must be at least 1.")
        if not 1 <= getattr(args, "concurrency", 1) <= 64:
            raise CommandError("--concurrency must be between 1 and 64.")
        result: int = args.func(args)
        return result
    except CommandError as exc:
        print(f"pnyx: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
