"""Typed readers for deploy-time configuration.

Every value Pnyx reads from the environment goes through one of these helpers, so
a bad value stops start-up with one clear sentence (an ``ImproperlyConfigured``
naming the variable) instead of failing later in a request.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
# Prepare a statement on a connection's second run of it: most of a page's statements
# repeat on every request, while one-off statements (admin, migrations) stay unprepared.
PREPARE_THRESHOLD = 1


def env_str(name: str, default: str = "", environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    return environ.get(name, default).strip()


def env_bool(name: str, default: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use 1/0, true/false, yes/no or on/off."
    )


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    environ = os.environ if environ is None else environ
    raw = environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name}={value} is above the maximum of {maximum}.")
    return value


def env_list(name: str, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    environ = os.environ if environ is None else environ
    raw = environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, environ: Mapping[str, str] | None = None) -> str:
    """Read NAME, or the contents of the file named by NAME_FILE (for Docker/K8s secrets)."""
    environ = os.environ if environ is None else environ
    value = environ.get(name, "").strip()
    file_name = environ.get(f"{name}_FILE", "").strip()
    if value and file_name:
        raise ImproperlyConfigured(f"Set either {name} or {name}_FILE, not both.")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{name}_FILE={file_name!r} cannot be read: {exc.strerror}."
            ) from None
    return value


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    raw = env_str("PNYX_DATA_DIR", "./pnyx-data", environ)
    path = Path(raw).expanduser().resolve()
    if path.exists() and not path.is_dir():
        raise ImproperlyConfigured(f"PNYX_DATA_DIR={raw!r} exists but is not a directory.")
    try:
        # Only this user (and its group, e.g. a proxy serving /media/) may enter it.
        path.mkdir(mode=0o750, parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"PNYX_DATA_DIR={raw!r} cannot be created: {exc.strerror}."
        ) from None
    return path


def private_file(path: Path) -> Path:
    """``path``, readable and writable by this user only: created empty with mode 0600 when
    missing, narrowed to 0600 when others could read it. SQLite gives a database's WAL and
    shared-memory files the database's own mode, so they are private too."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for each in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            try:
                if each.stat().st_mode & 0o077:
                    os.chmod(each, 0o600)
            except FileNotFoundError:
                pass
    else:
        os.close(fd)
    return path


def secret_key(directory: Path, environ: Mapping[str, str] | None = None) -> str:
    """PNYX_SECRET_KEY, or a key generated once and kept in the data directory."""
    configured = env_secret("PNYX_SECRET_KEY", environ)
    if configured:
        if len(configured) < 32:
            raise ImproperlyConfigured("PNYX_SECRET_KEY must be at least 32 characters long.")
        return configured
    key_file = directory / "secret_key"
    if key_file.exists():
        key = key_file.read_text(encoding="utf-8").strip()
        if len(key) >= 32:
            return key
    key = secrets.token_urlsafe(50)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    os.chmod(key_file, 0o600)  # O_CREAT's mode does not apply to a file that existed
    return key


def database_from_url(url: str, *, name: str = "DATABASE_URL") -> dict[str, Any]:
    """Turn ``postgres://user:password@host:port/dbname?option=value`` into a DATABASES entry.

    Only PostgreSQL is accepted here; SQLite is what you get with DATABASE_URL unset.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is malformed: {exc}.") from None
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        shown = parts.scheme or "(none)"
        raise ImproperlyConfigured(
            f"{name} must start with postgres:// (got scheme {shown!r}); "
            "leave it unset to use the embedded SQLite database."
        )
    database = unquote(parts.path.lstrip("/"))
    if not database or "/" in database:
        raise ImproperlyConfigured(
            f"{name} must name one database, e.g. postgres://user@127.0.0.1:5432/pnyx."
        )
    if not parts.hostname:
        raise ImproperlyConfigured(f"{name} must name a host, e.g. postgres://user@127.0.0.1/pnyx.")
    options: dict[str, Any] = dict(parse_qsl(parts.query, keep_blank_values=True))
    pool = options.pop("pool", "true").lower() in _TRUE
    options.setdefault("connect_timeout", "3")
    options.update(_statement_options(options, name))
    if pool:
        options["pool"] = {"min_size": 1, "max_size": 8, "timeout": 10}
    config: dict[str, Any] = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": database,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname,
        "PORT": str(port or 5432),
        "OPTIONS": options,
        # Pooled connections are reused by psycopg's pool; without a pool keep them open.
        "CONN_MAX_AGE": 0 if pool else 600,
        "CONN_HEALTH_CHECKS": True,
    }
    return config


def _statement_options(options: dict[str, Any], name: str) -> dict[str, Any]:
    """Server-side binding with prepared statements, unless the URL says otherwise.

    Django binds parameters on the client by default, so PostgreSQL parses and plans every
    statement again; a page's handful of statements repeat on each request, so binding
    them on the server and preparing them (per connection, after ``prepare_threshold``
    runs) saves both sides that work. A pooler that cannot hold prepared statements across
    transactions (PgBouncer in transaction mode before 1.22) wants
    ``?prepare_threshold=none``; ``?server_side_binding=false`` gives Django's default.
    """
    binding = options.pop("server_side_binding", "true").lower()
    if binding not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"{name}: server_side_binding must be true or false.")
    if binding in _FALSE:
        options.pop("prepare_threshold", None)
        return {}
    threshold = options.pop("prepare_threshold", str(PREPARE_THRESHOLD)).lower()
    if threshold in {"none", ""}:
        return {"server_side_binding": True, "prepare_threshold": None}
    if not threshold.isdigit():
        raise ImproperlyConfigured(
            f"{name}: prepare_threshold must be a whole number or none (got {threshold!r})."
        )
    return {"server_side_binding": True, "prepare_threshold": int(threshold)}


def redis_url(environ: Mapping[str, str] | None = None) -> str:
    url = env_str("REDIS_URL", "", environ)
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError as exc:
        raise ImproperlyConfigured(f"REDIS_URL is malformed: {exc}.") from None
    if parts.scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://.")
    return url


_RATE_PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def env_rate(
    name: str, default: str, environ: Mapping[str, str] | None = None
) -> tuple[int, int] | None:
    """A rate limit such as ``60/minute`` as (requests, seconds); ``off`` gives None.

    Periods: second, minute, hour, day, optionally with a count (``100/10minute``).
    """
    raw = env_str(name, default, environ)
    if raw.lower() == "off":
        return None
    count, _sep, period = raw.partition("/")
    multiplier, unit = "", period.strip().lower()
    while unit[:1].isdigit():
        multiplier, unit = multiplier + unit[0], unit[1:]
    unit = unit.removesuffix("s") if unit.endswith("s") and unit[:-1] in _RATE_PERIODS else unit
    try:
        limit = int(count.strip())
    except ValueError:
        limit = 0
    if limit < 1 or unit not in _RATE_PERIODS or (multiplier and int(multiplier) < 1):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a rate: use a count per period such as 60/minute, "
            "1000/hour or 5/10second, or off."
        )
    return limit, _RATE_PERIODS[unit] * int(multiplier or "1")
