"""The moderation tools, one function per action: each checks its rule first, writes in one
transaction, records the action in the audit log (``pnyx.audit``) and publishes what guests
can see change."""

from __future__ import annotations

from pnyx.moderation.services.reports import report_post, resolve_case
from pnyx.moderation.services.threads import (
    UNSET,
    close_due_threads,
    lock_thread,
    move_thread,
    pin_thread,
    rename_thread,
    set_thread_closing,
    update_thread,
)

__all__ = [
    "UNSET",
    "close_due_threads",
    "lock_thread",
    "move_thread",
    "pin_thread",
    "rename_thread",
    "report_post",
    "resolve_case",
    "set_thread_closing",
    "update_thread",
]
