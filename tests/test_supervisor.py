"""pnyx.supervisor: which exits of a child end `pnyx serve` and which restart the child."""

from __future__ import annotations

import subprocess
import sys
import time

from pnyx.supervisor import Child, Supervisor


def _exited(child: Child, *, lived: float) -> Supervisor:
    child.popen = subprocess.Popen([sys.executable, "-c", "raise SystemExit(1)"])
    child.popen.wait()
    child.started_at = time.monotonic() - lived
    supervisor = Supervisor([child])
    supervisor._watch()
    return supervisor


def test_a_web_server_that_served_a_while_is_restarted_after_a_crash_loop_exit() -> None:
    # Granian exits when one worker dies twice within 5.5 s (two kills by the OOM killer).
    child = Child("web server", ["granian"], restart_after=10.0)
    supervisor = _exited(child, lived=60.0)
    assert supervisor.stopping is False
    assert child.restart_at is not None


def test_a_web_server_that_fails_at_start_ends_the_supervisor() -> None:
    child = Child("web server", ["granian"], restart_after=10.0)
    supervisor = _exited(child, lived=1.0)
    assert supervisor.stopping is True
    assert supervisor.exit_status == 1
    assert child.restart_at is None


def test_a_child_without_restart_ends_the_supervisor_whenever_it_exits() -> None:
    child = Child("other", ["x"])
    assert _exited(child, lived=600.0).stopping is True
