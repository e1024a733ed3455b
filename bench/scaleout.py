"""Scale-out proof: two Pnyx processes, one job worker, one PostgreSQL, one Redis, nginx in
front.

    python -m bench.scaleout [--pg-url URL] [--pg-prefix NAME] [--port-base N]

Starts everything on 127.0.0.1 (its own Redis and nginx, a fresh database), then checks:

1. nginx spreads requests over both processes;
2. a member signed in through one process is signed in on the other (shared sessions);
3. every worker of both processes follows the content version's Redis channel;
4. a reply posted through one process is visible at once through the other, to guests
   (whose page was cached there, by both its workers, a moment before) and to members,
   and through nginx;
5. the same once Redis has dropped every subscription (the workers read the version key
   until they subscribe again, which they then do);
6. a guest page rendered by one process is served from Redis by the other;
7. the sign-in rate limit counts failures made through both processes together;
8. signing out through one process signs out on the other;
9. a separate job worker (`pnyx worker`; both web processes run `pnyx serve --no-worker`)
   runs the jobs enqueued through both processes, each exactly once, and each periodic job
   once.

Prints one line per check and exits 0 only when all pass. CI runs it (.ci/run).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

from redis import Redis

from bench.client import Browser
from bench.procs import BenchError, Process, children, wait_for_port, wait_for_url
from bench.stack import (
    REPO,
    SECRET_KEY,
    clean_env,
    nginx_user_line,
    pg_admin_url,
    pg_connect,
    pg_drop,
    pg_recreate,
    pnyx_argv,
    require_tools,
    run_checked,
)
from pnyx.core.content_version import REDIS_VERSION_CHANNEL as VERSION_CHANNEL

PASSWORD = "pnyx-bench-password"  # noqa: S105 - seed_bench's password for every member

NGINX_BALANCER = """\
{user}worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {root}/tmp/body;
  proxy_temp_path {root}/tmp/proxy;
  fastcgi_temp_path {root}/tmp/fastcgi;
  uwsgi_temp_path {root}/tmp/uwsgi;
  scgi_temp_path {root}/tmp/scgi;
  upstream pnyx {{
    server 127.0.0.1:{a};
    server 127.0.0.1:{b};
    keepalive 16;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://pnyx;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-Proto $scheme;
      add_header X-Upstream $upstream_addr always;
    }}
  }}
}}
"""


class Proof:
    def __init__(self) -> None:
        self.failures: list[str] = []
        self.passed = 0

    def check(self, name: str, test: Callable[[], str]) -> None:
        try:
            detail = test()
        except (AssertionError, BenchError) as error:
            self.failures.append(name)
            print(f"FAIL  {name}: {error}", flush=True)
        else:
            self.passed += 1
            print(f"ok    {name}: {detail}", flush=True)


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scaleout", description=__doc__)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--pg-prefix", default="pnyx_bench")
    parser.add_argument("--port-base", type=int, default=8400)
    parser.add_argument("--workdir", default=str(REPO / "bench-data" / "scaleout"))
    options = parser.parse_args(argv)
    try:
        return run(options)
    except BenchError as error:
        print(f"bench.scaleout: {error}", file=sys.stderr)
        return 2


def run(options: argparse.Namespace) -> int:
    require_tools("nginx", "redis-server")
    try:
        with pg_connect(options.pg_url):
            pass
    except Exception as error:
        raise BenchError(f"PostgreSQL is not reachable at {options.pg_url} ({error})") from None
    workdir = Path(options.workdir)
    shutil.rmtree(workdir, ignore_errors=True)
    (workdir / "nginx" / "tmp").mkdir(parents=True)
    database = f"{options.pg_prefix}_scaleout"
    base = options.port_base
    ports = {"a": base + 10, "b": base + 11, "nginx": base + 12, "redis": base + 61}
    pg_recreate(options.pg_url, database)
    processes: list[Process] = []

    def env(name: str) -> dict[str, str]:
        # Two machines: each its own data directory; the same database, Redis and secret.
        return clean_env(
            {
                "PNYX_DATA_DIR": str(workdir / name),
                "DATABASE_URL": pg_admin_url(options.pg_url, database),
                "REDIS_URL": f"redis://127.0.0.1:{ports['redis']}/0",
                "PNYX_SECRET_KEY": SECRET_KEY,
                "PNYX_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "PNYX_LOG_LEVEL": "WARNING",
            }
        )

    try:
        redis = Process(
            "redis",
            [
                "redis-server", "--bind", "127.0.0.1", "--port", str(ports["redis"]),
                "--save", "", "--appendonly", "no",
            ],
            log=workdir / "redis.log",
        )  # fmt: skip
        processes.append(redis)
        wait_for_port(ports["redis"], 10)
        run_checked(pnyx_argv("manage", "migrate", "-v0"), env("a"), "migrate", workdir / "m.log")
        run_checked(
            pnyx_argv("manage", "seed_bench", "--posts", "400", "--long-thread", "60"),
            env("a"),
            "seed_bench",
            workdir / "seed.log",
        )
        servers = []
        for name in ("a", "b"):
            process = Process(
                f"pnyx-{name}",
                pnyx_argv(
                    "serve", "--port", str(ports[name]), "--workers", "2", "--no-worker"
                ),
                env=env(name),
                log=workdir / f"serve-{name}.log",
                cwd=REPO,
            )  # fmt: skip
            processes.append(process)
            servers.append(process)
        # The job worker is a third machine: its own data directory, the same database.
        worker = Process(
            "pnyx-worker",
            pnyx_argv("worker", "--concurrency", "2"),
            env=env("worker"),
            log=workdir / "worker.log",
            cwd=REPO,
        )
        processes.append(worker)
        for name, process in zip(("a", "b"), servers, strict=True):
            wait_for_url(f"http://127.0.0.1:{ports[name]}/healthz", 120, process.popen)
        conf = workdir / "nginx" / "nginx.conf"
        conf.write_text(
            NGINX_BALANCER.format(
                user=nginx_user_line(),
                root=workdir / "nginx",
                a=ports["a"],
                b=ports["b"],
                port=ports["nginx"],
            )
        )
        processes.append(
            Process(
                "nginx",
                ["nginx", "-c", str(conf), "-p", str(workdir / "nginx"), "-g", "daemon off;"],
                log=workdir / "nginx.log",
            )
        )
        wait_for_port(ports["nginx"], 10)
        jobs = JobsProbe(workdir, env, servers, worker, pg_admin_url(options.pg_url, database))
        return prove(ports, Redis(host="127.0.0.1", port=ports["redis"]), jobs)
    finally:
        for process in reversed(processes):
            process.stop()
        pg_drop(options.pg_url, database)


def prove(ports: dict[str, int], redis: Redis, jobs: JobsProbe) -> int:
    a_url, b_url = (f"http://127.0.0.1:{ports[n]}" for n in ("a", "b"))
    lb_url = f"http://127.0.0.1:{ports['nginx']}"
    proof = Proof()
    guest_a, guest_b, guest_lb = Browser(a_url), Browser(b_url), Browser(lb_url)
    index = guest_a.request("/whats-new/").text
    thread_path = re.findall(r'href="(/threads/\d+-[^"/]+/)"', index)[0]

    def balancer() -> str:
        seen = {guest_lb.request("/healthz").headers.get("x-upstream", "") for _ in range(8)}
        expect(len(seen) == 2, f"nginx used {sorted(seen)}")
        return f"requests went to {', '.join(sorted(seen))}"

    proof.check("nginx balances over both processes", balancer)

    member_a = Browser(a_url)
    poster = _first_member(guest_a, thread_path)
    member_a.sign_in(poster, PASSWORD)
    member_b = _with_cookies(b_url, member_a)

    def sessions() -> str:
        page = member_b.request("/account/settings/")
        expect(page.status == 200, f"process B answered {page.status} (not signed in)")
        expect(poster in page.text, "process B does not know who is signed in")
        return f"signed in through A, process B knows {poster}"

    proof.check("sessions are shared", sessions)

    workers = 4  # two processes, --workers 2 each

    def followers() -> int:
        return int(redis.pubsub_numsub(VERSION_CHANNEL)[0][1])

    def subscribed() -> str:
        # Workers subscribe on their first guest page; keep asking until each has served one.
        for _ in range(64):
            if followers() >= workers:
                break
            guest_a.request("/whats-new/")
            guest_b.request("/whats-new/")
        expect(followers() == workers, f"{followers()} of {workers} workers subscribed")
        return f"{workers} workers follow {VERSION_CHANNEL}"

    proof.check("every worker follows the content version", subscribed)

    def post_and_look(label: str) -> str:
        # The post must land on the page B has cached, not start a new page (which no one
        # has cached): when it does, try again on that page.
        for _attempt in range(2):
            last = _last_page(guest_b, thread_path)
            warm = [guest_b.request(last).headers.get("x-cache") for _ in range(8)]
            expect(warm.count("HIT") >= 4, f"B did not cache the guest page ({warm})")
            text = f"Scale-out check {label} {time.time_ns()}"
            token = member_a.form_token(thread_path + "reply/")
            answer = member_a.request(
                thread_path + "reply/",
                {
                    "csrfmiddlewaretoken": token,
                    "body": text,
                    "idempotency_key": f"so{time.time_ns()}",
                },
            )
            expect(answer.status == 302, f"posting through A answered {answer.status}")
            # B's workers keep their pages in memory: ask the cached page itself, several
            # times, so that both workers answer.
            seen = [guest_b.request(last) for _ in range(6)]
            if text in seen[0].text or _last_page(guest_lb, thread_path) == last:
                break
        expect(all(text in page.text for page in seen), "a guest on B does not see the new post")
        seen_member = member_b.request(last)
        expect(text in seen_member.text, "a member on B does not see the new post")
        via_lb = [text in guest_lb.request(last).text for _ in range(4)]
        expect(all(via_lb), "a guest through nginx does not see the new post every time")
        return (
            f"posted through A; B showed it at once to guests, 6 times of 6 (cache before:"
            f" {warm.count('HIT')} hits of 8; after: {seen[0].headers.get('x-cache')}"
            f" then {seen[-1].headers.get('x-cache')}) and to the member"
        )

    def new_post_everywhere() -> str:
        expect(followers() == workers, f"only {followers()} workers subscribed")
        return post_and_look("subscribed")

    proof.check("a new post is visible at once on the other process", new_post_everywhere)

    def subscriptions_lost() -> str:
        dropped = redis.client_kill_filter(_type="pubsub")
        expect(followers() == 0, "Redis did not drop the subscriptions")
        seen = post_and_look("unsubscribed")
        deadline = time.monotonic() + 15
        while followers() < workers and time.monotonic() < deadline:
            guest_a.request("/whats-new/")
            guest_b.request("/whats-new/")
            time.sleep(0.05)
        expect(followers() == workers, f"{followers()} of {workers} workers subscribed again")
        again = post_and_look("resubscribed")
        return f"{dropped} subscriptions dropped: {seen}; all subscribed again: {again}"

    proof.check("the same with every subscription dropped, and back", subscriptions_lost)

    def shared_guest_cache() -> str:
        # The same Host on both, as behind the proxy (the host is part of the page's key).
        path = f"/members/{poster}/"
        first = Browser(a_url, host="localhost").request(path)
        expect(first.headers.get("x-cache") == "MISS", "A had the profile cached already")
        other = Browser(b_url, host="localhost").request(path)
        expect(other.headers.get("x-cache") == "HIT", "B did not find A's page in Redis")
        return "a profile rendered by A was a cache hit on B"

    proof.check("guest pages rendered by one process serve the other", shared_guest_cache)

    def rate_limit() -> str:
        # Alternating A and B with the Host a proxy would send (the limit is keyed by the
        # account and the client address, never by the Host).
        victim = _first_member(guest_a, thread_path, skip=poster)
        for attempt in range(6):
            browser = Browser(a_url if attempt % 2 == 0 else b_url, host="localhost")
            token = browser.form_token("/accounts/login/")
            answer = browser.request(
                "/accounts/login/",
                {"login": victim, "password": "wrong password", "csrfmiddlewaretoken": token},
            )
            expect(answer.status == 200, f"failed sign-in {attempt + 1} answered {answer.status}")
        last = Browser(b_url, host="localhost")
        token = last.form_token("/accounts/login/")
        final = last.request(
            "/accounts/login/",
            {"login": victim, "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        expect(final.status != 302, "the right password was accepted after 6 failures")
        expect("Too many failed login attempts" in final.text, "no rate-limit message")
        return (
            "6 failed sign-ins alternating A and B: the 7th, with the right password, was "
            "refused as rate limited"
        )

    proof.check("sign-in rate limits are shared", rate_limit)

    def sign_out() -> str:
        token = member_a.form_token("/account/settings/")
        member_a.request("/accounts/logout/", {"csrfmiddlewaretoken": token})
        page = member_b.request("/account/settings/")
        expect(page.status == 302, f"process B still answers {page.status} after sign-out")
        return "signed out through A; B redirects to sign-in"

    proof.check("signing out on one process signs out on the other", sign_out)

    proof.check("a separate worker runs every job exactly once", jobs.check)

    if proof.failures:
        print(f"\nscale-out proof FAILED: {', '.join(proof.failures)}")
        return 1
    print(f"\nscale-out proof passed: {proof.passed} checks")
    return 0


class JobsProbe:
    """Jobs enqueued through both web processes, run by the separate `pnyx worker`."""

    PER_PROCESS = 25

    def __init__(
        self,
        workdir: Path,
        env: Callable[[str], dict[str, str]],
        servers: list[Process],
        worker: Process,
        database_url: str,
    ) -> None:
        self.events = workdir / "job-events.log"
        self.env = env
        self.servers = servers
        self.worker = worker
        self.database_url = database_url

    def enqueue(self, name: str) -> None:
        code = (
            "from pnyx.testing.tasks import record\n"
            f"for i in range({self.PER_PROCESS}):\n"
            f"    record.enqueue({str(self.events)!r}, f'{name}{{i}}', 20)\n"
        )
        run_checked(
            pnyx_argv("manage", "shell", "-c", code),
            self.env(name),
            f"enqueueing jobs through {name}",
            self.events.with_name(f"enqueue-{name}.log"),
        )

    def jobs(self) -> list[tuple[str, str, int]]:
        with pg_connect(self.database_url) as conn:
            rows = conn.execute(
                "SELECT task_path, status, jsonb_array_length(worker_ids)"
                " FROM django_tasks_database_dbtaskresult"
            ).fetchall()
        return [(str(path), str(status), int(count)) for path, status, count in rows]

    def check(self) -> str:
        for server in self.servers:
            commands = [_cmdline(pid) for pid in children(server.pid)]
            expect(
                not any("pnyx worker" in command for command in commands),
                "pnyx serve --no-worker started a job worker",
            )
        self.enqueue("a")
        self.enqueue("b")
        total = 2 * self.PER_PROCESS
        deadline = time.monotonic() + 60
        ran: list[tuple[str, int]] = []
        while time.monotonic() < deadline:
            ran = _read_events(self.events)
            if len(ran) >= total and all(row[1] == "SUCCESSFUL" for row in self.jobs()):
                break
            time.sleep(0.2)
        labels = sorted(label for label, _ in ran)
        expected = sorted(f"{name}{i}" for name in "ab" for i in range(self.PER_PROCESS))
        expect(labels == expected, f"{len(ran)} runs for {total} jobs")
        expect({pid for _, pid in ran} == {self.worker.pid}, "a job ran outside the worker")
        rows = self.jobs()
        expect(all(status == "SUCCESSFUL" for _, status, _ in rows), "a job did not succeed")
        expect(all(count == 1 for _, _, count in rows), "a job was claimed twice")
        # Each periodic job is enqueued once (the other jobs, such as alerts' fan-out of the
        # posts written earlier in this proof, were checked above: each ran once).
        periodic_names = [
            "pnyx.api.tasks.clear_idempotency_keys",
            "pnyx.jobs.tasks.prune_finished_jobs",
            "pnyx.moderation.tasks.close_due_threads",
            "pnyx.search.tasks.index_missing_posts",
        ]
        periodic = sorted(path for path, _, _ in rows if path in periodic_names)
        expect(
            periodic == periodic_names,
            f"periodic jobs enqueued: {periodic}",
        )
        return (
            f"{total} jobs enqueued through A and B ran once each on the worker (pid"
            f" {self.worker.pid}), none on the web processes; each periodic job ran once"
        )


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _read_events(path: Path) -> list[tuple[str, int]]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        label, _event, pid = line.split(" ")
        rows.append((label, int(pid)))
    return rows


def _with_cookies(base: str, source: Browser) -> Browser:
    browser = Browser(base)
    for cookie in source.jar:
        browser.jar.set_cookie(cookie)
    return browser


def _first_member(guest: Browser, thread_path: str, skip: str = "") -> str:
    page = guest.request(thread_path).text
    for name in re.findall(r'href="/members/([^"/]+)/"', page):
        if name != skip:
            return str(name)
    raise BenchError(f"no member card on {thread_path}")


def _last_page(guest: Browser, thread_path: str) -> str:
    page = guest.request(thread_path).text
    numbers = [int(n) for n in re.findall(re.escape(thread_path) + r"page-(\d+)", page)]
    return thread_path + (f"page-{max(numbers)}" if numbers else "")


if __name__ == "__main__":
    sys.exit(main())
