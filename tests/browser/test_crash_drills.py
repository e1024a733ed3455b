"""Drafts through crashes (SECURITY.md F13 a and c), against a real ``pnyx serve``.

The other draft journeys run against pytest-django's live server inside this process; a
crash drill needs processes that can be killed: Chromium started on its own (so its whole
process can be killed with SIGKILL, as when a browser crashes) and ``pnyx serve`` with
production settings on a SQLite data directory of its own (killed with SIGKILL while an
autosave is in flight, then started again). After each crash the member's last
acknowledged draft must come back exactly, from the server, in a browser with no local
storage left.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, Request, expect

from bench.procs import Process, port_is_free, wait_for_url
from bench.stack import clean_env, pnyx_argv
from pnyx.testing.factories import PASSWORD
from tests.processes import descendants, is_running

from .conftest import CHROMIUM, CHROMIUM_ARGS

PORT = 8390
BASE = f"http://127.0.0.1:{PORT}"
ACKNOWLEDGED = (
    "Draft one. The wire story says the escorts start on Monday; the agency code is "
    "MW-0412. Who pays for the escorts, and what happens to the war-risk premiums? "
) * 14  # a little over 2,000 characters, as in the drill
IN_FLIGHT = " Added while the server went down: a sentence the member typed last."


class Server:
    """``pnyx serve`` on a data directory of its own, restartable after a kill."""

    def __init__(self, data_dir: Path) -> None:
        self.env = clean_env(
            {
                "PNYX_DATA_DIR": str(data_dir),
                "PNYX_SECRET_KEY": "crash-drill-secret-key-0123456789abcdef0123456789",
                "PNYX_ALLOWED_HOSTS": "127.0.0.1",
                "PNYX_LOG_LEVEL": "WARNING",
            }
        )
        self.log = data_dir / "serve.log"
        self.process: Process | None = None

    def manage(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 - our own console script
            pnyx_argv("manage", *args), env=self.env, check=True, timeout=120,
            capture_output=True, text=True,
        )  # fmt: skip
        return done.stdout

    def start(self) -> None:
        if not port_is_free(PORT):
            pytest.fail(f"port {PORT} is in use; the crash drill needs it")
        self.process = Process(
            "pnyx", pnyx_argv("serve", "--port", str(PORT), "--workers", "1"),
            env=self.env, log=self.log,
        )  # fmt: skip
        wait_for_url(f"{BASE}/healthz", 120, self.process.popen)

    def _signal_all(self, signum: int, pids: list[int]) -> None:
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signum)

    def freeze(self) -> None:
        """SIGSTOP the server and every process under it: requests wait, unanswered, in
        their sockets. (``pnyx serve`` supervises granian and a job worker, each in a
        process group of its own, so stopping the server's group alone stops neither.)"""
        assert self.process is not None
        self._signal_all(signal.SIGSTOP, [self.process.pid])  # first: it restarts nothing
        self._signal_all(signal.SIGSTOP, list(descendants(self.process.pid)))

    def kill(self) -> None:
        """SIGKILL the workers and the server around them: no clean shutdown of anything."""
        assert self.process is not None
        under = descendants(self.process.pid)
        assert any("granian" in line for line in under.values()), "no web worker to kill"
        self._signal_all(signal.SIGKILL, list(under))
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.popen.wait(10)
        self.process.stop()
        deadline = time.monotonic() + 10
        while not port_is_free(PORT) and time.monotonic() < deadline:
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop the server; whatever is left under it (frozen, or in a group of its own
        after a failed drill) is killed, so no process keeps the port."""
        if self.process is not None:
            under = list(descendants(self.process.pid))
            self.process.stop()
            self._signal_all(signal.SIGKILL, [pid for pid in under if is_running(pid)])


class Chromium:
    """Debian's Chromium as a process of its own, driven over the DevTools protocol."""

    def __init__(self, playwright: Playwright, profile: Path) -> None:
        self.popen = subprocess.Popen(  # noqa: S603 - the configured Chromium
            [CHROMIUM, *CHROMIUM_ARGS, "--remote-debugging-port=0", f"--user-data-dir={profile}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        assert self.popen.stderr is not None
        endpoint = ""
        deadline = time.monotonic() + 30
        while not endpoint and time.monotonic() < deadline:
            line = self.popen.stderr.readline().decode(errors="replace")
            found = re.search(r"DevTools listening on (ws://\S+)", line)
            endpoint = found.group(1) if found else ""
        assert endpoint, "Chromium did not open its DevTools endpoint"
        self.browser: Browser = playwright.chromium.connect_over_cdp(endpoint)

    def page(self) -> Page:
        context = self.browser.contexts[0] if self.browser.contexts else self.browser.new_context()
        return context.new_page()

    def kill(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(10)


@pytest.fixture
def chromium(playwright: Playwright, tmp_path: Path) -> Iterator[Callable[[], Chromium]]:
    """Starts Chromiums with new profiles; whatever happens, none outlives the test."""
    started: list[Chromium] = []

    def start() -> Chromium:
        started.append(Chromium(playwright, tmp_path / f"profile-{len(started) + 1}"))
        return started[-1]

    try:
        yield start
    finally:
        for browser in started:
            browser.kill()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Server, str]]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    served = Server(tmp_path / "data")
    (tmp_path / "data").mkdir()
    served.manage("migrate", "-v0")
    path = served.manage(
        "shell",
        "-c",
        "from pnyx.testing.factories import make_forum, make_member, make_thread;"
        "make_member(username='ana');"
        "print(make_thread(make_forum(name='Shipping'), title='Red Sea escorts')"
        ".get_absolute_url())",
    )
    served.start()
    try:
        yield served, path.strip().splitlines()[-1]
    finally:
        served.stop()


def _open_thread(page: Page, path: str) -> Any:
    page.goto(f"{BASE}/accounts/login/")
    page.fill("input[name=login]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{BASE}/")
    page.goto(f"{BASE}{path}")
    return page.locator("#reply textarea[name=body]")


def test_the_last_acknowledged_draft_survives_a_browser_kill_and_a_server_kill(
    chromium: Callable[[], Chromium], server: tuple[Server, str]
) -> None:
    served, path = server

    # (a) The browser is killed once the draft was acknowledged.
    first = chromium()
    page = first.page()
    box = _open_thread(page, path)
    box.fill(ACKNOWLEDGED)
    expect(page.locator("#reply .draft-status")).to_contain_text("Draft saved", timeout=15_000)
    first.kill()

    second = chromium()  # a new profile: no local storage
    page = second.page()
    box = _open_thread(page, path)
    expect(box).to_have_value(ACKNOWLEDGED)
    expect(page.locator("#reply .draft-status")).to_contain_text("Your draft was restored")

    # (c) The worker is killed with an autosave in flight: the server is frozen (SIGSTOP)
    # before the save is sent, so the request is certainly waiting on it, unanswered, when
    # everything is killed.
    def is_autosave(request: Request) -> bool:
        return request.method == "POST" and "save_draft" in (request.post_data or "")

    served.freeze()
    with page.expect_request(is_autosave, timeout=15_000):
        box.fill(ACKNOWLEDGED + IN_FLIGHT)  # one input event: no save of half of it
    time.sleep(0.5)  # the request reaches the frozen server's socket
    served.kill()
    expect(page.locator("#reply .draft-status")).to_contain_text("Not saved", timeout=15_000)
    second.kill()

    served.start()
    third = chromium()
    page = third.page()
    box = _open_thread(page, path)
    expect(box).to_have_value(ACKNOWLEDGED)  # the last acknowledged one, exactly
    expect(page.locator("#reply .draft-status")).to_contain_text("Your draft was restored")

    # And killed at once after a save was acknowledged: that save is what comes back.
    box.fill(ACKNOWLEDGED + IN_FLIGHT)
    expect(page.locator("#reply .draft-status")).to_contain_text("Draft saved", timeout=15_000)
    served.kill()
    third.kill()

    served.start()
    page = chromium().page()
    box = _open_thread(page, path)
    expect(box).to_have_value(ACKNOWLEDGED + IN_FLIGHT)
