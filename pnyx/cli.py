"""The ``pnyx`` command: serve, demo, createadmin, manage."""

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
    _setup()
    from django.conf import settings

    print("pnyx: applying database migrations…", flush=True)
    _migrate()
    if not settings.DEBUG:
        _collect_static()
    argv = [
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
        "pnyx.config.wsgi:application",
    ]
    engine = settings.DATABASES["default"]["ENGINE"]
    store = "PostgreSQL" if "postgresql" in engine else f"SQLite in {settings.DATA_DIR}"
    print(
        f"pnyx: serving http://{args.host}:{args.port}/ ({store}, {args.workers} worker(s));"
        " Ctrl+C stops.",
        flush=True,
    )
    # Performance (docs/performance.md): two malloc arenas instead of one per thread keep
    # each worker's memory small and steady; the operator's own setting wins.
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with the server


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
    serve.set_defaults(func=cmd_serve)

    demo = sub.add_parser("demo", help="fill an empty forum with the demo community")
    demo.set_defaults(func=cmd_demo)

    admin = sub.add_parser("createadmin", help="create an administrator account")
    admin.add_argument("--username")
    admin.add_argument("--email")
    admin.add_argument("--password-file", help="read the password from this file")
    admin.set_defaults(func=cmd_createadmin)

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
        result: int = args.func(args)
        return result
    except CommandError as exc:
        print(f"pnyx: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
