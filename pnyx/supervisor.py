"""The process supervisor behind ``pnyx serve``: it starts the web server (granian) and the
job worker as child processes, restarts the worker when it dies, and stops both on SIGTERM,
SIGINT or SIGHUP. No Django here: the supervisor holds no database connection.

* Each child gets its own process group, so a Ctrl+C in the terminal reaches only the
  supervisor, which stops the children in order; a child that does not stop within
  ``stop_timeout`` seconds is killed with its whole group.
* On Linux each child is also told to receive SIGTERM when the supervisor dies, so even a
  ``kill -9`` of the supervisor leaves no orphan serving or running jobs.
* A child marked ``restart`` (the job worker) is started again when it exits, after a delay
  that grows while it keeps dying young (1 s, 2 s, 4 s … at most 30 s). A child with
  ``restart_after`` (the web server, which respawns its own workers) is started again the
  same way when it exits after serving that long: granian gives up when one worker dies
  twice within 5.5 s ("crash loop"), and two kills by the OOM killer must not end the
  forum. Exiting sooner (a start-up failure: the port is taken) ends the supervisor with
  its status, as does the exit of any other child.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import FrameType

POLL_SECONDS = 0.2
# A child that ran this long before exiting is restarted after the shortest delay.
HEALTHY_SECONDS = 30.0
MAX_RESTART_DELAY = 30.0
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> Callable[[], None] | None:
    """A pre-exec hook asking Linux to send the child SIGTERM when its parent dies."""
    if not sys.platform.startswith("linux"):
        return None
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return None
    libc = ctypes.CDLL(libc_name, use_errno=True)

    def hook() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)

    return hook


@dataclass
class Child:
    name: str
    argv: Sequence[str]
    restart: bool = False
    # Restart when it exits after running at least this many seconds (see the docstring).
    restart_after: float | None = None
    popen: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    quick_failures: int = 0
    restart_at: float | None = None
    env: dict[str, str] | None = field(default=None, repr=False)

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen else None


def describe_exit(returncode: int) -> str:
    if returncode < 0:
        return f"killed by {signal.Signals(-returncode).name}"
    return f"exit status {returncode}"


class Supervisor:
    def __init__(self, children: Sequence[Child], *, stop_timeout: float = 30.0) -> None:
        self.children = list(children)
        self.stop_timeout = stop_timeout
        self.stopping = False
        self.exit_status = 0
        self._preexec = _die_with_parent()

    def say(self, message: str) -> None:
        print(f"pnyx: {message}", flush=True)

    def run(self) -> int:
        previous = {
            signum: signal.signal(signum, self._on_signal)
            for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
        }
        try:
            for child in self.children:
                self._start(child)
            while not self.stopping:
                self._watch()
                time.sleep(POLL_SECONDS)
            self._stop_all()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        return self.exit_status

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if not self.stopping:
            self.say(f"{signal.Signals(signum).name} received, stopping…")
        self.stopping = True

    def _start(self, child: Child) -> None:
        child.popen = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            list(child.argv),
            env=child.env,
            process_group=0,
            preexec_fn=self._preexec,  # the supervisor has no threads: safe
        )
        child.started_at = time.monotonic()
        child.restart_at = None
        self.say(f"{child.name} started (pid {child.popen.pid})")

    def _watch(self) -> None:
        now = time.monotonic()
        for child in self.children:
            if child.restart_at is not None:
                if now >= child.restart_at:
                    self._start(child)
                continue
            returncode = child.popen.poll() if child.popen is not None else None
            if returncode is None:
                continue
            lived = now - child.started_at
            served = child.restart_after is not None and lived >= child.restart_after
            if not (child.restart or served):
                self.say(f"{child.name} stopped ({describe_exit(returncode)}); stopping")
                self.exit_status = returncode if returncode > 0 else 1
                self.stopping = True
                return
            child.quick_failures = 0 if lived >= HEALTHY_SECONDS else child.quick_failures + 1
            delay = min(2.0 ** max(child.quick_failures - 1, 0), MAX_RESTART_DELAY)
            child.restart_at = now + delay
            self.say(
                f"{child.name} stopped ({describe_exit(returncode)}); restarting in {delay:g} s"
            )

    def _stop_all(self) -> None:
        running = [
            (child, child.popen)
            for child in self.children
            if child.popen is not None and child.popen.poll() is None
        ]
        for _child, popen in running:
            with contextlib.suppress(ProcessLookupError):
                popen.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.stop_timeout
        for child, popen in running:
            try:
                popen.wait(max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                self.say(f"{child.name} did not stop in {self.stop_timeout:g} s; killing it")
            # Anything left in the child's group (its own workers) goes too.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(popen.pid, signal.SIGKILL)
            popen.wait()
        self.say("stopped")
