from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest

from pnyx.jobs.worker import run_pending_jobs


@pytest.fixture
def fan_out(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> Callable[[], AbstractContextManager[None]]:
    """``with fan_out(): write…``: the write commits (its events are delivered), then
    every job it enqueued runs, as the worker would."""

    @contextmanager
    def run() -> Iterator[None]:
        with django_capture_on_commit_callbacks(execute=True):
            yield
        run_pending_jobs("test")

    return run
