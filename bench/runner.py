"""The benchmark: seed, serve, load with wrk beside nginx, measure, report.

    bench/run                  the full run (both engines, 10,000 and 1,000,000 posts)
    bench/run --quick          a small run that checks everything works (CI)
    bench/run --help           all options

See docs/performance.md for what it measures and the latest figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.client import Browser
from bench.procs import BenchError, cpu_delta, cpu_of, pss_mib, rss_mib
from bench.report import Report, write_report
from bench.stack import REPO, Stack, pg_connect, pnyx_argv, require_tools, run_checked
from bench.wrk import WrkResult, run_wrk

PASSWORD = "pnyx-bench-password"  # noqa: S105 - seed_bench's password for every member


@dataclass
class Measure:
    rps: float
    p99_ms: float
    app_ms: float
    db_ms: float | None
    cache_ms: float | None
    requests: int
    errors: int
    hits: int
    ok: int


@dataclass
class Scenario:
    key: str
    title: str
    kind: str  # "read" or "post"
    paths: list[str] = field(default_factory=list)
    expect: list[str] = field(default_factory=list)
    cookie: str = ""
    compare_nginx: bool = True
    clients: list[str] = field(default_factory=list)  # post: "path\tcredential\tcsrf"
    mode: str = "form"
    connections: int = 32
    unavailable: str = ""


@dataclass
class Outcome:
    scenario: Scenario
    engine: str
    size: int
    pnyx: list[Measure] = field(default_factory=list)
    nginx: list[Measure] = field(default_factory=list)
    note: str = ""
    exact: bool | None = None  # post scenarios: exactly one post per submission

    def median(self, attribute: str, nginx: bool = False) -> float | None:
        values = [getattr(m, attribute) for m in (self.nginx if nginx else self.pnyx)]
        values = [v for v in values if v is not None]
        return statistics.median(values) if values else None


def _log(message: str) -> None:
    print(message, flush=True)


# ---------------------------------------------------------------- measuring


def measure(stack: Stack, target: str, run: Callable[[], WrkResult]) -> tuple[Measure, WrkResult]:
    """Run one wrk load and attribute the CPU time the servers used to it."""
    if target == "nginx":
        app_pids, db_pids, cache_pids = stack.nginx_pids(), [], []
    else:
        app_pids, db_pids, cache_pids = stack.pnyx_pids(), stack.db_pids(), stack.cache_pids()
    before = cpu_of(app_pids), cpu_of(db_pids), cpu_of(cache_pids)
    result = run()
    if target != "nginx":
        db_pids = sorted(set(db_pids) | set(stack.db_pids()))
    after = cpu_of(app_pids), cpu_of(db_pids), cpu_of(cache_pids)
    count = max(1, result.requests)
    app, db, cache = (cpu_delta(b, a) * 1000 / count for b, a in zip(before, after, strict=True))
    engine_has_server = stack.engine == "postgres" and target != "nginx"
    return Measure(
        rps=result.rps,
        p99_ms=result.p99_ms,
        app_ms=app,
        db_ms=db if engine_has_server else None,
        cache_ms=cache if engine_has_server else None,
        requests=result.requests,
        errors=result.errors,
        hits=result.hits,
        ok=result.ok,
    ), result


def read_load(
    base: str, scenario: Scenario, seconds: float, connections: int
) -> Callable[[], WrkResult]:
    env = {
        "BENCH_PATHS": "|".join(scenario.paths),
        "BENCH_EXPECT": "||".join(scenario.expect),
        "BENCH_COOKIE": scenario.cookie,
    }
    threads = 2 if connections >= 2 else 1
    return lambda: run_wrk(
        base + "/",
        "read.lua",
        seconds=seconds,
        connections=connections,
        threads=threads,
        env=env,
    )


def fetch(url: str, cookie: str) -> bytes:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
        data: bytes = response.read()
        return data


def run_read(stack: Stack, scenario: Scenario, options: argparse.Namespace) -> Outcome:
    outcome = Outcome(scenario, stack.engine, stack.size)
    # Warm up: the guest cache fills, the workers' connections open.
    read_load(stack.base, scenario, 1, scenario.connections)()
    static_name = f"{scenario.key}.html"
    if scenario.compare_nginx:
        (stack.www / static_name).write_bytes(
            fetch(stack.base + scenario.paths[0], scenario.cookie)
        )
    nginx_scenario = Scenario(
        key=scenario.key,
        title=scenario.title,
        kind="read",
        paths=[f"/{static_name}"],
        expect=scenario.expect,
    )
    for _ in range(options.repeats):
        outcome.pnyx.append(
            measure(
                stack,
                "pnyx",
                read_load(stack.base, scenario, options.seconds, scenario.connections),
            )[0]
        )
        if scenario.compare_nginx:
            outcome.nginx.append(
                measure(
                    stack,
                    "nginx",
                    read_load(
                        stack.nginx_base, nginx_scenario, options.seconds, scenario.connections
                    ),
                )[0]
            )
    return outcome


def run_post(stack: Stack, scenario: Scenario, options: argparse.Namespace) -> Outcome:
    outcome = Outcome(scenario, stack.engine, stack.size)
    exact = True
    notes: list[str] = []
    for repeat in range(options.repeats):
        prefix = f"b{int(time.time())}r{repeat}{scenario.key.replace('-', '')}"
        env = {
            "BENCH_CLIENTS": "|".join(scenario.clients),
            "BENCH_MODE": scenario.mode,
            "BENCH_RUN": prefix,
            "BENCH_BODY": "A benchmark reply with a few words, posted by bench/run.",
        }
        clients = len(scenario.clients)

        def load(env: dict[str, str] = env, clients: int = clients) -> WrkResult:
            return run_wrk(
                stack.base + "/",
                "post.lua",
                seconds=options.seconds,
                connections=clients,
                threads=clients,
                env=env,
            )

        m, result = measure(stack, "pnyx", load)
        found = stack.probe("posts", prefix)
        # wrk stops after its time: submissions still in flight then were not counted
        # as answered, but the server may have finished them.
        in_flight = found["posts"] - result.ok
        ok = (
            result.errors == 0
            and found["duplicate_keys"] == 0
            and 0 <= in_flight <= clients
            and result.ok > 0
        )
        exact = exact and ok
        notes.append(
            f"{result.ok} answered, {found['posts']} posts"
            + (f" ({in_flight} still in flight at the stop)" if in_flight else "")
        )
        m.rps = result.ok / result.seconds if result.seconds else 0.0
        outcome.pnyx.append(m)
    outcome.exact = exact
    outcome.note = "; ".join(notes)
    return outcome


def run_rss(stack: Stack, scenarios: list[Scenario], total: int) -> dict[str, Any]:
    """Serve ``total`` requests of every read scenario in turn; worker RSS at the start,
    after half and at the end."""
    loads = [s for s in scenarios if s.kind == "read" and not s.unavailable]
    samples: dict[str, list[float]] = {"start": [rss_mib(p) for p in stack.worker_pids()]}
    served = 0
    half_taken = False
    index = 0
    started = time.monotonic()
    while served < total:
        scenario = loads[index % len(loads)]
        index += 1
        result = read_load(stack.base, scenario, 3, 32)()
        if result.errors:
            raise BenchError(f"errors during the memory run ({scenario.key}): {result.errors}")
        served += result.requests
        if not half_taken and served >= total // 2:
            samples["half"] = [rss_mib(p) for p in stack.worker_pids()]
            samples["half_at"] = [float(served)]
            half_taken = True
    samples["end"] = [rss_mib(p) for p in stack.worker_pids()]
    samples["end_pss"] = [pss_mib(p) for p in stack.worker_pids()]
    samples["end_at"] = [float(served)]
    samples["seconds"] = [time.monotonic() - started]
    return samples


# ---------------------------------------------------------------- scenarios


def sign_in(stack: Stack, usernames: list[str]) -> list[Browser]:
    browsers = []
    for username in usernames:
        browser = Browser(stack.base)
        browser.sign_in(username, PASSWORD)
        browsers.append(browser)
    return browsers


def api_tokens(stack: Stack, usernames: list[str]) -> list[str]:
    import re

    tokens = []
    for username in usernames:
        output = run_checked(
            pnyx_argv("token", "create", username, "--name", "bench"),
            stack.env(),
            "pnyx token create",
            stack.logs / "token.log",
        )
        found = re.findall(r"[A-Za-z0-9_\-.]{24,}", output)
        if not found:
            raise BenchError("could not read the token from `pnyx token create`")
        tokens.append(found[-1])
    return tokens


def build_scenarios(stack: Stack, info: dict[str, Any]) -> list[Scenario]:
    pages = info["long_thread"]["pages"]
    members = info["members"]
    browsers = sign_in(stack, [m["username"] for m in members[:8]])
    reader = browsers[0]
    reader_cookie = reader.cookie_header
    signed_in = f'class="account-name">{members[0]["name"]}<'
    n_posts = info["long_thread"]["posts"]
    scenarios = [
        Scenario(
            f"guest-thread-{name}",
            f"Guest thread page, {name} page (page {pages[name]['number']} of the "
            f"{n_posts:,}-post thread)",
            "read",
            [pages[name]["path"]],
            pages[name]["expect"],
        )
        for name in ("first", "middle", "last")
    ]
    scenarios += [
        Scenario(
            f"member-thread-{name}",
            f"Member thread page, {name} page (page {pages[name]['number']})",
            "read",
            [pages[name]["path"]],
            [*pages[name]["expect"], signed_in],
            reader_cookie,
        )
        for name in ("first", "last")
    ]
    scenarios += [
        Scenario(
            "member-forum",
            "Forum page, first page (member)",
            "read",
            [info["forum"]["path"]],
            [*info["forum"]["expect"], signed_in],
            reader_cookie,
        ),
        Scenario(
            "member-forum-deep",
            f"Forum page, last page (page {info['forum']['pages']}, member)",
            "read",
            [info["forum"]["deep_path"]],
            [*info["forum"]["deep_expect"], signed_in],
            reader_cookie,
        ),
        Scenario(
            "guest-whats-new",
            "What's new (guest)",
            "read",
            ["/whats-new/"],
            info["whats_new"]["expect"],
        ),
        Scenario(
            "member-whats-new",
            "What's new (member)",
            "read",
            ["/whats-new/"],
            [*info["whats_new"]["expect"], signed_in],
            reader_cookie,
        ),
        Scenario(
            "member-profile",
            "Member profile (viewed by a member)",
            "read",
            [info["profile"]["path"]],
            [*info["profile"]["expect"], signed_in],
            reader_cookie,
        ),
    ]
    api_read = Scenario(
        "api-thread",
        "API thread read (guest)",
        "read",
        [info["api_thread_path"]],
        [info["long_thread_title_raw"]],
    )
    api_status = _status(stack.base + info["api_thread_path"])
    if api_status != 200:
        api_read.unavailable = (
            f"not available: {info['api_thread_path']} answers {api_status} on this build"
        )
    scenarios.append(api_read)

    form_clients = []
    for browser, target in zip(browsers, info["reply_threads"], strict=False):
        form_clients.append(
            f"{target['path']}\t{browser.cookie_header}\t{browser.cookie('csrftoken')}"
        )
    scenarios += [
        Scenario(
            "reply-form-1",
            "Replies through the page form, 1 client",
            "post",
            clients=form_clients[:1],
        ),
        Scenario(
            "reply-form-8",
            "Replies through the page form, 8 concurrent clients",
            "post",
            clients=form_clients[:8],
        ),
    ]
    api_posts = [
        Scenario("reply-api-1", "Replies through the API, 1 client", "post", mode="api"),
        Scenario(
            "reply-api-8", "Replies through the API, 8 concurrent clients", "post", mode="api"
        ),
    ]
    if api_read.unavailable:
        for scenario in api_posts:
            scenario.unavailable = "not available: no /api/v1 on this build"
    else:
        try:
            tokens = api_tokens(stack, [m["username"] for m in members[:8]])
        except BenchError as error:
            for scenario in api_posts:
                scenario.unavailable = f"not available: {error}"
        else:
            clients = [
                f"{path}\tBearer {token}\t"
                for path, token in zip(info["api_reply_paths"], tokens, strict=False)
            ]
            api_posts[0].clients, api_posts[1].clients = clients[:1], clients[:8]
    scenarios += api_posts
    return scenarios


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


# ---------------------------------------------------------------- the run


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--engines", default="sqlite,postgres", help="sqlite,postgres")
    parser.add_argument("--sizes", default="10000,1000000", help="posts per dataset")
    parser.add_argument("--seconds", type=float, default=5, help="each wrk run (default 5)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per scenario (median)")
    parser.add_argument("--rss-requests", type=int, default=100_000, help="memory run length")
    parser.add_argument("--scenarios", default="", help="only these scenario keys (comma list)")
    parser.add_argument("--quick", action="store_true", help="small and short: checks the harness")
    parser.add_argument(
        "--output", default="", help="markdown report (default docs/performance.md, not --quick)"
    )
    parser.add_argument("--workdir", default=str(REPO / "bench-data"), help="datasets and logs")
    parser.add_argument(
        "--pg-url",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="PostgreSQL server (a role that may create databases)",
    )
    parser.add_argument("--pg-prefix", default="pnyx_bench", help="benchmark database names")
    parser.add_argument("--port-base", type=int, default=8400, help="ports used: base … base+60")
    parser.add_argument("--keep", action="store_true", help="keep the datasets afterwards")
    options = parser.parse_args(argv)
    if options.quick:
        if "--sizes" not in " ".join(argv):
            options.sizes = "2000"
        options.seconds = 1 if "--seconds" not in " ".join(argv) else options.seconds
        options.repeats = 1 if "--repeats" not in " ".join(argv) else options.repeats
        if "--rss-requests" not in " ".join(argv):
            options.rss_requests = 4000
    elif not options.output:
        options.output = str(REPO / "docs" / "performance.md")
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return _run(options, sys.argv[1:] if argv is None else argv)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _run(options: argparse.Namespace, argv: list[str]) -> int:
    require_tools("wrk", "nginx")
    engines = [e.strip() for e in options.engines.split(",") if e.strip()]
    sizes = [int(s) for s in options.sizes.split(",") if s.strip()]
    if "postgres" in engines:
        require_tools("redis-server")
        try:
            with pg_connect(options.pg_url):
                pass
        except Exception as error:
            raise BenchError(
                f"PostgreSQL is not reachable at {options.pg_url} ({error}); pass --pg-url, "
                "or --engines sqlite"
            ) from None
    wanted = {key.strip() for key in options.scenarios.split(",") if key.strip()}
    report = Report(argv=argv, options=vars(options))
    started = time.monotonic()
    workdir = Path(options.workdir)
    for engine in engines:
        for size in sizes:
            stack = Stack(
                engine=engine,
                size=size,
                workdir=workdir,
                port=options.port_base,
                nginx_port=options.port_base + 50,
                redis_port=options.port_base + 60,
                pg_url=options.pg_url,
                pg_prefix=options.pg_prefix,
            )
            _log(f"== {engine}, {size:,} posts")
            load_before = _loadavg()
            stack.seed(_log)
            report.seed_seconds[(engine, size)] = stack.seed_seconds
            try:
                stack.start()
                info = stack.probe("info")
                report.versions.setdefault(engine, _versions(stack))
                scenarios = build_scenarios(stack, info)
                if wanted:
                    scenarios = [s for s in scenarios if s.key in wanted]
                for scenario in [s for s in scenarios if s.kind == "read"]:
                    if scenario.unavailable:
                        report.add(Outcome(scenario, engine, size, note=scenario.unavailable))
                        _log(f"  {scenario.key}: {scenario.unavailable}")
                        continue
                    outcome = run_read(stack, scenario, options)
                    report.add(outcome)
                    _log("  " + report.line(outcome))
                if options.rss_requests and (not wanted or "rss" in wanted):
                    _log(f"  memory: {options.rss_requests:,} requests…")
                    report.rss[(engine, size)] = run_rss(stack, scenarios, options.rss_requests)
                    _log("  " + report.rss_line(engine, size))
                for scenario in [s for s in scenarios if s.kind == "post"]:
                    if scenario.unavailable or not scenario.clients:
                        note = scenario.unavailable or "not available: no clients"
                        report.add(Outcome(scenario, engine, size, note=note))
                        _log(f"  {scenario.key}: {note}")
                        continue
                    outcome = run_post(stack, scenario, options)
                    report.add(outcome)
                    _log("  " + report.line(outcome))
            finally:
                report.loads[(engine, size)] = (load_before, _loadavg())
                stack.stop()
                if not options.keep:
                    stack.drop()
    report.total_seconds = time.monotonic() - started
    text = report.markdown()
    print()
    print(text)
    if options.output:
        write_report(Path(options.output), text)
        _log(f"\nwritten to {options.output}")
    return 0 if report.all_checks_pass() else 1


def _loadavg() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0


def _versions(stack: Stack) -> dict[str, str]:
    import platform
    import subprocess

    def first_line(argv: list[str]) -> str:
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=10, check=False)
        except OSError:
            return "?"
        return (
            (done.stdout or done.stderr).strip().splitlines()[0]
            if (done.stdout or done.stderr)
            else "?"
        )

    versions = {
        "python": platform.python_version(),
        "nginx": first_line(["nginx", "-v"]),
        "wrk": first_line(["wrk", "-v"]),
    }
    if stack.engine == "postgres":
        with pg_connect(stack.pg_url) as conn:
            versions["postgresql"] = str(conn.execute("SHOW server_version").fetchone()[0])
        versions["redis"] = first_line(["redis-server", "--version"])
    else:
        import sqlite3

        versions["sqlite"] = sqlite3.sqlite_version
    return versions
