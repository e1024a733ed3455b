"""The servers of one benchmark configuration: database, Redis, Pnyx, nginx."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench.procs import BenchError, Process, children, port_is_free, wait_for_port, wait_for_url

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET_KEY = "bench-secret-key-not-for-production-0123456789abcdef"  # noqa: S105


def pnyx_argv(*args: str) -> list[str]:
    return [str(BIN / "pnyx"), *args]


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    """This process's environment without any Pnyx configuration, plus ``extra``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PNYX_") and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "pnyx.config.settings"
    env.update(extra)
    return env


def require_tools(*names: str) -> None:
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        packages = {"nginx": "nginx-light", "redis-server": "redis-server", "wrk": "wrk"}
        raise BenchError(
            f"missing {', '.join(missing)}: install with "
            f"`apt-get install {' '.join(packages.get(m, m) for m in missing)}`"
        )


def pg_admin_url(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, ""))


def pg_connect(url: str) -> Any:
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname=parts.path.lstrip("/") or "postgres",
        autocommit=True,
        connect_timeout=5,
    )


def pg_recreate(admin_url: str, name: str) -> None:
    with pg_connect(admin_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def pg_drop(admin_url: str, name: str) -> None:
    with pg_connect(admin_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_checked(argv: list[str], env: dict[str, str], what: str, log: Path) -> str:
    log.parent.mkdir(parents=True, exist_ok=True)
    completed = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    log.write_text(completed.stdout + completed.stderr)
    if completed.returncode != 0:
        tail = "\n".join((completed.stdout + completed.stderr).splitlines()[-15:])
        raise BenchError(f"{what} failed (see {log}):\n{tail}")
    return completed.stdout


@dataclass
class Stack:
    engine: str  # "sqlite" or "postgres"
    size: int
    workdir: Path
    port: int
    nginx_port: int
    redis_port: int
    pg_url: str
    pg_prefix: str
    long_thread: int | None = None
    processes: list[Process] = field(default_factory=list)
    seed_seconds: float = 0.0
    pnyx: Process | None = None
    redis: Process | None = None
    nginx: Process | None = None

    @property
    def name(self) -> str:
        return f"{self.engine}-{self.size}"

    @property
    def data_dir(self) -> Path:
        return self.workdir / self.name

    @property
    def database(self) -> str:
        return f"{self.pg_prefix}_{self.size}"

    @property
    def database_url(self) -> str:
        return pg_admin_url(self.pg_url, self.database)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def nginx_base(self) -> str:
        return f"http://127.0.0.1:{self.nginx_port}"

    @property
    def www(self) -> Path:
        return self.workdir / "nginx" / "www"

    def env(self) -> dict[str, str]:
        extra = {
            "PNYX_DATA_DIR": str(self.data_dir),
            "PNYX_SECRET_KEY": SECRET_KEY,
            "PNYX_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PNYX_SITE_URL": self.base,
            "PNYX_LOG_LEVEL": "WARNING",
            # The reply scenarios post hundreds a second on purpose: no write rate limits.
            "PNYX_API_WRITE_RATE": "off",
            "PNYX_API_ADDRESS_WRITE_RATE": "off",
            "PNYX_PAGE_POST_RATE": "off",
            "PNYX_PAGE_REACTION_RATE": "off",
            "PNYX_PAGE_DRAFT_RATE": "off",
            "PNYX_PAGE_PREVIEW_RATE": "off",
            "PNYX_PAGE_ADDRESS_WRITE_RATE": "off",
        }
        if self.engine == "postgres":
            extra["DATABASE_URL"] = self.database_url
            extra["REDIS_URL"] = f"redis://127.0.0.1:{self.redis_port}/0"
        return clean_env(extra)

    # ---------------------------------------------------------------- set-up

    def seed(self, log: Any) -> None:
        if self.data_dir.exists():
            shutil.rmtree(self.data_dir)
        self.data_dir.mkdir(parents=True)
        if self.engine == "postgres":
            pg_recreate(self.pg_url, self.database)
        env = self.env()
        run_checked(
            pnyx_argv("manage", "migrate", "-v0"), env, "migrate", self.logs / "migrate.log"
        )
        args = ["manage", "seed_bench", "--posts", str(self.size)]
        if self.long_thread:
            args += ["--long-thread", str(self.long_thread)]
        log(f"  seeding {self.size:,} posts on {self.engine}…")
        started = time.monotonic()
        output = run_checked(pnyx_argv(*args), env, "seed_bench", self.logs / "seed.log")
        self.seed_seconds = time.monotonic() - started
        log(f"  {output.strip().splitlines()[-1]}")

    @property
    def logs(self) -> Path:
        return self.workdir / "logs" / self.name

    def probe(self, *args: str) -> Any:
        output = run_checked(
            [sys.executable, "-m", "bench.probe", *args],
            self.env(),
            "bench.probe",
            self.logs / "probe.log",
        )
        return json.loads(output)

    def start(self) -> None:
        for port in (
            self.port,
            self.nginx_port,
            *((self.redis_port,) if self.redis_needed else ()),
        ):
            if not port_is_free(port):
                raise BenchError(f"port {port} is in use: choose another --port-base")
        if self.redis_needed:
            self.redis = Process(
                "redis",
                [
                    "redis-server", "--bind", "127.0.0.1", "--port", str(self.redis_port),
                    "--save", "", "--appendonly", "no", "--daemonize", "no",
                ],
                log=self.logs / "redis.log",
            )  # fmt: skip
            self.processes.append(self.redis)
            wait_for_port(self.redis_port, 10)
        self.pnyx = Process(
            "pnyx",
            pnyx_argv("serve", "--port", str(self.port), "--workers", "2"),
            env=self.env(),
            log=self.logs / "serve.log",
            cwd=REPO,
        )
        self.processes.append(self.pnyx)
        try:
            wait_for_url(self.base + "/healthz", 120, self.pnyx.popen)
        except BenchError as error:
            raise BenchError(f"{error}\n{self.pnyx.tail()}") from None
        self.start_nginx()

    @property
    def redis_needed(self) -> bool:
        return self.engine == "postgres"

    def start_nginx(self) -> None:
        root = self.workdir / "nginx"
        (root / "tmp").mkdir(parents=True, exist_ok=True)
        self.www.mkdir(parents=True, exist_ok=True)
        conf = root / "nginx.conf"
        conf.write_text(
            NGINX_STATIC.format(
                root=root, www=self.www, port=self.nginx_port, user=nginx_user_line()
            ),
            encoding="utf-8",
        )
        self.nginx = Process(
            "nginx",
            ["nginx", "-c", str(conf), "-p", str(root), "-g", "daemon off;"],
            log=self.logs / "nginx.log",
        )
        self.processes.append(self.nginx)
        wait_for_port(self.nginx_port, 10)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()
        self.processes.clear()

    # ---------------------------------------------------------------- what to measure

    def pnyx_pids(self) -> list[int]:
        """`pnyx serve` (a supervisor), granian, its workers and the job worker."""
        pid = self._pid(self.pnyx)
        found = [pid]
        for child in children(pid):
            found += [child, *children(child)]
        return found

    def worker_pids(self) -> list[int]:
        """granian's workers, the processes that answer requests."""
        for child in children(self._pid(self.pnyx)):
            with contextlib.suppress(OSError):
                if b"granian" in Path(f"/proc/{child}/cmdline").read_bytes():
                    return children(child)
        raise BenchError("pnyx serve has no granian process")

    def nginx_pids(self) -> list[int]:
        pid = self._pid(self.nginx)
        return [pid, *children(pid)]

    @staticmethod
    def _pid(process: Process | None) -> int:
        if process is None:
            raise BenchError("the server is not running")
        return process.pid

    def db_pids(self) -> list[int]:
        """PostgreSQL backends serving the benchmark database (empty for SQLite: it runs
        inside the Pnyx workers, so its CPU time is part of theirs)."""
        if self.engine != "postgres":
            return []
        with pg_connect(self.pg_url) as conn:
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.database,)
            ).fetchall()
        return [int(row[0]) for row in rows]

    def cache_pids(self) -> list[int]:
        return [self.redis.pid] if self.redis is not None else []

    def drop(self) -> None:
        if self.engine == "postgres":
            pg_drop(self.pg_url, self.database)
        shutil.rmtree(self.data_dir, ignore_errors=True)


def nginx_user_line() -> str:
    """Run as root, nginx hands its workers to "nobody", who may not read files in a private
    directory (a checkout under a mode-700 folder): keep them as the invoking user."""
    return "user root;\n" if os.geteuid() == 0 else ""


NGINX_STATIC = """\
{user}worker_processes auto;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  types {{ text/html html; }}
  default_type text/html;
  charset utf-8;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path {root}/tmp/body;
  proxy_temp_path {root}/tmp/proxy;
  fastcgi_temp_path {root}/tmp/fastcgi;
  uwsgi_temp_path {root}/tmp/uwsgi;
  scgi_temp_path {root}/tmp/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {www};
  }}
}}
"""
