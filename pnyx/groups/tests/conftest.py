from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _builtin_groups(db: None) -> None:
    """The built-in groups their migration made (a transactional test elsewhere in the same
    process may have flushed the table)."""
    from pnyx.groups.services import ensure_builtin_groups

    ensure_builtin_groups()
