"""docs/internals.md lists every place that relies on Django's internals: re-check it at an
upgrade. This fails when Django leaves 5.2 (read the list, re-run what it names, then move
the version here) and when a file the list names is gone (update the list)."""

from __future__ import annotations

import re
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
INTERNALS = ROOT / "docs" / "internals.md"


def test_django_is_the_version_docs_internals_was_checked_against() -> None:
    assert django.VERSION[:2] == (5, 2), (
        f"Django {django.get_version()}: re-check every entry of docs/internals.md, then "
        "update the version in this test"
    )


def test_every_file_docs_internals_names_exists() -> None:
    named = set(re.findall(r"`((?:pnyx|tests|bench)/[\w/.-]+)`", INTERNALS.read_text()))
    assert len(named) >= 10
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert missing == []
