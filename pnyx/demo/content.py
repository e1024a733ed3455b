"""Text of the Pnyx demo community, loaded by ``pnyx demo`` (``pnyx.demo.builder``).

The text lives in TOML files beside this module (``data/``), so it can be edited without
touching Python: members, categories and forums, threads, and the news thread. Everything
there is original writing for the demo: the members, reporters, officials and news agency
are invented, and the events are fictional or generic. Bodies are Markdown. Times are
relative to the moment the demo is built.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files
from typing import Any


def _load(name: str) -> dict[str, Any]:
    with (files("pnyx.demo") / "data" / name).open("rb") as handle:
        return tomllib.load(handle)


MEMBERS: list[dict[str, Any]] = _load("members.toml")["members"]
CATEGORIES: list[dict[str, Any]] = _load("forums.toml")["categories"]
THREADS: list[dict[str, Any]] = _load("threads.toml")["threads"]
NEWS_THREAD: dict[str, Any] = _load("news.toml")["threads"][0]
